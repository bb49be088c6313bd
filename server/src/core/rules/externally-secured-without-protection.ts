import type { Node } from 'jsonc-parser';
import { fix, setProperty } from '../fix/edits';
import type { ObjectView } from '../model/objectView';
import type { Rule, RuleContext } from './rule';

const PROTECTIONS = ['ipsec', 'vpn'] as const;

export const externallySecuredWithoutProtection: Rule = {
  code: 'externally-secured-without-protection',
  severity: 'warning',
  summary:
    'An Externally Secured (ExternalAuthoritative) connector does not declare the IPsec or VPN that protects its link.',
  description: [
    'With `ExternalAuthoritative` ("Externally Secured") Exchange neither authenticates nor encrypts the',
    'connection: it trusts every sender on the link as an Exchange server. Microsoft requires that something',
    'outside Exchange protect that link, an IPsec policy or a VPN (or a physically controlled network).',
    'EdgeFlow asks the topology to say which with `"linkProtection": "ipsec"` or `"vpn"` on each send',
    'connector whose `smartHostAuthMechanism` is `ExternalAuthoritative` and each receive connector whose',
    '`authMechanism` includes it. It is a warning: only the administrator knows what protects the link, so',
    'the two quick fixes (IPsec, VPN) are offered and neither is applied by "fix all".',
    '',
    'Not flagged: connectors using any other authentication; a `linkProtection` value the schema rejects',
    '(the schema rule reports it).',
  ].join('\n'),
  bad: '{ "name": "To Edge", "smartHostAuthMechanism": "ExternalAuthoritative" }',
  good: '{ "name": "To Edge", "smartHostAuthMechanism": "ExternalAuthoritative", "linkProtection": "ipsec" }',
  sources:
    '§6 item 5; RC-02; §7 item 13; [EX:…/configure-without-edgesync.md], [EX:…/send-connectors.md], [EX:…/receive-connectors.md].',
  check(context) {
    for (const connector of context.topology.sendConnectors) {
      const mechanism = connector.smartHostAuthMechanism;
      if (mechanism?.value === 'ExternalAuthoritative')
        check(context, connector.view, mechanism.node, 'send');
    }
    for (const connector of context.topology.receiveConnectors) {
      const mechanism = connector.authMechanism.find((m) => m.value === 'ExternalAuthoritative');
      if (mechanism) check(context, connector.view, mechanism.node, 'receive');
    }
  },
};

function check(
  context: RuleContext,
  view: ObjectView,
  target: Node,
  kind: 'send' | 'receive',
): void {
  // A value of the wrong type or outside the enum is the schema rule's finding; it still says something.
  if (view.has('linkProtection')) return;
  const name = view.string('name')?.value ?? `this ${kind} connector`;
  const path = [...view.path, 'linkProtection'];
  context.report({
    target,
    message: `'${name}' uses Externally Secured authentication: Exchange neither authenticates nor encrypts this link, so it must be protected by IPsec or a VPN. Declare which with "linkProtection": "ipsec" or "vpn" (and set it up), or use BasicAuthRequireTLS.`,
    fixes: () => [
      fix(
        'Declare the link protected by IPsec',
        setProperty(context.text, path, PROTECTIONS[0]),
        false,
      ),
      fix(
        'Declare the link protected by a VPN',
        setProperty(context.text, path, PROTECTIONS[1]),
        false,
      ),
    ],
  });
}
