import { displayAddress } from '../flow/receivers';
import { firstSession, involvedNodes, lastLeg, oncePerTarget, pointLabel } from '../flow/blame';
import { declaredServersIn, relayConnector, restrictedToDeclared } from '../flow/relay';
import { unmetOf } from '../flow/unmet';
import type { Rule } from './rule';

export const internalRelay: Rule = {
  code: 'internal-relay',
  severity: 'warning',
  stage: 'design',
  summary:
    'Internal hosts other than the declared servers can relay mail to domains that are not accepted.',
  description: [
    'The mail-flow model connects an internal host that is no declared server (any address outside the',
    'servers of the topology) to the `internal` adapters of each Edge and to every Mailbox server, on every',
    'port where a receive connector listens, and follows a message for a domain that is not accepted. A',
    'connector whose remote ranges are a whole subnet and that treats its senders as Externally Secured',
    '(`ExternalAuthoritative`) gives every host of that subnet `ms-Exch-SMTP-Accept-Any-Recipient`: any',
    'compromised workstation can then send mail to the internet through Exchange.',
    '',
    'A relay for a few application hosts (printers, line-of-business servers) is a legitimate design, which is',
    'why this is a warning: the message names the hosts beyond the declared servers, and a fix (not preferred)',
    'restricts the remote ranges to the declared servers they hold. Accepted on purpose? Suppress it with',
    '`// edgeflow-disable-next-line internal-relay -- <why>` above the remote ranges.',
    '',
    'Not flagged: hosts that can only reach accepted domains, and a path another error explains.',
  ].join('\n'),
  bad: '{ "name": "From Edge (Externally Secured)", "server": "MBX01", "transportRole": "FrontendTransport", "bindings": ["0.0.0.0:25"],\n  "remoteIPRanges": ["10.0.0.0/8"], "authMechanism": ["Tls", "ExternalAuthoritative"], "permissionGroups": ["ExchangeServers"] }',
  good: '{ "name": "From Edge (Externally Secured)", "server": "MBX01", "transportRole": "FrontendTransport", "bindings": ["0.0.0.0:25"],\n  "remoteIPRanges": ["10.1.1.2"], "authMechanism": ["Tls", "ExternalAuthoritative"], "permissionGroups": ["ExchangeServers"] }',
  sources:
    '[EX:mail-flow/connectors/receive-connectors.md] (Externally secured; permission groups; Accept-Any-Recipient is relaying); mail-flow-facts.md.',
  check(context) {
    const { index } = context;
    const byConnector = oncePerTarget(
      unmetOf(index, 'internal-relay'),
      (u) => relayConnector(u)?.view.node,
    );
    for (const [, unmets] of byConnector) {
      const unmet = unmets[0];
      const connector = unmet && relayConnector(unmet);
      if (!unmet || !connector || !unmet.path.origin) continue;
      if (context.rootCauseIn(involvedNodes(index, unmet.path))) continue;
      const hosts = [
        ...new Set(unmets.flatMap((u) => (u.path.origin ? [u.path.origin.range.text.trim()] : []))),
      ];
      const examples = [
        ...new Set(
          unmets.flatMap((u) => (u.path.origin ? [displayAddress(u.path.origin.source)] : [])),
        ),
      ];
      const declared = declaredServersIn(index, connector);
      const ranges = connector.view.valueNode('remoteIPRanges');
      context.report({
        target:
          ranges ??
          connector.view.valueNode('authMechanism') ??
          connector.name?.node ??
          connector.view.node,
        message: `${pointLabel(unmet.path.origin.point)} lets internal hosts relay: hosts in ${hosts.join(', ')} that are no declared server (for example ${examples.slice(0, 3).join(', ')}) are received as ${firstSession(unmet.path)}, which grants ms-Exch-SMTP-Accept-Any-Recipient, so a message for ${unmet.cell.recipient.address} is accepted and ${lastLeg(index, unmet.path)}. ${declared.length > 0 ? `If only the declared servers (${declared.join(', ')}) should use it, restrict the remote IP ranges to them; if` : 'If'} application hosts must relay, list only their addresses beside those of the servers the connector is for.`,
        fixes: () => restrictedToDeclared(index, context.text, connector),
      });
    }
  },
};
