import type { Fix, TextEdit } from '../findings';
import { sequentialEdits } from '../fix/sequentialEdits';
import { fix, replaceArray, setProperty } from '../fix/edits';
import { parseAddress, rangeContainsAddress } from '../model/network';
import { effectivePermissionGroups } from '../model/receiveConnectorFacts';
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

/**
 * The addresses (as written) that declared servers send from and that the
 * connector's remote ranges hold: a Mailbox server's, an Edge's internal
 * adapters' (an Edge reaches the organization from inside).
 */
export function declaredServersIn(index: TopologyIndex, connector: ReceiveConnector): string[] {
  const result: string[] = [];
  const ranges = index.rangeEntriesOf(connector);
  for (const server of index.topology.servers) {
    const sending = index.isEdge(server)
      ? server.adapters.filter((a) => a.network?.value === 'internal').flatMap((a) => a.ipAddresses)
      : server.ipAddresses;
    for (const ip of sending) {
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

/**
 * Removes ExternalAuthoritative. On a connector that receives the internet,
 * the hosts are then anonymous, so AnonymousUsers is added where the permission
 * groups lack it: otherwise inbound mail would be refused (no ms-Exch-SMTP-Submit).
 */
export function withoutExternalAuthoritative(
  text: string,
  connector: ReceiveConnector,
  receivesInternet: boolean,
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
  // The first step edits the original text, where the declared nodes are.
  const first: TextEdit[] = [replaceArray(node, rest.length > 0 ? rest : ['Tls'])];
  const steps: ((current: string) => TextEdit[])[] = [() => first];
  const groups = effectivePermissionGroups(connector, 'Edge');
  let title = 'Remove ExternalAuthoritative from authMechanism';
  if (receivesInternet && groups && !groups.includes('AnonymousUsers')) {
    const kept = groups.filter((g) => g !== 'None' && g !== 'Custom');
    const declared = connector.view.valueNode('permissionGroups');
    const groupsAfter = [...kept, 'AnonymousUsers'];
    // A declared array is replaced in the same first step (its node's offsets
    // belong to the original text); a missing one is inserted afterwards.
    if (declared?.type === 'array') first.push(replaceArray(declared, groupsAfter));
    else
      steps.push((t) => setProperty(t, [...connector.view.path, 'permissionGroups'], groupsAfter));
    title += ' and receive the internet as AnonymousUsers';
  }
  return [fix(title, sequentialEdits(text, steps), receivesInternet)];
}

export function restrictedToDeclared(
  index: TopologyIndex,
  text: string,
  connector: ReceiveConnector,
): Fix[] {
  const servers = declaredServersIn(index, connector);
  if (servers.length === 0) return [];
  // An array keeps its place and layout; a missing property is added.
  const declared = connector.view.valueNode('remoteIPRanges');
  return [
    fix(
      `Restrict the remote IP ranges to the declared servers (${servers.join(', ')})`,
      declared?.type === 'array'
        ? [replaceArray(declared, servers)]
        : setProperty(text, [...connector.view.path, 'remoteIPRanges'], servers),
    ),
  ];
}
