import { ANY_25, parsedBinding, type BindingEntry, type RangeEntry } from './bindings';
import { builtInReceiveConnectorsOf } from './builtInReceiveConnectors';
import { AUTH_MECHANISMS, PERMISSION_GROUPS, canonical } from './enums';
import {
  ALL_IPV4,
  compareRanges,
  parseAddress,
  type Address,
  type Binding,
  type Family,
  type IpRange,
} from './network';
import type {
  AuthMechanism,
  Network,
  PermissionGroup,
  ReceiveConnector,
  Role,
  Server,
} from './topology';
import { nameKey, type TopologyIndex } from './topologyIndex';

/**
 * Facts about receive connectors shared by the binding, range, conflict and
 * authentication rules: what Exchange fills in when a value is left out
 * (research RC-05, §3), the built-in connectors every server has (§3), and
 * the binding / remote-range uniqueness check of New- and Set-ReceiveConnector
 * (RC-01, RC-01b).
 */

export function serverOf(index: TopologyIndex, connector: ReceiveConnector): Server | undefined {
  return connector.server && index.server(connector.server.value);
}

export function roleOf(server: Server | undefined): Role | undefined {
  return server?.role?.value;
}

/** The connector's name for messages, as written. */
export function receiveName(connector: ReceiveConnector): string {
  return connector.name ? `'${connector.name.value}'` : 'this receive connector';
}

/** A key under which two spellings of one address are equal (zone ids ignored). */
export function addressKey(address: Address): string {
  return `${address.family}:${address.value.toString(16)}`;
}

/** `10.1.1.2:25` or `[fd00::5]:25`, from an address as written. */
export function formatBinding(address: string, family: Family, port: number): string {
  return family === 6 ? `[${address}]:${port}` : `${address}:${port}`;
}

/**
 * The string elements of an array property when every element is one of
 * `allowed`; undefined when the property is absent, not an array, or holds
 * anything else (the schema rule reports that, and a rule that reasoned on
 * the rest could report a value the user only misspelt).
 */
function knownList<T extends string>(
  connector: ReceiveConnector,
  key: string,
  allowed: readonly T[],
): T[] | undefined {
  const node = connector.view.valueNode(key);
  if (node?.type !== 'array') return undefined;
  const values: T[] = [];
  for (const element of node.children ?? []) {
    const value =
      element.type === 'string' ? canonical(element.value as string, allowed) : undefined;
    if (!value) return undefined;
    if (!values.includes(value)) values.push(value);
  }
  return values;
}

export function declaredAuthMechanisms(connector: ReceiveConnector): AuthMechanism[] | undefined {
  return knownList(connector, 'authMechanism', AUTH_MECHANISMS);
}

export function declaredPermissionGroups(
  connector: ReceiveConnector,
): PermissionGroup[] | undefined {
  return knownList(connector, 'permissionGroups', PERMISSION_GROUPS);
}

/**
 * The permission groups Exchange assigns when `permissionGroups` is left out
 * (RC-05 table; the built-in Edge connector keeps AnonymousUsers,
 * ExchangeServers, Partners, §3.1). Undefined when the server's role is unknown
 * and the usage does not settle it.
 */
export function defaultPermissionGroups(
  connector: ReceiveConnector,
  role: Role | undefined,
): PermissionGroup[] | undefined {
  if (connector.isDefault && role === 'Edge')
    return ['AnonymousUsers', 'ExchangeServers', 'Partners'];
  switch (connector.usage?.value) {
    case 'Internal':
      return role === 'Mailbox'
        ? ['ExchangeServers', 'ExchangeLegacyServers']
        : ['ExchangeServers'];
    case 'Internet':
      return ['AnonymousUsers'];
    case 'Partner':
      return ['Partners'];
    case 'Custom':
      return [];
    case 'Client':
      return ['ExchangeUsers'];
  }
  if (connector.view.has('usage')) return undefined; // a value the schema rule reports
  if (role === 'Edge') return ['AnonymousUsers', 'ExchangeServers', 'Partners'];
  if (role === 'Mailbox') return ['ExchangeUsers', 'ExchangeServers', 'ExchangeLegacyServers'];
  return undefined;
}

/**
 * The authentication mechanisms Exchange assigns when `authMechanism` is left
 * out (RC-05 table; the built-in Edge connector keeps Tls and ExchangeServer,
 * §3.1). Undefined when the role is unknown and the usage does not settle it.
 */
export function defaultAuthMechanisms(
  connector: ReceiveConnector,
  role: Role | undefined,
): AuthMechanism[] | undefined {
  if (connector.isDefault && role === 'Edge') return ['Tls', 'ExchangeServer'];
  switch (connector.usage?.value) {
    case 'Internal':
      return ['Tls', 'ExchangeServer'];
    case 'Internet':
    case 'Partner':
    case 'Custom':
      return ['Tls'];
    case 'Client':
      return ['Tls', 'BasicAuth', 'BasicAuthRequireTLS', 'Integrated'];
  }
  if (connector.view.has('usage')) return undefined; // a value the schema rule reports
  if (role === 'Edge') return ['Tls', 'ExchangeServer'];
  if (role === 'Mailbox')
    return ['Tls', 'Integrated', 'BasicAuth', 'BasicAuthRequireTLS', 'ExchangeServer'];
  return undefined;
}

/** Declared authentication mechanisms, or the usage default; undefined when unknown. */
export function effectiveAuthMechanisms(
  connector: ReceiveConnector,
  role: Role | undefined,
): AuthMechanism[] | undefined {
  if (connector.view.has('authMechanism')) return declaredAuthMechanisms(connector);
  return defaultAuthMechanisms(connector, role);
}

/** Declared permission groups, or the usage default; undefined when unknown. */
export function effectivePermissionGroups(
  connector: ReceiveConnector,
  role: Role | undefined,
): PermissionGroup[] | undefined {
  if (connector.view.has('permissionGroups')) return declaredPermissionGroups(connector);
  return defaultPermissionGroups(connector, role);
}

// ---------------------------------------------------------------- addresses and bindings

export interface LocalAddress {
  readonly address: Address;
  /** As written in the topology. */
  readonly text: string;
  /** The adapter's name (or network), or the Mailbox server's name. */
  readonly label: string;
  readonly network?: Network;
}

/**
 * Whether one of the addresses a server declares is no address
 * (ip-address-syntax): what the server's bindings and ranges are compared
 * with is then incomplete, and a finding drawn from that comparison would
 * repeat that error, so the rules that compare wait until it is corrected.
 */
export function hasMalformedAddress(server: Server): boolean {
  return server.ipAddresses.some((ip) => !parseAddress(ip.value));
}

/** The addresses a server declares: an Edge's adapters, a Mailbox server's `ipAddresses`. */
export function localAddresses(server: Server): LocalAddress[] {
  const result: LocalAddress[] = [];
  if (server.role?.value === 'Edge') {
    for (const adapter of server.adapters) {
      const label = adapter.name?.value ?? adapter.network?.value ?? 'adapter';
      for (const ip of adapter.ipAddresses) {
        const address = parseAddress(ip.value);
        if (address)
          result.push({ address, text: ip.value.trim(), label, network: adapter.network?.value });
      }
    }
    return result;
  }
  for (const ip of server.ipAddresses) {
    const address = parseAddress(ip.value);
    if (address)
      result.push({ address, text: ip.value.trim(), label: server.name?.value ?? 'server' });
  }
  return result;
}

/**
 * The network an Edge connector's own bindings reach: 'internet', 'internal'
 * or 'wildcard'. `local` is `localAddresses(server)`, computed once by the
 * caller for all of a connector's bindings.
 */
export function networkOfBinding(
  local: readonly LocalAddress[],
  binding: Binding,
): Network | 'wildcard' | undefined {
  if (binding.wildcard) return 'wildcard';
  const { family, value } = binding.address;
  return local.find((a) => a.address.family === family && a.address.value === value)?.network;
}

const ANY6_25 = parsedBinding('[::]:25');
const ALL_IPV6: IpRange = { family: 6, start: 0n, end: (1n << 128n) - 1n };

export function sameBinding(a: Binding, b: Binding): boolean {
  return (
    a.port === b.port &&
    a.address.family === b.address.family &&
    a.address.value === b.address.value
  );
}

// ---------------------------------------------------------------- connectors on one server

export type TransportRole = 'FrontendTransport' | 'HubTransport';
export const TRANSPORT_ROLES: readonly TransportRole[] = ['FrontendTransport', 'HubTransport'];

/** One receive connector of a server as the uniqueness check sees it. */
export interface ConnectorShape {
  /** Undefined for a built-in connector the topology does not declare. */
  readonly connector?: ReceiveConnector;
  /** The name as written, or the built-in connector's name. */
  readonly name: string;
  /** 'Edge' for every connector of an Edge: they all run in one transport service. */
  readonly role: TransportRole | 'Edge';
  readonly bindings: readonly BindingEntry[];
  readonly ranges: readonly RangeEntry[];
}

/**
 * A declared Mailbox connector's transport service: `transportRole`, which
 * defaults to HubTransport (research §1.4, code-2013). Undefined when the
 * value is not one Exchange knows.
 */
export function transportRoleOf(connector: ReceiveConnector): TransportRole | undefined {
  const declared = connector.view.valueNode('transportRole');
  if (!declared) return 'HubTransport';
  return declared.type === 'string'
    ? canonical(declared.value as string, TRANSPORT_ROLES)
    : undefined;
}

const ALL_RANGES: readonly RangeEntry[] = [
  { range: ALL_IPV4, text: '0.0.0.0-255.255.255.255' },
  { range: ALL_IPV6, text: '::-ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff' },
];

function builtIn(
  name: string,
  role: TransportRole | 'Edge',
  port: number,
  ipv6 = true,
): ConnectorShape {
  const bindings: BindingEntry[] = [{ binding: { ...ANY_25, port }, text: `0.0.0.0:${port}` }];
  if (ipv6) bindings.push({ binding: { ...ANY6_25, port }, text: `[::]:${port}` });
  return { name, role, bindings, ranges: ipv6 ? ALL_RANGES : ALL_RANGES.slice(0, 1) };
}

/** The built-in receive connectors of a server that the topology does not declare (research §3). */
function builtInConnectors(
  server: Server,
  declared: readonly ReceiveConnector[],
): ConnectorShape[] {
  const serverName = server.name?.value;
  if (!serverName) return [];
  const role = server.role?.value;
  // The Edge's one built-in connector is declared by `default: true`, whatever its name.
  if (role === 'Edge' && declared.some((c) => c.isDefault)) return [];
  const names = new Set(declared.flatMap((c) => (c.name ? [nameKey(c.name.value)] : [])));
  return (
    builtInReceiveConnectorsOf(role)
      .map((c) => builtIn(c.name(serverName), c.service, c.port, c.ipv6))
      // A declared connector of the same name is that built-in one, reconfigured.
      .filter((c) => !names.has(nameKey(c.name)))
  );
}

export interface ShapeOverride {
  readonly connector: ReceiveConnector;
  readonly bindings?: readonly BindingEntry[];
  readonly role?: TransportRole;
}

/**
 * Every receive connector of a server: the undeclared built-in ones first
 * (they exist before anything is created), then the declared ones in file
 * order. `override` replaces one connector's bindings or role, which is how a
 * fix checks that it creates no new conflict.
 */
export function shapesOn(
  index: TopologyIndex,
  server: Server,
  override?: ShapeOverride,
): ConnectorShape[] {
  const declared = index.receiveConnectorsOn(server);
  const edge = server.role?.value === 'Edge';
  const shapes = builtInConnectors(server, declared);
  for (const connector of declared) {
    // `default: true` names the Edge's built-in connector; on a Mailbox server
    // it says nothing Exchange knows, so the connector is left out.
    if (!edge && connector.isDefault) continue;
    const replaced = override?.connector === connector ? override : undefined;
    const role = edge ? 'Edge' : (replaced?.role ?? transportRoleOf(connector));
    if (!role) continue;
    shapes.push({
      connector,
      name: connector.name?.value ?? '',
      role,
      bindings: replaced?.bindings ?? index.bindingEntriesOf(connector),
      ranges: index.rangeEntriesOf(connector),
    });
  }
  return shapes;
}

interface Overlap {
  /** The pair of bindings, in the order (outer, inner) of the scan. */
  readonly outer: BindingEntry;
  readonly inner: BindingEntry;
  readonly exact: boolean;
}

/**
 * Exchange's scan [CODE:MAP]: the first pair (outer × inner) that is the same
 * IP:port, or shares family and port with a wildcard on either side. The scan
 * stops at the first pair, so whether the overlap counts as "the same IP:port"
 * depends on the order, as it does in Exchange.
 */
function scan(outer: readonly BindingEntry[], inner: readonly BindingEntry[]): Overlap | undefined {
  for (const o of outer) {
    for (const i of inner) {
      if (sameBinding(o.binding, i.binding)) return { outer: o, inner: i, exact: true };
      const a = o.binding;
      const b = i.binding;
      if (
        a.address.family === b.address.family &&
        a.port === b.port &&
        (a.wildcard || b.wildcard)
      ) {
        return { outer: o, inner: i, exact: false };
      }
    }
  }
  return undefined;
}

export interface Conflict {
  readonly kind: 'role' | 'mapping';
  /** The later connector's binding involved, and the earlier connector's. */
  readonly binding: BindingEntry;
  readonly otherBinding: BindingEntry;
  /** For a mapping conflict: whether the bindings are the same IP:port. */
  readonly exact: boolean;
  /** For a mapping conflict: the later connector's range and the earlier one's. */
  readonly ranges?: readonly [RangeEntry, RangeEntry];
  readonly relation?: 'equal' | 'partial';
}

function rangePair(
  a: readonly RangeEntry[],
  b: readonly RangeEntry[],
  relation: 'equal' | 'partial',
): [RangeEntry, RangeEntry] | undefined {
  for (const x of a)
    for (const y of b) if (compareRanges(x.range, y.range) === relation) return [x, y];
  return undefined;
}

/**
 * What New-ReceiveConnector / Set-ReceiveConnector refuse between a connector
 * and an earlier one on the same server (RC-01, RC-01b). The check runs with
 * either connector as the one being saved (a re-run of the script sets the
 * earlier one again); a built-in connector is never the one being saved.
 */
export function conflictBetween(
  later: ConnectorShape,
  earlier: ConnectorShape,
): Conflict | undefined {
  const forward = scan(later.bindings, earlier.bindings);
  if (!forward) return undefined;
  if (later.role !== earlier.role) {
    return {
      kind: 'role',
      binding: forward.outer,
      otherBinding: forward.inner,
      exact: forward.exact,
    };
  }
  const backward = earlier.connector ? scan(earlier.bindings, later.bindings) : undefined;
  const partial = rangePair(later.ranges, earlier.ranges, 'partial');
  if (partial) {
    return {
      kind: 'mapping',
      binding: forward.outer,
      otherBinding: forward.inner,
      exact: forward.exact,
      ranges: partial,
      relation: 'partial',
    };
  }
  const exact = forward.exact
    ? forward
    : backward?.exact
      ? { outer: backward.inner, inner: backward.outer }
      : undefined;
  const equal = exact && rangePair(later.ranges, earlier.ranges, 'equal');
  if (exact && equal) {
    return {
      kind: 'mapping',
      binding: exact.outer,
      otherBinding: exact.inner,
      exact: true,
      ranges: equal,
      relation: 'equal',
    };
  }
  return undefined;
}

/** How many conflicts involve `connector` among `shapes` (n² within one server). */
export function conflictCount(
  shapes: readonly ConnectorShape[],
  connector: ReceiveConnector,
): number {
  const own = shapes.find((s) => s.connector === connector);
  if (!own) return 0;
  let count = 0;
  for (const other of shapes) {
    if (other === own) continue;
    const [later, earlier] =
      shapes.indexOf(other) < shapes.indexOf(own) ? [own, other] : [other, own];
    if (conflictBetween(later, earlier)) count++;
  }
  return count;
}

/** Whether changing `override.connector` as described adds no receive-connector conflict. */
export function addsNoConflict(
  index: TopologyIndex,
  server: Server,
  override: ShapeOverride,
): boolean {
  const before = conflictCount(shapesOn(index, server), override.connector);
  return conflictCount(shapesOn(index, server, override), override.connector) <= before;
}
