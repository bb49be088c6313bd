import { isIpLiteral } from '../model/sendConnectorFacts';
import {
  type EdgeEntry,
  type GenerationContext,
  builtInReceiveName,
  connectorName,
} from './context';
import { STOP } from './exchangeCall';
import { quote, quoteList } from './powershell';
import type { ScriptWriter } from './scriptWriter';

/**
 * Checks of the Edge verification beyond the declared objects: connectors on
 * the Edge that the topology does not declare, and whether the Edge's SMTP
 * certificate names each host name the Mailbox servers connect to it by.
 */

/** Live names in a hint: quoted for PowerShell as the generators quote, by the script itself. */
const QUOTE_LIVE = `-replace "['\\u2018\\u2019\\u201A\\u201B]", '$0$0'`;

/**
 * Every send and receive connector on the Edge that the topology does not
 * declare is a FAIL: an Edge carries only its design's connectors, and a
 * renamed connector leaves the old one behind. The line says how to remove it.
 */
export function writeUndeclaredConnectors(
  w: ScriptWriter,
  context: GenerationContext,
  edge: EdgeEntry,
): void {
  const send = context.sendConnectorsOn(edge).map(connectorName);
  const declared = context.receiveConnectorsOn(edge.server);
  // Without a declared "default": true connector the built-in one is left as it is, on purpose.
  const receive = declared.some((c) => c.isDefault)
    ? declared.map(connectorName)
    : [...declared.map(connectorName), builtInReceiveName(edge.name)];
  w.comment(
    'Connectors on this server that the topology does not declare (a renamed connector leaves its old name behind).',
  );
  w.line(`$declaredConnectors = ${quoteList(send)}`);
  writeUndeclared(w, {
    find: `Get-SendConnector ${STOP} | Where-Object { $declaredConnectors -notcontains [string]$_.Name }`,
    kind: 'Send',
    identity: '$connector.Name',
    failure: 'is not in the topology',
    expected: 'only the send connectors of the topology',
    pass: 'No send connector outside the topology',
  });
  w.line(`$declaredConnectors = ${quoteList(receive)}`);
  writeUndeclared(w, {
    find: `Get-ReceiveConnector -Server ${quote(edge.name)} ${STOP} | Where-Object { $declaredConnectors -notcontains [string]$_.Name }`,
    kind: 'Receive',
    identity: '$connector.Identity',
    failure: 'is not in the topology',
    expected: 'only the receive connectors of the topology',
    pass: 'No receive connector outside the topology',
  });
  w.line();
}

/**
 * One FAIL per connector `find` returns, with the command that removes it,
 * or one PASS when it returns none. All but `identity` are fixed texts.
 */
function writeUndeclared(
  w: ScriptWriter,
  check: {
    readonly find: string;
    readonly kind: 'Send' | 'Receive';
    readonly identity: string;
    readonly failure: string;
    readonly expected: string;
    readonly pass: string;
  },
): void {
  w.line(`$undeclared = @(${check.find})`);
  w.block('foreach ($connector in $undeclared)', () =>
    w.line(
      `Add-EdgeFlowResult -Name ('${check.kind} connector "' + $connector.Name + '" ${check.failure}') -Status 'FAIL' -Expected '${check.expected}' -Actual ('present; if it is not needed, remove it: Remove-${check.kind}Connector -Identity ''' + ([string]${check.identity} ${QUOTE_LIVE}) + '''')`,
    ),
  );
  w.block('if ($undeclared.Count -eq 0)', () =>
    w.line(
      `Add-EdgeFlowResult -Name '${check.pass}' -Status 'PASS' -Expected 'none' -Actual 'none'`,
    ),
  );
}

/** The host names organization send connectors reach this Edge by (IP literals name no certificate). */
export function namesPeersConnectTo(context: GenerationContext, edge: EdgeEntry): string[] {
  const names = new Map<string, string>();
  for (const connector of context.organizationSendConnectors()) {
    for (const host of connector.smartHosts) {
      if (isIpLiteral(host.value)) continue;
      if (context.index.serverForHost(host.value) !== edge.server) continue;
      const key = host.value.toLowerCase();
      if (!names.has(key)) names.set(key, host.value);
    }
  }
  return [...names.values()];
}

/** One check per name: the certificate found for SMTP (`$certificates`) must name it. */
export function writeCertificateNames(
  w: ScriptWriter,
  label: string,
  names: readonly string[],
): void {
  for (const host of names) {
    w.line(
      `Test-EdgeFlowCertificateName -Name ${quote(`${label} names ${host}, the name the Mailbox servers connect to`)} -HostName ${quote(host)} -Certificates $certificates`,
    );
  }
}

/**
 * Organization send connectors that the topology does not declare but that
 * send to one of its Edges: a renamed connector leaves the old one behind,
 * still carrying mail to the Edge with its old settings. Other organization
 * connectors (to partners, to other systems) are the organization's own and
 * are not reported. A smart host counts as an Edge's when it is the Edge's
 * name, FQDN, an adapter's DNS name or one of its addresses (Exchange may
 * print an address smart host in brackets).
 */
export function writeUndeclaredEdgeRoutes(w: ScriptWriter, context: GenerationContext): void {
  const hosts = new Set<string>();
  for (const edge of context.index.edges) {
    for (const name of [edge.name?.value, edge.fqdn?.value]) if (name) hosts.add(name);
    for (const adapter of edge.adapters) for (const dns of adapter.dnsNames) hosts.add(dns.value);
    for (const address of context.index.addressesOf(edge)) hosts.add(address.canonical);
    for (const adapter of edge.adapters) for (const ip of adapter.ipAddresses) hosts.add(ip.value);
  }
  if (hosts.size === 0) return;
  const declared = context.organizationSendConnectors().map(connectorName);
  w.comment(
    'Organization send connectors that send to an Edge of the topology without being in it (a',
    'renamed connector leaves its old name behind, still sending to the Edge).',
  );
  w.line(`$declaredConnectors = ${quoteList(declared)}`);
  w.line(
    `$edgeHosts = ${quoteList([...hosts].map((h) => h.trim().replace(/\.$/, '').toLowerCase()))}`,
  );
  writeUndeclared(w, {
    find: `Get-SendConnector ${STOP} | Where-Object { $declaredConnectors -notcontains [string]$_.Name -and @($_.SmartHosts | Where-Object { $edgeHosts -contains ([string]$_).Trim('[', ']').TrimEnd('.').ToLowerInvariant() }).Count -gt 0 }`,
    kind: 'Send',
    identity: '$connector.Name',
    failure: 'sends to an Edge and is not in the topology',
    expected: 'only the send connectors of the topology send to its Edges',
    pass: 'No send connector outside the topology sends to an Edge',
  });
  w.line();
}

/**
 * The Mailbox servers an Edge connects to over required TLS, and the names it
 * connects by. Research SC-06 (send-connectors.md, smart host authentication):
 * BasicAuthRequireTLS needs a certificate with the smart host's exact FQDN on
 * the server it logs on to; the rule smarthost-name-for-tls rests on the same
 * fact. requireTLS is taken to need the same (an assumption of EdgeFlow's).
 */
function tlsNamesOfMailboxServers(context: GenerationContext): Map<string, Set<string>> {
  const byServer = new Map<string, Set<string>>();
  for (const edge of context.edges) {
    for (const connector of context.sendConnectorsOn(edge)) {
      const requiresTls =
        connector.smartHostAuthMechanism?.value === 'BasicAuthRequireTLS' ||
        connector.view.boolean('requireTLS')?.value === true;
      if (!requiresTls || connector.view.boolean('enabled')?.value === false) continue;
      for (const host of connector.smartHosts) {
        const target = context.index.serverForHost(host.value);
        const name = target?.name?.value;
        if (isIpLiteral(host.value) || !target || !name || !context.index.isMailbox(target))
          continue;
        const names = byServer.get(name) ?? new Set<string>();
        names.add(host.value.trim());
        byServer.set(name, names);
      }
    }
  }
  return byServer;
}

/** Whether the Mailbox verification checks certificate names (and needs their function). */
export function checksMailboxCertificates(context: GenerationContext): boolean {
  return tlsNamesOfMailboxServers(context).size > 0;
}

/** One check per Mailbox server and name the Edge connects to it by over required TLS. */
export function writeMailboxCertificateNames(w: ScriptWriter, context: GenerationContext): void {
  const byServer = tlsNamesOfMailboxServers(context);
  if (byServer.size === 0) return;
  w.comment(
    'The SMTP certificate of each Mailbox server an Edge logs on to over required TLS must name',
    'the host name the Edge connects to (send-connectors.md, smart host authentication).',
  );
  for (const [server, names] of byServer) {
    w.line(
      `$certificates = @(Get-ExchangeCertificate -Server ${quote(server)} ${STOP} | Where-Object { ([string]$_.Services) -match '\\bSMTP\\b' })`,
    );
    for (const host of names)
      w.line(
        `Test-EdgeFlowCertificateName -Name ${quote(`SMTP certificate of ${server} names ${host}, the name the Edge connects to`)} -HostName ${quote(host)} -Certificates $certificates`,
      );
  }
  w.line();
}
