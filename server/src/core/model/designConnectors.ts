import {
  bindingOn25,
  missesOrganizationFacing,
  organizationSideHosts,
  uniqueName,
} from './mailPath';
import { parseAddress } from './network';
import type { Server } from './topology';
import { nameKey, type TopologyIndex } from './topologyIndex';

/**
 * The connectors of the scenario (Steps 1–5 of SPEC), built for one Edge from
 * facts the topology already states: adapter addresses, Mailbox FQDNs and
 * addresses, credentials of the right scope. Each builder returns undefined
 * when a needed fact is missing, rather than inventing it.
 */
export interface Insertion {
  readonly key: 'sendConnectors' | 'receiveConnectors';
  readonly connector: Record<string, unknown>;
  /** A credential to add with the connector, when none of the right scope exists. */
  readonly credential?: Record<string, unknown>;
}

/** Every parseable Mailbox address, as written. */
export function mailboxIPs(index: TopologyIndex): string[] {
  return index.mailboxes.flatMap((m) =>
    m.ipAddresses.filter((ip) => parseAddress(ip.value)).map((ip) => ip.value.trim()),
  );
}

function adapterAddress(edge: Server, network: string, family?: number): string | undefined {
  // An address that an adapter of the other network has too belongs to neither
  // side: a connector bound to it would be taken for the other side's.
  const key = (text: string) => {
    const address = parseAddress(text);
    return address && `${address.family}/${address.value}`;
  };
  const elsewhere = new Set(
    edge.adapters
      .filter((a) => a.network?.value !== network)
      .flatMap((a) => a.ipAddresses)
      .map((ip) => key(ip.value)),
  );
  return edge.adapters
    .filter((a) => a.network?.value === network)
    .flatMap((a) => a.ipAddresses)
    .find((ip) => {
      const address = parseAddress(ip.value);
      return (
        address &&
        (family === undefined || address.family === family) &&
        !elsewhere.has(key(ip.value))
      );
    })
    ?.value.trim();
}

const sendNames = (index: TopologyIndex, edge: Server) =>
  index.sendConnectorsOn(edge).map((c) => c.name?.value);
const receiveNames = (index: TopologyIndex, edge: Server) =>
  index.receiveConnectorsOn(edge).map((c) => c.name?.value);
const credentialNames = (index: TopologyIndex) =>
  index.topology.credentials.map((c) => c.name?.value);

/** Step 1: New-SendConnector -Usage Internet -AddressSpaces * -DNSRoutingEnabled $true. */
export function internetSendConnector(index: TopologyIndex, edge: Server, e: string): Insertion {
  const name = uniqueName('To Internet', sendNames(index, edge));
  return {
    key: 'sendConnectors',
    connector: {
      name,
      server: e,
      usage: 'Internet',
      addressSpaces: ['*'],
      dnsRoutingEnabled: true,
    },
  };
}

/** Step 2: `--` to the Mailbox FQDNs with Basic over TLS and an Active Directory account. */
export function organizationSendConnector(
  index: TopologyIndex,
  edge: Server,
  e: string,
): Insertion | undefined {
  const { topology } = index;
  const smartHosts = index.mailboxes.flatMap((m) =>
    m.fqdn?.value.trim() ? [m.fqdn.value.trim()] : [],
  );
  // `--` routes nothing without a local accepted domain; one guessed from a server FQDN is no fact.
  if (
    smartHosts.length === 0 ||
    !topology.acceptedDomains.some((d) => d.domainType !== 'ExternalRelay')
  ) {
    return undefined;
  }
  let credential = topology.credentials.find(
    (c) => c.name && c.scope?.value.toLowerCase() === 'activedirectory',
  )?.name?.value;
  let added: Record<string, unknown> | undefined;
  if (!credential) {
    // Without a credential, BasicAuthRequireTLS is an error: add the account, named as in the reference.
    const domain = (topology.organizationName?.value ?? '')
      .toUpperCase()
      .replace(/[^A-Z0-9_-]/g, '');
    if (!domain) return undefined;
    credential = uniqueName('EdgeToOrg', credentialNames(index));
    added = { name: credential, userName: `${domain}\\edgerelay`, scope: 'activeDirectory' };
  }
  const name = uniqueName('To Internal Org', sendNames(index, edge));
  return {
    key: 'sendConnectors',
    connector: {
      name,
      server: e,
      usage: 'Internal',
      addressSpaces: ['--'],
      dnsRoutingEnabled: false,
      smartHosts,
      smartHostAuthMechanism: 'BasicAuthRequireTLS',
      authenticationCredential: credential,
    },
    ...(added ? { credential: added } : {}),
  };
}

/**
 * Step 3: the Edge's built-in default receive connector, rebound to the
 * internet adapter. A declared default connector is always internet-facing,
 * so an Edge that needs this declares none.
 */
export function internetReceiveConnector(
  index: TopologyIndex,
  edge: Server,
  e: string,
): Insertion | undefined {
  const address = adapterAddress(edge, 'internet', 4);
  if (!address) return undefined;
  const name = uniqueName('From Internet', receiveNames(index, edge));
  return {
    key: 'receiveConnectors',
    connector: { name, server: e, default: true, bindings: [bindingOn25(address)] },
  };
}

/** Step 4: bound to the internal adapter, open to the Mailbox servers only. */
export function organizationReceiveConnector(
  index: TopologyIndex,
  edge: Server,
  e: string,
): Insertion | undefined {
  const address = adapterAddress(edge, 'internal');
  const remoteIPRanges = mailboxIPs(index);
  if (!address || remoteIPRanges.length === 0) return undefined;
  const name = uniqueName('From Internal Org', receiveNames(index, edge));
  return {
    key: 'receiveConnectors',
    connector: {
      name,
      server: e,
      usage: 'Internal',
      authMechanism: ['Tls', 'BasicAuth', 'BasicAuthRequireTLS', 'ExchangeServer'],
      bindings: [bindingOn25(address)],
      remoteIPRanges,
    },
  };
}

/** Step 5: from the Mailbox servers to the Edge's organization side, with a local Edge account. */
export function toEdgeConnector(
  index: TopologyIndex,
  edge: Server,
  e: string,
): Insertion | undefined {
  const { topology } = index;
  const host = organizationSideHosts(index, edge, 25)[0];
  if (!host) return undefined;
  const endpoints = index.resolve(host).map((address) => ({ address, port: 25 }));
  // Only the Mailbox servers the organization-facing connector accepts: the others would be a new error.
  const sources = index.mailboxes.filter(
    (m) => m.name && !missesOrganizationFacing(index, edge, endpoints, m),
  );
  if (sources.length === 0) return undefined;
  let credential = topology.credentials.find(
    (c) =>
      c.name &&
      c.scope?.value.toLowerCase() === 'edgelocal' &&
      (!c.view.has('server') || (c.server && index.server(c.server.value) === edge)),
  )?.name?.value;
  let added: Record<string, unknown> | undefined;
  if (!credential) {
    // With several Edges, a local account of the same name on each (no prefix, no server).
    credential = uniqueName('OrgToEdge', credentialNames(index));
    added =
      index.edges.length === 1
        ? { name: credential, userName: `${e}\\mbxrelay`, scope: 'edgeLocal', server: e }
        : { name: credential, userName: 'mbxrelay', scope: 'edgeLocal' };
  }
  const taken = index.organizationSendConnectors().map((c) => c.name?.value);
  const name = taken.some((t) => t !== undefined && nameKey(t) === nameKey('To Edge'))
    ? uniqueName(`To ${e}`, taken)
    : 'To Edge';
  return {
    key: 'sendConnectors',
    connector: {
      name,
      usage: 'Internal',
      addressSpaces: ['*'],
      dnsRoutingEnabled: false,
      smartHosts: [host],
      sourceTransportServers: sources.map((m) => m.name?.value),
      smartHostAuthMechanism: 'BasicAuthRequireTLS',
      authenticationCredential: credential,
    },
    ...(added ? { credential: added } : {}),
  };
}
