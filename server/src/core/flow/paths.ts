import type { Spanned } from '../model/objectView';
import { isDnsRouted } from '../model/sendConnectorFacts';
import type { Server } from '../model/topology';
import type { TopologyIndex } from '../model/topologyIndex';
import { connect, hopBetween, type Hop } from './hops';
import type { Message, RecipientClass, Sender } from './messages';
import type { Origin } from './origins';
import { sendPort } from '../model/mailPath';
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

/** A message is followed through at most this many servers; a longer path is a loop the model missed. */
const MAX_STOPS = 32;
/** Alternatives (smart hosts × addresses) followed from one stop. */
const MAX_BRANCHES = 64;

/** The paths of a message from a Mailbox server or an Edge, where it is submitted. */
export function pathsFromServer(
  index: TopologyIndex,
  sender: Sender & { readonly server: Server },
  recipient: RecipientClass,
): MailPath[] {
  const message: Message = { recipient, fromOrganization: true };
  const results: MailPath[] = [];
  walk(index, message, [{ server: sender.server }], (stops, verdict) =>
    results.push({ sender, recipient, stops, verdict }),
  );
  return results;
}

/** The paths of a message from a host that is no declared server, connecting as `origin` says. */
export function pathsFromHost(
  index: TopologyIndex,
  sender: Sender,
  recipient: RecipientClass,
  origin: Origin,
): MailPath[] {
  const message: Message = { recipient, fromOrganization: false };
  const hop = connect(index, {}, origin.to, origin.endpoint, origin.source, message);
  const first: Stop = { server: origin.to, hop };
  if (hop.refusal)
    return [{ sender, recipient, origin, stops: [first], verdict: { kind: 'refused' } }];
  const results: MailPath[] = [];
  walk(index, message, [first], (stops, verdict) =>
    results.push({ sender, recipient, origin, stops, verdict }),
  );
  return results;
}

type Emit = (stops: readonly Stop[], verdict: Verdict) => void;

/** Follows the message from the last stop of `stops`, where it has been accepted. */
function walk(index: TopologyIndex, message: Message, stops: Stop[], emit: Emit): void {
  const here = stops[stops.length - 1] as Stop;
  const server = here.server;
  // accepted-domains.md: all recipients of an Authoritative domain exist in the organization.
  if (index.isMailbox(server) && message.recipient.kind === 'Authoritative') {
    emit(stops, { kind: 'delivered' });
    return;
  }
  const route = routeFor(index, server, message.recipient.domain);
  if (!route) {
    emit(stops, { kind: 'no-route' });
    return;
  }
  // Inside the organization the message first travels to a source server of the connector.
  const sender = sendingServer(index, route.connector, server);
  if (sender !== server) {
    if (visited(stops, sender)) {
      emit(stops, { kind: 'loop', server: sender });
      return;
    }
    stops = [...stops, { server: sender, relayedFrom: server }];
  }
  const connector = route.connector;
  if (isDnsRouted(connector)) {
    emit(replaceLast(stops, { route }), { kind: 'internet' });
    return;
  }
  let branches = 0;
  let followed = 0;
  const seen = new Set<string>();
  for (const smartHost of connector.smartHosts) {
    const host = smartHost.value.trim();
    if (!host || host === '--') continue;
    const departed = replaceLast(stops, { route, smartHost });
    followed++;
    const target = index.serverForHost(host);
    if (!target) {
      emit(departed, { kind: 'smart-host', host });
      continue;
    }
    const addresses = index.resolve(host);
    if (addresses.length === 0) {
      emit(departed, { kind: 'unresolved', host });
      continue;
    }
    // Exchange tries a smart host's addresses in turn: the first that takes the message is the
    // path; when none does, the first refusal is.
    let taken: { hop: Hop; endpoint: string } | undefined;
    let refused: { hop: Hop; endpoint: string } | undefined;
    for (const address of addresses) {
      const endpoint = { address, port: sendPort(connector) };
      const key = `${target.name?.value ?? ''}/${address.canonical}/${endpoint.port}`;
      const hop = hopBetween(index, sender, connector, target, endpoint, message);
      if (!hop.refusal) {
        taken = { hop, endpoint: key };
        break;
      }
      refused ??= { hop, endpoint: key };
    }
    const chosen = taken ?? refused;
    if (!chosen || seen.has(chosen.endpoint) || ++branches > MAX_BRANCHES) continue;
    seen.add(chosen.endpoint);
    const hop = chosen.hop;
    const next = [...departed, { server: target, hop }];
    if (hop.refusal) emit(next, { kind: 'refused' });
    else if (visited(departed, target)) emit(next, { kind: 'loop', server: target });
    else if (next.length >= MAX_STOPS) emit(next, { kind: 'loop', server: target });
    else walk(index, message, next, emit);
  }
  // DNS routing off and no smart host: smarthosts-dns-routing's error; the message goes nowhere.
  if (followed === 0) emit(replaceLast(stops, { route }), { kind: 'no-route' });
}

function visited(stops: readonly Stop[], server: Server): boolean {
  return stops.some((s) => s.server === server);
}

function replaceLast(stops: readonly Stop[], departure: Departure): Stop[] {
  const last = stops[stops.length - 1] as Stop;
  return [...stops.slice(0, -1), { ...last, departure }];
}
