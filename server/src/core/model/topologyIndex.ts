import { bindingEntries, rangeEntries, type BindingEntry, type RangeEntry } from './bindings';
import {
  isWholeFamily,
  parseAddress,
  unbracketed,
  type Address,
  type Family,
  type IpRange,
} from './network';
import type {
  Adapter,
  Credential,
  ReceiveConnector,
  SendConnector,
  Server,
  Topology,
} from './topology';

/** Exchange names compare without regard to case. */
export function nameKey(name: string): string {
  return name.toLowerCase();
}

export type SendConnectorKind =
  'edge-internet' | 'edge-organization' | 'organization-to-edge' | 'other';
export type ReceiveConnectorKind = 'internet-facing' | 'organization-facing' | 'other';

/**
 * Lookups shared by the rules, built once per analysis so that no rule needs
 * an all-pairs scan: servers and credentials by name, hosts by name or
 * address, connectors by the server they live on.
 */
export class TopologyIndex {
  readonly edges: readonly Server[];
  readonly mailboxes: readonly Server[];
  private readonly serversByName = new Map<string, Server>();
  private readonly credentialsByName = new Map<string, Credential>();
  private readonly serversByHost = new Map<string, Server>();
  private readonly sendByServer = new Map<Server, SendConnector[]>();
  private readonly receiveByServer = new Map<Server, ReceiveConnector[]>();
  /** The Mailbox servers' addresses per family, sorted: a range is searched, not scanned. */
  private readonly mailboxValues: Record<Family, bigint[]> = { 4: [], 6: [] };
  // Answers computed once per analysis: the rules ask again for every sender and endpoint.
  private readonly hostLookups = new Map<string, Server | undefined>();
  private readonly resolved = new Map<string, readonly Address[]>();
  private readonly adaptersByAddress = new Map<Server, Map<string, Adapter>>();
  private readonly sendKinds = new Map<SendConnector, SendConnectorKind>();
  private readonly receiveKinds = new Map<ReceiveConnector, ReceiveConnectorKind>();
  private readonly bindingEntries = new Map<ReceiveConnector, readonly BindingEntry[]>();
  private readonly rangeEntries = new Map<ReceiveConnector, readonly RangeEntry[]>();
  private readonly addresses = new Map<Server, readonly Address[]>();
  private readonly serversBySpelling = new Map<string, Server | undefined>();
  private readonly memos = new Map<object, unknown>();
  private organizationConnectors: readonly SendConnector[] | undefined;

  constructor(readonly topology: Topology) {
    this.edges = topology.servers.filter((s) => s.role?.value === 'Edge');
    this.mailboxes = topology.servers.filter((s) => s.role?.value === 'Mailbox');
    for (const server of topology.servers) {
      // The first definition wins; duplicate-name reports the others.
      if (server.name && !this.serversByName.has(nameKey(server.name.value))) {
        this.serversByName.set(nameKey(server.name.value), server);
      }
    }
    for (const credential of topology.credentials) {
      if (credential.name && !this.credentialsByName.has(nameKey(credential.name.value))) {
        this.credentialsByName.set(nameKey(credential.name.value), credential);
      }
    }
    for (const server of topology.servers) {
      // Empty strings are no hosts.
      if (server.name?.value) this.addHost(hostKey(server.name.value), server);
      if (server.fqdn?.value) this.addHost(hostKey(server.fqdn.value), server);
      for (const adapter of server.adapters) {
        for (const dnsName of adapter.dnsNames)
          if (dnsName.value) this.addHost(hostKey(dnsName.value), server);
      }
      // Parsed once here, kept for addressesOf.
      const addresses: Address[] = [];
      for (const ip of server.ipAddresses) {
        const address = parseAddress(ip.value);
        if (!address) continue;
        addresses.push(address);
        this.addHost(address.canonical, server);
        if (server.role?.value === 'Mailbox')
          this.mailboxValues[address.family].push(address.value);
      }
      this.addresses.set(server, addresses);
    }
    for (const values of Object.values(this.mailboxValues)) values.sort(compareBigInts);
    for (const connector of topology.sendConnectors) {
      const server = connector.server && this.server(connector.server.value);
      if (server) push(this.sendByServer, server, connector);
    }
    for (const connector of topology.receiveConnectors) {
      const server = connector.server && this.server(connector.server.value);
      if (server) push(this.receiveByServer, server, connector);
    }
  }

  private addHost(key: string, server: Server): void {
    if (!this.serversByHost.has(key)) this.serversByHost.set(key, server);
  }

  server(name: string): Server | undefined {
    // Asked for every reference, usually spelled alike: no lower-casing each time.
    const cached = this.serversBySpelling.get(name);
    if (cached || this.serversBySpelling.has(name)) return cached;
    const server = this.serversByName.get(nameKey(name));
    this.serversBySpelling.set(name, server);
    return server;
  }

  /**
   * A value computed once per analysis by another module (keyed by an object
   * of that module): it lives and dies with this index.
   */
  memo<T>(key: object, compute: (index: TopologyIndex) => T): T {
    let value = this.memos.get(key) as T | undefined;
    if (value === undefined) this.memos.set(key, (value = compute(this)));
    return value;
  }

  credential(name: string): Credential | undefined {
    return this.credentialsByName.get(nameKey(name));
  }

  /** The server a smart host names: by FQDN, name, `dnsNames` or one of its addresses. */
  serverForHost(host: string): Server | undefined {
    const cached = this.hostLookups.get(host);
    if (cached || this.hostLookups.has(host)) return cached;
    const address = parseAddress(unbracketed(host));
    const server = this.serversByHost.get(address ? address.canonical : hostKey(host));
    this.hostLookups.set(host, server);
    return server;
  }

  isEdge(server: Server | undefined): boolean {
    return server?.role?.value === 'Edge';
  }

  isMailbox(server: Server | undefined): boolean {
    return server?.role?.value === 'Mailbox';
  }

  /** The Edge a send connector is configured on, if its `server` names one. */
  edgeOf(connector: SendConnector): Server | undefined {
    const server = connector.server && this.server(connector.server.value);
    return server && this.isEdge(server) ? server : undefined;
  }

  sendConnectorsOn(server: Server): readonly SendConnector[] {
    return this.sendByServer.get(server) ?? [];
  }

  receiveConnectorsOn(server: Server): readonly ReceiveConnector[] {
    return this.receiveByServer.get(server) ?? [];
  }

  /** The send connectors without `server`: configured for the organization. */
  organizationSendConnectors(): readonly SendConnector[] {
    this.organizationConnectors ??= this.topology.sendConnectors.filter(
      (c) => !c.view.has('server'),
    );
    return this.organizationConnectors;
  }

  /**
   * The addresses a host resolves to from the Mailbox servers: an IP literal is
   * itself; an Edge name resolves to the adapter that lists it in `dnsNames`,
   * otherwise (the spec's convention) to its internal adapters; a Mailbox name
   * to its addresses.
   */
  resolve(host: string): readonly Address[] {
    let addresses = this.resolved.get(host);
    if (!addresses) this.resolved.set(host, (addresses = this.resolveHost(host)));
    return addresses;
  }

  private resolveHost(host: string): readonly Address[] {
    const literal = parseAddress(unbracketed(host));
    if (literal) return [literal];
    const server = this.serverForHost(host);
    if (!server) return [];
    if (!this.isEdge(server)) return this.addressesOf(server);
    const key = hostKey(host);
    const named = server.adapters.filter((a) => a.dnsNames.some((d) => hostKey(d.value) === key));
    const adapters: readonly Adapter[] =
      named.length > 0 ? named : server.adapters.filter((a) => a.network?.value === 'internal');
    return adapters.flatMap((a) => a.ipAddresses).flatMap((ip) => parseAddress(ip.value) ?? []);
  }

  /** `bindingEntries` (what the connector listens on), parsed once per connector and analysis. */
  bindingEntriesOf(connector: ReceiveConnector): readonly BindingEntry[] {
    let entries = this.bindingEntries.get(connector);
    if (!entries) this.bindingEntries.set(connector, (entries = bindingEntries(connector)));
    return entries;
  }

  /** `rangeEntries` (whom the connector accepts), parsed once per connector and analysis. */
  rangeEntriesOf(connector: ReceiveConnector): readonly RangeEntry[] {
    let entries = this.rangeEntries.get(connector);
    if (!entries) this.rangeEntries.set(connector, (entries = rangeEntries(connector)));
    return entries;
  }

  /** The addresses of a server that parse (parsed once, by the constructor). */
  addressesOf(server: Server): readonly Address[] {
    return this.addresses.get(server) ?? [];
  }

  /** The adapter of `server` that carries `address`, if any. */
  adapterWith(server: Server, address: Address): Adapter | undefined {
    let byAddress = this.adaptersByAddress.get(server);
    if (!byAddress) {
      byAddress = new Map();
      for (const adapter of server.adapters) {
        for (const ip of adapter.ipAddresses) {
          const canonical = parseAddress(ip.value)?.canonical;
          // The first adapter that carries an address is the one that answers.
          if (canonical !== undefined && !byAddress.has(canonical))
            byAddress.set(canonical, adapter);
        }
      }
      this.adaptersByAddress.set(server, byAddress);
    }
    return byAddress.get(address.canonical);
  }

  classifySend(connector: SendConnector): SendConnectorKind {
    let kind = this.sendKinds.get(connector);
    if (!kind) this.sendKinds.set(connector, (kind = this.classifySendOnce(connector)));
    return kind;
  }

  private classifySendOnce(connector: SendConnector): SendConnectorKind {
    const edge = this.edgeOf(connector);
    if (edge) {
      const wildcard = connector.addressSpaces.some((s) => addressSpaceDomain(s.value) === '*');
      const toMailbox = connector.smartHosts.some((h) =>
        this.isMailbox(this.serverForHost(h.value)),
      );
      const organizational =
        connector.addressSpaces.length > 0 &&
        connector.addressSpaces.every((s) => {
          const domain = addressSpaceDomain(s.value);
          return domain === '--' || this.isAcceptedDomain(domain);
        });
      // A connector to the Mailbox servers is the one to the organization, even with `*` where
      // "--" belongs: it exists, wrongly (no-route or mail-loop says how), not missing.
      if (toMailbox && (organizational || wildcard)) return 'edge-organization';
      return wildcard ? 'edge-internet' : 'other';
    }
    if (
      !connector.view.has('server') &&
      connector.smartHosts.some((h) => this.isEdge(this.serverForHost(h.value)))
    ) {
      return 'organization-to-edge';
    }
    return 'other';
  }

  /** The Edges an organization connector's smart hosts name. */
  edgesTargetedBy(connector: SendConnector): Server[] {
    const result: Server[] = [];
    for (const host of connector.smartHosts) {
      const server = this.serverForHost(host.value);
      if (server && this.isEdge(server) && !result.includes(server)) result.push(server);
    }
    return result;
  }

  classifyReceive(connector: ReceiveConnector): ReceiveConnectorKind {
    let kind = this.receiveKinds.get(connector);
    if (!kind) this.receiveKinds.set(connector, (kind = this.classifyReceiveOnce(connector)));
    return kind;
  }

  private classifyReceiveOnce(connector: ReceiveConnector): ReceiveConnectorKind {
    const server = connector.server && this.server(connector.server.value);
    if (!server || !this.isEdge(server)) return 'other';
    const networks = this.boundNetworks(server, connector);
    if (connector.isDefault || networks.has('internet')) return 'internet-facing';
    if (
      (networks.has('internal') || networks.has('wildcard')) &&
      this.holdsMailboxAddress(connector)
    ) {
      return 'organization-facing';
    }
    return 'other';
  }

  /** Which adapters' networks a connector's bindings reach ('wildcard' for 0.0.0.0 / [::]). */
  boundNetworks(server: Server, connector: ReceiveConnector): Set<string> {
    const networks = new Set<string>();
    for (const { binding } of this.bindingEntriesOf(connector)) {
      if (binding.wildcard) {
        networks.add('wildcard');
        continue;
      }
      const network = this.adapterWith(server, binding.address)?.network?.value;
      if (network) networks.add(network);
    }
    return networks;
  }

  holdsMailboxAddress(connector: ReceiveConnector): boolean {
    // A catch-all range holds every address; it says nothing about intent.
    return this.rangeEntriesOf(connector).some(
      ({ range }) => !isWholeFamily(range) && this.holdsMailboxAddressIn(range),
    );
  }

  /** Whether a Mailbox address lies in `range`: the first one at or above its start is below its end. */
  private holdsMailboxAddressIn(range: IpRange): boolean {
    const values = this.mailboxValues[range.family];
    let low = 0;
    let high = values.length;
    while (low < high) {
      const middle = (low + high) >> 1;
      if ((values[middle] ?? 0n) < range.start) low = middle + 1;
      else high = middle;
    }
    const first = values[low];
    return first !== undefined && first <= range.end;
  }

  isAcceptedDomain(domain: string): boolean {
    const key = domain.toLowerCase();
    return this.topology.acceptedDomains.some((d) => d.domainName.value.toLowerCase() === key);
  }
}

function compareBigInts(a: bigint, b: bigint): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

function hostKey(host: string): string {
  const key = host.trim().toLowerCase();
  return key.endsWith('.') ? key.slice(0, -1) : key;
}

/** The domain part of `[Type:]AddressSpace[;Cost]`, lower-cased. */
export function addressSpaceDomain(addressSpace: string): string {
  let text = addressSpace.trim();
  const colon = text.indexOf(':');
  if (colon >= 0) text = text.slice(colon + 1);
  const semicolon = text.lastIndexOf(';');
  if (semicolon >= 0) text = text.slice(0, semicolon);
  return text.trim().toLowerCase();
}
