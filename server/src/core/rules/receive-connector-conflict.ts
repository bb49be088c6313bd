import type { Fix } from '../findings';
import { fix, setProperty } from '../fix/edits';
import {
  conflictBetween,
  conflictCount,
  shapesOn,
  type Conflict,
  type ConnectorShape,
  type TransportRole,
} from '../model/receiveConnectorFacts';
import type { ReceiveConnector, Server } from '../model/topology';
import type { Rule, RuleContext } from './rule';

function describe(shape: ConnectorShape): string {
  if (shape.connector) return `'${shape.name}'`;
  return `the built-in '${shape.name}' (${shape.role === 'Edge' ? '' : `${shape.role}, `}${shape.bindings.map((b) => b.text).join(' and ')})`;
}

export const receiveConnectorConflict: Rule = {
  code: 'receive-connector-conflict',
  severity: 'error',
  summary:
    'Two receive connectors on one server overlap in bindings and remote IP ranges, or in bindings across transport services.',
  description: [
    'Exchange picks the receive connector for a session from the local IP:port and the remote address, so',
    'New-/Set-ReceiveConnector refuse a connector that makes the choice ambiguous. Compared with every other',
    'connector on the same server, including the built-in ones the topology does not declare (an Edge',
    'without a `default: true` connector still has `Default internal receive connector <EDGE>` on 0.0.0.0:25;',
    'every Mailbox server has Default Frontend :25, Client Frontend :587 and Outbound Proxy Frontend :717 in',
    'the Front End Transport service, Default :2525 and Client Proxy :465 in the Transport service):',
    '',
    '- bindings overlap when they are the same IP:port, or share family and port with `0.0.0.0` / `[::]` on',
    '  either side. Overlapping bindings in a different transport service (`transportRole`, HubTransport',
    '  when left out) are refused: a custom port-25 connector on a Mailbox server must be FrontendTransport;',
    '- on the same IP:port, remote ranges that are equal or partly overlap are refused;',
    '- overlapping only through a wildcard, only partly overlapping ranges are refused;',
    '- a range fully inside another is always accepted (the most specific connector wins).',
    '',
    'A connector without `bindings` counts as 0.0.0.0:25 (0.0.0.0:587 for usage Client), one without',
    '`remoteIPRanges` as all of IPv4. A declared connector named like a built-in one is that connector; a',
    'Mailbox connector with `default: true` (an Edge notion) is not compared. Like Exchange, the rule decides',
    '"same IP:port" from the first overlapping pair of bindings it meets, in the order they are listed, with',
    'either connector as the one being saved (a re-run of the script saves the earlier one again).',
  ].join('\n'),
  bad: '{ "name": "From Edge", "server": "MBX01", "usage": "Custom", "bindings": ["0.0.0.0:25"], "remoteIPRanges": ["10.0.0.5"] }',
  good: '{ "name": "From Edge", "server": "MBX01", "transportRole": "FrontendTransport", "usage": "Custom", "bindings": ["0.0.0.0:25"], "remoteIPRanges": ["10.0.0.5"] }',
  sources:
    'RC-01, RC-01b; [PS:New-ReceiveConnector] Bindings, RemoteIPRanges; [EX:mail-flow/connectors/receive-connectors.md]; [EX:mail-flow/connectors/custom-receive-connectors.md]; [CODE:MAP]; [RES-MGMT:ReceiveConnectorMappingConflict], [RES-MGMT:ReceiveConnectorRoleConflict]; research §3.',
  check(context) {
    for (const server of context.topology.servers) {
      // Connectors are indexed under the first server of a name; skip the duplicates.
      if (!server.name || context.index.server(server.name.value) !== server) continue;
      // Only built-in connectors, which listen on distinct ports: nothing to compare.
      if (context.index.receiveConnectorsOn(server).length === 0) continue;
      const shapes = shapesOn(context.index, server);
      for (let j = 0; j < shapes.length; j++) {
        for (let i = 0; i < j; i++) {
          const later = shapes[j];
          const earlier = shapes[i];
          const conflict = later && earlier && conflictBetween(later, earlier);
          if (conflict && later && earlier) report(context, server, later, earlier, conflict);
        }
      }
    }
  },
};

function report(
  context: RuleContext,
  server: Server,
  later: ConnectorShape,
  earlier: ConnectorShape,
  conflict: Conflict,
): void {
  const connector = later.connector;
  if (!connector) return;
  const serverName = server.name?.value ?? '';
  const other = describe(earlier);
  const target = conflict.binding.node ?? connector.name?.node ?? connector.view.node;
  const related = earlier.connector
    ? {
        target:
          conflict.otherBinding.node ?? earlier.connector.name?.node ?? earlier.connector.view.node,
        message: `'${earlier.name}'`,
      }
    : {
        target: server.name?.node ?? server.view.node,
        message: `${serverName} has the built-in '${earlier.name}'`,
      };
  const me = conflict.binding.node
    ? `'${later.name}'`
    : `'${later.name}' (no bindings, so ${conflict.binding.text})`;
  if (conflict.kind === 'role') {
    const implicit = connector.view.has('transportRole') ? '' : ' (the default)';
    const advice = earlier.connector
      ? 'Run both in the same service (transportRole), or listen on another IP:port.'
      : // A role conflict is between the two transport services of a Mailbox server.
        conflictsIn(context, server, connector, earlier.role as TransportRole)
        ? `Listen on another IP:port: in ${earlier.role} its remote IP ranges would be refused beside ${other}.`
        : `Set transportRole to ${earlier.role}, or listen on another IP:port.`;
    context.report({
      target,
      related: [related],
      message: `${me} runs in ${later.role}${implicit} and listens on ${conflict.binding.text}, which overlaps ${other} on ${conflict.otherBinding.text} in ${earlier.role}: Exchange refuses overlapping bindings in different transport services. ${advice}`,
      fixes: () => roleFix(context, server, later, earlier),
    });
    return;
  }
  const [mine, theirs] = conflict.ranges ?? [];
  const how = conflict.relation === 'equal' ? 'are the same' : 'partly overlap';
  const sharing = conflict.exact
    ? `both listen on ${conflict.binding.text}`
    : `overlap through a wildcard (${conflict.binding.text} and ${conflict.otherBinding.text})`;
  context.report({
    target,
    related: [related],
    message: `${me} and ${other} ${sharing}, and their remote IP ranges ${mine?.text ?? ''} and ${theirs?.text ?? ''} ${how}: Exchange refuses this, as it could not tell which connector a sender reaches. Make one range contain the other or make them disjoint, or listen on another IP:port.`,
  });
}

/** Whether `connector`, moved to the transport service `role`, would still conflict on `server`. */
function conflictsIn(
  context: RuleContext,
  server: Server,
  connector: ReceiveConnector,
  role: TransportRole,
): boolean {
  return conflictCount(shapesOn(context.index, server, { connector, role }), connector) > 0;
}

/** Moves the HubTransport connector of the pair to FrontendTransport, when that leaves it with no conflict. */
function roleFix(
  context: RuleContext,
  server: Server,
  later: ConnectorShape,
  earlier: ConnectorShape,
): Fix[] {
  if (server.role?.value !== 'Mailbox') return [];
  const hub = later.role === 'HubTransport' ? later : earlier;
  const front = hub === later ? earlier : later;
  const connector = hub.connector;
  if (!connector || hub.role !== 'HubTransport' || front.role !== 'FrontendTransport') return [];
  if (conflictsIn(context, server, connector, 'FrontendTransport')) return [];
  const path = [...connector.view.path, 'transportRole'];
  const title = `Set transportRole of '${hub.name}' to FrontendTransport`;
  return [fix(title, setProperty(context.text, path, 'FrontendTransport'), true)];
}
