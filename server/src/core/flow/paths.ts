import { newMap } from './memo';
import { sendPort } from '../model/mailPath';
import type { Spanned } from '../model/objectView';
import { isDnsRouted } from '../model/sendConnectorFacts';
import type { SendConnector, Server } from '../model/topology';
import type { TopologyIndex } from '../model/topologyIndex';
import { chooseHop, connect, refusedWithMask, sourceClass, type Hop } from './hops';
import { messageOf, type Message, type RecipientClass, type Sender } from './messages';
import type { Origin } from './origins';
import { builtInMask, type Endpoint } from './receivers';
import { routeFor, sendingServer, type Route } from './routing';

/**
 * The paths of one message through the design. A path is a list of stops:
 * the server where the message is, how it got there (the hop) and how it
 * leaves (the route and, for smart-host routing, which smart host). Smart
 * hosts are alternatives Exchange balances between, so each is a path of
 * its own: the design relies on every one of them.
 */
export interface Stop {
  readonly server: Server;
  /** How the message arrived; undefined where it starts, or when relayed inside the organization. */
  readonly hop?: Hop;
  /** When the message reached this Mailbox server from another one inside the organization. */
  readonly relayedFrom?: Server;
  readonly departure?: Departure;
}

export interface Departure {
  readonly route: Route;
  /** Undefined when the connector routes by DNS (MX records). */
  readonly smartHost?: Spanned<string>;
}

export type Verdict =
  /** Delivered to a mailbox on a Mailbox server. */
  | { readonly kind: 'delivered' }
  /** Sent to the internet by DNS from the last stop. */
  | { readonly kind: 'internet' }
  /** Handed to a smart host that is no declared server: the model cannot follow it further. */
  | { readonly kind: 'smart-host'; readonly host: string }
  /** A smart host names a declared server whose address is unknown. */
  | { readonly kind: 'unresolved'; readonly host: string }
  /** The last hop was refused (the connection, the logon or the message). */
  | { readonly kind: 'refused' }
  /** No send connector matches the recipient at the last stop. */
  | { readonly kind: 'no-route' }
  /** The message reached a server it had passed. */
  | { readonly kind: 'loop'; readonly server: Server };

export interface MailPath {
  readonly sender: Sender;
  readonly recipient: RecipientClass;
  /** For a host: where it connected, and as which hosts. */
  readonly origin?: Origin;
  readonly stops: readonly Stop[];
  readonly verdict: Verdict;
}

/** Alternatives (smart hosts) followed from one server. */
const MAX_BRANCHES = 64;

/**
 * Which paths to keep: all of them (a trace), or only those whose verdict
 * `keep` accepts (the design rules want the failing ones, and building every
 * path of a large topology costs more than following it). `key` names the
 * choice, for the memo of what follows each server.
 */
export interface Keep {
  readonly key: string;
  accepts(verdict: Verdict): boolean;
}

export const KEEP_ALL: Keep = { key: 'all', accepts: () => true };

/** The paths of a message from a Mailbox server or an Edge, where it is submitted. */
export function pathsFromServer(
  index: TopologyIndex,
  sender: Sender & { readonly server: Server },
  recipient: RecipientClass,
  keep: Keep = KEEP_ALL,
): MailPath[] {
  const outcomes = onwards(index, walkOf(index, recipient, true, keep), sender.server);
  if (outcomes.length === 0) return [];
  return outcomes.map((o) => ({
    sender,
    recipient,
    stops: [{ server: sender.server, departure: o.departure }, ...o.after],
    verdict: o.verdict,
  }));
}

/** The paths of a message from a host that is no declared server, connecting as `origin` says. */
export function pathsFromHost(
  index: TopologyIndex,
  sender: Sender,
  recipient: RecipientClass,
  origin: Origin,
  keep: Keep = KEEP_ALL,
): MailPath[] {
  const walk = walkOf(index, recipient, false, keep);
  const hop = connect(index, {}, origin.to, origin.endpoint, origin.source, walk.message);
  if (hop.refusal) {
    return keep.accepts(REFUSED)
      ? [{ sender, recipient, origin, stops: [{ server: origin.to, hop }], verdict: REFUSED }]
      : [];
  }
  const outcomes = onwards(index, walk, origin.to);
  if (outcomes.length === 0) return [];
  return outcomes.map((o) => ({
    sender,
    recipient,
    origin,
    stops: [{ server: origin.to, hop, departure: o.departure }, ...o.after],
    verdict: o.verdict,
  }));
}

/** One message followed with one choice of paths, and its key in the memo. */
interface Walk {
  readonly message: Message;
  readonly keep: Keep;
  readonly key: string;
}

const WALKS = {};

/** The walk of a recipient's message, made once per analysis (a design rule asks for it per sender). */
function walkOf(
  index: TopologyIndex,
  recipient: RecipientClass,
  fromOrganization: boolean,
  keep: Keep,
): Walk {
  const byRecipient = index.memo(WALKS, newMap<RecipientClass, Map<string, Walk>>);
  let byKeep = byRecipient.get(recipient);
  if (!byKeep) byRecipient.set(recipient, (byKeep = new Map()));
  const name = fromOrganization ? `o${keep.key}` : `x${keep.key}`;
  let walk = byKeep.get(name);
  if (!walk) {
    const message = messageOf(recipient, fromOrganization);
    // Routing depends on the recipient's domain, the hops on the message's class.
    walk = { message, keep, key: `${recipient.domain}|${message.key}|${keep.key}` };
    byKeep.set(name, walk);
  }
  return walk;
}

/** What follows once a message is accepted on a server: how it leaves, the stops after, the verdict. */
interface Outcome {
  readonly departure?: Departure;
  readonly after: readonly Stop[];
  readonly verdict: Verdict;
}

interface Memo {
  /** Per message and choice of paths, by server. */
  readonly done: Map<string, Map<Server, readonly Outcome[]>>;
  /** Per message and choice of paths, the servers whose outcomes are being computed. */
  readonly running: Map<string, Set<Server>>;
}

const OUTCOMES = {};

function newMemo(): Memo {
  return { done: new Map(), running: new Map() };
}

/**
 * The outcomes of a message accepted on `server`, computed once per server,
 * message and choice of paths. Routing is deterministic (the same server and
 * message choose the same connector and smart hosts), so what follows a
 * server does not depend on how the message got there, except for loops: a
 * message that comes back to a server whose outcomes are being computed loops,
 * and such outcomes are not kept for other ways of reaching the server.
 */
function onwards(index: TopologyIndex, walk: Walk, server: Server): readonly Outcome[] {
  // accepted-domains.md: all recipients of an Authoritative domain exist in the organization.
  if (index.isMailbox(server) && walk.message.recipient.kind === 'Authoritative')
    return walk.keep.accepts(DELIVERED) ? DELIVERED_HERE : NONE_KEPT;
  const memo = index.memo(OUTCOMES, newMemo);
  const key = walk.key;
  // By message first: a few messages, many servers (one map per message, not per server).
  let byServer = memo.done.get(key);
  if (!byServer) memo.done.set(key, (byServer = new Map()));
  const known = byServer.get(server);
  if (known) return known;
  let running = memo.running.get(key);
  if (!running) memo.running.set(key, (running = new Set()));
  running.add(server);
  const outcomes = follow(index, walk, server, running);
  running.delete(server);
  // A loop back to a server still being computed further up depends on the way
  // the message came: that path is the caller's, not this server's, to keep.
  if (!outcomes.some((o) => o.verdict.kind === 'loop' && running.has(o.verdict.server)))
    byServer.set(server, outcomes);
  return outcomes;
}

/**
 * How a connector leaves a server: by DNS, or through each smart host. Worked
 * out once per list of smart hosts and port: the Edges of one site usually
 * name the same Mailbox servers.
 */
interface ConnectorPlan {
  readonly dns: boolean;
  readonly branches: readonly Branch[];
  /** Whether two smart hosts name one server (by two names, or twice). */
  readonly sharedTargets: boolean;
  /** deliveryOf's answer, once asked (null: not every smart host is a Mailbox server of a Delivery). */
  delivery?: Delivery | null;
}

/**
 * A connector whose smart hosts are all Mailbox servers where only built-in
 * connectors listen on the first address Exchange tries: one smart host for
 * each way those hops are judged (refusedWithMask's key but the sender's
 * class and the message; usually one).
 */
interface Delivery {
  readonly probes: readonly Probe[];
}

interface Probe {
  readonly to: Server;
  readonly endpoint: Endpoint;
  readonly mask: number;
}

interface Branch {
  /** Where the smart host is in the connector's `smartHosts`. */
  readonly position: number;
  readonly host: string;
  /** The declared server the smart host names, if any, and its endpoints (address, the connector's port). */
  readonly target?: Server;
  readonly endpoints: readonly Endpoint[];
}

const PLANS = {};
const SHARED_PLANS = {};
const DNS_PLAN: ConnectorPlan = { dns: true, branches: [], sharedTargets: false, delivery: null };

/**
 * The plans shared by lists of smart hosts, as a tree with one level per
 * smart host (each level keyed by the smart host as written): a list is found
 * by looking each of its names up, which costs less than making a text of the
 * whole list to look up (the names were looked up, and their hashes kept, by
 * then). At the end of a list, its plan per port.
 */
interface SharedPlans {
  readonly next: Map<string, SharedPlans>;
  readonly byPort: Map<number, ConnectorPlan>;
}

function newSharedPlans(): SharedPlans {
  return { next: new Map(), byPort: new Map() };
}

function planOf(index: TopologyIndex, connector: SendConnector): ConnectorPlan {
  const plans = index.memo(PLANS, newMap<SendConnector, ConnectorPlan>);
  let plan = plans.get(connector);
  if (!plan) {
    if (isDnsRouted(connector)) plan = DNS_PLAN;
    else {
      const port = sendPort(connector);
      let shared = index.memo(SHARED_PLANS, newSharedPlans);
      for (const { value } of connector.smartHosts) {
        let next = shared.next.get(value);
        if (!next) shared.next.set(value, (next = newSharedPlans()));
        shared = next;
      }
      plan = shared.byPort.get(port);
      if (!plan) shared.byPort.set(port, (plan = makePlan(index, connector, port)));
    }
    plans.set(connector, plan);
  }
  return plan;
}

function makePlan(index: TopologyIndex, connector: SendConnector, port: number): ConnectorPlan {
  const branches: Branch[] = [];
  connector.smartHosts.every((smartHost, position) => {
    const host = smartHost.value.trim();
    if (!host || host === '--') return true;
    const target = index.serverForHost(host);
    const endpoints = target ? index.resolve(host).map((address) => ({ address, port })) : [];
    branches.push({ position, host, target, endpoints });
    return branches.length < MAX_BRANCHES;
  });
  return { dns: false, branches, sharedTargets: nameOneServerTwice(branches) };
}

function deliveryOf(index: TopologyIndex, plan: ConnectorPlan): Delivery | null {
  if (plan.delivery !== undefined) return plan.delivery;
  const probes: Probe[] = [];
  const ways = new Set<number>();
  let delivery: Delivery | null = plan.branches.length > 0 ? { probes } : null;
  for (const { target, endpoints } of plan.branches) {
    const endpoint = endpoints[0];
    const mask =
      target && endpoint && index.isMailbox(target)
        ? builtInMask(index, target, endpoint)
        : undefined;
    if (!target || !endpoint || mask === undefined) {
      delivery = null;
      break;
    }
    const way = mask * 2 + (endpoint.address.family === 6 ? 1 : 0);
    if (ways.has(way)) continue;
    ways.add(way);
    probes.push({ to: target, endpoint, mask });
  }
  plan.delivery = delivery;
  return delivery;
}

/**
 * Whether, in the design rules' mode, a message for an Authoritative domain
 * leaves `sender` through `connector` without a failing path, decided without
 * following each smart host. When every smart host is a Mailbox server of a
 * Delivery and the hop of each way of judging is accepted, departures would
 * choose each smart host's first address (chooseHop tries it first and,
 * since only built-in connectors listen there, judges it by refusedWithMask),
 * the hop is accepted, and the Mailbox server delivers (onwards), which is
 * no failure. None of those Mailbox servers can be on the way already: a
 * message for an Authoritative domain never leaves a Mailbox server (onwards
 * delivers it there), so only Edges are ever followed. On L, 200 Edges with
 * 20 smart hosts each are 200 judgements instead of 4,000.
 */
function deliveredQuietly(
  index: TopologyIndex,
  walk: Walk,
  sender: Server,
  connector: SendConnector,
  plan: ConnectorPlan,
): boolean {
  const { message, keep } = walk;
  if (message.recipient.kind !== 'Authoritative' || keep.accepts(DELIVERED)) return false;
  const delivery = deliveryOf(index, plan);
  if (!delivery) return false;
  for (const { to, endpoint, mask } of delivery.probes)
    if (refusedWithMask(index, sender, connector, to, endpoint, message, mask)) return false;
  return true;
}

function nameOneServerTwice(branches: readonly Branch[]): boolean {
  const targets = new Set<Server>();
  for (const { target } of branches) {
    if (!target) continue;
    if (targets.has(target)) return true;
    targets.add(target);
  }
  return false;
}

function follow(
  index: TopologyIndex,
  walk: Walk,
  server: Server,
  running: ReadonlySet<Server>,
): readonly Outcome[] {
  const { message, keep } = walk;
  const route = routeFor(index, server, message.recipient.domain);
  if (!route) return keep.accepts(NO_ROUTE) ? [{ after: NONE, verdict: NO_ROUTE }] : NONE_KEPT;
  // Inside the organization the message first travels to a source server of the connector.
  const sender = sendingServer(index, route.connector, server);
  const plan = planOf(index, route.connector);
  const classes = classesOf(index, walk, server, sender, route.connector, plan, running);
  if (!classes) return departures(index, walk, server, sender, route, plan, running);
  // Sent on by another server: that server's hops, the same for every sender sent through it.
  const senderClass = sender === server ? sourceClass(index, server, route.connector) : THROUGH;
  if (classes.has(senderClass)) return NONE_KEPT;
  const outcomes = departures(index, walk, server, sender, route, plan, running);
  if (outcomes.length === 0) classes.add(senderClass);
  return outcomes;
}

/** The class of senders that hand their message to another server (sendingServer) to send on. */
const THROUGH = -1;

/**
 * Senders that meet nothing that tells them apart share what follows them, in
 * the design rules' mode (only failing paths kept): the same connector, sent
 * from the same server or from addresses of one source class (sourceClass),
 * and none of its smart hosts a server on the way. When one of them has no
 * failing path, none has: a hop of another would land on the same receive
 * connector with the same session, and reach the same servers. (A path that
 * came back to the second sender would have come back to the first one's
 * smart host, a loop, and failed.) Only for a sender where the walk starts
 * (nothing else running), and only the empty result is shared: a failing
 * path names its own servers and addresses. On L, 1,000 Mailbox servers in 50
 * sites are 50 classes. The classes known so far, per walk, connector and
 * server that sends on (null: the senders send themselves, by sourceClass).
 */
function classesOf(
  index: TopologyIndex,
  walk: Walk,
  server: Server,
  sender: Server,
  connector: SendConnector,
  plan: ConnectorPlan,
  running: ReadonlySet<Server>,
): Set<number> | undefined {
  if (walk.keep === KEEP_ALL || plan.dns || running.size !== 1) return undefined;
  for (const branch of plan.branches)
    if (branch.target === server || branch.target === sender) return undefined;
  const byConnector = index.memo(CLASSES, newMap<SendConnector, Map<Server | null, ByWalk>>);
  let bySender = byConnector.get(connector);
  if (!bySender) byConnector.set(connector, (bySender = new Map()));
  const through = sender === server ? null : sender;
  let byWalk = bySender.get(through);
  if (!byWalk) bySender.set(through, (byWalk = new Map()));
  let classes = byWalk.get(walk);
  if (!classes) byWalk.set(walk, (classes = new Set()));
  return classes;
}

/** Per walk, the classes of senders known to have no failing path. */
type ByWalk = Map<Walk, Set<number>>;

const CLASSES = {};

/** How a message leaves `server` by `route` (from `sender`, a source server of its connector). */
function departures(
  index: TopologyIndex,
  walk: Walk,
  server: Server,
  sender: Server,
  route: Route,
  plan: ConnectorPlan,
  running: ReadonlySet<Server>,
): Outcome[] {
  const { message, keep } = walk;
  const outcomes: Outcome[] = [];
  const leave = (departure: Departure, after: readonly Stop[], verdict: Verdict) => {
    if (sender === server) outcomes.push({ departure, after, verdict });
    else
      outcomes.push({
        after: [{ server: sender, relayedFrom: server, departure }, ...after],
        verdict,
      });
  };
  if (plan.dns) {
    if (keep.accepts(INTERNET)) leave({ route }, NONE, INTERNET);
    return outcomes;
  }
  if (keep !== KEEP_ALL && deliveredQuietly(index, walk, sender, route.connector, plan))
    return outcomes;
  // Two smart hosts naming one endpoint are one path. Addresses compare by their canonical
  // text: a literal smart host is parsed apart from the server's own address object.
  let followed: (Server | string)[] | undefined;
  for (const branch of plan.branches) {
    const target = branch.target;
    if (!target) {
      const verdict: Verdict = { kind: 'smart-host', host: branch.host };
      if (keep.accepts(verdict))
        leave({ route, smartHost: smartHostOf(route, branch) }, NONE, verdict);
      continue;
    }
    if (branch.endpoints.length === 0) {
      const verdict: Verdict = { kind: 'unresolved', host: branch.host };
      if (keep.accepts(verdict))
        leave({ route, smartHost: smartHostOf(route, branch) }, NONE, verdict);
      continue;
    }
    const alike = keep !== KEEP_ALL;
    const chosen = chooseHop(
      index,
      sender,
      route.connector,
      target,
      branch.endpoints,
      message,
      alike,
    );
    if (!chosen) continue;
    if (plan.sharedTargets) {
      followed ??= [];
      let twice = false;
      for (let k = 0; k < followed.length; k += 2)
        twice ||= followed[k] === target && followed[k + 1] === chosen.endpoint.address.canonical;
      if (twice) continue;
      followed.push(target, chosen.endpoint.address.canonical);
    }
    const smartHost = smartHostOf(route, branch);
    if (chosen.refused) {
      if (keep.accepts(REFUSED))
        leave({ route, smartHost }, [{ server: target, hop: chosen.hop() }], REFUSED);
      continue;
    }
    if (target === server || target === sender || running.has(target)) {
      const verdict: Verdict = { kind: 'loop', server: target };
      if (keep.accepts(verdict))
        leave({ route, smartHost }, [{ server: target, hop: chosen.hop() }], verdict);
      continue;
    }
    for (const next of onwards(index, walk, target)) {
      const arrival: Stop = { server: target, hop: chosen.hop(), departure: next.departure };
      leave({ route, smartHost }, [arrival, ...next.after], next.verdict);
    }
  }
  // DNS routing off and no smart host: smarthosts-dns-routing's error; the message goes nowhere.
  if (plan.branches.length === 0 && keep.accepts(NO_ROUTE)) leave({ route }, NONE, NO_ROUTE);
  return outcomes;
}

/** The smart host of `branch` as the route's connector spells it (plans are shared). */
function smartHostOf(route: Route, branch: Branch): Spanned<string> {
  return route.connector.smartHosts[branch.position] as Spanned<string>;
}

const NONE: readonly Stop[] = [];
const NONE_KEPT: readonly Outcome[] = [];
const DELIVERED: Verdict = { kind: 'delivered' };
const DELIVERED_HERE: readonly Outcome[] = [{ after: NONE, verdict: DELIVERED }];
const INTERNET: Verdict = { kind: 'internet' };
const REFUSED: Verdict = { kind: 'refused' };
const NO_ROUTE: Verdict = { kind: 'no-route' };
