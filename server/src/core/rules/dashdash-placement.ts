import type { Fix } from '../findings';
import { fix, replaceNode, setProperty } from '../fix/edits';
import { isDashDash, parseAddressSpace } from '../model/addressSpace';
import type { Spanned } from '../model/objectView';
import { connectorName } from '../model/sendConnectorFacts';
import type { SendConnector } from '../model/topology';
import type { Rule, RuleContext } from './rule';

export const dashdashPlacement: Rule = {
  code: 'dashdash-placement',
  severity: 'error',
  summary:
    "The '--' address space is used off an Edge or beside other address spaces, or '--' is used as a smart host.",
  description: [
    '`--` stands for "all Authoritative and Internal Relay accepted domains". It is valid only on a send',
    'connector configured on an Edge Transport server that sends to the organization, and it must be the',
    'only address space of that connector: New-SendConnector refuses it on an organization connector or',
    'beside other entries. As a smart host, `--` is reserved for EdgeSync: it means "every Mailbox server of',
    'the subscribed Active Directory site" and expands to nothing on an Edge without a subscription.',
    '',
    'Not reported: a connector whose `server` names no known server (see `unknown-reference`), an',
    'organization connector whose source servers include an Edge (see `wrong-role`), and `--` listed twice.',
  ].join('\n'),
  bad: '{ "name": "To Edge", "addressSpaces": ["--", "contoso.com"], "smartHosts": ["--"] }',
  good: '{ "name": "To Internal Org", "server": "EDGE01", "addressSpaces": ["--"], "smartHosts": ["mbxserver01.contoso.com"] }',
  sources:
    'SC-03; [EX:mail-flow/connectors/send-connectors.md]; [RES-MGMT:SendConnectorDashdashAddressSpaceNotOffEdge], [RES-MGMT:SendConnectorDashdashAddressSpaceNotUnique], [RES-MGMT:SendConnectorDashdashSmarthostNotOffEdge]; [CODE:ECRF].',
  check(context) {
    for (const connector of context.topology.sendConnectors) {
      const placement = placementOf(context, connector);
      if (placement === 'unknown') continue;
      for (const entry of connector.addressSpaces) {
        if (isDashDash(entry)) checkAddressSpace(context, connector, entry, placement);
      }
      for (const host of connector.smartHosts) {
        if (host.value.trim() === '--') checkSmartHost(context, connector, host, placement);
      }
    }
  },
};

type Placement = 'edge' | 'off-edge' | 'unknown';

function placementOf(context: RuleContext, connector: SendConnector): Placement {
  if (connector.server) {
    const server = context.index.server(connector.server.value);
    if (!server || !server.role) return 'unknown';
    return context.index.isEdge(server) ? 'edge' : 'off-edge';
  }
  if (connector.view.has('server')) return 'unknown';
  // An organization connector sourced from an Edge is what EdgeSync creates; wrong-role reports it.
  const fromEdge = connector.sourceTransportServers.some((s) =>
    context.index.isEdge(context.index.server(s.value)),
  );
  return fromEdge ? 'unknown' : 'off-edge';
}

function checkAddressSpace(
  context: RuleContext,
  connector: SendConnector,
  entry: Spanned<string>,
  placement: Placement,
): void {
  const name = connectorName(connector);
  if (placement === 'off-edge') {
    context.report({
      target: entry.node,
      message: `${name} is not configured on an Edge Transport server, so it cannot use the '--' address space (it is valid only on an Edge connector that sends to the organization). Use '*' or the domains this connector sends to.`,
      fixes: () => offEdgeFixes(context, connector, entry),
    });
    return;
  }
  const others = connector.addressSpaces.filter((s) => !isDashDash(s));
  if (others.length === 0) return;
  const path = [...connector.view.path, 'addressSpaces'];
  const dashes = connector.addressSpaces.filter(isDashDash).map((s) => s.value);
  context.report({
    target: entry.node,
    message: `${name}: '--' must be the only address space of the connector, but it also lists ${others.map((s) => `'${s.value}'`).join(', ')}. Keep '--' alone (it already covers every Authoritative and Internal Relay accepted domain), or remove '--'.`,
    related: others.map((s) => ({ target: s.node, message: 'another address space' })),
    fixes: () => {
      const fixes: Fix[] = [
        fix(
          "Remove '--'",
          setProperty(
            context.text,
            path,
            others.map((s) => s.value),
          ),
        ),
      ];
      // Dropping '*' would turn the Edge's internet connector into another kind: not offered.
      if (!others.some(isStar)) {
        fixes.push(fix("Keep only '--'", setProperty(context.text, path, dashes)));
      }
      return fixes;
    },
  });
}

/**
 * Only for the connector to the Edge, which sends all outbound mail (`*`):
 * mail for the organization's own domains never leaves through a send connector.
 */
function offEdgeFixes(
  context: RuleContext,
  connector: SendConnector,
  entry: Spanned<string>,
): Fix[] {
  if (context.index.classifySend(connector) !== 'organization-to-edge') return [];
  const rest = connector.addressSpaces.filter((s) => !isDashDash(s));
  if (rest.some(isStar)) {
    const path = [...connector.view.path, 'addressSpaces'];
    return [
      fix(
        "Remove '--' ('*' is already listed)",
        setProperty(
          context.text,
          path,
          rest.map((s) => s.value),
        ),
        true,
      ),
    ];
  }
  return [fix("Replace '--' with '*'", replaceNode(entry.node, '*'))];
}

function isStar(entry: Spanned<string>): boolean {
  const parts = parseAddressSpace(entry.value);
  return parts.isSmtp && parts.address === '*';
}

function checkSmartHost(
  context: RuleContext,
  connector: SendConnector,
  host: Spanned<string>,
  placement: Placement,
): void {
  const name = connectorName(connector);
  const mailboxes =
    placement === 'edge'
      ? context.index.mailboxes.flatMap((m) => (m.fqdn ? [m.fqdn.value] : []))
      : [];
  context.report({
    target: host.node,
    message: `${name} uses '--' as a smart host, which is reserved for EdgeSync (every Mailbox server of the subscribed site): without a subscription it routes nowhere. List the Mailbox servers' FQDNs instead.`,
    fixes: () => {
      if (mailboxes.length === 0) return [];
      const kept = connector.smartHosts.filter((h) => h.value.trim() !== '--').map((h) => h.value);
      const hosts = [...kept];
      const known = new Set(kept.map((h) => h.toLowerCase()));
      for (const fqdn of mailboxes) {
        if (!known.has(fqdn.toLowerCase())) hosts.push(fqdn);
        known.add(fqdn.toLowerCase());
      }
      const path = [...connector.view.path, 'smartHosts'];
      return [
        fix("Replace '--' with the Mailbox servers' FQDNs", setProperty(context.text, path, hosts)),
      ];
    },
  });
}
