import { newMap } from './memo';
import { parseAddress, type Address, type Family } from '../model/network';
import type { SendConnector, Server } from '../model/topology';
import type { TopologyIndex } from '../model/topologyIndex';
import { refusalOf, type Message } from './messages';
import {
  addressClass,
  displayAddress,
  builtInMask,
  formatEndpoint,
  receptionAt,
  type Endpoint,
  type Reception,
} from './receivers';
import { openSession, type Refusal, type Session, type SessionResult } from './session';

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

/** What a connection is before a message is sent: a receive connector and a session, or a refusal. */
interface Connection {
  readonly reception?: Reception;
  readonly session?: Session;
  readonly refusal?: Refusal;
}

/** The key a host without a send connector is cached under. */
const HOST = {};

/**
 * What the model works out once per analysis: sessions (per sending
 * connector and kind of receive connector), the judgement of each message in
 * a session, and the addresses each server sends from. Connections
 * themselves are cheap and rarely met twice, so they are not kept.
 */
interface Caches {
  /**
   * Per send connector (or HOST) and receive point: the session, which depends
   * on nothing else. Built-in points of one kind are configured alike on every
   * server and share one entry.
   */
  readonly sessions: Map<object, Map<object, SessionResult>>;
  /** Per session and message: the refusal, or null. */
  readonly acceptance: Map<Session, Map<string, Refusal | null>>;
  /** Per send connector and sending Edge: its source addresses of each family, and their class. */
  readonly sources: Map<SendConnector, Map<Server, SourceAddresses>>;
  /** Per Mailbox server (which sends from its own addresses through every connector). */
  readonly serverSources: Map<Server, SourceAddresses>;
  /**
   * Per send connector: whether a hop is refused, by source class, message
   * and kind of receiving server (refusedAlike).
   */
  readonly alike: Map<SendConnector, Map<number, Map<number, boolean>>>;
  /**
   * Per endpoint of a smart host (one object per list of smart hosts, shared
   * by the connectors that name the same ones): the hops of each sending
   * server, connector and message. A list, not maps: an endpoint is met from
   * few servers, and thousands of small maps cost more to keep than to search.
   */
  readonly hops: Map<Endpoint, HopSlot[]>;
}

interface SourceAddresses extends Record<Family, readonly Address[]> {
  class?: number;
}

interface HopSlot {
  readonly from: Server;
  readonly connector: SendConnector;
  readonly key: string;
  readonly hop: Hop;
}

const CACHES = {};

function caches(index: TopologyIndex): Caches {
  return index.memo(CACHES, newCaches);
}

// Module-level, not an arrow in caches(): asked for on every hop, which would make a closure each time.
function newCaches(): Caches {
  return {
    sessions: new Map(),
    acceptance: new Map(),
    sources: new Map(),
    serverSources: new Map(),
    alike: new Map(),
    hops: new Map(),
  };
}

function child<K, V>(map: Map<K, V>, key: K, create: () => V): V {
  let value = map.get(key);
  if (value === undefined) map.set(key, (value = create()));
  return value;
}

/**
 * The hop from `from` through `connector` to `endpoint` of `to` (the port is
 * the connector's). Which of the sender's addresses the receiving server sees
 * depends on routing tables the topology does not describe: the first of them
 * that gets the message through is taken, and when none does, the first one's
 * refusal is reported.
 */
export function hopBetween(
  index: TopologyIndex,
  from: Server,
  connector: SendConnector,
  to: Server,
  endpoint: Endpoint,
  message: Message,
): Hop {
  const slots = child(caches(index).hops, endpoint, (): HopSlot[] => []);
  for (const slot of slots)
    if (slot.from === from && slot.connector === connector && slot.key === message.key)
      return slot.hop;
  const hop = computeHop(index, from, connector, to, endpoint, message);
  slots.push({ from, connector, key: message.key, hop });
  return hop;
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

/** A connection from `source` to `endpoint` of `to`, by a declared server or a host, for a message. */
export function connect(
  index: TopologyIndex,
  sending: { readonly from?: Server; readonly connector?: SendConnector },
  to: Server,
  endpoint: Endpoint,
  source: Address,
  message: Message,
): Hop {
  const connection = openConnection(index, sending, to, endpoint, source);
  const session = connection.session;
  const refusal = connection.refusal ?? (session && acceptance(index, session, message));
  return {
    from: sending.from,
    connector: sending.connector,
    to,
    endpoint,
    source,
    reception: connection.reception,
    session,
    refusal: refusal ?? undefined,
  };
}

function openConnection(
  index: TopologyIndex,
  sending: { readonly from?: Server; readonly connector?: SendConnector },
  to: Server,
  endpoint: Endpoint,
  source: Address,
): Connection {
  const reception = receptionAt(index, to, endpoint, source);
  if (!reception) {
    return {
      refusal: {
        reason: 'no-connector',
        message: `no receive connector of ${to.name?.value ?? 'the server'} accepts a connection from ${displayAddress(source)} to ${formatEndpoint(endpoint)}`,
      },
    };
  }
  const point = reception.point;
  const sessions = child(caches(index).sessions, sending.connector ?? HOST, () => new Map());
  // A refusal names the point; only sessions are shared between built-in points of one kind.
  let opened = sessions.get(point.builtIn ?? point);
  if (!opened || ('refusal' in opened && point.builtIn)) {
    opened =
      sessions.get(point) ??
      openSession(index, point, { server: sending.from, connector: sending.connector });
    sessions.set('refusal' in opened ? point : (point.builtIn ?? point), opened);
  }
  return 'refusal' in opened
    ? { reception, refusal: opened.refusal }
    : { reception, session: opened.session };
}

function acceptance(index: TopologyIndex, session: Session, message: Message): Refusal | null {
  const byMessage = child(
    caches(index).acceptance,
    session,
    () => new Map<string, Refusal | null>(),
  );
  let refusal = byMessage.get(message.key);
  if (refusal === undefined)
    byMessage.set(message.key, (refusal = refusalOf(index, session, message) ?? null));
  return refusal;
}

/**
 * A name for how `from`'s connections through `connector` are received
 * anywhere: receptionAt depends on a source address only through which remote
 * ranges hold it, so addresses between the same two bounds of every range are
 * received alike. Two senders of one class, through one connector to the
 * same endpoint, land on the same connector with the same session and get the
 * same refusal or none (their hops differ only in which server and address
 * they name). A number at or above zero.
 */
export function sourceClass(index: TopologyIndex, from: Server, connector: SendConnector): number {
  const sources = sourcesOf(index, from, connector);
  if (sources.class === undefined) {
    const [only] = sources[4];
    // Most servers send from one IPv4 address: its class, doubled, is the name (no text to make).
    if (sources[4].length === 1 && sources[6].length === 0 && only) {
      sources.class = 2 * addressClass(index, only);
    } else {
      const of = (family: Family) =>
        sources[family].map((address) => addressClass(index, address)).join(',');
      sources.class = 2 * interned(index, `${of(4)}/${of(6)}`) + 1;
    }
  }
  return sources.class;
}

const INTERNED = {};

/** A small number for each distinct text, per analysis: cheaper keys than the texts. */
function interned(index: TopologyIndex, text: string): number {
  const numbers = index.memo(INTERNED, newMap<string, number>);
  let number = numbers.get(text);
  if (number === undefined) numbers.set(text, (number = numbers.size));
  return number;
}

/** The endpoint chosen for a hop, whether it is refused, and the hop, built when first asked for. */
export class HopChoice {
  private built: Hop | undefined;

  constructor(
    private readonly index: TopologyIndex,
    private readonly from: Server,
    private readonly connector: SendConnector,
    private readonly to: Server,
    readonly endpoint: Endpoint,
    private readonly message: Message,
    known: boolean | undefined,
  ) {
    this.refused = known ?? this.hop().refusal !== undefined;
  }

  readonly refused: boolean;

  hop(): Hop {
    this.built ??= hopBetween(
      this.index,
      this.from,
      this.connector,
      this.to,
      this.endpoint,
      this.message,
    );
    return this.built;
  }
}

/**
 * The hop to one smart host, whose addresses Exchange tries in turn: the
 * first that takes the message is the path; when none does, the first
 * refusal is. With `alike`, a refusal is looked up for the sender's class
 * where it can be (refusedAlike), and the hop itself is built only when asked
 * for: the design rules, which keep only failing paths, need it only then.
 */
export function chooseHop(
  index: TopologyIndex,
  from: Server,
  connector: SendConnector,
  to: Server,
  endpoints: readonly Endpoint[],
  message: Message,
  alike: boolean,
): HopChoice | undefined {
  let first: HopChoice | undefined;
  for (const endpoint of endpoints) {
    const known = alike ? refusedAlike(index, from, connector, to, endpoint, message) : undefined;
    const choice = new HopChoice(index, from, connector, to, endpoint, message, known);
    if (!choice.refused) return choice;
    first ??= choice;
  }
  return first;
}

/**
 * Whether a hop is refused, worked out once for every sender of one source
 * class (sourceClass) sending through `connector` a message of one kind to a
 * server where only built-in connectors listen on the endpoint's port. The
 * built-in connectors of one kind are configured alike on every server (the
 * sessions are shared already: openConnection), and a source class lands on
 * the same one, so the hop is refused for all of them or for none.
 * Undefined where a declared connector listens: each is its own.
 */
function refusedAlike(
  index: TopologyIndex,
  from: Server,
  connector: SendConnector,
  to: Server,
  endpoint: Endpoint,
  message: Message,
): boolean | undefined {
  const mask = builtInMask(index, to, endpoint);
  return mask === undefined
    ? undefined
    : refusedWithMask(index, from, connector, to, endpoint, message, mask);
}

/** refusedAlike where the endpoint's builtInMask is known to be `mask`. */
export function refusedWithMask(
  index: TopologyIndex,
  from: Server,
  connector: SendConnector,
  to: Server,
  endpoint: Endpoint,
  message: Message,
  mask: number,
): boolean {
  const alike = caches(index).alike;
  let byClass = alike.get(connector);
  if (!byClass) alike.set(connector, (byClass = new Map()));
  const sources = sourceClass(index, from, connector);
  let byKind = byClass.get(sources);
  if (!byKind) byClass.set(sources, (byKind = new Map()));
  const key = (mask * 4 + message.kind) * 2 + (endpoint.address.family === 6 ? 1 : 0);
  let refused = byKind.get(key);
  if (refused === undefined) {
    refused = hopBetween(index, from, connector, to, endpoint, message).refusal !== undefined;
    byKind.set(key, refused);
  }
  return refused;
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
): readonly Address[] {
  return sourcesOf(index, from, connector)[family];
}

function sourcesOf(index: TopologyIndex, from: Server, connector: SendConnector): SourceAddresses {
  const { sources, serverSources } = caches(index);
  // A Mailbox server sends from its own addresses through any connector: one entry per server.
  if (!index.isEdge(from)) {
    let own = serverSources.get(from);
    if (!own) serverSources.set(from, (own = byFamily(index.addressesOf(from))));
    return own;
  }
  let byServer = sources.get(connector);
  if (!byServer) sources.set(connector, (byServer = new Map()));
  let edge = byServer.get(from);
  if (!edge) byServer.set(from, (edge = edgeSources(index, from, connector)));
  return edge;
}

/** An Edge's: the connector's `sourceIPAddress` in its family, else its internal adapters' addresses. */
function edgeSources(
  index: TopologyIndex,
  from: Server,
  connector: SendConnector,
): SourceAddresses {
  const declared = connector.view.string('sourceIPAddress');
  const fixed = declared && parseAddress(declared.value);
  const internal = byFamily(
    from.adapters
      .filter((a) => a.network?.value === 'internal')
      .flatMap((a) => a.ipAddresses.flatMap((ip) => parseAddress(ip.value) ?? [])),
  );
  const own = byFamily(index.addressesOf(from));
  const pick = (family: Family): readonly Address[] => {
    if (fixed && fixed.value !== 0n && fixed.family === family) return [fixed];
    return internal[family].length > 0 ? internal[family] : own[family];
  };
  return { 4: pick(4), 6: pick(6) };
}

function byFamily(addresses: readonly Address[]): SourceAddresses {
  const sources: SourceAddresses = { 4: [], 6: [] };
  for (const address of addresses) (sources[address.family] as Address[]).push(address);
  return sources;
}
