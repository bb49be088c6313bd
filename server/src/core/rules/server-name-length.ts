import type { Rule } from './rule';

/**
 * The longest NetBIOS computer name: "Maximum name length: 15 characters" (the
 * 16th byte of a NetBIOS name is reserved for the service suffix), in
 * Microsoft's "Naming conventions in Active Directory for computers, domains,
 * sites, and OUs" (learn.microsoft.com/troubleshoot/windows-server/
 * active-directory/naming-conventions-for-computer-domain-site-ou). Windows
 * keeps the first 15 of a longer host name as the NetBIOS name:
 * SetComputerNameEx (ComputerNamePhysicalDnsHostname) "the NetBIOS name is
 * truncated to MAX_COMPUTERNAME_LENGTH characters", and COMPUTER_NAME_FORMAT
 * gives "corporate-mail-server" → "corporate-mail-".
 */
const NETBIOS_MAX = 15;

/**
 * "NetBIOS computer names can't contain the following characters", same page.
 * Its other advice (no period, not only digits for domain members) is a
 * recommendation or depends on the domain, so it is not reported.
 */
const DISALLOWED = ['\\', '/', ':', '*', '?', '"', '<', '>', '|'];

export const serverNameLength: Rule = {
  code: 'server-name-length',
  severity: 'error',
  summary:
    "A server's `name` is longer than 15 characters or holds a character that no Windows computer (NetBIOS) name can.",
  description: [
    "A server's `name` is its Windows computer name, the NetBIOS name that `$env:COMPUTERNAME` returns and",
    'that the generated Edge script compares with before it changes anything. A NetBIOS computer name has at',
    'most 15 characters: Windows keeps the first 15 of a longer host name (`EDGE-CONTOSO-001` is',
    '`EDGE-CONTOSO-00`), so no server can have the name as written, and the script would refuse to run on the',
    'right one. Nor can the name contain `\\ / : * ? " < > |`.',
    '',
    'Write the computer name as Windows shows it (`hostname`, or `$env:COMPUTERNAME`); the full DNS name goes',
    'in `fqdn`. There is no quick fix: only the server knows its name.',
  ].join('\n'),
  bad: '{ "name": "EDGE-CONTOSO-001", "role": "Edge", "fqdn": "edge-contoso-001.contoso.net", … }',
  good: '{ "name": "EDGE-CONTOSO-00", "role": "Edge", "fqdn": "edge-contoso-001.contoso.net", … }',
  sources:
    'https://learn.microsoft.com/troubleshoot/windows-server/active-directory/naming-conventions-for-computer-domain-site-ou (NetBIOS computer names: 15 characters, disallowed characters); https://learn.microsoft.com/windows/win32/api/sysinfoapi/nf-sysinfoapi-setcomputernameexa (a longer name truncated to 15 for NetBIOS); the Edge script guard ($env:COMPUTERNAME).',
  check(context) {
    for (const server of context.topology.servers) {
      const name = server.name;
      if (!name) continue;
      // Characters, not UTF-16 code units, as Windows counts a name.
      const characters = [...name.value];
      const bad = DISALLOWED.filter((c) => name.value.includes(c));
      if (bad.length > 0) {
        context.report({
          target: name.node,
          message: `The server name '${name.value}' contains ${bad.map((c) => `'${c}'`).join(', ')}, which no Windows computer (NetBIOS) name can contain: write the computer name as Windows shows it (hostname).`,
        });
        continue;
      }
      if (characters.length <= NETBIOS_MAX) continue;
      const windows = characters.slice(0, NETBIOS_MAX).join('');
      const consequence =
        server.role?.value === 'Edge'
          ? "so the generated Edge script's check of $env:COMPUTERNAME would refuse to run on this server."
          : 'so the generated scripts would name a server that cannot exist.';
      const fqdn = name.value.includes('.')
        ? ' It looks like a DNS name: the full name goes in fqdn, and name is the computer name alone.'
        : '';
      context.report({
        target: name.node,
        message: `The server name '${name.value}' has ${characters.length} characters, but a Windows computer (NetBIOS) name has at most ${NETBIOS_MAX}: Windows keeps the first ${NETBIOS_MAX}, '${windows}', ${consequence} Write the computer name as Windows shows it (hostname).${fqdn}`,
      });
    }
  },
};
