import {
  ALL_IPV4,
  isWholeFamily,
  parseAddress,
  parseBinding,
  parseRange,
  rangeContainsAddress,
  type Address,
  type Binding,
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
  private readonly mailboxAddresses: Address[] = [];

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
      const hosts = [server.name?.value, server.fqdn?.value];
      for (const adapter of server.adapters) hosts.push(...adapter.dnsNames.map((d) => d.value));
      for (const host of hosts) if (host) this.addHost(hostKey(host), server);
      for (const ip of server.ipAddresses) {
        const address = parseAddress(ip.value);
        if (address) {
          this.addHost(address.canonical, server);
          if (server.role?.value === 'Mailbox') this.mailboxAddresses.push(address);
        }
      }
    }
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
    return this.serversByName.get(nameKey(name));
  }

  credential(name: string): Credential | undefined {
    return this.credentialsByName.get(nameKey(name));
  }

  /** The server a smart host names: by FQDN, name, `dnsNames` or one of its addresses. */
  serverForHost(host: string): Server | undefined {
    const address = parseAddress(host.replace(/^\[(.*)\]$/, '$1'));
    return this.serversByHost.get(address ? address.canonical : hostKey(host));
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

  organizationSendConnectors(): readonly SendConnector[] {
    return this.topology.sendConnectors.filter((c) => !c.view.has('server'));
  }

  /**
   * The addresses a host resolves to from the Mailbox servers: an IP literal is
   * itself; an Edge name resolves to the adapter that lists it in `dnsNames`,
   * otherwise (the spec's convention) to its internal adapters; a Mailbox name
   * to its addresses.
   */
  resolve(host: string): Address[] {
    const literal = parseAddress(host.replace(/^\[(.*)\]$/, '$1'));
    if (literal) return [literal];
    const server = this.serverForHost(host);
    if (!server) return [];
    let adapters: readonly Adapter[] = [];
    if (this.isEdge(server)) {
      const key = hostKey(host);
      const named = server.adapters.filter((a) => a.dnsNames.some((d) => hostKey(d.value) === key));
      adapters =
        named.length > 0 ? named : server.adapters.filter((a) => a.network?.value === 'internal');
      return adapters.flatMap((a) => a.ipAddresses).flatMap((ip) => parseAddress(ip.value) ?? []);
    }
    return server.ipAddresses.flatMap((ip) => parseAddress(ip.value) ?? []);
  }

  /** The adapter of `server` that carries `address`, if any. */
  adapterWith(server: Server, address: Address): Adapter | undefined {
    return server.adapters.find((a) =>
      a.ipAddresses.some((ip) => parseAddress(ip.value)?.canonical === address.canonical),
    );
  }

  classifySend(connector: SendConnector): SendConnectorKind {
    const edge = this.edgeOf(connector);
    if (edge) {
      if (connector.addressSpaces.some((s) => addressSpaceDomain(s.value) === '*'))
        return 'edge-internet';
      const toMailbox = connector.smartHosts.some((h) =>
        this.isMailbox(this.serverForHost(h.value)),
      );
      const organizational =
        connector.addressSpaces.length > 0 &&
        connector.addressSpaces.every((s) => {
          const domain = addressSpaceDomain(s.value);
          return domain === '--' || this.isAcceptedDomain(domain);
        });
      return toMailbox && organizational ? 'edge-organization' : 'other';
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
    for (const binding of effectiveBindings(connector)) {
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
    const ranges = effectiveRemoteRanges(connector);
    // A catch-all range holds every address; it says nothing about intent.
    const specific = ranges.filter((r) => !isWholeFamily(r));
    return this.mailboxAddresses.some((address) =>
      specific.some((r) => rangeContainsAddress(r, address)),
    );
  }

  isAcceptedDomain(domain: string): boolean {
    const key = domain.toLowerCase();
    return this.topology.acceptedDomains.some((d) => d.domainName.value.toLowerCase() === key);
  }
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

function hostKey(host: string): string {
  return host.trim().toLowerCase().replace(/\.$/, '');
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

/** Declared bindings that parse; when none are declared, what Exchange uses. */
export function effectiveBindings(connector: ReceiveConnector): Binding[] {
  if (!connector.view.has('bindings')) {
    // A default connector keeps 0.0.0.0:25; New-ReceiveConnector without
    // Bindings (allowed for Internal usage) also gets 0.0.0.0:25.
    const fallback = parseBinding('0.0.0.0:25');
    return fallback.ok ? [fallback.value] : [];
  }
  return connector.bindings.flatMap((b) => {
    const parsed = parseBinding(b.value);
    return parsed.ok ? [parsed.value] : [];
  });
}

/** Declared remote ranges that parse; when none are declared, all of IPv4 (Exchange's default). */
export function effectiveRemoteRanges(connector: ReceiveConnector): IpRange[] {
  if (!connector.view.has('remoteIPRanges')) return [ALL_IPV4];
  return connector.remoteIPRanges.flatMap((r) => {
    const parsed = parseRange(r.value);
    return parsed.ok ? [parsed.value] : [];
  });
}
