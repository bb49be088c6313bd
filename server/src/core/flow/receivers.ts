import { newMap } from './memo';
import ipaddr from 'ipaddr.js';
import { parsedBinding, type BindingEntry, type RangeEntry } from '../model/bindings';
import { listensOn, type Endpoint } from '../model/mailPath';
import {
  BUILT_IN_RECEIVE_CONNECTORS,
  builtInReceiveConnectorsOf,
  type BuiltInReceiveConnector,
} from '../model/builtInReceiveConnectors';
import {
  ALL_IPV4,
  rangeContainsAddress,
  type Address,
  type Family,
  type IpRange,
} from '../model/network';
import { effectiveAuthMechanisms, effectivePermissionGroups } from '../model/receiveConnectorFacts';
import type { AuthMechanism, PermissionGroup, ReceiveConnector, Server } from '../model/topology';
import { nameKey, type TopologyIndex } from '../model/topologyIndex';

/**
 * The receive connectors of a server as the mail-flow model meets them: the
 * declared ones and the built-in ones the topology leaves alone, each with
 * what it listens on, whom it accepts, how it authenticates and which
 * permission groups it has. Which one takes a connection follows
 * receive-connectors.md, "Receive connector remote addresses": among the
 * connectors listening on the local address and port, the one whose remote
 * IP range matches the sender most specifically.
 */
export type { Endpoint };

export interface ReceivePoint {
  readonly server: Server;
  /** As written, or the built-in connector's name. */
  readonly name: string;
  /** Undefined for a built-in connector the topology does not declare. */
  readonly connector?: ReceiveConnector;
  readonly builtIn?: BuiltInReceiveConnector;
  readonly bindings: readonly BindingEntry[];
  readonly ranges: readonly RangeEntry[];
  /** Undefined when a value is not one Exchange knows (the schema rule reports it). */
  readonly authMechanisms: readonly AuthMechanism[] | undefined;
  readonly permissionGroups: readonly PermissionGroup[] | undefined;
  readonly requireTLS: boolean;
}

export interface Reception {
  readonly point: ReceivePoint;
  /** The remote range that selected it: the narrowest one holding the source. */
  readonly range: RangeEntry;
  /** Whether it listens on the endpoint's own address (not through 0.0.0.0 or [::]). */
  readonly exact: boolean;
}

const ALL_IPV6: IpRange = { family: 6, start: 0n, end: (1n << 128n) - 1n };
const ALL_RANGES: readonly RangeEntry[] = [
  { range: ALL_IPV4, text: '0.0.0.0-255.255.255.255' },
  { range: ALL_IPV6, text: '::-ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff' },
];

const IPV4_RANGES = ALL_RANGES.slice(0, 1);

const POINTS = {};

/** Every connector that listens on `server`, built-in ones first (they exist before anything is created). */
export function receivePointsOn(index: TopologyIndex, server: Server): readonly ReceivePoint[] {
  const byServer = index.memo(POINTS, newMap<Server, readonly ReceivePoint[]>);
  let points = byServer.get(server);
  if (!points) byServer.set(server, (points = computePoints(index, server)));
  return points;
}

const NO_NAMES: ReadonlySet<string> = new Set();

function computePoints(index: TopologyIndex, server: Server): ReceivePoint[] {
  const role = server.role?.value;
  const serverName = server.name?.value;
  const declared = index.receiveConnectorsOn(server);
  const points: ReceivePoint[] = [];
  const names =
    declared.length === 0
      ? NO_NAMES
      : new Set(declared.flatMap((c) => (c.name ? [nameKey(c.name.value)] : [])));
  const edgeDefaultDeclared = role === 'Edge' && declared.some((c) => c.isDefault);
  if (serverName && !edgeDefaultDeclared) {
    for (const builtIn of builtInReceiveConnectorsOf(role)) {
      // A declared connector of that name is the built-in one, reconfigured.
      if (names.size > 0 && names.has(nameKey(builtIn.name(serverName)))) continue;
      points.push(new BuiltInPoint(server, serverName, builtIn));
    }
  }
  for (const connector of declared) {
    // `default: true` names the Edge's built-in connector; on a Mailbox server it names nothing.
    if (connector.isDefault && role !== 'Edge') continue;
    // A disabled connector does not listen.
    if (connector.view.boolean('enabled')?.value === false) continue;
    points.push({
      server,
      name: connector.name?.value ?? '',
      connector,
      bindings: index.bindingEntriesOf(connector),
      ranges: index.rangeEntriesOf(connector),
      authMechanisms: effectiveAuthMechanisms(connector, role),
      permissionGroups: effectivePermissionGroups(connector, role),
      requireTLS: connector.view.boolean('requireTLS')?.value === true,
    });
  }
  return points;
}

/** The wildcard bindings of each built-in connector, parsed once (every Mailbox server has them). */
const BUILT_IN_BINDINGS = new Map<BuiltInReceiveConnector, readonly BindingEntry[]>();

function builtInBindings(builtIn: BuiltInReceiveConnector): readonly BindingEntry[] {
  let bindings = BUILT_IN_BINDINGS.get(builtIn);
  if (!bindings) {
    const texts = [`0.0.0.0:${builtIn.port}`, ...(builtIn.ipv6 ? [`[::]:${builtIn.port}`] : [])];
    bindings = texts.map((text) => ({ binding: parsedBinding(text), text }));
    BUILT_IN_BINDINGS.set(builtIn, bindings);
  }
  return bindings;
}

/**
 * A built-in connector the topology leaves alone. Every Mailbox server has
 * five, and most are never named (only a trace or a refusal names one), so
 * the name is made when asked for.
 */
class BuiltInPoint implements ReceivePoint {
  readonly connector = undefined;
  readonly bindings: readonly BindingEntry[];
  readonly ranges: readonly RangeEntry[];
  readonly authMechanisms: readonly AuthMechanism[];
  readonly permissionGroups: readonly PermissionGroup[];
  readonly requireTLS = false;

  constructor(
    readonly server: Server,
    private readonly serverName: string,
    readonly builtIn: BuiltInReceiveConnector,
  ) {
    this.bindings = builtInBindings(builtIn);
    this.ranges = builtIn.ipv6 ? ALL_RANGES : IPV4_RANGES;
    this.authMechanisms = builtIn.authMechanisms;
    this.permissionGroups = builtIn.permissionGroups;
  }

  get name(): string {
    return this.builtIn.name(this.serverName);
  }
}

export interface Listening {
  readonly point: ReceivePoint;
  readonly exact: boolean;
  /** What selecting each of its ranges means, built once (receptionAt returns these). */
  readonly receptions: readonly Reception[];
}

const LISTENERS = {};

/**
 * The connectors of `server` that listen on the endpoint, on its address or
 * through a wildcard; computed once per endpoint and analysis.
 */
export function listenersAt(
  index: TopologyIndex,
  server: Server,
  endpoint: Endpoint,
): readonly Listening[] {
  return listenersEntry(index, server, endpoint).listening;
}

/**
 * Which built-in connectors listen on the endpoint, as a bit mask of their
 * places in BUILT_IN_RECEIVE_CONNECTORS; undefined when a declared connector
 * listens there too. Two endpoints with one mask receive alike: built-in
 * connectors of one kind are configured alike on every server (their settings
 * at setup: builtInReceiveConnectors.ts, from receive-connectors.md).
 */
export function builtInMask(
  index: TopologyIndex,
  server: Server,
  endpoint: Endpoint,
): number | undefined {
  if (index.receiveConnectorsOn(server).length === 0) return onlyBuiltInMask(server, endpoint);
  const entry = listenersEntry(index, server, endpoint);
  if (entry.mask === undefined) {
    let mask = 0;
    for (const { point } of entry.listening) {
      if (!point.builtIn) {
        mask = -1;
        break;
      }
      mask |= 1 << BUILT_IN_RECEIVE_CONNECTORS.indexOf(point.builtIn);
    }
    entry.mask = mask;
  }
  return entry.mask < 0 ? undefined : entry.mask;
}

/**
 * builtInMask of a server that declares no receive connector, without making
 * its points: only the built-in connectors of its role listen (computePoints),
 * each on the wildcard address of its port (builtInBindings), and none at all
 * on a server without a name.
 */
function onlyBuiltInMask(server: Server, endpoint: Endpoint): number {
  if (!server.name?.value) return 0;
  let mask = 0;
  for (const builtIn of builtInReceiveConnectorsOf(server.role?.value)) {
    if (builtIn.port !== endpoint.port || (endpoint.address.family === 6 && !builtIn.ipv6))
      continue;
    mask |= 1 << BUILT_IN_RECEIVE_CONNECTORS.indexOf(builtIn);
  }
  return mask;
}

interface ListenersAt {
  readonly address: Address;
  readonly port: number;
  readonly listening: readonly Listening[];
  /** builtInMask's answer, -1 for undefined, once asked. */
  mask?: number;
}

function listenersEntry(index: TopologyIndex, server: Server, endpoint: Endpoint): ListenersAt {
  // Per server a short list (a server has few endpoints): cheaper to keep than maps.
  const byServer = index.memo(LISTENERS, newMap<Server, ListenersAt[]>);
  let known = byServer.get(server);
  if (!known) byServer.set(server, (known = []));
  for (const entry of known)
    if (entry.address === endpoint.address && entry.port === endpoint.port) return entry;
  const entry = {
    address: endpoint.address,
    port: endpoint.port,
    listening: findListeners(index, server, endpoint),
  };
  known.push(entry);
  return entry;
}

function findListeners(index: TopologyIndex, server: Server, endpoint: Endpoint): Listening[] {
  const result: Listening[] = [];
  for (const point of receivePointsOn(index, server)) {
    const listening = listensOn(point.bindings, endpoint);
    if (!listening) continue;
    const exact = listening === 'exact';
    result.push({
      point,
      exact,
      receptions: point.ranges.map((range) => ({ point, range, exact })),
    });
  }
  return result;
}

/**
 * The connector that takes a connection from `source` to `endpoint`: the
 * most specific remote range wins (receive-connectors.md). The sources say
 * nothing of equally specific ranges (receive-connector-conflict reports the
 * pairs Exchange refuses); EdgeFlow then prefers a connector bound to the
 * address itself over one bound to a wildcard, then a declared connector
 * over a built-in one. Undefined when no connector accepts the connection.
 */
export function receptionAt(
  index: TopologyIndex,
  server: Server,
  endpoint: Endpoint,
  source: Address,
): Reception | undefined {
  let best: Reception | undefined;
  let bestSize = 0n;
  let bestRank = -1;
  for (const { point, exact, receptions } of listenersAt(index, server, endpoint)) {
    const rank = (exact ? 2 : 0) + (point.connector ? 1 : 0);
    for (const reception of receptions) {
      const range = reception.range.range;
      if (!rangeContainsAddress(range, source)) continue;
      const size = range.end - range.start;
      if (!best || size < bestSize || (size === bestSize && rank > bestRank)) {
        best = reception;
        bestSize = size;
        bestRank = rank;
      }
    }
  }
  return best;
}

const BOUNDS = {};

/**
 * Where the remote ranges of the topology's receive connectors begin and end
 * (the first address after each), sorted, per family. Built-in connectors take
 * the whole family, which tells no two addresses apart.
 */
function rangeBounds(index: TopologyIndex): Record<Family, readonly bigint[]> {
  return index.memo(BOUNDS, () => {
    const bounds: Record<Family, Set<bigint>> = { 4: new Set(), 6: new Set() };
    for (const connector of index.topology.receiveConnectors) {
      for (const { range } of index.rangeEntriesOf(connector)) {
        bounds[range.family].add(range.start);
        bounds[range.family].add(range.end + 1n);
      }
    }
    const sorted = (set: Set<bigint>) => [...set].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    return { 4: sorted(bounds[4]), 6: sorted(bounds[6]) };
  });
}

/** How many of the sorted `bounds` lie at or below `value` (a binary search). */
export function boundsAtOrBelow(bounds: readonly bigint[], value: bigint): number {
  let low = 0;
  let high = bounds.length;
  while (low < high) {
    const middle = (low + high) >> 1;
    if ((bounds[middle] as bigint) <= value) low = middle + 1;
    else high = middle;
  }
  return low;
}

/**
 * The class of one address among those of its family: two addresses of one
 * class are held by the same remote ranges, so receptionAt takes them alike.
 */
export function addressClass(index: TopologyIndex, address: Address): number {
  return boundsAtOrBelow(rangeBounds(index)[address.family], address.value);
}

/** `10.1.1.2:25` or `[fd00::5]:25`. */
export function formatEndpoint(endpoint: Endpoint): string {
  const address = displayAddress(endpoint.address);
  return endpoint.address.family === 6
    ? `[${address}]:${endpoint.port}`
    : `${address}:${endpoint.port}`;
}

/** An address as people write it: IPv6 compressed (`fd00:10::10`). */
export function displayAddress(address: Address): string {
  return address.family === 4 ? address.canonical : ipaddr.IPv6.parse(address.canonical).toString();
}
