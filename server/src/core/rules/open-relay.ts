import {
  firstSession,
  involvedNodes,
  lastLeg,
  oncePerTarget,
  originHosts,
  pointLabel,
} from '../flow/blame';
import { relayConnector, withoutExternalAuthoritative } from '../flow/relay';
import { unmetOf } from '../flow/unmet';
import type { Rule } from './rule';

export const openRelay: Rule = {
  code: 'open-relay',
  severity: 'error',
  stage: 'design',
  summary:
    'A host on the internet can have a message for a domain that is not accepted taken and sent on.',
  description: [
    'The mail-flow model connects a host of the internet (any address outside the declared servers) to every',
    "address of each Edge's `internet` adapters, on every port where a receive connector listens, and follows a",
    'message for a domain that is not accepted. Anonymous senders may only reach accepted domains: the',
    'AnonymousUsers permission group lacks `ms-Exch-SMTP-Accept-Any-Recipient`. A connector with',
    '`ExternalAuthoritative` treats every host in its remote ranges as `MS Exchange\\Externally Secured',
    "Servers`, which has that right: reachable from the internet, it relays for anyone, and the Edge's internet",
    'connector sends the mail on. That makes the Edge an open relay: it will be abused to send spam and land',
    'on block lists.',
    '',
    'Reported on the receive connector that takes the hosts, naming which hosts, how they are authenticated',
    'and where their mail goes. The fix removes `ExternalAuthoritative` (which belongs only on a connector',
    'restricted to the servers at the other end of an IPsec or VPN link) and, where the connector lacks it,',
    'adds the AnonymousUsers permission group, so that the internet still reaches the accepted domains.',
    '',
    'Not flagged: a path that another error explains (for example an `auth-mechanism-combination` error on the',
    'same connector, which Exchange refuses to create), and relaying from internal hosts (`internal-relay`).',
  ].join('\n'),
  bad: '{ "name": "From Internet", "server": "EDGE01", "default": true, "bindings": ["10.1.1.1:25"],\n  "authMechanism": ["Tls", "ExternalAuthoritative"], "permissionGroups": ["ExchangeServers"], "remoteIPRanges": ["0.0.0.0/0"] }',
  good: '{ "name": "From Internet", "server": "EDGE01", "default": true, "bindings": ["10.1.1.1:25"] }',
  sources:
    '[EX:mail-flow/connectors/receive-connectors.md] (permission groups, permissions: Accept-Any-Recipient is relaying; ExternalAuthoritative); [EX:…/connector-selection.md]; mail-flow-facts.md.',
  check(context) {
    const { index } = context;
    const byConnector = oncePerTarget(
      unmetOf(index, 'open-relay'),
      (u) => relayConnector(u)?.view.node,
    );
    for (const [, unmets] of byConnector) {
      const unmet = unmets[0];
      const connector = unmet && relayConnector(unmet);
      const origin = unmet?.path.origin;
      if (!unmet || !connector || !origin) continue;
      if (context.rootCauseIn(involvedNodes(index, unmet.path))) continue;
      const session = firstSession(unmet.path);
      const ranges = connector.view.valueNode('remoteIPRanges');
      const mechanisms = connector.view.valueNode('authMechanism');
      context.report({
        target: ranges ?? mechanisms ?? connector.name?.node ?? connector.view.node,
        message: `${pointLabel(origin.point)} is an open relay: ${originHosts(origin)} are received as ${session}, which grants ms-Exch-SMTP-Accept-Any-Recipient, so a message for ${unmet.cell.recipient.address} is accepted and ${lastLeg(index, unmet.path)}. Only accepted domains may be reachable from the internet: remove ExternalAuthoritative, which belongs on a connector for the servers at the other end of an IPsec or VPN link.`,
        related: mechanisms
          ? [{ target: mechanisms, message: `the authentication that makes the hosts ${session}` }]
          : undefined,
        fixes: () => withoutExternalAuthoritative(context.text, connector, true),
      });
    }
  },
};
