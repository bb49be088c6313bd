import type { Fix } from '../findings';
import { fix, setProperty } from '../fix/edits';
import { parseAddress, rangeContainsAddress } from '../model/network';
import { replaceArray } from '../model/receiveConnectorFacts';
import type { ReceiveConnector } from '../model/topology';
import type { TopologyIndex } from '../model/topologyIndex';
import type { Unmet } from './unmet';

/**
 * What open-relay and internal-relay share: the receive connector a relaying
 * host connects to, and the repairs (stop treating the link as Externally
 * Secured; accept only the declared servers the connector is for).
 */
export function relayConnector(unmet: Unmet): ReceiveConnector | undefined {
  return unmet.path.origin?.point.connector;
}

/** The declared servers' addresses (as written) that the connector's remote ranges hold. */
export function declaredServersIn(index: TopologyIndex, connector: ReceiveConnector): string[] {
  const result: string[] = [];
  const ranges = index.rangeEntriesOf(connector);
  for (const server of index.topology.servers) {
    for (const ip of server.ipAddresses) {
      const address = parseAddress(ip.value);
      if (!address) continue;
      if (
        ranges.some((r) => rangeContainsAddress(r.range, address)) &&
        !result.includes(ip.value.trim())
      )
        result.push(ip.value.trim());
    }
  }
  return result;
}

export function withoutExternalAuthoritative(
  connector: ReceiveConnector,
  preferred: boolean,
): Fix[] {
  const node = connector.view.valueNode('authMechanism');
  if (
    node?.type !== 'array' ||
    !connector.authMechanism.some((m) => m.value === 'ExternalAuthoritative')
  )
    return [];
  const rest = connector.authMechanism
    .map((m) => m.value)
    .filter((m) => m !== 'ExternalAuthoritative');
  return [
    fix(
      'Remove ExternalAuthoritative from authMechanism',
      [replaceArray(node, rest.length > 0 ? rest : ['Tls'])],
      preferred,
    ),
  ];
}

export function restrictedToDeclared(
  index: TopologyIndex,
  text: string,
  connector: ReceiveConnector,
): Fix[] {
  const servers = declaredServersIn(index, connector);
  if (servers.length === 0) return [];
  return [
    fix(
      `Restrict the remote IP ranges to the declared servers (${servers.join(', ')})`,
      setProperty(text, [...connector.view.path, 'remoteIPRanges'], servers),
    ),
  ];
}
