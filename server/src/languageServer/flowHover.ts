import {
  mailFlow,
  meets,
  type Cell,
  type MailFlow,
  type Need,
  recipientClassOf,
  senderLabel,
  type MailPath,
  type Stop,
  type Verdict,
  type TopologyIndex,
} from '../core/index';
import type { FlowTarget } from './flowTargets';

/**
 * The "Mail flow" section of a hover: the paths a message takes to an
 * accepted domain, or through a connector, one line per sender (or group of
 * senders) with its verdict, the ones that fail what the design needs first.
 * The paths come from the core's mail-flow model, memoized on the analysis
 * (the documents cache one per version): a hover follows only what it shows,
 * once per version.
 */

/** Lines of paths in a hover; the rest is counted, the trace command shows it all. */
export const MAX_FLOW_LINES = 6;

/** Senders named on one line of a connector's hover. */
const MAX_NAMED_SENDERS = 3;

/** The paths of one cell that go through a connector. */
interface Use {
  readonly cell: Cell;
  readonly paths: readonly MailPath[];
}

/** Every connector object the matrix's paths go through, with the cells and paths that use it. */
export type ConnectorUses = ReadonlyMap<object, readonly Use[]>;

const USES = {};

/**
 * Which paths of the whole matrix (every sender × every recipient class) go
 * through each declared connector, as the receive connector of a hop or the
 * send connector of a departure. Built on the first hover on a connector and
 * memoized on the index, so once per analysis, that is per document version.
 */
export function connectorUses(index: TopologyIndex): ConnectorUses {
  return index.memo(USES, () => computeUses(mailFlow(index)));
}

function computeUses(flow: MailFlow): ConnectorUses {
  const uses = new Map<object, Use[]>();
  for (const sender of flow.senders()) {
    for (const recipient of flow.recipients()) {
      const cell = flow.cell(sender, recipient);
      const byConnector = new Map<object, MailPath[]>();
      for (const path of cell.paths) {
        for (const connector of connectorsOf(path)) {
          const paths = byConnector.get(connector) ?? [];
          if (paths[paths.length - 1] !== path) paths.push(path);
          byConnector.set(connector, paths);
        }
      }
      for (const [connector, paths] of byConnector) {
        const list = uses.get(connector) ?? [];
        list.push({ cell, paths });
        uses.set(connector, list);
      }
    }
  }
  return uses;
}

function connectorsOf(path: MailPath): object[] {
  return path.stops.flatMap(connectorsOfStop);
}

/** The receive connector that took the message at a stop, and the send connector it left by. */
function connectorsOfStop(stop: Stop): object[] {
  const result: object[] = [];
  const received = stop.hop?.reception?.point.connector;
  if (received) result.push(received);
  if (stop.departure) result.push(stop.departure.route.connector);
  return result;
}

/** The section for `target`, or undefined when there is nothing to trace (a domain without a name). */
export function flowSection(index: TopologyIndex, target: FlowTarget): string | undefined {
  if (target.kind === 'accepted-domain') return domainSection(mailFlow(index), index, target);
  const list = connectorUses(index).get(target.connector) ?? [];
  const title = '**Mail flow** through this connector';
  if (list.length === 0) return `${title}: no traced path goes through it.`;
  return [title, '', ...capped(connectorLines(target.connector, list))].join('\n');
}

function domainSection(
  flow: MailFlow,
  index: TopologyIndex,
  target: Extract<FlowTarget, { kind: 'accepted-domain' }>,
): string | undefined {
  const recipient =
    flow.recipients().find((r) => r.acceptedDomain === target.domain) ??
    recipientClassOf(index, target.domain.domainName.value);
  if (!recipient.domain) return undefined;
  const lines = flow.senders().map((sender) => {
    const cell = flow.cell(sender, recipient);
    return line(cell, cell.paths, markdown(senderLabel(sender)));
  });
  const kind =
    recipient.kind === 'NotAccepted'
      ? 'a domain that is not accepted'
      : `${recipient.kind} accepted domain`;
  return [`**Mail flow** to ${code(recipient.address)} (${kind})`, '', ...capped(lines)].join('\n');
}

interface Line {
  readonly ok: boolean;
  readonly text: string;
}

/**
 * Cells whose paths go on alike from the connector (same recipient, same
 * hops from the first stop that uses it, same verdict) share a line, which
 * shows the path from that stop.
 */
function connectorLines(connector: object, list: readonly Use[]): Line[] {
  const groups = new Map<string, { senders: string[]; use: Use; from: number }>();
  for (const use of list) {
    const shown = shownPath(use.cell.need, use.paths);
    const from = Math.max(
      0,
      shown.stops.findIndex((stop) => connectorsOfStop(stop).includes(connector)),
    );
    const key = [
      use.cell.recipient.address,
      failing(use.cell.need, use.paths),
      compactPath(shown, from),
      verdictText(shown.verdict),
    ].join('\n');
    const group = groups.get(key);
    if (group) group.senders.push(senderLabel(use.cell.sender));
    else groups.set(key, { senders: [senderLabel(use.cell.sender)], use, from });
  }
  return [...groups.values()].map(({ senders, use, from }) =>
    line(
      use.cell,
      use.paths,
      `${markdown(listed(senders))} → ${code(use.cell.recipient.address)}`,
      from,
    ),
  );
}

/** Senders of a line: the first few named, the others counted. */
function listed(senders: readonly string[]): string {
  if (senders.length <= MAX_NAMED_SENDERS) return senders.join(', ');
  const rest = senders.length - MAX_NAMED_SENDERS;
  return `${senders.slice(0, MAX_NAMED_SENDERS).join(', ')} and ${rest} more`;
}

function failing(need: Need, paths: readonly MailPath[]): boolean {
  return paths.some((p) => !meets(need, p.verdict));
}

/** The first path that fails what the design needs, else the first. */
function shownPath(need: Need, paths: readonly MailPath[]): MailPath {
  return paths.find((p) => !meets(need, p.verdict)) ?? (paths[0] as MailPath);
}

/**
 * One line: who, the path shown (the first failing one, else the first; from
 * stop `from` on, for a connector), the verdict, and for a sender's line how
 * many other paths it has (smart hosts are alternatives).
 */
function line(cell: Cell, paths: readonly MailPath[], who: string, from?: number): Line {
  if (paths.length === 0) {
    const ok = meets(cell.need, { kind: 'refused' });
    return {
      ok,
      text: `- ${ok ? '✓' : '✗'} ${who}: no receive connector accepts the connection${ok ? '' : ` — ${needText(cell.need)}`}`,
    };
  }
  const ok = !failing(cell.need, paths);
  const shown = shownPath(cell.need, paths);
  const others = paths.length - 1;
  const more =
    from === undefined && others > 0 ? ` (+${others} more path${others > 1 ? 's' : ''})` : '';
  const hops = shown.stops.length > 0 ? `${code(compactPath(shown, from ?? 0))}: ` : '';
  return {
    ok,
    text: `- ${ok ? '✓' : '✗'} ${who}: ${hops}${verdictText(shown.verdict)}${ok ? '' : ` — ${needText(cell.need)}`}${more}`,
  };
}

/** At most MAX_FLOW_LINES lines, failing ones first; the rest counted. */
function capped(lines: readonly Line[]): string[] {
  const ordered = [...lines.filter((l) => !l.ok), ...lines.filter((l) => l.ok)];
  const shown = ordered.slice(0, MAX_FLOW_LINES).map((l) => l.text);
  const rest = ordered.length - MAX_FLOW_LINES;
  if (rest > 0) shown.push(`- …and ${rest} more (EdgeFlow: Trace Mail shows every path)`);
  return shown;
}

/**
 * `EDGE01 'From Internet' → 'To Internal Org' → MBX01 'Default Frontend MBX01'`:
 * servers with the receive connector that took the message, and the send
 * connectors between them; from stop `from` on (`… →` before it).
 */
export function compactPath(path: MailPath, from = 0): string {
  const parts: string[] = from > 0 ? ['…'] : [];
  for (const stop of path.stops.slice(from)) {
    const server = stop.server.name?.value ?? '(unnamed server)';
    const point = stop.hop?.reception?.point;
    if (point) parts.push(`${server} '${point.name}'`);
    else if (stop.relayedFrom) parts.push(`${server} (relayed)`);
    else parts.push(server);
    if (stop.departure)
      parts.push(`'${stop.departure.route.connector.name?.value ?? '(unnamed)'}'`);
  }
  return parts.join(' → ');
}

function verdictText(verdict: Verdict): string {
  switch (verdict.kind) {
    case 'delivered':
      return 'delivered';
    case 'internet':
      return 'sent to the internet';
    case 'smart-host':
      return `handed to ${verdict.host}`;
    case 'unresolved':
      return `${verdict.host} has no address`;
    case 'refused':
      return 'refused';
    case 'no-route':
      return 'no send connector matches (Unreachable queue)';
    case 'loop':
      return `loops back to ${verdict.server.name?.value ?? 'a server'}`;
  }
}

function needText(need: Need): string {
  switch (need) {
    case 'delivered':
      return 'must be delivered';
    case 'sent-on':
      return 'must be sent on';
    case 'refused':
      return 'must be refused';
    case 'any':
      return 'anything goes';
  }
}

/** Inline code that survives backticks in a name. */
function code(value: string): string {
  return value.includes('`') ? `\`\` ${value} \`\`` : `\`${value}\``;
}

/** Text with Markdown's special characters escaped (names are the user's). */
function markdown(value: string): string {
  return value.replace(/[\\`*_{}[\]()#+\-!|<>~]/g, '\\$&');
}
