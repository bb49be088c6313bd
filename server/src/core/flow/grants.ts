import { newMap } from './memo';
import { endpointsOn } from '../model/mailPath';
import type { Address, Family } from '../model/network';
import { addressClass, receptionAt } from './receivers';
import { effectiveAuthMechanisms } from '../model/receiveConnectorFacts';
import type { Credential, ReceiveConnector, SendConnector, Server } from '../model/topology';
import { nameKey, type TopologyIndex } from '../model/topologyIndex';
import type { ExtendedRight } from './rights';

/**
 * The rights EdgeFlow's Edge script grants with Add-ADPermission, beyond what
 * Microsoft's procedure configures.
 *
 * Why: Microsoft's page creates the Edge's organization-facing connector with
 * `-Usage Internal`, whose only permission group on an Edge is ExchangeServers
 * (receive-connectors.md, usage types), while the Mailbox servers log on to it
 * with Basic authentication as a *local Edge account*. That account is one of
 * `NT AUTHORITY\Authenticated Users`, not an Exchange server principal, so the
 * permission-group table gives it no right, and without ms-Exch-SMTP-Submit
 * "the MAIL FROM and AUTH commands will fail" (receive-connectors.md, Receive
 * connector permissions; research §7 item 8). receive-connectors.md names
 * Add-ADPermission as the way to grant "granular permissions on a Receive
 * connector": EdgeFlow grants that one account, on that one connector, the
 * rights an Exchange server principal would use for outbound mail. The
 * alternative the sources allow, the ExchangeUsers permission group, would
 * give every authenticated local account of the Edge the right to relay, and
 * lacks ms-Exch-SMTP-Accept-Any-Sender. Whether Add-ADPermission resolves a
 * local Windows account on an Edge (AD LDS) is not stated by the cmdlet
 * reference: RULES.md and the README say that only a lab proves it.
 */
export const RELAY_RIGHTS: readonly ExtendedRight[] = [
  'ms-Exch-SMTP-Submit',
  'ms-Exch-SMTP-Accept-Any-Recipient',
  'ms-Exch-SMTP-Accept-Any-Sender',
  'ms-Exch-SMTP-Accept-Authoritative-Domain-Sender',
  'ms-Exch-Bypass-Anti-Spam',
  'ms-Exch-Accept-Headers-Routing',
];

export interface EdgeGrant {
  readonly edge: Server;
  /** The declared receive connector of the Edge that takes the organization's Basic-authenticated connections. */
  readonly connector: ReceiveConnector;
  /** The local account as Windows names it on that Edge: `EDGE01\mbxrelay`. */
  readonly account: string;
  readonly credential: Credential;
  /** The organization send connectors that log on with it. */
  readonly sendConnectors: readonly SendConnector[];
  readonly rights: readonly ExtendedRight[];
}

const BASIC = new Set(['BasicAuth', 'BasicAuthRequireTLS']);

/**
 * `EDGE01\user` for a credential that is a local account of `edge`: scope
 * `edgeLocal`, and a user name without a prefix, with `.\`, or with the Edge's
 * own name as prefix. Undefined for any other account (an Active Directory
 * account, or a local account of another computer, cannot log on to `edge`).
 */
export function localAccountOn(credential: Credential, edge: Server): string | undefined {
  const edgeName = edge.name?.value;
  const userName = credential.userName?.value.trim();
  if (!edgeName || !userName || credential.scope?.value.toLowerCase() !== 'edgelocal')
    return undefined;
  if (userName.includes('@')) return undefined;
  const slash = userName.indexOf('\\');
  if (slash < 0) return `${edgeName}\\${userName}`;
  const prefix = userName.slice(0, slash);
  const user = userName.slice(slash + 1);
  if (!user || user.includes('\\')) return undefined;
  return prefix === '.' || nameKey(prefix) === nameKey(edgeName)
    ? `${edgeName}\\${user}`
    : undefined;
}

const SOURCES = {};

/**
 * The Mailbox servers a connector sends from: its source transport servers, or
 * every Mailbox server. Computed once per connector and analysis.
 */
export function sourceServers(index: TopologyIndex, connector: SendConnector): readonly Server[] {
  const bySend = index.memo(SOURCES, newMap<SendConnector, readonly Server[]>);
  let servers = bySend.get(connector);
  if (!servers) bySend.set(connector, (servers = computeSources(index, connector)));
  return servers;
}

function computeSources(index: TopologyIndex, connector: SendConnector): Server[] {
  if (connector.sourceTransportServers.length === 0) return [...index.mailboxes];
  const result: Server[] = [];
  for (const source of connector.sourceTransportServers) {
    const server = index.server(source.value);
    if (server && index.isMailbox(server) && !result.includes(server)) result.push(server);
  }
  return result;
}

const GRANTS = {};

/**
 * Every grant, computed once per analysis: for each enabled organization send
 * connector that logs on with Basic authentication as a local Edge account,
 * the declared receive connector of each target Edge that its source servers'
 * connections land on (the same selection as the mail-flow model), when that
 * connector offers Basic authentication.
 */
export function edgeGrants(index: TopologyIndex): readonly EdgeGrant[] {
  return index.memo(GRANTS, computeGrants);
}

const BY_CONNECTOR = {};

/** The grants on one receive connector. */
export function grantsOn(index: TopologyIndex, connector: ReceiveConnector): readonly EdgeGrant[] {
  return index.memo(BY_CONNECTOR, grantsByConnector).get(connector) ?? [];
}

function grantsByConnector(index: TopologyIndex): Map<ReceiveConnector, EdgeGrant[]> {
  const map = new Map<ReceiveConnector, EdgeGrant[]>();
  for (const grant of edgeGrants(index)) {
    const list = map.get(grant.connector);
    if (list) list.push(grant);
    else map.set(grant.connector, [grant]);
  }
  return map;
}

function computeGrants(index: TopologyIndex): EdgeGrant[] {
  const grants: EdgeGrant[] = [];
  // Per receive connector and account (compared without case): the grant's place in `grants`.
  const places = new Map<ReceiveConnector, Map<string, number>>();
  for (const send of index.organizationSendConnectors()) {
    const mechanism = send.smartHostAuthMechanism?.value;
    if (send.view.boolean('enabled')?.value === false || !mechanism || !BASIC.has(mechanism))
      continue;
    const credential =
      send.authenticationCredential && index.credential(send.authenticationCredential.value);
    if (!credential) continue;
    let senders: readonly Address[] | undefined;
    for (const edge of index.edgesTargetedBy(send)) {
      const account = localAccountOn(credential, edge);
      if (!account) continue;
      senders ??= oneOfEachClass(index, sourceServers(index, send));
      const receivers = new Set<ReceiveConnector>();
      for (const endpoint of endpointsOn(index, send, edge)) {
        for (const address of senders) {
          if (address.family !== endpoint.address.family) continue;
          const receiver = receptionAt(index, edge, endpoint, address)?.point.connector;
          if (receiver && offersBasic(receiver)) receivers.add(receiver);
        }
      }
      for (const connector of receivers) {
        let byAccount = places.get(connector);
        if (!byAccount) places.set(connector, (byAccount = new Map()));
        const key = nameKey(account);
        const place = byAccount.get(key);
        const existing = place === undefined ? undefined : grants[place];
        if (!existing) {
          byAccount.set(key, grants.length);
          grants.push({
            edge,
            connector,
            account,
            credential,
            sendConnectors: [send],
            rights: RELAY_RIGHTS,
          });
        } else if (!existing.sendConnectors.includes(send)) {
          grants[place as number] = {
            ...existing,
            sendConnectors: [...existing.sendConnectors, send],
          };
        }
      }
    }
  }
  return grants;
}

/**
 * One address of each class (addressClass) among the servers' addresses, in
 * their order: addresses of one class are received alike, so one of each is
 * enough to find every receive connector the servers' connections land on.
 */
function oneOfEachClass(index: TopologyIndex, servers: readonly Server[]): Address[] {
  const classes: Record<Family, Set<number>> = { 4: new Set(), 6: new Set() };
  const result: Address[] = [];
  for (const server of servers) {
    for (const address of index.addressesOf(server)) {
      const seen = classes[address.family];
      const known = seen.size;
      if (seen.add(addressClass(index, address)).size > known) result.push(address);
    }
  }
  return result;
}

function offersBasic(connector: ReceiveConnector): boolean {
  return (effectiveAuthMechanisms(connector, 'Edge') ?? []).includes('BasicAuth');
}
