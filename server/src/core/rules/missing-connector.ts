import type { Fix, TextEdit } from '../findings';
import { appendToArray, applyEdits, fix, replaceNode, setProperty } from '../fix/edits';
import { changeBetween } from '../fix/changeBetween';
import { isWildcardConnector, misnamedConnectorsOf } from '../model/misnamedConnectors';
import {
  hasMalformedAddress,
  localAddresses,
  networkOfBinding,
} from '../model/receiveConnectorFacts';
import {
  internetReceiveConnector,
  internetSendConnector,
  mailboxIPs,
  organizationReceiveConnector,
  organizationSendConnector,
  toEdgeConnector,
  type Insertion,
} from '../model/designConnectors';
import { isOrganizationBound } from '../model/mailPath';
import { rangeContainsAddress } from '../model/network';
import type { ReceiveConnector, SendConnector, Server } from '../model/topology';
import type { TopologyIndex } from '../model/topologyIndex';
import type { Rule, RuleContext } from './rule';

const RECOGNISED =
  'Connectors are recognised by their structure, never by their names: on each Edge, a send connector with address space `*` (the internet), one with `--` or accepted domains routing through smart hosts (the organization), a receive connector bound to the `internet` adapter or the `default` one, and one bound to the `internal` adapter (or a wildcard) whose remote IP ranges hold Mailbox addresses; in the organization, a send connector (no `server`) whose smart hosts name the Edge.';

export const missingConnector: Rule = {
  code: 'missing-connector',
  severity: 'error',
  alsoReports: ['warning'],
  summary:
    'An Edge lacks one of the four connectors of the design, or no organization send connector sends to it.',
  description: [
    'Without EdgeSync nothing creates the connectors: each Edge needs a send connector to the internet (Step 1),',
    'a send connector to the organization (Step 2), the default receive connector rebound to the internet',
    'adapter (Step 3), a receive connector for the Mailbox servers (Step 4), and the organization needs a send',
    'connector whose smart hosts name that Edge (Step 5). Without one of them, mail stops in one direction.',
    'The finding is on the Edge server; its quick fix inserts the connector with values taken from the topology',
    '(adapter addresses, Mailbox FQDNs and addresses, the credential of the right scope) and offers nothing when',
    'a needed fact (an adapter, a Mailbox server, an accepted domain) is missing.',
    '',
    RECOGNISED,
    '',
    'Not flagged: a topology without any Edge server (it is not this design); an Edge whose organization send',
    'connector names smart hosts that are not declared Mailbox servers (`smarthost-target` warns instead). A',
    'receive connector bound to the internal adapter whose remote ranges are a catch-all receives the Mailbox',
    'servers, so it is only a warning: restrict its ranges to the Mailbox servers (Step 4). A missing receive',
    'connector while the Edge or a Mailbox server has a malformed address (`ip-address-syntax` reports it).',
  ].join('\n'),
  bad: '"sendConnectors": [\n  { "name": "To Internet", "server": "EDGE01", "addressSpaces": ["*"], "dnsRoutingEnabled": true },\n  // no send connector from EDGE01 to the organization\n  { "name": "To Edge", "addressSpaces": ["*"], "smartHosts": ["edge01.contoso.net"], ... }\n]',
  good: '"sendConnectors": [\n  { "name": "To Internet", "server": "EDGE01", "addressSpaces": ["*"], "dnsRoutingEnabled": true },\n  { "name": "To Internal Org", "server": "EDGE01", "usage": "Internal", "addressSpaces": ["--"], "dnsRoutingEnabled": false,\n    "smartHosts": ["mbxserver01.contoso.com"], "smartHostAuthMechanism": "BasicAuthRequireTLS", "authenticationCredential": "EdgeToOrg" },\n  { "name": "To Edge", "addressSpaces": ["*"], "smartHosts": ["edge01.contoso.net"], ... }\n]',
  sources:
    'SPEC §1 and the scenario table (Steps 1–5); SC-03, SC-04; §3.1 (the Edge has no send connector by default); §9 items 3 and 24.',
  check(context) {
    const { index } = context;
    const targeted = new Set<Server>();
    // A smart host that names no declared server may be a misspelt Edge name: say so.
    let unknown = '';
    for (const c of index.organizationSendConnectors()) {
      if (index.classifySend(c) === 'organization-to-edge')
        for (const edge of index.edgesTargetedBy(c)) targeted.add(edge);
      const host = c.smartHosts.find((h) => !index.serverForHost(h.value));
      if (host && !unknown) {
        unknown = ` ('${c.name?.value ?? 'An organization connector'}' sends to '${host.value}', which is no declared server: if that is the Edge, correct the smart host or list the name in the dnsNames of its internal adapter.)`;
      }
    }
    // Once for all Edges: asked per Edge, it parsed every Mailbox address once per Edge
    // (200 Edges × 1,000 Mailbox servers on the benchmark's L, 5 % of its analysis).
    const mailboxAddressMalformed = index.mailboxes.some((m) => hasMalformedAddress(m));
    for (const edge of index.edges) {
      const name = edge.name;
      // A second server of the same name is duplicate-name's business.
      if (!name || index.server(name.value) !== edge) continue;
      const e = name.value;
      // Connectors whose `server` misspells this Edge count as its own: unknown-reference
      // corrects the name, and "fix all" must not add a second connector beside them.
      const misnamed = misnamedConnectorsOf(index, edge);
      const send = [...index.sendConnectorsOn(edge), ...misnamed.send];
      const receive = [...index.receiveConnectorsOn(edge), ...misnamed.receive];
      const report = (message: string, fixes: () => Fix[]) =>
        context.report({ target: name.node, message, fixes });
      const isInternet = (c: SendConnector) =>
        index.classifySend(c) === 'edge-internet' ||
        (misnamed.send.includes(c) && isWildcardConnector(c) && !sendsToMailbox(index, c));
      const isOrganization = (c: SendConnector) =>
        index.classifySend(c) === 'edge-organization' ||
        isOrganizationBound(index, c) ||
        (misnamed.send.includes(c) && sendsToMailbox(index, c));
      if (!send.some(isInternet)) {
        report(
          `${e} has no send connector to the internet (address space *): outbound mail cannot leave. Add one (Step 1: New-SendConnector -Usage Internet -AddressSpaces * -DNSRoutingEnabled $true).`,
          () => insert(context, internetSendConnector(index, edge, e), e),
        );
      }
      if (!send.some(isOrganization)) {
        report(
          `${e} has no send connector to the organization (address space --, smart hosts = the Mailbox servers): inbound internet mail stops on the Edge. Add one (Step 2: New-SendConnector -Usage Internal -AddressSpaces "--" -DNSRoutingEnabled $false -SmartHosts <Mailbox FQDNs> -SmartHostAuthMechanism BasicAuthRequireTLS).`,
          () => insert(context, organizationSendConnector(index, edge, e), e),
        );
      }
      const facing = (c: ReceiveConnector) =>
        misnamed.receive.includes(c) ? receiveSideOn(index, edge, c) : index.classifyReceive(c);
      // Which adapter a receive connector faces, and whether its ranges hold the
      // Mailbox servers, is read from the declared addresses: while one is
      // malformed (ip-address-syntax), a missing receive connector would repeat it.
      const addressesKnown = !hasMalformedAddress(edge) && !mailboxAddressMalformed;
      if (addressesKnown && !receive.some((c) => facing(c) === 'internet-facing')) {
        report(
          `${e} has no internet-facing receive connector (the default receive connector, or one bound to the internet adapter): the internet cannot deliver to it. Rebind the default receive connector to the internet adapter (Step 3: Set-ReceiveConnector -Bindings <external IP>:25).`,
          () => insert(context, internetReceiveConnector(index, edge, e), e),
        );
      }
      if (addressesKnown && !receive.some((c) => facing(c) === 'organization-facing'))
        reportOrganizationReceive(context, edge, e);
      const misspelt = misnamed.smartHosts[0];
      if (!targeted.has(edge) && misspelt) {
        // The connector exists, its smart host is misspelt: correct it rather than add another.
        report(
          `No organization send connector sends to ${e}: '${misspelt.connector.name?.value ?? 'An organization connector'}' sends to '${misspelt.host.value}', which is no declared server. If that is ${e}, write ${misspelt.meant}.`,
          () => [
            fix(
              `Change the smart host '${misspelt.host.value}' to '${misspelt.meant}'`,
              replaceNode(misspelt.host.node, misspelt.meant),
              true,
            ),
          ],
        );
      } else if (!targeted.has(edge)) {
        report(
          `No organization send connector sends to ${e} (a connector without "server" whose smart hosts name ${e}): outgoing mail never reaches the Edge. Add one on the Mailbox side (Step 5: New-SendConnector -Usage Internal -AddressSpaces * -DNSRoutingEnabled $false -SmartHosts ${edge.fqdn?.value ?? e} -SourceTransportServers <Mailbox servers> -SmartHostAuthMechanism BasicAuthRequireTLS).${unknown}`,
          () => insert(context, toEdgeConnector(index, edge, e), e),
        );
      }
    }
  },
};

function reportOrganizationReceive(context: RuleContext, edge: Server, e: string): void {
  const { index } = context;
  const mailboxAddresses = index.mailboxes.flatMap((m) => index.addressesOf(m));
  // Bound to the internal adapter but open to every address: it does receive the Mailbox servers.
  const open = index
    .receiveConnectorsOn(edge)
    .find(
      (c) =>
        index.classifyReceive(c) === 'other' &&
        index.boundNetworks(edge, c).has('internal') &&
        mailboxAddresses.some((a) =>
          index.rangeEntriesOf(c).some((e) => rangeContainsAddress(e.range, a)),
        ),
    );
  if (open) {
    const ranges = mailboxIPs(index);
    context.report({
      target: edge.name?.node ?? edge.view.node,
      severity: 'warning',
      message: `${e} has no receive connector restricted to the Mailbox servers: '${open.name?.value ?? 'the internal connector'}' is bound to the internal adapter but accepts every remote address. Restrict its remoteIPRanges to the Mailbox servers (Step 4: -RemoteIPRanges <Mailbox IPs>).`,
      related: [
        {
          target: open.view.valueNode('remoteIPRanges') ?? open.view.node,
          message: 'its remote IP ranges',
        },
      ],
      fixes: () =>
        ranges.length === 0
          ? []
          : [
              fix(
                'Restrict the remote IP ranges to the Mailbox servers',
                setProperty(context.text, [...open.view.path, 'remoteIPRanges'], ranges),
                true,
              ),
            ],
    });
    return;
  }
  context.report({
    target: edge.name?.node ?? edge.view.node,
    message: `${e} has no organization-facing receive connector (bound to the internal adapter, remote IP ranges = the Mailbox servers): no connector of the Edge is reserved for the Mailbox servers, so their Basic-authenticated mail cannot reach it. Add one (Step 4: New-ReceiveConnector -Usage Internal -AuthMechanism Tls,BasicAuth,BasicAuthRequireTLS,ExchangeServer -Bindings <internal IP>:25 -RemoteIPRanges <Mailbox IPs>).`,
    fixes: () => insert(context, organizationReceiveConnector(index, edge, e), e),
  });
}

function sendsToMailbox(index: TopologyIndex, connector: SendConnector): boolean {
  return connector.smartHosts.some((h) => index.isMailbox(index.serverForHost(h.value)));
}

/** Which side of `edge` a receive connector whose `server` misspells it would face. */
function receiveSideOn(
  index: TopologyIndex,
  edge: Server,
  connector: ReceiveConnector,
): 'internet-facing' | 'organization-facing' | 'other' {
  const local = localAddresses(edge);
  const networks = index
    .bindingEntriesOf(connector)
    .map(({ binding }) => networkOfBinding(local, binding));
  if (connector.isDefault || networks.includes('internet')) return 'internet-facing';
  const inside = networks.includes('internal') || networks.includes('wildcard');
  return inside && index.holdsMailboxAddress(connector) ? 'organization-facing' : 'other';
}

/** Edits of `text` that add `value` to the top-level array `key` (creating it); undefined when that cannot be done. */
function addTo(
  context: RuleContext,
  key: string,
  value: unknown,
  text = context.text,
): TextEdit[] | undefined {
  const node = context.topology.root?.valueNode(key);
  if (node && node.type !== 'array') return undefined;
  const edits = node ? appendToArray(text, [key], value) : setProperty(text, [key], [value]);
  // No edit: the text does not allow it (a duplicated key), so no fix rather than half of one.
  return edits.length > 0 ? edits : undefined;
}

/** The fix that inserts the connector (and its credential), or none when a needed fact is missing. */
function insert(context: RuleContext, insertion: Insertion | undefined, e: string): Fix[] {
  if (!insertion) return [];
  const connector = addTo(context, insertion.key, insertion.connector);
  const edits = connector && withCredential(context, connector, insertion.credential);
  if (!edits) return [];
  const name = String(insertion.connector.name);
  const title =
    insertion.key === 'receiveConnectors'
      ? `Add the receive connector '${name}' on ${e}`
      : insertion.connector.server === undefined
        ? `Add the organization send connector '${name}' to ${e}`
        : `Add the send connector '${name}' on ${e}`;
  return [fix(title, edits, true)];
}

/**
 * The connector's edits plus those adding its credential, or undefined when
 * `credentials` is no array. When neither array exists yet, both are new
 * properties at the same place: the credential is then added to the text
 * that already has the connector, and the two become one edit, since edits
 * of one fix must not overlap.
 */
function withCredential(
  context: RuleContext,
  connector: TextEdit[],
  credential: Record<string, unknown> | undefined,
): TextEdit[] | undefined {
  if (!credential) return connector;
  const separate = addTo(context, 'credentials', credential);
  if (!separate) return undefined;
  const collide = separate.some((a) =>
    connector.some(
      (b) =>
        (a.offset < b.offset + b.length && b.offset < a.offset + a.length) ||
        a.offset === b.offset ||
        a.offset + a.length === b.offset + b.length,
    ),
  );
  if (!collide) return [...connector, ...separate];
  const withConnector = applyEdits(context.text, connector);
  const then = addTo(context, 'credentials', credential, withConnector);
  const change = then && changeBetween(context.text, applyEdits(withConnector, then));
  return change && [change];
}
