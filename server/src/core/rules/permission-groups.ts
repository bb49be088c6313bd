import type { Fix } from '../findings';
import { fix, removeAt, replaceArray, setProperty } from '../fix/edits';
import {
  declaredAuthMechanisms,
  declaredPermissionGroups,
  defaultPermissionGroups,
  effectivePermissionGroups,
  receiveName,
  roleOf,
  serverOf,
} from '../model/receiveConnectorFacts';
import type { PermissionGroup, ReceiveConnector } from '../model/topology';
import type { Rule, RuleContext } from './rule';

export const permissionGroups: Rule = {
  code: 'permission-groups',
  severity: 'error',
  alsoReports: ['warning'],
  summary:
    'An Externally Secured receive connector lacks the ExchangeServers permission group, or `permissionGroups` lists `Custom` or mixes `None` with other groups.',
  description: [
    'Permission groups say who may use a receive connector. Reported:',
    '',
    '- `ExternalAuthoritative` in `authMechanism` without `ExchangeServers` in the permission groups (as',
    '  declared, or the usage default when `permissionGroups` is left out: Internal → ExchangeServers;',
    '  Internet → AnonymousUsers; Partner → Partners; Custom → none; Client → ExchangeUsers; no usage →',
    '  AnonymousUsers, ExchangeServers, Partners on an Edge (also the built-in `default: true` connector) and',
    '  ExchangeUsers, ExchangeServers, ExchangeLegacyServers on a Mailbox server). Set-/New-ReceiveConnector',
    '  refuse it;',
    '- `Custom` given explicitly: it only reports rights added with Add-ADPermission, and the cmdlets refuse',
    '  to set it;',
    '- `None` together with other groups, as a **warning**: no source says Exchange refuses it (PermissionGroups',
    '  is a set of flags in which None is the empty set), but the intent is unclear.',
    '',
    'Not checked (untested in the research, §7 item 8): whether Basic authentication with a local Edge',
    'account on "From Internal Org" also needs `ExchangeUsers` or an Add-ADPermission grant to submit mail.',
  ].join('\n'),
  bad: '{ "name": "From Internal Org", "server": "EDGE01", "usage": "Custom", "authMechanism": ["Tls", "ExternalAuthoritative"] }',
  good: '{ "name": "From Internal Org", "server": "EDGE01", "usage": "Custom", "authMechanism": ["Tls", "ExternalAuthoritative"], "permissionGroups": ["ExchangeServers"] }',
  sources:
    'RC-02, RC-03, RC-05; [PS:New-ReceiveConnector] AuthMechanism, PermissionGroups; [EX:mail-flow/connectors/receive-connectors.md]; [RES-DIR:ExternalAuthoritativeWithoutExchangeServerPermission]; [RES-MGMT:CustomCannotBeUsedForPermissionGroups]; [CODE:NRC SetPermissionGroups].',
  check(context) {
    for (const connector of context.topology.receiveConnectors) checkConnector(context, connector);
  },
};

function checkConnector(context: RuleContext, connector: ReceiveConnector): void {
  const role = roleOf(serverOf(context.index, connector));
  const name = receiveName(connector);
  const declared = declaredPermissionGroups(connector);
  const arrayNode = connector.view.valueNode('permissionGroups');
  const path = [...connector.view.path, 'permissionGroups'];
  const written = new Map(connector.permissionGroups.map((g) => [g.value, g.node.value as string]));
  const spelled = (groups: readonly PermissionGroup[]) => groups.map((g) => written.get(g) ?? g);
  const external = connector.authMechanism.find((a) => a.value === 'ExternalAuthoritative');
  const effective = effectivePermissionGroups(connector, role);

  if (
    external &&
    declaredAuthMechanisms(connector) &&
    effective &&
    !effective.includes('ExchangeServers')
  ) {
    // None and Custom go too: one is meaningless next to a group, the other cannot be set.
    const base = effective.filter((g) => g !== 'None' && g !== 'Custom');
    const next: PermissionGroup[] = [...base, 'ExchangeServers'];
    const what = declared
      ? `its permission groups (${declared.join(', ')})`
      : `the default permission groups of its usage (${effective.join(', ') || 'none'})`;
    context.report({
      target: declared && arrayNode ? arrayNode : external.node,
      message: `${name} uses ExternalAuthoritative, which requires the ExchangeServers permission group, but ${what} lack it: add ExchangeServers to permissionGroups.`,
      fixes: (): Fix[] => {
        if (declared && arrayNode) {
          const dropped = declared.filter((g) => g === 'None' || g === 'Custom');
          const title =
            dropped.length > 0
              ? `Replace ${dropped.join(' and ')} with ExchangeServers`
              : 'Add ExchangeServers to permissionGroups';
          return [fix(title, [replaceArray(arrayNode, spelled(next))], true)];
        }
        return [
          fix(
            `Set permissionGroups to [${next.join(', ')}]`,
            setProperty(context.text, path, next),
            true,
          ),
        ];
      },
    });
  }
  if (!declared || !arrayNode) return;

  const custom = connector.permissionGroups.find((g) => g.value === 'Custom');
  if (custom) {
    const rest = declared.filter((g) => g !== 'Custom');
    context.report({
      target: custom.node,
      message: `${name} lists the permission group Custom, which cannot be set: it only shows that rights were added with Add-ADPermission. Remove Custom and grant such rights with Add-ADPermission.`,
      fixes: (): Fix[] => {
        if (rest.length > 0)
          return [fix('Remove Custom', [replaceArray(arrayNode, spelled(rest))], true)];
        // With nothing left, the usage default applies; keep ExchangeServers if ExternalAuthoritative needs it.
        const fallback = defaultPermissionGroups(connector, role);
        if (external && fallback && !fallback.includes('ExchangeServers')) {
          return [
            fix(
              'Replace Custom with ExchangeServers',
              [replaceArray(arrayNode, ['ExchangeServers'])],
              true,
            ),
          ];
        }
        return [fix('Remove Custom (use the usage default)', removeAt(context.text, path), true)];
      },
    });
  }
  const none = connector.permissionGroups.find((g) => g.value === 'None');
  if (none && declared.length > 1) {
    context.report({
      target: none.node,
      severity: 'warning',
      message: `${name} lists None with other permission groups: None means no group, so next to others it has no effect and only blurs who may connect. Remove None, or keep only None to admit nobody.`,
      fixes: () => [
        fix(
          'Remove None',
          [replaceArray(arrayNode, spelled(declared.filter((g) => g !== 'None')))],
          true,
        ),
      ],
    });
  }
}
