import { parseAddress, type Address } from '../model/network';
import type { Server } from '../model/topology';
import type { TopologyIndex } from '../model/topologyIndex';
import {
  recipientClasses,
  type RecipientClass,
  type RecipientKind,
  type Sender,
  type SenderKind,
} from './messages';
import {
  hostOriginsFrom,
  mxOrigins,
  originsOf,
  relayOrigins,
  type Origin,
  type Side,
} from './origins';
import type { ReceivePoint } from './receivers';
import { openSession } from './session';
import { pathsFromHost, pathsFromServer, type Keep, type MailPath, type Verdict } from './paths';

/**
 * The mail-flow model of a topology: every sender (the internet, an internal
 * host that is no declared server, each Mailbox server, each Edge) and every
 * recipient class (each accepted domain, and domains that are not accepted),
 * with the paths a message takes and what the design needs of them. Built
 * lazily, once per analysis, from the model and the index; transport-free.
 */
export type Need =
  /** Delivered to a Mailbox server (an Authoritative domain's recipients all live there). */
  | 'delivered'
  /** Sent on by the organization: to the internet, or to the smart host of its domain. */
  | 'sent-on'
  /** Not taken: no relay. */
  | 'refused'
  /** Nothing in particular (an internal host writing to an accepted domain). */
  | 'any';

export function needOf(sender: SenderKind, recipient: RecipientKind): Need {
  switch (sender) {
    case 'internet':
      if (recipient === 'NotAccepted') return 'refused';
      return recipient === 'Authoritative' ? 'delivered' : 'sent-on';
    case 'internal':
      return recipient === 'NotAccepted' ? 'refused' : 'any';
    default:
      return recipient === 'Authoritative' ? 'delivered' : 'sent-on';
  }
}

/** Whether a verdict gives what the design needs. Paths the model cannot follow further are no failure. */
export function meets(need: Need, verdict: Verdict): boolean {
  const kind = verdict.kind;
  // Paths the model cannot follow further (an undeclared or unresolved smart host) fail nothing.
  const beyond = kind === 'smart-host' || kind === 'unresolved';
  switch (need) {
    case 'delivered':
      return kind === 'delivered' || beyond;
    case 'sent-on':
      return kind === 'internet' || beyond;
    case 'refused':
      return kind !== 'internet' && kind !== 'delivered' && kind !== 'smart-host';
    case 'any':
      return true;
  }
}

/** Per need, the paths that fail it: what the design rules keep. */
const FAILING: Record<Need, Keep> = {
  delivered: failing('delivered'),
  'sent-on': failing('sent-on'),
  refused: failing('refused'),
  any: failing('any'),
};

function failing(need: Need): Keep {
  return { key: need, accepts: (verdict: Verdict) => !meets(need, verdict) };
}

function isServer(sender: Sender): sender is Sender & { readonly server: Server } {
  return sender.server !== undefined;
}

export interface Cell {
  readonly sender: Sender;
  readonly recipient: RecipientClass;
  readonly need: Need;
  readonly paths: readonly MailPath[];
}

export class MailFlow {
  private readonly cells = new Map<Sender, Map<RecipientClass, Cell>>();
  private senderList: Sender[] | undefined;
  private recipientList: RecipientClass[] | undefined;

  constructor(private readonly index: TopologyIndex) {}

  /** The internet, an internal host, each Mailbox server, each Edge (first definitions of each name). */
  senders(): readonly Sender[] {
    this.senderList ??= [
      { kind: 'internet' },
      { kind: 'internal' },
      ...this.named(this.index.mailboxes).map((server): Sender => ({ kind: 'mailbox', server })),
      ...this.named(this.index.edges).map((server): Sender => ({ kind: 'edge', server })),
    ];
    return this.senderList;
  }

  recipients(): readonly RecipientClass[] {
    this.recipientList ??= recipientClasses(this.index);
    return this.recipientList;
  }

  cell(sender: Sender, recipient: RecipientClass): Cell {
    let bySender = this.cells.get(sender);
    if (!bySender) this.cells.set(sender, (bySender = new Map()));
    let cell = bySender.get(recipient);
    if (!cell) {
      cell = {
        sender,
        recipient,
        need: needOf(sender.kind, recipient.kind),
        paths: this.computePaths(sender, recipient),
      };
      bySender.set(recipient, cell);
    }
    return cell;
  }

  private computePaths(sender: Sender, recipient: RecipientClass): MailPath[] {
    if (isServer(sender)) return pathsFromServer(this.index, sender, recipient);
    const side: Side = sender.kind === 'internet' ? 'internet' : 'internal';
    const origins: readonly Origin[] = sender.address
      ? hostOriginsFrom(this.index, side, sender.address)
      : originsOf(this.index, side);
    // Every connector a host can reach matters for relaying; for the rest, where an MX delivers.
    const relevant = recipient.kind === 'NotAccepted' ? origins : origins.filter((o) => o.typical);
    return relevant.flatMap((origin) => pathsFromHost(this.index, sender, recipient, origin));
  }

  /**
   * Only the paths of a cell that fail what the design needs, computed without
   * building the others, and from hosts only where a failure can be: where an
   * MX delivers (for the accepted domains) and where a connector may let a
   * host relay (for the others). What the design rules read.
   */
  failingPaths(sender: Sender, recipient: RecipientClass): MailPath[] {
    const keep = FAILING[needOf(sender.kind, recipient.kind)];
    if (isServer(sender)) return pathsFromServer(this.index, sender, recipient, keep);
    const side: Side = sender.kind === 'internet' ? 'internet' : 'internal';
    let origins: readonly Origin[];
    if (recipient.kind === 'NotAccepted') origins = relayOrigins(this.index, side, this.mayRelay);
    else if (side === 'internet') origins = mxOrigins(this.index);
    else return [];
    return origins.flatMap((origin) => pathsFromHost(this.index, sender, recipient, origin, keep));
  }

  private readonly relaying = new Map<object, boolean>();

  /** Whether a connector grants a host that connects to it the right to relay. */
  private readonly mayRelay = (point: ReceivePoint): boolean => {
    // Built-in connectors of one kind are configured alike on every server.
    const kind = point.builtIn ?? point;
    let may = this.relaying.get(kind);
    if (may === undefined) {
      const opened = openSession(this.index, point, {});
      may = 'session' in opened && opened.session.rights.has('ms-Exch-SMTP-Accept-Any-Recipient');
      this.relaying.set(kind, may);
    }
    return may;
  };

  /** A sender for `--from`: `internet`, a declared server's name, or an address (public: internet, else internal). */
  senderFrom(text: string): Sender | undefined {
    const key = text.trim();
    if (key.toLowerCase() === 'internet') return this.senders()[0];
    if (key.toLowerCase() === 'internal') return this.senders()[1];
    const server = this.index.server(key) ?? this.index.serverForHost(key);
    if (server) return this.senders().find((s) => s.server === server);
    const address = parseAddress(key);
    if (!address) return undefined;
    return { kind: isPublic(address) ? 'internet' : 'internal', address };
  }

  private named(servers: readonly Server[]): Server[] {
    return servers.filter((s) => s.name && this.index.server(s.name.value) === s);
  }
}

const FLOW = {};

/** The model of an analysis, built once (lazily: only what is asked for is computed). */
export function mailFlow(index: TopologyIndex): MailFlow {
  return index.memo(FLOW, () => new MailFlow(index));
}

/**
 * Private (RFC 1918, RFC 4193), shared (RFC 6598, 100.64.0.0/10), loopback
 * and link-local addresses are internal hosts; every other address is on the
 * internet.
 */
export function isPublic(address: Address): boolean {
  const v = address.value;
  if (address.family === 4) {
    const inside = (base: bigint, bits: bigint) => v >> (32n - bits) === base >> (32n - bits);
    return !(
      inside(0x0a000000n, 8n) ||
      inside(0xac100000n, 12n) ||
      inside(0xc0a80000n, 16n) ||
      inside(0x7f000000n, 8n) ||
      inside(0xa9fe0000n, 16n) ||
      inside(0x64400000n, 10n)
    );
  }
  const top = v >> 112n;
  return !(top >> 9n === 0x7en || top >> 6n === 0x3fan || v === 1n);
}
