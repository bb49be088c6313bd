import type { Analysis } from '../../../server/src/core/analyze';
import { localAccountOn } from '../../../server/src/core/flow/grants';
import { serverName } from '../../../server/src/core/generate/context';
import { parseAddress } from '../../../server/src/core/model/network';
import type { Server } from '../../../server/src/core/model/topology';

/**
 * What the simulated Windows hosts answer, derived from a topology: each
 * server's addresses (Get-NetIPAddress, and whose receive connectors a TCP
 * connection reaches), the names a DNS server resolves (as the topology says
 * the Mailbox servers resolve them), the local accounts of each Edge (the
 * edgeLocal credentials: an administrator creates them before running the
 * scripts) and the organization's Active Directory accounts (activeDirectory
 * credentials, members of Exchange Servers as the procedure requires).
 */
export interface World {
  readonly edges: readonly WorldServer[];
  readonly mailboxes: readonly WorldServer[];
  readonly dns: Record<string, readonly string[]>;
  /** Addresses of SMTP servers outside the topology: they accept every connection. */
  readonly external: readonly string[];
  readonly organizationAccounts: readonly string[];
  readonly exchangeServersMembers: readonly string[];
}

export interface WorldServer {
  readonly name: string;
  readonly fqdn: string;
  readonly role: 'Edge' | 'Mailbox';
  readonly addresses: readonly string[];
  /** Get-NetIPAddress's InterfaceAlias and addresses: an Edge's declared adapters, else one "Ethernet". */
  readonly adapters: readonly WorldAdapter[];
  readonly localAccounts: readonly string[];
  readonly certificate?: { type: string; thumbprint?: string; subject?: string };
}

export interface WorldAdapter {
  readonly name: string;
  readonly addresses: readonly string[];
}

/**
 * The adapters Windows would list: an Edge's as the topology declares them;
 * a Mailbox server declares only addresses, on one adapter with the name
 * Windows gives the first wired one.
 */
function adaptersOf(server: Server, addresses: readonly string[]): WorldAdapter[] {
  if (server.adapters.length === 0) return [{ name: 'Ethernet', addresses }];
  return server.adapters.map((adapter, position) => ({
    name: adapter.name?.value ?? `Ethernet ${position + 1}`,
    addresses: adapter.ipAddresses.flatMap((ip) => {
      const parsed = parseAddress(ip.value);
      return parsed ? [parsed.canonical] : [];
    }),
  }));
}

function certificateOf(
  server: Server,
): { type: string; thumbprint?: string; subject?: string } | undefined {
  const certificate = server.view.object('certificate');
  const type = certificate?.string('type')?.value;
  if (!certificate || type === undefined) return undefined;
  return {
    type,
    thumbprint: certificate.string('thumbprint')?.value,
    subject: certificate.string('subject')?.value,
  };
}

export function worldOf(analysis: Pick<Analysis, 'topology' | 'index'>): World {
  const { topology, index } = analysis;
  const server = (role: 'Edge' | 'Mailbox') => (s: (typeof index.edges)[number]) => ({
    name: serverName(s),
    fqdn: s.fqdn?.value ?? serverName(s),
    role,
    addresses: index.addressesOf(s).map((a) => a.canonical),
    adapters: adaptersOf(
      s,
      index.addressesOf(s).map((a) => a.canonical),
    ),
    localAccounts:
      role === 'Edge'
        ? topology.credentials.flatMap((c) => {
            const account = localAccountOn(c, s);
            // After "EDGE\", by the Edge's name's length: a hostile name may hold a backslash.
            return account === undefined ? [] : [account.slice(serverName(s).length + 1)];
          })
        : [],
    certificate: certificateOf(s),
  });
  const edges = index.edges.map(server('Edge'));
  const mailboxes = index.mailboxes.map(server('Mailbox'));
  const hosts = new Set<string>();
  for (const s of [...index.edges, ...index.mailboxes]) {
    hosts.add(serverName(s));
    if (s.fqdn) hosts.add(s.fqdn.value);
  }
  for (const c of topology.sendConnectors) for (const h of c.smartHosts) hosts.add(h.value);
  const dns: Record<string, string[]> = {};
  const external: string[] = [];
  for (const host of hosts) {
    const addresses = index.resolve(host).map((a) => a.canonical);
    if (addresses.length > 0) {
      dns[host.toLowerCase()] = addresses;
    } else if (!/^[\d.]+$|:/.test(host)) {
      // A smart host outside the topology (a partner, a legacy relay): it exists and listens,
      // at an address of the documentation range (RFC 5737).
      const address = `192.0.2.${external.length + 1}`;
      external.push(address);
      dns[host.toLowerCase()] = [address];
    }
  }
  const organizationAccounts = topology.credentials
    .filter((c) => c.scope?.value.toLowerCase() === 'activedirectory')
    .flatMap((c) => (c.userName ? [c.userName.value] : []));
  return {
    edges,
    mailboxes,
    dns,
    external,
    organizationAccounts,
    // Members read back by name (an ADObjectId prints its name): the account's, after DOMAIN\.
    exchangeServersMembers: [
      ...mailboxes.map((m) => m.name),
      ...organizationAccounts.map((a) => a.slice(a.indexOf('\\') + 1)),
    ],
  };
}
