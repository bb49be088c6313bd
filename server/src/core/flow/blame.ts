import type { Node } from 'jsonc-parser';
import { parseAddressSpace } from '../model/addressSpace';
import type { Spanned } from '../model/objectView';
import type { Credential, ReceiveConnector, SendConnector, Server } from '../model/topology';
import type { TopologyIndex } from '../model/topologyIndex';
import type { Origin } from './origins';
import type { MailPath, Stop } from './paths';
import type { ReceivePoint } from './receivers';
import { formatEndpoint, displayAddress } from './receivers';
import { describeAuthentication } from './session';

/**
 * Words and places the design rules share: how a path names servers and
 * connectors in a message, and which objects of the topology a failing path
 * involves (a finding of another rule inside them is the root cause).
 */
export function serverName(server: Server | undefined): string {
  return server?.name?.value ?? 'the server';
}

export function sendLabel(index: TopologyIndex, connector: SendConnector): string {
  const name = `'${connector.name?.value ?? 'the send connector'}'`;
  const edge = index.edgeOf(connector);
  return edge ? `${name} on ${serverName(edge)}` : name;
}

export function pointLabel(point: ReceivePoint): string {
  return point.connector
    ? `'${point.name}' on ${serverName(point.server)}`
    : `the built-in '${point.name}'`;
}

/** "hosts in 0.0.0.0/0 other than the declared servers (for example 203.0.113.1) connecting to 10.1.1.1:25". */
export function originHosts(origin: Origin): string {
  return `hosts in ${origin.range.text.trim()} other than the declared servers (for example ${displayAddress(origin.source)}) connecting to ${formatEndpoint(origin.endpoint)}`;
}

/** The stops that leave a server, with their route. */
export function departures(
  path: MailPath,
): (Stop & { readonly departure: NonNullable<Stop['departure']> })[] {
  return path.stops.filter(
    (s): s is Stop & { departure: NonNullable<Stop['departure']> } => s.departure !== undefined,
  );
}

/** How the message leaves the design at the end of a path: "'To Internet' on EDGE01 sends it to the internet". */
export function lastLeg(index: TopologyIndex, path: MailPath): string {
  const last = departures(path).pop();
  if (!last) return 'it goes on';
  const via = sendLabel(index, last.departure.route.connector);
  if (path.verdict.kind === 'smart-host') return `${via} hands it to ${path.verdict.host}`;
  return `${via} sends it to the internet`;
}

/** The session of the first hop, in words: "anonymous" or "Externally Secured (ExternalAuthoritative)". */
export function firstSession(path: MailPath): string {
  const session = path.stops[0]?.hop?.session;
  return session ? describeAuthentication(session.authentication) : 'unknown';
}

/** Every declared connector and credential a path goes through. */
export function involvedNodes(index: TopologyIndex, path: MailPath): Node[] {
  const nodes = new Set<Node>();
  for (const stop of path.stops) {
    const hop = stop.hop;
    // The servers' addresses decide which connector takes a connection and from where.
    for (const server of [stop.server, hop?.from]) {
      for (const ip of server?.ipAddresses ?? []) nodes.add(ip.node);
    }
    if (hop?.connector) nodes.add(hop.connector.view.node);
    const received = hop?.reception?.point.connector;
    if (received) nodes.add(received.view.node);
    const reference = hop?.connector?.authenticationCredential;
    const credential = reference && index.credential(reference.value);
    if (credential) nodes.add(credential.view.node);
    if (stop.departure) nodes.add(stop.departure.route.connector.view.node);
  }
  return [...nodes];
}

/** The remote range entry of a connector written as `text`. */
export function rangeNode(connector: ReceiveConnector, text: string): Spanned<string> | undefined {
  return connector.remoteIPRanges.find((r) => r.value === text);
}

/** The credential a send connector logs on with. */
export function credentialOf(
  index: TopologyIndex,
  connector: SendConnector | undefined,
): Credential | undefined {
  const reference = connector?.authenticationCredential;
  return reference ? index.credential(reference.value) : undefined;
}

/** Each finding once per target: the first path found gives its words. */
export function oncePerTarget<T>(
  items: readonly T[],
  targetOf: (item: T) => Node | undefined,
): Map<Node, T[]> {
  const byTarget = new Map<Node, T[]>();
  for (const item of items) {
    const target = targetOf(item);
    if (!target) continue;
    const list = byTarget.get(target);
    if (list) list.push(item);
    else byTarget.set(target, [item]);
  }
  return byTarget;
}

/**
 * How a connector's `*` compares with the other `*` connectors of its server
 * (connector-selection.md: equal specificity, then the lowest cost, then the
 * name): "ties with 'To Internet' on EDGE01 and wins by name", "has a lower
 * cost than …". Undefined when it has no `*` or no rival.
 */
export function wildcardContest(
  index: TopologyIndex,
  server: Server,
  connector: SendConnector,
  wins: boolean,
): string | undefined {
  const own = wildcardCost(connector);
  if (own === undefined) return undefined;
  for (const rival of index.sendConnectorsOn(server)) {
    if (rival === connector || rival.view.boolean('enabled')?.value === false) continue;
    const cost = wildcardCost(rival);
    if (cost === undefined) continue;
    const name = sendLabel(index, rival);
    if (cost === own) return `ties with ${name} and ${wins ? 'wins' : 'loses'} by name`;
    if (wins === own < cost)
      return `has a ${wins ? 'lower' : 'higher'} cost than ${name} (${own} against ${cost})`;
  }
  return undefined;
}

function wildcardCost(connector: SendConnector): number | undefined {
  let best: number | undefined;
  for (const space of connector.addressSpaces) {
    const parts = parseAddressSpace(space.value.trim());
    if (parts.address.trim() !== '*') continue;
    const cost = parts.costText === undefined ? 1 : parts.cost;
    if (cost !== undefined && (best === undefined || cost < best)) best = cost;
  }
  return best;
}
