import type { Hop } from './hops';
import { mailFlow, meets, type Cell } from './mailFlow';
import { recipientClassOf, senderLabel, type RecipientClass, type Sender } from './messages';
import type { MailPath, Stop, Verdict } from './paths';
import { formatEndpoint, displayAddress } from './receivers';
import { describeAuthentication } from './session';
import type { TopologyIndex } from '../model/topologyIndex';

/**
 * What `edgeflow trace` and the editor show: the model's paths as plain data
 * (the JSON output) and as text, hop by hop.
 */
export interface TraceHop {
  readonly server: string;
  /** How it arrived: the endpoint, who connected and what the receive connector made of it. */
  readonly arrival?: {
    readonly endpoint: string;
    readonly from: string;
    readonly receiveConnector?: string;
    readonly builtIn?: boolean;
    readonly remoteRange?: string;
    readonly authentication?: string;
    readonly rights?: readonly string[];
    readonly grantedByEdgeFlow?: boolean;
    readonly refused?: string;
  };
  readonly relayedFrom?: string;
  readonly departure?: {
    readonly sendConnector: string;
    readonly addressSpace: string;
    readonly matched: string;
    readonly smartHost?: string;
  };
}

export interface TracePath {
  readonly verdict: string;
  readonly explanation: string;
  readonly hops: readonly TraceHop[];
}

export interface TraceCell {
  readonly from: string;
  readonly to: string;
  readonly recipientKind: string;
  readonly need: string;
  /** The verdict of the first path that fails what the design needs, else of the first path. */
  readonly verdict: string;
  readonly ok: boolean;
  readonly paths: readonly TracePath[];
}

export interface TraceOptions {
  readonly from?: string;
  readonly to?: string;
}

export type TraceResult =
  | { readonly ok: true; readonly cells: readonly TraceCell[] }
  | { readonly ok: false; readonly problem: string };

/** The cells asked for: one sender and/or one recipient, or the whole matrix. */
export function trace(index: TopologyIndex, options: TraceOptions = {}): TraceResult {
  const chosen = chooseCells(index, options);
  if (!chosen.ok) return chosen;
  return { ok: true, cells: chosen.cells.map(traceCell) };
}

/**
 * The model's cells for a sender and/or a recipient as a user types them
 * (`internet`, a server's name, an address; a domain or an e-mail address),
 * or why they name none. The trace and the diagram's message paths share it.
 */
export function chooseCells(
  index: TopologyIndex,
  options: TraceOptions,
):
  | { readonly ok: true; readonly cells: readonly Cell[] }
  | { readonly ok: false; readonly problem: string } {
  const flow = mailFlow(index);
  let senders: readonly Sender[] = flow.senders();
  if (options.from !== undefined) {
    const sender = flow.senderFrom(options.from);
    if (!sender)
      return {
        ok: false,
        problem: `'${options.from}' is neither 'internet', 'internal', a server of the topology nor an IP address`,
      };
    senders = [sender];
  }
  let recipients: readonly RecipientClass[] = flow.recipients();
  if (options.to !== undefined) {
    const to = options.to.trim();
    if (!/^[^@\s]*@?[^@\s]+\.[^@\s]+$/.test(to))
      return { ok: false, problem: `'${options.to}' is not an e-mail address or a domain` };
    recipients = [recipientClassOf(index, to)];
  }
  const cells = senders.flatMap((sender) =>
    recipients.map((recipient) => flow.cell(sender, recipient)),
  );
  return { ok: true, cells };
}

export function traceCell(cell: Cell): TraceCell {
  // A failing path speaks for the cell; otherwise the furthest any path gets.
  const failing = cell.paths.find((p) => !meets(cell.need, p.verdict));
  const shown = failing ?? furthest(cell.paths);
  return {
    from: senderLabel(cell.sender),
    to: cell.recipient.address,
    recipientKind: cell.recipient.kind,
    need: cell.need,
    verdict: shown ? shown.verdict.kind : 'no-connection',
    ok: !failing,
    paths: cell.paths.map(tracePath),
  };
}

/** Verdicts from the furthest a message gets to the least. */
const REACH: readonly Verdict['kind'][] = [
  'delivered',
  'internet',
  'smart-host',
  'unresolved',
  'loop',
  'no-route',
  'refused',
];

function furthest(paths: readonly MailPath[]): MailPath | undefined {
  let best: MailPath | undefined;
  for (const path of paths)
    if (!best || REACH.indexOf(path.verdict.kind) < REACH.indexOf(best.verdict.kind)) best = path;
  return best;
}

function tracePath(path: MailPath): TracePath {
  return {
    verdict: path.verdict.kind,
    explanation: explainVerdict(path),
    hops: path.stops.map((stop, i) => traceHop(path, stop, i)),
  };
}

function traceHop(path: MailPath, stop: Stop, position: number): TraceHop {
  const server = stop.server.name?.value ?? '(unnamed server)';
  const hop = stop.hop;
  const departure = stop.departure && {
    sendConnector: stop.departure.route.connector.name?.value ?? '(unnamed)',
    addressSpace: stop.departure.route.addressSpace.value,
    matched: stop.departure.route.pattern,
    ...(stop.departure.smartHost ? { smartHost: stop.departure.smartHost.value } : {}),
  };
  return {
    server,
    ...(hop ? { arrival: traceArrival(path, hop, position) } : {}),
    ...(stop.relayedFrom ? { relayedFrom: stop.relayedFrom.name?.value ?? '' } : {}),
    ...(departure ? { departure } : {}),
  };
}

function traceArrival(
  path: MailPath,
  hop: Hop,
  position: number,
): NonNullable<TraceHop['arrival']> {
  const from =
    position === 0 && path.origin
      ? `${senderLabel(path.sender)}${path.sender.address ? '' : ` in ${path.origin.range.text} (for example ${displayAddress(path.origin.source)})`}`
      : `${hop.from?.name?.value ?? 'a host'}${hop.source ? ` (${displayAddress(hop.source)})` : ''}`;
  const point = hop.reception?.point;
  return {
    endpoint: formatEndpoint(hop.endpoint),
    from,
    ...(point
      ? {
          receiveConnector: point.name,
          builtIn: point.connector === undefined,
          remoteRange: hop.reception?.range.text,
        }
      : {}),
    ...(hop.session
      ? {
          authentication: describeAuthentication(hop.session.authentication),
          rights: [...hop.session.rights].sort(),
          grantedByEdgeFlow: hop.session.grant !== undefined,
        }
      : {}),
    ...(hop.refusal
      ? {
          refused: hop.refusal.right
            ? `no ${hop.refusal.right}: ${hop.refusal.message}`
            : hop.refusal.message,
        }
      : {}),
  };
}

/** The verdict of a path in words: where and why it ends. */
export function explainVerdict(path: MailPath): string {
  const last = path.stops[path.stops.length - 1];
  const at = last?.server.name?.value ?? 'the server';
  const verdict: Verdict = path.verdict;
  switch (verdict.kind) {
    case 'delivered':
      return `accepted by ${at} for delivery in the organization`;
    case 'internet':
      return `sent to the internet by ${at} (DNS)`;
    case 'smart-host':
      return `handed by ${at} to ${verdict.host}, which is no server of the topology`;
    case 'unresolved':
      return `${verdict.host} names a server of the topology with no address to connect to`;
    case 'refused': {
      const refusal = last?.hop?.refusal;
      if (!refusal) return 'refused';
      return refusal.right
        ? `refused by ${at}: the session lacks ${refusal.right} (${refusal.message})`
        : `refused by ${at}: ${refusal.message}`;
    }
    case 'no-route':
      return `no send connector of ${at} matches ${path.recipient.domain}: the message stays in the Unreachable queue`;
    case 'loop':
      return `loops: it comes back to ${verdict.server.name?.value ?? 'a server'} it passed`;
  }
}

/** The trace as text: one block per cell, hop by hop. */
export function renderTraceText(cells: readonly TraceCell[], detailed: boolean): string {
  const lines: string[] = [];
  for (const cell of cells) {
    const mark = cell.ok ? 'ok  ' : 'FAIL';
    lines.push(
      `${mark} ${cell.from} → ${cell.to} (${cell.recipientKind === 'NotAccepted' ? 'not accepted' : cell.recipientKind}): ${cell.verdict}${cell.need === 'any' ? '' : `, needs ${cell.need}`}${mixture(cell)}`,
    );
    if (!detailed && cell.ok) continue;
    const paths = detailed
      ? cell.paths
      : cell.paths.filter((p) => p.verdict !== cell.verdict || !cell.ok).slice(0, 1);
    if (cell.paths.length === 0)
      lines.push('       no receive connector of any server accepts the connection');
    for (const [i, path] of paths.entries()) {
      if (paths.length > 1)
        lines.push(`     path ${i + 1} of ${cell.paths.length}: ${path.verdict}`);
      path.hops.forEach((hop, n) => renderHop(lines, hop, n + 1));
      lines.push(`       → ${path.explanation}`);
    }
  }
  return `${lines.join('\n')}\n`;
}

/** " (paths: 2 delivered, 3 refused)" when the paths of a cell end differently. */
function mixture(cell: TraceCell): string {
  const counts = new Map<string, number>();
  for (const path of cell.paths) counts.set(path.verdict, (counts.get(path.verdict) ?? 0) + 1);
  if (counts.size < 2) return '';
  return ` (paths: ${[...counts].map(([verdict, n]) => `${n} ${verdict}`).join(', ')})`;
}

function renderHop(lines: string[], hop: TraceHop, n: number): void {
  const arrival = hop.arrival;
  if (hop.relayedFrom) {
    lines.push(`     ${n}. ${hop.server}, relayed inside the organization from ${hop.relayedFrom}`);
  } else if (arrival) {
    lines.push(`     ${n}. ${hop.server} ${arrival.endpoint}, from ${arrival.from}`);
    if (arrival.receiveConnector !== undefined) {
      lines.push(
        `          received by '${arrival.receiveConnector}'${arrival.builtIn ? ' (built-in)' : ''}, remote range ${arrival.remoteRange ?? '?'}${arrival.authentication ? `, ${arrival.authentication}` : ''}`,
      );
    }
    if (arrival.rights && !arrival.refused)
      lines.push(
        `          rights: ${arrival.rights.join(', ') || 'none'}${arrival.grantedByEdgeFlow ? ' (granted by the EdgeFlow Edge script)' : ''}`,
      );
    if (arrival.refused) lines.push(`          refused: ${arrival.refused}`);
  } else {
    lines.push(`     ${n}. ${hop.server}, where the message is submitted`);
  }
  const departure = hop.departure;
  if (departure) {
    lines.push(
      `          sent by '${departure.sendConnector}' (address space ${departure.addressSpace}${departure.matched !== departure.addressSpace.toLowerCase() ? `, matching ${departure.matched}` : ''}) ${departure.smartHost ? `to the smart host ${departure.smartHost}` : 'by DNS'}`,
    );
  }
}
