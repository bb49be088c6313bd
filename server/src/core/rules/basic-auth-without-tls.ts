import { getNodePath } from 'jsonc-parser';
import { appendToArray, fix, replaceNode } from '../fix/edits';
import { sequentialEdits } from '../fix/sequentialEdits';
import { connectorName } from '../model/sendConnectorFacts';
import type { AuthMechanism } from '../model/topology';
import type { Rule } from './rule';

export const basicAuthWithoutTls: Rule = {
  code: 'basic-auth-without-tls',
  severity: 'warning',
  summary:
    'Basic authentication is used or offered without requiring TLS first, so the password can cross the network in clear text.',
  description: [
    '`BasicAuth` sends the user name and password in clear text (Base64 is not encryption).',
    '`BasicAuthRequireTLS` starts TLS first; it needs a certificate on the smart host that carries the exact',
    'name configured on the connector. On a send connector, use `smartHostAuthMechanism: BasicAuthRequireTLS`.',
    'On a receive connector whose `authMechanism` offers `BasicAuth`, add `BasicAuthRequireTLS` (which in',
    'turn needs `BasicAuth` and `Tls`) so that Basic authentication is offered only after STARTTLS.',
    '',
    'Not reported: a receive connector with `requireTLS: true` (no session goes on without TLS), and',
    'connectors that do not use Basic authentication.',
  ].join('\n'),
  bad: '{ "name": "To Internal Org", "server": "EDGE01", "smartHostAuthMechanism": "BasicAuth", "authenticationCredential": "EdgeToOrg" }',
  good: '{ "name": "To Internal Org", "server": "EDGE01", "smartHostAuthMechanism": "BasicAuthRequireTLS", "authenticationCredential": "EdgeToOrg" }',
  sources:
    '§6 item 2; [EX:mail-flow/connectors/send-connectors.md]; RC-02 (BasicAuthRequireTLS needs BasicAuth and Tls).',
  check(context) {
    for (const connector of context.topology.sendConnectors) {
      const mechanism = connector.smartHostAuthMechanism;
      if (mechanism?.value !== 'BasicAuth') continue;
      context.report({
        target: mechanism.node,
        message: `${connectorName(connector)} authenticates with BasicAuth, which sends the password in clear text. Use BasicAuthRequireTLS, so that TLS is started before the credentials are sent.`,
        fixes: () => [
          fix(
            'Change to BasicAuthRequireTLS',
            replaceNode(mechanism.node, 'BasicAuthRequireTLS'),
            true,
          ),
        ],
      });
    }
    for (const connector of context.topology.receiveConnectors) {
      const values = new Set<AuthMechanism>(connector.authMechanism.map((m) => m.value));
      const basic = connector.authMechanism.find((m) => m.value === 'BasicAuth');
      if (!basic || values.has('BasicAuthRequireTLS')) continue;
      if (connector.view.boolean('requireTLS')?.value === true) continue;
      // With None or ExternalAuthoritative the list is already invalid (auth-mechanism-combination).
      const repairable = !values.has('None') && !values.has('ExternalAuthoritative');
      const node = connector.view.valueNode('authMechanism');
      context.report({
        target: basic.node,
        message: `${connectorName(connector)} offers BasicAuth before TLS, so a client may send its password in clear text. Add BasicAuthRequireTLS${values.has('Tls') ? '' : ' and Tls'} to authMechanism.`,
        fixes: () => {
          if (!repairable || !node) return [];
          const path = getNodePath(node);
          const added = values.has('Tls')
            ? ['BasicAuthRequireTLS']
            : ['Tls', 'BasicAuthRequireTLS'];
          const steps = added.map((value) => (text: string) => appendToArray(text, path, value));
          return [
            fix(
              `Add ${added.join(' and ')} to authMechanism`,
              sequentialEdits(context.text, steps),
              true,
            ),
          ];
        },
      });
    }
  },
};
