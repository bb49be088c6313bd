import type { Fix } from '../findings';
import { fix, replaceNode } from '../fix/edits';
import { removeItem, removeProperty } from '../fix/removal';
import { addressSpaceDomain } from '../model/topologyIndex';
import { ServerResolver, label, nameTaken, serverLabel } from '../model/references';
import type { Credential, SendConnector } from '../model/topology';
import type { Rule, RuleContext } from './rule';

export const wrongRole: Rule = {
  code: 'wrong-role',
  severity: 'error',
  summary:
    'A reference names an existing server of the wrong role, such as an Edge in sourceTransportServers.',
  description: [
    'A send connector with `server` is configured on that Edge; an organization connector has no `server`, so a',
    'Mailbox server there is a mistake. The source servers of an organization connector must be Mailbox servers:',
    'Exchange refuses other roles and refuses to mix Edge and Mailbox sources, and an Edge without a',
    "subscription is not even in Active Directory, so New-SendConnector cannot resolve it. A credential's",
    '`server` says which Edge holds the local account, so it cannot be a Mailbox server.',
    '',
    'Not flagged here: `sourceTransportServers` on a connector configured on an Edge (the parameter itself is',
    'refused there: `not-valid-on-role`), and names that match no server (`unknown-reference`).',
  ].join('\n'),
  bad: '{ "name": "To Edge", "smartHosts": ["edge01.contoso.net"], "sourceTransportServers": ["MBX01", "EDGE01"] }',
  good: '{ "name": "To Edge", "smartHosts": ["edge01.contoso.net"], "sourceTransportServers": ["MBX01", "MBX02"] }',
  sources:
    'SC-08; SC-09 (SendConnectorWrongSourceServerRole, SendConnectorMixedSourceServerRoles); SPEC §1.',
  check(context) {
    const resolver = new ServerResolver(context.index);
    for (const connector of context.topology.sendConnectors) {
      checkSendServer(context, connector);
      // On an Edge connector the parameter itself is wrong: not-valid-on-role.
      if (context.index.edgeOf(connector)) continue;
      connector.sourceTransportServers.forEach((source) => {
        const server = resolver.resolve(source.value)?.server;
        if (!server || !context.index.isEdge(server)) return;
        const others = connector.sourceTransportServers.filter((s) => {
          const other = resolver.resolve(s.value)?.server;
          return s !== source && !context.index.isEdge(other);
        });
        context.report({
          target: source.node,
          message: `${serverLabel(server)} is an Edge server: the source servers of ${label(connector)} must be Mailbox servers (an Edge without a subscription is not in Active Directory, and Edge and Mailbox sources cannot be mixed). Remove ${source.value}.`,
          fixes: () => {
            return others.length > 0
              ? [fix(`Remove '${source.value}'`, removeItem(context.text, source.node), true)]
              : [
                  fix(
                    'Remove sourceTransportServers (Exchange then uses the Mailbox server the script runs on)',
                    removeProperty(context.text, connector.view, 'sourceTransportServers'),
                  ),
                ];
          },
        });
      });
    }
    for (const credential of context.topology.credentials) checkCredential(context, credential);
  },
};

function checkSendServer(context: RuleContext, connector: SendConnector): void {
  const reference = connector.server;
  const server = reference && context.index.server(reference.value);
  if (!reference || !server || !context.index.isMailbox(server)) return;
  context.report({
    target: reference.node,
    message: `${serverLabel(server)} is a Mailbox server, but a send connector with "server" is configured on that Edge. Name an Edge server, or remove "server" to make ${label(connector)} an organization connector (created from a Mailbox server).`,
    fixes: (): Fix[] =>
      canBecomeOrganizationConnector(context, connector)
        ? [
            fix(
              'Remove server (make it an organization connector)',
              removeProperty(context.text, connector.view, 'server'),
            ),
          ]
        : [],
  });
}

/** An organization connector may not use `--` nor `sourceIPAddress`, and needs a unique name. */
function canBecomeOrganizationConnector(context: RuleContext, connector: SendConnector): boolean {
  const dashdash = [...connector.addressSpaces, ...connector.smartHosts].some(
    (s) => addressSpaceDomain(s.value) === '--',
  );
  const organization = context.topology.sendConnectors.filter((c) => !c.view.has('server'));
  const clash =
    connector.name !== undefined && nameTaken(organization, connector.name.value, connector);
  return !dashdash && !clash && !connector.view.has('sourceIPAddress');
}

function checkCredential(context: RuleContext, credential: Credential): void {
  const reference = credential.server;
  const server = reference && context.index.server(reference.value);
  if (!reference || !server || !context.index.isMailbox(server)) return;
  const edges = context.index.edges.filter((e) => e.name);
  // The only Edge, if its name leads to it: a name that an earlier server also
  // has (case aside) resolves to that server, and the fix would change nothing.
  const only = edges.length === 1 ? edges[0] : undefined;
  const target =
    only?.name && context.index.server(only.name.value) === only ? only.name : undefined;
  context.report({
    target: reference.node,
    message: `${serverLabel(server)} is a Mailbox server, but the server of credential ${label(credential, 'this credential')} is the Edge that holds the local account. Name that Edge, or remove "server" when every Edge has an account of this name.`,
    fixes: (): Fix[] => [
      ...(target
        ? [fix(`Change to '${target.value}'`, replaceNode(reference.node, target.value), true)]
        : []),
      fix('Remove server', removeProperty(context.text, credential.view, 'server')),
    ],
  });
}
