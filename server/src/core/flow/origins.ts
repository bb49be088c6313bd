import type { RangeEntry } from '../model/bindings';
import { parseAddress, type Address, type Family, type IpRange } from '../model/network';
import type { Server } from '../model/topology';
import type { TopologyIndex } from '../model/topologyIndex';
import { newMap } from './memo';
import {
  boundsAtOrBelow,
  listenersAt,
  receivePointsOn,
  receptionAt,
  type Endpoint,
  type ReceivePoint,
} from './receivers';

/**
 * Where hosts that are no declared server can connect, and as whom they are
 * received. An internet host reaches the addresses of each Edge's `internet`
 * adapters; an internal host reaches the Edges' `internal` adapters and the
 * Mailbox servers. Either may have any address outside the declared servers
 * (the topology does not say which addresses the internet or the internal
 * network hold), so for each receive connector and remote range that can take
 * such a host, one address stands for all of them: a witness that the range
 * holds, that no narrower range takes and that no declared server has.
 */
export type Side = 'internet' | 'internal';

export interface Origin {
  readonly to: Server;
  readonly endpoint: Endpoint;
  /** The witness: an address of the hosts this origin stands for. */
  readonly source: Address;
  readonly point: ReceivePoint;
  /** The remote range of `point` that takes them. */
  readonly range: RangeEntry;
  /** The connector most hosts reach on port 25 of that address: where an MX delivers. */
  readonly typical: boolean;
}

/** Documentation and private addresses, preferred as witnesses because they read as what they are. */
const PREFERRED: Record<Side, readonly string[]> = {
  internet: ['203.0.113.1', '198.51.100.1', '192.0.2.1', '2001:db8::1'],
  internal: ['10.0.0.1', '172.16.0.1', '192.168.0.1', 'fd00::1'],
};

const ORIGINS = { internet: {}, internal: {} };
const MX_ORIGINS = {};
const RELAY_ORIGINS = { internet: {}, internal: {} };

/** Every origin of one side (for a trace), computed once per analysis. */
export function originsOf(index: TopologyIndex, side: Side): readonly Origin[] {
  return index.memo(ORIGINS[side], () => computeOrigins(index, side, () => true));
}

/** Where an MX delivers: the typical origins of the internet side (port 25 of each internet address). */
export function mxOrigins(index: TopologyIndex): readonly Origin[] {
  return index.memo(MX_ORIGINS, () =>
    computeOrigins(index, 'internet', () => true, 25).filter((o) => o.typical),
  );
}

/**
 * The origins whose connector may let the host relay: one that grants a
 * session of such a host ms-Exch-SMTP-Accept-Any-Recipient. The design rules
 * look for relays only there, rather than at every connector of every server.
 */
export function relayOrigins(
  index: TopologyIndex,
  side: Side,
  mayRelay: (point: ReceivePoint) => boolean,
): readonly Origin[] {
  return index.memo(RELAY_ORIGINS[side], () => computeOrigins(index, side, mayRelay));
}

/**
 * The origins at connectors that `wanted` accepts. `wanted` judges a built-in
 * connector by its kind alone (mayRelay does: the built-in connectors of one
 * kind are configured alike on every server), so a server that declares no
 * receive connector is judged by the first of its role met: the points of the
 * other thousand Mailbox servers of a large design are never made.
 */
function computeOrigins(
  index: TopologyIndex,
  side: Side,
  wanted: (point: ReceivePoint) => boolean,
  onlyPort?: number,
): Origin[] {
  const declared = declaredAddresses(index);
  const preferred = PREFERRED[side].flatMap((text) => parseAddress(text) ?? []);
  const origins: Origin[] = [];
  const wantedByRole = new Map<string | undefined, boolean>();
  const wants = (server: Server): boolean => {
    if (index.receiveConnectorsOn(server).length > 0 || !server.name?.value)
      return receivePointsOn(index, server).some(wanted);
    const role = server.role?.value;
    let any = wantedByRole.get(role);
    if (any === undefined)
      wantedByRole.set(role, (any = receivePointsOn(index, server).some(wanted)));
    return any;
  };
  // Only Edges have internet adapters (reachableAddresses).
  for (const server of side === 'internet' ? index.edges : index.topology.servers) {
    const addresses = reachableAddresses(index, server, side);
    if (addresses.length === 0 || !wants(server)) continue;
    for (const address of addresses) {
      for (const port of listeningPorts(index, server, address)) {
        if (onlyPort !== undefined && port !== onlyPort) continue;
        const endpoint = { address, port };
        origins.push(...originsAt(index, server, endpoint, declared, preferred, wanted));
      }
    }
  }
  return origins;
}

const REACHABLE = { internet: {}, internal: {} };

/** The addresses of `server` that hosts on `side` reach, once per server, side and analysis. */
function reachableAddresses(index: TopologyIndex, server: Server, side: Side): readonly Address[] {
  const byServer = index.memo(REACHABLE[side], newMap<Server, readonly Address[]>);
  let addresses = byServer.get(server);
  if (!addresses) byServer.set(server, (addresses = findReachableAddresses(index, server, side)));
  return addresses;
}

function findReachableAddresses(
  index: TopologyIndex,
  server: Server,
  side: Side,
): readonly Address[] {
  if (index.isEdge(server)) {
    return server.adapters
      .filter((a) => a.network?.value === side)
      .flatMap((a) => a.ipAddresses.flatMap((ip) => parseAddress(ip.value) ?? []));
  }
  return side === 'internal' && index.isMailbox(server) ? index.addressesOf(server) : [];
}

/** The ports on which some connector of `server` listens at `address` (itself or through a wildcard). */
export function listeningPorts(index: TopologyIndex, server: Server, address: Address): number[] {
  const ports = new Set<number>();
  for (const point of receivePointsOn(index, server)) {
    for (const { binding } of point.bindings) {
      if (binding.address.family !== address.family) continue;
      if (binding.wildcard || binding.address.value === address.value) ports.add(binding.port);
    }
  }
  return [...ports].sort((a, b) => a - b);
}

function originsAt(
  index: TopologyIndex,
  server: Server,
  endpoint: Endpoint,
  declared: Record<Family, bigint[]>,
  preferred: readonly Address[],
  wanted: (point: ReceivePoint) => boolean,
): Origin[] {
  const listening = listenersAt(index, server, endpoint);
  if (!listening.some(({ point }) => wanted(point))) return [];
  const ranges = listening.flatMap(({ point }) =>
    point.ranges
      .filter((r) => r.range.family === endpoint.address.family)
      .map((range) => ({ point, range })),
  );
  const origins: Origin[] = [];
  for (const { point, range } of ranges) {
    if (!wanted(point)) continue;
    const size = range.range.end - range.range.start;
    const narrower = ranges
      .map((r) => r.range.range)
      .filter(
        (r) => r.end - r.start < size && r.start <= range.range.end && r.end >= range.range.start,
      );
    const witness = witnessIn(range.range, narrower, declared[range.range.family], preferred);
    if (witness === undefined) continue;
    const source = addressOf(range.range.family, witness);
    const reception = receptionAt(index, server, endpoint, source);
    // A tie with an equally specific range elsewhere: the other connector takes these hosts.
    if (reception?.point !== point || reception.range !== range) continue;
    if (origins.some((o) => o.point === point && o.range === range)) continue;
    origins.push({ to: server, endpoint, source, point, range, typical: false });
  }
  if (endpoint.port !== 25 || origins.length === 0) return origins;
  // Most hosts land in the widest range: that is where the internet's mail for an MX arrives.
  let widest = origins[0] as Origin;
  for (const origin of origins)
    if (
      origin.range.range.end - origin.range.range.start >
      widest.range.range.end - widest.range.range.start
    )
      widest = origin;
  return origins.map((o) => (o === widest ? { ...o, typical: true } : o));
}

/** An address of `range` outside the narrower ranges and the declared addresses, or undefined. */
function witnessIn(
  range: IpRange,
  narrower: readonly IpRange[],
  declared: readonly bigint[],
  preferred: readonly Address[],
): bigint | undefined {
  const free = (value: bigint) =>
    !narrower.some((r) => r.start <= value && value <= r.end) && !holds(declared, value);
  for (const address of preferred) {
    if (
      address.family === range.family &&
      range.start <= address.value &&
      address.value <= range.end &&
      free(address.value)
    )
      return address.value;
  }
  // The first free address after the range's first (a network's own address reads oddly).
  const holes = [
    ...narrower,
    ...declared
      .filter((v) => range.start <= v && v <= range.end)
      .map((v) => ({ start: v, end: v })),
  ].sort((a, b) => (a.start < b.start ? -1 : a.start > b.start ? 1 : 0));
  let candidate = range.end > range.start ? range.start + 1n : range.start;
  for (const hole of holes) {
    if (hole.start > candidate) break;
    if (hole.end >= candidate) candidate = hole.end + 1n;
  }
  return candidate <= range.end ? candidate : undefined;
}

/** Whether sorted `values` hold `value`. */
function holds(values: readonly bigint[], value: bigint): boolean {
  const after = boundsAtOrBelow(values, value);
  return after > 0 && values[after - 1] === value;
}

const DECLARED = {};

/** Every declared server's addresses per family, sorted. */
function declaredAddresses(index: TopologyIndex): Record<Family, bigint[]> {
  return index.memo(DECLARED, () => {
    const result: Record<Family, bigint[]> = { 4: [], 6: [] };
    for (const server of index.topology.servers)
      for (const address of index.addressesOf(server)) result[address.family].push(address.value);
    for (const values of Object.values(result)) values.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    return result;
  });
}

/** Whether `address` is one of a declared server's. */
export function isDeclaredAddress(index: TopologyIndex, address: Address): boolean {
  return holds(declaredAddresses(index)[address.family], address.value);
}

function addressOf(family: Family, value: bigint): Address {
  if (family === 4) {
    const parts = [24n, 16n, 8n, 0n].map((shift) => ((value >> shift) & 255n).toString());
    return { family, value, canonical: parts.join('.') };
  }
  const groups: string[] = [];
  for (let shift = 112n; shift >= 0n; shift -= 16n)
    groups.push(((value >> shift) & 0xffffn).toString(16));
  const text = groups.join(':');
  return parseAddress(text) ?? { family, value, canonical: text };
}

/**
 * The origins of one host at `address` (`edgeflow trace --from <ip>`): where
 * it connects on `side`, and which connector takes it there. Port 25 is
 * where it delivers mail; the other ports count for relaying.
 */
export function hostOriginsFrom(index: TopologyIndex, side: Side, address: Address): Origin[] {
  const origins: Origin[] = [];
  for (const server of index.topology.servers) {
    for (const local of reachableAddresses(index, server, side)) {
      if (local.family !== address.family) continue;
      for (const port of listeningPorts(index, server, local)) {
        const endpoint = { address: local, port };
        const reception = receptionAt(index, server, endpoint, address);
        if (!reception) continue;
        origins.push({
          to: server,
          endpoint,
          source: address,
          point: reception.point,
          range: reception.range,
          typical: port === 25,
        });
      }
    }
  }
  return origins;
}
