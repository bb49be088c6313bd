import type { BindingEntry } from './bindings';
import { parseAddress, rangeContainsAddress, type Address, type IpRange } from './network';
import type { ReceiveConnector, SendConnector, Server } from './topology';
import {
  addressSpaceDomain,
  nameKey,
  type ReceiveConnectorKind,
  type TopologyIndex,
} from './topologyIndex';

/**
 * The path a message takes between the organization and an Edge, as the
 * whole-topology rules (missing-connector, source-not-in-remote-ranges,
 * smarthost-target) reason about it: which Edge send connector is bound for
 * the organization, which Edge receive connector accepts a Mailbox server's
 * connection, and which side of the Edge an address is on.
 */

/** `index.classifyReceive` (which the index computes once per connector and analysis). */
export function receiveKind(
  index: TopologyIndex,
  connector: ReceiveConnector,
): ReceiveConnectorKind {
  return index.classifyReceive(connector);
}

/** An address and port a sending server connects to. */
export interface Endpoint {
  readonly address: Address;
  readonly port: number;
}

/** The key of the domains `--` expands to, per analysis (`TopologyIndex.memo`). */
const INTERNAL_DOMAINS = {};

/**
 * An Edge send connector bound for the organization, whatever its smart hosts
 * name: every address space is `--` or an authoritative or internal-relay
 * accepted domain (what `--` expands to), and it routes through smart hosts.
 * Looser than `classifySend`, which also wants a declared Mailbox smart host.
 */
export function isOrganizationBound(index: TopologyIndex, connector: SendConnector): boolean {
  if (
    !index.edgeOf(connector) ||
    connector.smartHosts.length === 0 ||
    connector.addressSpaces.length === 0
  )
    return false;
  const internal = index.memo(
    INTERNAL_DOMAINS,
    (): ReadonlySet<string> =>
      new Set(
        index.topology.acceptedDomains
          .filter((d) => d.domainType !== 'ExternalRelay')
          .map((d) => d.domainName.value.trim().toLowerCase()),
      ),
  );
  return connector.addressSpaces.every((s) => {
    const domain = addressSpaceDomain(s.value);
    return domain === '--' || internal.has(domain);
  });
}

/** The port a send connector connects to (Exchange's default is 25). */
export function sendPort(connector: SendConnector): number {
  return connector.view.number('port')?.value ?? 25;
}

/** Every endpoint the smart hosts of `connector` that name `edge` resolve to. */
export function endpointsOn(
  index: TopologyIndex,
  connector: SendConnector,
  edge: Server,
): Endpoint[] {
  const port = sendPort(connector);
  return connector.smartHosts
    .filter((h) => index.serverForHost(h.value) === edge)
    .flatMap((h) => index.resolve(h.value).map((address) => ({ address, port })));
}

function sameAddress(a: Address, b: Address): boolean {
  return a.family === b.family && a.value === b.value;
}

export interface Listener {
  readonly connector: ReceiveConnector;
  readonly exact: boolean;
}

/** The key of the listeners per server, port and address, per analysis (`TopologyIndex.memo`). */
const LISTENERS = {};

/**
 * The receive connectors of `server` that listen on the endpoint, exactly or
 * through a wildcard. Computed once per server, endpoint and analysis: the
 * mail-path rules ask for every sender that reaches the endpoint.
 */
export function listeners(
  index: TopologyIndex,
  server: Server,
  endpoint: Endpoint,
): readonly Listener[] {
  const byServer = index.memo(
    LISTENERS,
    () => new Map<Server, Map<number, Map<string, readonly Listener[]>>>(),
  );
  let byPort = byServer.get(server);
  if (!byPort) byServer.set(server, (byPort = new Map()));
  let byAddress = byPort.get(endpoint.port);
  if (!byAddress) byPort.set(endpoint.port, (byAddress = new Map()));
  // The canonical spelling keeps zone ids apart: a finer key, the same answers.
  let result = byAddress.get(endpoint.address.canonical);
  if (!result)
    byAddress.set(endpoint.address.canonical, (result = findListeners(index, server, endpoint)));
  return result;
}

function findListeners(index: TopologyIndex, server: Server, endpoint: Endpoint): Listener[] {
  const result: Listener[] = [];
  for (const connector of index.receiveConnectorsOn(server)) {
    // A disabled connector does not listen.
    if (connector.view.boolean('enabled')?.value === false) continue;
    const listening = listensOn(index.bindingEntriesOf(connector), endpoint);
    if (listening) result.push({ connector, exact: listening === 'exact' });
  }
  return result;
}

/**
 * Whether bindings take a connection to `endpoint`: on its address itself
 * ('exact', which wins over a wildcard of the same port), through a wildcard
 * of its family, or not at all. The one reading of bindings for every check
 * of which connector listens, the built-in connectors' included.
 */
export function listensOn(
  bindings: readonly BindingEntry[],
  endpoint: Endpoint,
): 'exact' | 'wildcard' | undefined {
  let wildcard = false;
  for (const { binding } of bindings) {
    if (binding.port !== endpoint.port) continue;
    if (!binding.wildcard && sameAddress(binding.address, endpoint.address)) return 'exact';
    wildcard ||= binding.wildcard && binding.address.family === endpoint.address.family;
  }
  return wildcard ? 'wildcard' : undefined;
}

export interface Receiver {
  readonly connector: ReceiveConnector;
  /** The remote range that selected it: the smallest one holding the source. */
  readonly range: IpRange;
}

/**
 * The receive connector of `server` that accepts a connection from `source`
 * to `endpoint`: among the connectors listening there, the one whose remote
 * ranges hold the source most specifically (Exchange's "most specific match
 * wins"). On a tie an organization-facing connector is preferred, so that
 * a tie never produces a finding, then an exact binding over a wildcard.
 * Undefined when no connector accepts the connection.
 */
export function receiverOf(
  index: TopologyIndex,
  server: Server,
  endpoint: Endpoint,
  source: Address,
): Receiver | undefined {
  // Plain locals rather than a candidate object per range: this runs for
  // every Mailbox server, Edge and endpoint of the topology.
  let bestConnector: ReceiveConnector | undefined;
  let bestRange: IpRange | undefined;
  let bestSize = 0n;
  let bestRank = -1;
  for (const { connector, exact } of listeners(index, server, endpoint)) {
    const rank =
      (receiveKind(index, connector) === 'organization-facing' ? 2 : 0) + (exact ? 1 : 0);
    for (const { range } of index.rangeEntriesOf(connector)) {
      if (!rangeContainsAddress(range, source)) continue;
      // A range holding fewer addresses is more specific (same family: the
      // source is in both).
      const size = range.end - range.start;
      if (!bestRange || size < bestSize || (size === bestSize && rank > bestRank)) {
        bestConnector = connector;
        bestRange = range;
        bestSize = size;
        bestRank = rank;
      }
    }
  }
  return bestConnector && bestRange ? { connector: bestConnector, range: bestRange } : undefined;
}

/** The endpoints at which an organization-facing receive connector of `edge` listens. */
export function organizationEndpoints(
  index: TopologyIndex,
  edge: Server,
  endpoints: readonly Endpoint[],
): Endpoint[] {
  return endpoints.filter((e) => hasOrganizationFacingListener(index, edge, e));
}

/**
 * Whether `source`, sending to `edge` through `endpoints`, misses the
 * organization-facing receive connectors: some endpoint has one listening,
 * and at every such endpoint each address of the source (of that family) is
 * accepted by another connector or by none. Endpoints where no
 * organization-facing connector listens are the smart host's problem, not the
 * remote ranges'.
 */
export function missesOrganizationFacing(
  index: TopologyIndex,
  edge: Server,
  endpoints: readonly Endpoint[],
  source: Server,
): boolean {
  let tried = false;
  for (const endpoint of endpoints) {
    if (!hasOrganizationFacingListener(index, edge, endpoint)) continue;
    for (const address of index.addressesOf(source)) {
      if (address.family !== endpoint.address.family) continue;
      tried = true;
      const receiver = receiverOf(index, edge, endpoint, address);
      if (receiver && receiveKind(index, receiver.connector) === 'organization-facing')
        return false;
    }
  }
  return tried;
}

function hasOrganizationFacingListener(
  index: TopologyIndex,
  edge: Server,
  endpoint: Endpoint,
): boolean {
  for (const listener of listeners(index, edge, endpoint))
    if (receiveKind(index, listener.connector) === 'organization-facing') return true;
  return false;
}

/**
 * Whether an endpoint of `edge` is on its internet side: the address is on an
 * `internet` adapter or bound (exactly, on that port) by an internet-facing
 * receive connector, and no organization-facing connector listens there.
 */
export function isInternetSide(index: TopologyIndex, edge: Server, endpoint: Endpoint): boolean {
  const heard = listeners(index, edge, endpoint);
  if (heard.some((l) => receiveKind(index, l.connector) === 'organization-facing')) return false;
  if (index.adapterWith(edge, endpoint.address)?.network?.value === 'internet') return true;
  return heard.some((l) => l.exact && receiveKind(index, l.connector) === 'internet-facing');
}

/** `base`, or `base 2`, `base 3`... : the first that is not in `taken` (compared without case). */
export function uniqueName(base: string, taken: readonly (string | undefined)[]): string {
  const keys = new Set(taken.flatMap((t) => (t === undefined ? [] : [nameKey(t)])));
  if (!keys.has(nameKey(base))) return base;
  for (let n = 2; ; n++) if (!keys.has(nameKey(`${base} ${n}`))) return `${base} ${n}`;
}

/** An address as a binding on port 25: `a.b.c.d:25` or `[v6]:25`. */
export function bindingOn25(address: string): string {
  return address.includes(':') ? `[${address}]:25` : `${address}:25`;
}

/**
 * Smart hosts that reach `edge` on its organization side, best first: its
 * FQDN, the `dnsNames` of its internal adapters, then their IPv4 addresses.
 * A candidate qualifies when it names the Edge and none of the addresses it
 * resolves to is on the internet side.
 */
export function organizationSideHosts(index: TopologyIndex, edge: Server, port: number): string[] {
  const internal = edge.adapters.filter((a) => a.network?.value === 'internal');
  const candidates = [
    edge.fqdn?.value,
    ...internal.flatMap((a) => a.dnsNames.map((d) => d.value)),
    ...internal.flatMap((a) =>
      a.ipAddresses.filter((ip) => parseAddress(ip.value)?.family === 4).map((ip) => ip.value),
    ),
  ];
  const result: string[] = [];
  for (const candidate of candidates) {
    const host = candidate?.trim();
    if (
      !host ||
      result.some((r) => nameKey(r) === nameKey(host)) ||
      index.serverForHost(host) !== edge
    )
      continue;
    if (index.resolve(host).some((address) => isInternetSide(index, edge, { address, port })))
      continue;
    result.push(host);
  }
  return result;
}
