import { parseAddress, type Address, type Family } from '../model/network';
import type { SendConnector, Server } from '../model/topology';
import type { TopologyIndex } from '../model/topologyIndex';
import { refusalOf, type Message } from './messages';
import {
  formatEndpoint,
  receptionAt,
  type Endpoint,
  type Reception,
  displayAddress,
} from './receivers';
import { openSession, type Refusal, type Session } from './session';

/**
 * One SMTP connection of the model: a server (through a send connector) or a
 * host connects to an endpoint of a server, a receive connector takes it, the
 * session authenticates, and the message is accepted or refused.
 */
export interface Hop {
  /** The sending server; undefined for a host that is no declared server. */
  readonly from?: Server;
  readonly connector?: SendConnector;
  readonly to: Server;
  readonly endpoint: Endpoint;
  /** The sender's address the receiving server sees. */
  readonly source?: Address;
  /** Undefined when no receive connector accepts the connection. */
  readonly reception?: Reception;
  readonly session?: Session;
  /** Set when the hop fails: the connection, the logon or the message is refused. */
  readonly refusal?: Refusal;
}

/** Whether the message class matters to a hop: what a receive connector judges of it. */
function messageKey(message: Message): string {
  return `${message.fromOrganization ? 'o' : 'x'}:${message.recipient.domain}`;
}

const HOPS = {};

/**
 * The hop from `from` through `connector` to `endpoint` of `to`, computed once
 * per analysis. Which of the sender's addresses the receiving server sees
 * depends on routing tables the topology does not describe: the first of
 * them that gets the message through is taken, and when none does, the first
 * one's refusal is reported.
 */
export function hopBetween(
  index: TopologyIndex,
  from: Server,
  connector: SendConnector,
  to: Server,
  endpoint: Endpoint,
  message: Message,
): Hop {
  const cache = index.memo(
    HOPS,
    () => new Map<SendConnector, Map<Server, Map<Server, Map<string, Hop>>>>(),
  );
  const byFrom = getOrCreate(
    cache,
    connector,
    () => new Map<Server, Map<Server, Map<string, Hop>>>(),
  );
  const byTo = getOrCreate(byFrom, from, () => new Map<Server, Map<string, Hop>>());
  const hops = getOrCreate(byTo, to, () => new Map<string, Hop>());
  const key = `${formatEndpoint(endpoint)}/${messageKey(message)}`;
  let hop = hops.get(key);
  if (!hop) hops.set(key, (hop = computeHop(index, from, connector, to, endpoint, message)));
  return hop;
}

function getOrCreate<K, V>(map: Map<K, V>, key: K, create: () => V): V {
  let value = map.get(key);
  if (value === undefined) map.set(key, (value = create()));
  return value;
}

function computeHop(
  index: TopologyIndex,
  from: Server,
  connector: SendConnector,
  to: Server,
  endpoint: Endpoint,
  message: Message,
): Hop {
  const sources = sourceAddresses(index, from, connector, endpoint.address.family);
  if (sources.length === 0) {
    return {
      from,
      connector,
      to,
      endpoint,
      refusal: {
        reason: 'no-connector',
        message: `${from.name?.value ?? 'the server'} has no IPv${endpoint.address.family} address to connect to ${formatEndpoint(endpoint)} from`,
      },
    };
  }
  let first: Hop | undefined;
  for (const source of sources) {
    const hop = connect(index, { from, connector }, to, endpoint, source, message);
    if (!hop.refusal) return hop;
    first ??= hop;
  }
  return first as Hop;
}

/** A connection from `source` to `endpoint` of `to`, by a declared server or a host. */
export function connect(
  index: TopologyIndex,
  sending: { readonly from?: Server; readonly connector?: SendConnector },
  to: Server,
  endpoint: Endpoint,
  source: Address,
  message: Message,
): Hop {
  const base = { from: sending.from, connector: sending.connector, to, endpoint, source };
  const reception = receptionAt(index, to, endpoint, source);
  if (!reception) {
    return {
      ...base,
      refusal: {
        reason: 'no-connector',
        message: `no receive connector of ${to.name?.value ?? 'the server'} accepts a connection from ${displayAddress(source)} to ${formatEndpoint(endpoint)}`,
      },
    };
  }
  const opened = openSession(index, reception.point, {
    server: sending.from,
    connector: sending.connector,
  });
  if ('refusal' in opened) return { ...base, reception, refusal: opened.refusal };
  const refusal = refusalOf(index, opened.session, message);
  return { ...base, reception, session: opened.session, refusal };
}

/**
 * The addresses a server sends from: an Edge connector's `sourceIPAddress`,
 * else (toward a declared server, which is inside) the Edge's internal
 * adapters; a Mailbox server's own addresses. Only those of the family of
 * the endpoint.
 */
function sourceAddresses(
  index: TopologyIndex,
  from: Server,
  connector: SendConnector,
  family: Family,
): Address[] {
  const of = (addresses: readonly Address[]) => addresses.filter((a) => a.family === family);
  if (index.isEdge(from)) {
    const declared = connector.view.string('sourceIPAddress');
    const fixed = declared && parseAddress(declared.value);
    if (fixed && fixed.value !== 0n && fixed.family === family) return [fixed];
    const internal = from.adapters
      .filter((a) => a.network?.value === 'internal')
      .flatMap((a) => a.ipAddresses.flatMap((ip) => parseAddress(ip.value) ?? []));
    const inside = of(internal);
    if (inside.length > 0) return inside;
  }
  return of(index.addressesOf(from));
}
