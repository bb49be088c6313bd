import { parseAddress } from '../model/network';
import { recogniseBuiltIns, type BuiltInMatch } from './builtIns';
import type { ExportDocument, ExportedAdapter, ExportedReceiveConnector } from './document';
import {
  fromValue,
  jsonArray,
  jsonObject,
  scalar,
  type JsonItem,
  type JsonMember,
} from './jsoncWriter';

/**
 * The organization and the servers of an import: the accepted domains (the
 * Edges', which the Edge script creates there), the organization's name (not
 * in the export: guessed, and said so), each Edge with its adapters (which one
 * faces the internet from the bindings of the internet-facing receive
 * connector, or a stated guess) and certificate, the Mailbox servers with their
 * addresses.
 */

export function byName<T>(items: readonly T[], name: (item: T) => string): T[] {
  return [...items].sort((a, b) => {
    const x = name(a).toLowerCase();
    const y = name(b).toLowerCase();
    return x < y ? -1 : x > y ? 1 : 0;
  });
}

/** A name in a comment: in double quotes, backslashes as written (commentText escapes line breaks). */
export function quoted(text: string): string {
  return `"${text}"`;
}

/** Adds the kept values of a connector to it as trailing comments, and records their findings. */
function isPublic(address: string): boolean {
  const parsed = parseAddress(address);
  if (!parsed) return false;
  if (parsed.family === 6)
    return !/^f[cd]/i.test(parsed.canonical) && !/^fe80/i.test(parsed.canonical);
  const v = Number(parsed.value);
  const in4 = (base: number, bits: number): boolean => v >>> (32 - bits) === base >>> (32 - bits);
  return !(
    in4(0x0a000000, 8) ||
    in4(0xac100000, 12) ||
    in4(0xc0a80000, 16) ||
    in4(0x64400000, 10) ||
    in4(0xa9fe0000, 16)
  );
}

/** The addresses the internet-facing receive connector binds to, canonical, wildcards left out. */
function internetBindings(
  connectors: readonly ExportedReceiveConnector[],
  builtIns: Map<ExportedReceiveConnector, BuiltInMatch>,
): { addresses: Set<string>; connector?: ExportedReceiveConnector } {
  const builtIn = [...builtIns.keys()][0];
  const anonymous = connectors.filter((c) =>
    String(c.properties['PermissionGroups'] ?? '')
      .toLowerCase()
      .includes('anonymoususers'),
  );
  for (const connector of builtIn ? [builtIn, ...anonymous] : anonymous) {
    const addresses = new Set<string>();
    const bindings = connector.properties['Bindings'];
    for (const binding of typeof bindings === 'string' ? [bindings] : (bindings ?? [])) {
      const match = /^\[?(.+?)\]?:\d+$/.exec(binding.trim());
      const address = match ? parseAddress(match[1] ?? '') : undefined;
      if (address && address.value !== 0n) addresses.add(address.canonical);
    }
    if (addresses.size > 0) return { addresses, connector };
  }
  return { addresses: new Set() };
}

function adapterItems(
  adapters: readonly ExportedAdapter[],
  connectors: readonly ExportedReceiveConnector[],
  builtIns: Map<ExportedReceiveConnector, BuiltInMatch>,
): JsonItem[] {
  const { addresses, connector } = internetBindings(connectors, builtIns);
  const holds = (adapter: ExportedAdapter): boolean =>
    adapter.ipAddresses.some((ip) => addresses.has(parseAddress(ip)?.canonical ?? ip));
  let internet: ExportedAdapter | undefined = adapters.find(holds);
  let reason: string;
  if (internet && connector) {
    reason = `Faces the internet: the internet-facing receive connector ${quoted(connector.name)} is bound to it.`;
  } else {
    const publicOnes = adapters.filter((a) => a.ipAddresses.some(isPublic));
    internet = publicOnes.length === 1 ? publicOnes[0] : adapters[0];
    reason =
      publicOnes.length === 1
        ? 'Faces the internet: a guess (no receive connector is bound to one of its addresses; it holds the only public address).'
        : 'Faces the internet: a guess (no receive connector is bound to one of its addresses, and the addresses do not tell): check it.';
  }
  return adapters.map((adapter) => ({
    comments: adapter === internet ? [reason] : [],
    value: jsonObject([
      { key: 'name', value: scalar(adapter.name) },
      { key: 'network', value: scalar(adapter === internet ? 'internet' : 'internal') },
      { key: 'ipAddresses', value: fromValue(adapter.ipAddresses) },
    ]),
  }));
}

function certificateOf(document: ExportDocument): JsonMember | undefined {
  const smtp = document.certificates;
  const thirdParty = smtp.filter((c) => !c.isSelfSigned);
  const chosen = thirdParty[0];
  if (chosen) {
    return {
      key: 'certificate',
      comments: [
        `Certificate ${chosen.thumbprint} (${chosen.subject}), enabled for ${chosen.services}.`,
      ],
      value: jsonObject([
        { key: 'type', value: scalar('thirdParty') },
        { key: 'thumbprint', value: scalar(chosen.thumbprint) },
        { key: 'subject', value: scalar(chosen.subject) },
      ]),
    };
  }
  const selfSigned = smtp[0];
  if (!selfSigned) return undefined;
  return {
    key: 'certificate',
    comments: [
      `Exchange's self-signed certificate ${selfSigned.thumbprint} (${selfSigned.subject}).`,
    ],
    value: jsonObject([{ key: 'type', value: scalar('selfSigned') }]),
  };
}

export function organizationMember(
  edges: readonly ExportDocument[],
  organization: ExportDocument | undefined,
): JsonMember {
  // The Edges' accepted domains are the ones the topology declares (the Edge script creates
  // them there); the organization's are the fallback when no Edge was exported.
  const sources = edges.length > 0 ? edges : organization ? [organization] : [];
  const domains = new Map<string, ExportDocument['acceptedDomains'][number]>();
  for (const document of sources) {
    for (const domain of document.acceptedDomains) {
      const key = domain.domainName.trim().toLowerCase();
      if (!domains.has(key)) domains.set(key, domain);
    }
  }
  const all = [
    ...(organization?.acceptedDomains ?? []),
    ...sources.flatMap((d) => d.acceptedDomains),
  ];
  const defaultDomain = all.find((d) => d.default) ?? all[0];
  const guessed = defaultDomain?.domainName.trim().replace(/^\*\./, '').split('.')[0] ?? '';
  const name = guessed === '' ? 'Organization' : guessed.charAt(0).toUpperCase() + guessed.slice(1);
  const items: JsonItem[] = [...domains.values()].map((domain) => {
    const simple =
      domain.domainType.trim().toLowerCase() === 'authoritative' &&
      domain.name.trim().toLowerCase() === domain.domainName.trim().toLowerCase();
    return {
      value: simple
        ? scalar(domain.domainName.trim())
        : jsonObject([
            { key: 'domainName', value: scalar(domain.domainName.trim()) },
            { key: 'domainType', value: scalar(domain.domainType.trim()) },
            { key: 'name', value: scalar(domain.name) },
          ]),
    };
  });
  return {
    key: 'organization',
    value: jsonObject([
      {
        key: 'name',
        comments: [
          defaultDomain
            ? `The export holds no organization name: guessed from the accepted domain ${defaultDomain.domainName}.`
            : 'The export holds no organization name and no accepted domain: name it.',
        ],
        value: scalar(name),
      },
      {
        key: 'acceptedDomains',
        comments: [
          edges.length > 0
            ? `As on ${edges.map((e) => e.server.name).join(', ')}.`
            : `The organization's, from ${organization?.server.name ?? ''}: no Edge was exported.`,
        ],
        value: jsonArray(items),
      },
    ]),
  };
}

export function serverList(
  edges: readonly ExportDocument[],
  organization: ExportDocument | undefined,
  mailboxDocuments: readonly ExportDocument[],
) {
  const items: JsonItem[] = [];
  for (const edge of edges) {
    const own = edge.receiveConnectors.filter(
      (c) => c.server.trim().toLowerCase() === edge.server.name.trim().toLowerCase(),
    );
    const builtIns = recogniseBuiltIns(own, edge.server.name, 'Edge');
    const members: JsonMember[] = [
      { key: 'name', value: scalar(edge.server.name) },
      { key: 'role', value: scalar('Edge') },
      { key: 'fqdn', value: scalar(edge.server.fqdn) },
      { key: 'adapters', value: jsonArray(adapterItems(edge.networkAdapters, own, builtIns)) },
    ];
    const certificate = certificateOf(edge);
    if (certificate) members.push(certificate);
    items.push({
      comments: [
        `From ${edge.server.name}'s export: ${edge.server.fqdn}, ${edge.server.exchangeVersion}.`,
      ],
      value: jsonObject(members),
    });
  }
  const mailboxes = new Map<
    string,
    { name: string; fqdn: string; ipAddresses: string[]; from: string }
  >();
  for (const document of mailboxDocuments) {
    const key = document.server.name.trim().toLowerCase();
    mailboxes.set(key, {
      name: document.server.name,
      fqdn: document.server.fqdn,
      ipAddresses: document.networkAdapters.flatMap((a) => a.ipAddresses),
      from: `From ${document.server.name}'s export (its own adapters).`,
    });
  }
  for (const mailbox of organization?.mailboxServers ?? []) {
    const key = mailbox.name.trim().toLowerCase();
    if (mailboxes.has(key)) continue;
    mailboxes.set(key, {
      name: mailbox.name,
      fqdn: mailbox.fqdn,
      ipAddresses: [...mailbox.ipAddresses],
      from: `From ${organization?.server.name ?? ''}'s export: its FQDN resolves to these addresses there.`,
    });
  }
  for (const mailbox of byName([...mailboxes.values()], (m) => m.name)) {
    items.push({
      comments: [mailbox.from],
      value: jsonObject([
        { key: 'name', value: scalar(mailbox.name) },
        { key: 'role', value: scalar('Mailbox') },
        { key: 'fqdn', value: scalar(mailbox.fqdn) },
        { key: 'ipAddresses', value: fromValue(mailbox.ipAddresses) },
      ]),
    });
  }
  return jsonArray(items);
}
