import type { Node } from 'jsonc-parser';
import type { Fix } from '../findings';
import { fix, replaceNode } from '../fix/edits';
import { removeProperty } from '../fix/removal';
import { canonical } from '../model/enums';
import { label, serverLabel } from '../model/references';
import type { Credential, SendConnector, Server } from '../model/topology';
import type { Rule, RuleContext } from './rule';

type Scope = 'activeDirectory' | 'edgeLocal';
const SCOPES: readonly Scope[] = ['activeDirectory', 'edgeLocal'];

function scopeOf(credential: Credential): Scope | undefined {
  return credential.scope && canonical(credential.scope.value, SCOPES);
}

/** `DOMAIN\user` or `EDGE01\user`; `.\user` (this computer) is not a prefix that names another machine. */
function domainPrefix(userName: string): string | undefined {
  const match = /^([^\\]+)\\./.exec(userName);
  return match?.[1] && match[1] !== '.' ? match[1] : undefined;
}

export const credentialScope: Rule = {
  code: 'credential-scope',
  severity: 'warning',
  summary: 'A Basic-authentication credential is not the kind of account its connector needs.',
  description: [
    'With Basic authentication the Edge logs on to the Mailbox servers with an **Active Directory** account that',
    'is a member of "Exchange Servers" (so the Edge\'s organization send connector needs `scope:',
    '"activeDirectory"`), and the Mailbox servers log on to the Edge with a **local account on the Edge** (so',
    'the organization→Edge connector needs `scope: "edgeLocal"`). When that connector targets several Edges,',
    'one credential must work on each of them: a local account of the same name on every Edge, written without',
    'a `COMPUTER\\` prefix and without `server`. With one target Edge, a credential tied to another Edge',
    'cannot log on to it.',
    '',
    'Not flagged: connectors without BasicAuth or BasicAuthRequireTLS, `.\\user`, a UPN, and a credential whose',
    'scope is missing or misspelt (the schema reports it).',
  ].join('\n'),
  bad: '{ "name": "To Internal Org", "server": "EDGE01", "smartHostAuthMechanism": "BasicAuthRequireTLS", "authenticationCredential": "OrgToEdge", ... }',
  good: '{ "name": "To Internal Org", "server": "EDGE01", "smartHostAuthMechanism": "BasicAuthRequireTLS", "authenticationCredential": "EdgeToOrg", ... }',
  sources: '§5.2; §9 item 25; [EX:…/configure-without-edgesync.md]; SPEC §1 (credentials).',
  check(context) {
    // A credential shared by several connectors is reported once per problem.
    const reported = new Set<Node>();
    const once: RuleContext = {
      ...context,
      report: (report) => {
        const target = report.target as Node;
        if (reported.has(target)) return;
        reported.add(target);
        context.report(report);
      },
    };
    for (const connector of context.topology.sendConnectors) {
      const mechanism = connector.smartHostAuthMechanism?.value;
      if (mechanism !== 'BasicAuth' && mechanism !== 'BasicAuthRequireTLS') continue;
      const reference = connector.authenticationCredential;
      const credential = reference && context.index.credential(reference.value);
      if (!reference || !credential) continue;
      const kind = context.index.classifySend(connector);
      const scope = scopeOf(credential);
      if (!scope || (kind !== 'edge-organization' && kind !== 'organization-to-edge')) continue;
      const targets =
        kind === 'organization-to-edge' ? context.index.edgesTargetedBy(connector) : [];
      const needed: Scope = kind === 'edge-organization' ? 'activeDirectory' : 'edgeLocal';
      if (scope !== needed) {
        const replacements = context.topology.credentials.filter(
          (c) => scopeOf(c) === needed && c.name,
        );
        const clear = replacements.filter(
          (c) => needed === 'activeDirectory' || fitsEdges(context, c, targets),
        );
        const best = replacements.length === 1 ? replacements : clear.length === 1 ? clear : [];
        context.report({
          target: reference.node,
          message:
            needed === 'activeDirectory'
              ? `${label(connector)} sends from the Edge to the Mailbox servers, which authenticate it against Active Directory, but ${reference.value} is a local Edge account: use an Active Directory account in "Exchange Servers" (scope "activeDirectory").`
              : `${label(connector)} sends to the Edge, which authenticates it with a local account, but ${reference.value} is an Active Directory account: use a local account on the Edge (scope "edgeLocal").`,
          related: credential.scope
            ? [{ target: credential.scope.node, message: `the scope of ${reference.value}` }]
            : [],
          fixes: () =>
            replacements.map((c) =>
              fix(
                `Use credential '${c.name?.value}'`,
                replaceNode(reference.node, c.name?.value),
                best.includes(c),
              ),
            ),
        });
        continue;
      }
      if (scope !== 'edgeLocal') continue;
      if (targets.length > 1) checkSeveralEdges(once, connector, credential, targets);
      else if (targets[0]) checkOneEdge(once, connector, credential, targets[0]);
    }
  },
};

/** Whether an edgeLocal credential can log on to every target Edge. */
function fitsEdges(
  context: RuleContext,
  credential: Credential,
  targets: readonly Server[],
): boolean {
  if (targets.length > 1) {
    return !credential.view.has('server') && !domainPrefix(credential.userName?.value ?? '');
  }
  const server = credential.server && context.index.server(credential.server.value);
  return !credential.server || server === targets[0];
}

function checkSeveralEdges(
  context: RuleContext,
  connector: SendConnector,
  credential: Credential,
  targets: readonly Server[],
): void {
  const edges = targets.map(serverLabel).join(', ');
  const name = credential.name?.value ?? 'this credential';
  const related = [
    {
      target: connector.authenticationCredential?.node ?? connector.view.node,
      message: `used by ${label(connector)}`,
    },
  ];
  if (credential.server) {
    context.report({
      target: credential.server.node,
      message: `${name} is used by ${label(connector)}, which sends to several Edges (${edges}): it must be a local account of the same name on every Edge, not tied to ${credential.server.value}. Remove server.`,
      related,
      fixes: (): Fix[] => [
        fix('Remove server', removeProperty(context.text, credential.view, 'server'), true),
      ],
    });
  }
  const userName = credential.userName;
  const prefix = userName && domainPrefix(userName.value);
  if (userName && prefix) {
    const bare = userName.value.slice(prefix.length + 1);
    context.report({
      target: userName.node,
      message: `${name} is used by ${label(connector)}, which sends to several Edges (${edges}): write the user name without '${prefix}\\' so that each Edge logs it on as its own local account.`,
      related,
      fixes: (): Fix[] => [fix(`Change to '${bare}'`, replaceNode(userName.node, bare), true)],
    });
  }
}

function checkOneEdge(
  context: RuleContext,
  connector: SendConnector,
  credential: Credential,
  target: Server,
): void {
  const reference = credential.server;
  const server = reference && context.index.server(reference.value);
  if (!reference || !server || !context.index.isEdge(server) || server === target || !target.name)
    return;
  const targetName = target.name.value;
  context.report({
    target: reference.node,
    message: `${credential.name?.value ?? 'This credential'} is a local account on ${serverLabel(server)}, but ${label(connector)} sends to ${targetName}, which cannot log it on: name ${targetName} as its server.`,
    related: [
      {
        target: connector.authenticationCredential?.node ?? connector.view.node,
        message: `used by ${label(connector)}`,
      },
    ],
    fixes: (): Fix[] => [
      fix(`Change to '${targetName}'`, replaceNode(reference.node, targetName), true),
    ],
  });
}
