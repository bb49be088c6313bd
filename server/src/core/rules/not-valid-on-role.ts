import type { Node } from 'jsonc-parser';
import type { Fix, Severity } from '../findings';
import { fix } from '../fix/edits';
import { removeItem, removeProperty as removal } from '../fix/removal';
import type { ObjectView } from '../model/objectView';
import { label, serverLabel } from '../model/references';
import type { ReceiveConnector, SendConnector, Server } from '../model/topology';
import type { Rule, RuleContext } from './rule';

export const notValidOnRole: Rule = {
  code: 'not-valid-on-role',
  severity: 'error',
  alsoReports: ['warning'],
  summary: 'A connector uses a parameter or value that its server role does not accept.',
  description: [
    'Some connector parameters exist for one server role only, and the cmdlet refuses them on the other:',
    '',
    '- on a send connector configured on an Edge: `sourceTransportServers` (Mailbox only);',
    '  `frontendProxyEnabled: true` (there is no Front End Transport on an Edge; Exchange 2013 code, so a warning);',
    '  `isScopedConnector: true` (the cmdlet reference lists it for Mailbox servers only and the sources say',
    '  nothing of what an Edge does with it, so a warning);',
    '- on an organization send connector (no `server`): `sourceIPAddress`, valid only on an Edge;',
    '- on a receive connector of an Edge: `transportRole`, `usage: "Client"`, the `ExchangeLegacyServers`',
    '  permission group, `longAddressesEnabled: true` and `suppressXAnonymousTls: true` (the last one from',
    '  Exchange 2013 code only, so a warning);',
    '- on a receive connector of a Mailbox server: `"default": true`, which in EdgeFlow means the Edge\'s built-in',
    '  default receive connector; a Mailbox server has no such connector.',
    '',
    'Not flagged: `false` for the boolean parameters (their default; the Edge script does not pass the',
    'Mailbox-only ones), an empty `sourceTransportServers`, and address-space types (`address-space-syntax`). An Edge named in `sourceTransportServers` of an organization',
    'connector is `wrong-role`.',
  ].join('\n'),
  bad: '{ "name": "To Internal Org", "server": "EDGE01", "sourceTransportServers": ["MBX01"], ... }',
  good: '{ "name": "To Internal Org", "server": "EDGE01", ... }',
  sources:
    '§1.1, §1.4; SC-08; SC-10; SC-11; RC-03; RC-05; RC-06; [PS:New-SendConnector] SourceIPAddress, SourceTransportServers; [PS:Set-ReceiveConnector] TransportRole.',
  check(context) {
    for (const connector of context.topology.sendConnectors) checkSend(context, connector);
    for (const connector of context.topology.receiveConnectors) checkReceive(context, connector);
  },
};

function removeProperty(
  context: RuleContext,
  view: ObjectView,
  key: string,
  preferred = true,
): () => Fix[] {
  return () => [fix(`Remove '${key}'`, removal(context.text, view, key), preferred)];
}

function checkSend(context: RuleContext, connector: SendConnector): void {
  const { view } = connector;
  const edge = context.index.edgeOf(connector);
  if (edge) {
    const sources = view.valueNode('sourceTransportServers');
    const keyNode = view.keyNode('sourceTransportServers');
    if (keyNode && sources?.type === 'array' && (sources.children?.length ?? 0) > 0) {
      context.report({
        target: keyNode,
        message: `${label(connector)} is configured on the Edge ${serverLabel(edge)}, where sourceTransportServers is not valid (the Edge itself sends): remove it.`,
        fixes: removeProperty(context, view, 'sourceTransportServers'),
      });
    }
    reportTrue(
      context,
      view,
      'isScopedConnector',
      'warning',
      `${label(connector)} is configured on the Edge ${serverLabel(edge)}: the cmdlet reference lists IsScopedConnector for Mailbox servers only (it limits a connector to the Mailbox servers of one Active Directory site, and an Edge is in no site). Remove it.`,
    );
    reportTrue(
      context,
      view,
      'frontendProxyEnabled',
      'warning',
      `${label(connector)} is configured on the Edge ${serverLabel(edge)}, which has no Front End Transport service to proxy through; Exchange refuses frontendProxyEnabled true there. Remove it.`,
    );
  } else if (!view.has('server')) {
    const keyNode = view.keyNode('sourceIPAddress');
    if (keyNode) {
      context.report({
        target: keyNode,
        message: `${label(connector)} is an organization connector (no "server"), and sourceIPAddress is valid only for send connectors configured on an Edge: remove it, or give the connector the Edge's "server".`,
        fixes: removeProperty(context, view, 'sourceIPAddress'),
      });
    }
  }
}

function reportTrue(
  context: RuleContext,
  view: ObjectView,
  key: string,
  severity: Severity,
  message: string,
): void {
  const value = view.boolean(key);
  if (value?.value !== true) return;
  context.report({
    target: value.node,
    severity,
    message,
    fixes: removeProperty(context, view, key),
  });
}

function checkReceive(context: RuleContext, connector: ReceiveConnector): void {
  const server = connector.server && context.index.server(connector.server.value);
  if (!server) return;
  if (context.index.isEdge(server)) checkEdgeReceive(context, connector, server);
  else if (context.index.isMailbox(server)) {
    const isDefault = connector.view.boolean('default');
    if (isDefault?.value !== true) return;
    context.report({
      target: isDefault.node,
      message: `${serverLabel(server)} is a Mailbox server: "default": true means the Edge's built-in "Default internal receive connector", which a Mailbox server does not have. Remove it to create ${label(connector)} as a new connector.`,
      fixes: () =>
        keepsSchemaRequirements(connector, true)
          ? removeProperty(context, connector.view, 'default')()
          : [],
    });
  }
}

function checkEdgeReceive(context: RuleContext, connector: ReceiveConnector, edge: Server): void {
  const { view } = connector;
  const on = `${label(connector)} is on the Edge ${serverLabel(edge)}`;
  const roleKey = view.keyNode('transportRole');
  if (roleKey) {
    context.report({
      target: roleKey,
      message: `${on}, and transportRole cannot be used on an Edge Transport server (it picks a Mailbox transport service): remove it.`,
      fixes: removeProperty(context, view, 'transportRole'),
    });
  }
  if (connector.usage?.value === 'Client') {
    context.report({
      target: connector.usage.node,
      message: `${on}, and usage Client (client submission on port 587) is not available on an Edge. Remove it, or use Internal or Internet.`,
      fixes: () =>
        keepsSchemaRequirements(connector, false) ? removeProperty(context, view, 'usage')() : [],
    });
  }
  const groups = connector.permissionGroups;
  for (const group of groups) {
    if (group.value !== 'ExchangeLegacyServers') continue;
    context.report({
      target: group.node,
      message: `${on}, and the ExchangeLegacyServers permission group is not available on an Edge: remove it.`,
      fixes: () => removeGroup(context, connector, group.node),
    });
  }
  reportTrue(
    context,
    view,
    'longAddressesEnabled',
    'error',
    `${on}, and long X.400 addresses can only be enabled on receive connectors of the Transport service on Mailbox servers. Remove longAddressesEnabled.`,
  );
  reportTrue(
    context,
    view,
    'suppressXAnonymousTls',
    'warning',
    `${on}, and Exchange refuses suppressXAnonymousTls true on an Edge. Remove it.`,
  );
}

function removeGroup(context: RuleContext, connector: ReceiveConnector, node: Node): Fix[] {
  const elements = connector.view.valueNode('permissionGroups')?.children ?? [];
  if (elements.length > 1)
    return [fix("Remove 'ExchangeLegacyServers'", removeItem(context.text, node), true)];
  // The list may not be empty; without it the usage's default groups apply, which
  // ExternalAuthoritative (it needs ExchangeServers) may not get.
  if (connector.authMechanism.some((m) => m.value === 'ExternalAuthoritative')) return [];
  return removeProperty(context, connector.view, 'permissionGroups', false)();
}

/**
 * Whether the connector still has what the schema requires of a new connector
 * once `default` (when `withUsage`, its usage kept) or `usage` is removed:
 * Internet needs bindings; Internal and Client need remote ranges; Custom,
 * Partner and no usage need both.
 */
function keepsSchemaRequirements(connector: ReceiveConnector, withUsage: boolean): boolean {
  const { view } = connector;
  if (withUsage && view.has('usage') && !connector.usage) return false;
  const usage = withUsage ? connector.usage?.value : undefined;
  const needsBindings = usage !== 'Internal' && usage !== 'Client';
  const needsRanges = usage !== 'Internet';
  const hasBindings = view.valueNode('bindings')?.type === 'array' && connector.bindings.length > 0;
  const hasRanges =
    view.valueNode('remoteIPRanges')?.type === 'array' && connector.remoteIPRanges.length > 0;
  return (!needsBindings || hasBindings) && (!needsRanges || hasRanges);
}
