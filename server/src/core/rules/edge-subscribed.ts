import { fix, replaceNode } from '../fix/edits';
import { removeProperty } from '../fix/removal';
import { serverLabel } from '../model/references';
import type { Rule } from './rule';

export const edgeSubscribed: Rule = {
  code: 'edge-subscribed',
  severity: 'error',
  summary:
    'An Edge server is marked as subscribed, but this design needs an Edge without an Edge Subscription.',
  description: [
    'EdgeFlow configures the Edge by hand, without EdgeSync. On a subscribed Edge, New-SendConnector,',
    'Set-SendConnector and Remove-SendConnector (and the accepted-domain cmdlets) are disabled, and subscribing',
    'deletes the send connectors already created there, so the generated Edge script cannot run. Remove the',
    'subscription first (Remove-EdgeSubscription on the Edge and on a Mailbox server), then set `subscribed` to',
    '`false`. Receive connectors are not locked by a subscription, but the design as a whole needs it gone.',
    '',
    'Not flagged: `"subscribed": false`, or no `subscribed` at all (the default is false).',
  ].join('\n'),
  bad: '{ "name": "EDGE01", "role": "Edge", "fqdn": "edge01.contoso.net", "subscribed": true, ... }',
  good: '{ "name": "EDGE01", "role": "Edge", "fqdn": "edge01.contoso.net", "subscribed": false, ... }',
  sources: 'SC-12; §3.3; [EX:…/edge-subscriptions.md]; [RES-MGMT:CannotRunOnSubscribedEdge].',
  check(context) {
    for (const edge of context.index.edges) {
      const subscribed = edge.view.boolean('subscribed');
      if (subscribed?.value !== true) continue;
      context.report({
        target: subscribed.node,
        message: `${serverLabel(edge)} is marked as subscribed: on a subscribed Edge the send connector cmdlets are disabled and its send connectors are deleted, so this design cannot be applied. Remove the subscription with Remove-EdgeSubscription, then set subscribed to false.`,
        fixes: () => [
          fix('Set subscribed to false', replaceNode(subscribed.node, false), true),
          fix(
            "Remove 'subscribed' (the default is false)",
            removeProperty(context.text, edge.view, 'subscribed'),
          ),
        ],
      });
    }
  },
};
