import type { Analysis } from '../analyze';
import { meets, type Cell } from '../flow/mailFlow';
import { senderLabel } from '../flow/messages';
import type { MailPath } from '../flow/paths';
import { chooseCells, explainVerdict } from '../flow/trace';
import type { Server } from '../model/topology';
import type { Diagram, DiagramEdge, DiagramMessage, DiagramMessagePath } from './model';

/**
 * One message's paths on the diagram: the mail-flow model's paths (the same
 * the trace prints) mapped onto the arrows and boxes they go through, so that
 * "internet → user@contoso.com" lights up the way Exchange would carry it.
 */

export interface MessageRequest {
  readonly from: string;
  readonly to: string;
}

export type MessageResult =
  | { readonly ok: true; readonly message: DiagramMessage }
  | { readonly ok: false; readonly problem: string };

/** The paths of the message `request` on `diagram`, which was built from `analysis`. */
export function messageOnDiagram(
  analysis: Analysis,
  diagram: Diagram,
  request: MessageRequest,
): MessageResult {
  const chosen = chooseCells(analysis.index, request);
  if (!chosen.ok) return chosen;
  const [cell] = chosen.cells;
  if (!cell) return { ok: false, problem: 'the topology has no such message' };
  return { ok: true, message: new PathMapper(analysis, diagram).message(cell) };
}

class PathMapper {
  constructor(
    private readonly analysis: Analysis,
    private readonly diagram: Diagram,
  ) {}

  message(cell: Cell): DiagramMessage {
    const paths = cell.paths.map((path) => this.path(cell, path));
    return {
      from: senderLabel(cell.sender),
      to: cell.recipient.address,
      recipientKind: cell.recipient.kind,
      need: cell.need,
      ok: paths.every((p) => p.ok),
      paths,
    };
  }

  private path(cell: Cell, path: MailPath): DiagramMessagePath {
    const edges = new Set<string>();
    const nodes = new Set<string>();
    // A host's message starts in the internet's or the internal hosts' box.
    const start = path.sender.server ? undefined : this.hostNode(path);
    if (start) nodes.add(start);
    path.stops.forEach((stop, i) => {
      for (const id of this.serverNodes(stop.server)) nodes.add(id);
      const hop = stop.hop;
      const connector = hop?.reception?.point.connector;
      if (hop && connector) {
        const from = hop.from ? this.serverNodes(hop.from) : start ? [start] : [];
        const arrows = this.arrows(
          'receive',
          this.analysis.topology.receiveConnectors.indexOf(connector),
        );
        for (const edge of choose(arrows, from, this.serverNodes(stop.server))) edges.add(edge.id);
      }
      const departure = stop.departure;
      if (departure) {
        const next = path.stops[i + 1];
        const to = next ? this.serverNodes(next.server) : ['internet'];
        if (!next && isOutward(path)) nodes.add('internet');
        const arrows = this.arrows(
          'send',
          this.analysis.topology.sendConnectors.indexOf(departure.route.connector),
        );
        for (const edge of choose(arrows, this.serverNodes(stop.server), to)) edges.add(edge.id);
      }
    });
    return {
      verdict: path.verdict.kind,
      explanation: explainVerdict(path),
      ok: meets(cell.need, path.verdict),
      edges: this.diagram.edges.filter((e) => edges.has(e.id)).map((e) => e.id),
      nodes: this.diagram.nodes.filter((n) => nodes.has(n.id)).map((n) => n.id),
    };
  }

  private hostNode(path: MailPath): string {
    return path.sender.kind === 'internet' ? 'internet' : 'internal';
  }

  /** A server's box and, for a Mailbox server, the organization it is drawn in. */
  private serverNodes(server: Server): string[] {
    const id = `server:${this.analysis.topology.servers.indexOf(server)}`;
    const node = this.diagram.nodes.find((n) => n.id === id);
    if (!node) return [];
    return node.parent ? [id, node.parent] : [id];
  }

  private arrows(kind: 'send' | 'receive', index: number): DiagramEdge[] {
    return this.diagram.edges.filter(
      (e) => e.connector.kind === kind && e.connector.index === index,
    );
  }
}

/**
 * Of a connector's arrows, those between the boxes the hop joins; all of them
 * when the diagram draws the connector otherwise (an organization connector
 * drawn from the organization, a smart host drawn as the internet).
 */
function choose(
  arrows: readonly DiagramEdge[],
  from: readonly string[],
  to: readonly string[],
): readonly DiagramEdge[] {
  const between = arrows.filter((e) => from.includes(e.from) && to.includes(e.to));
  if (between.length > 0) return between;
  const toward = arrows.filter((e) => to.includes(e.to));
  return toward.length > 0 ? toward : arrows;
}

/** A path that leaves the design: by DNS, or to a smart host the topology does not declare. */
function isOutward(path: MailPath): boolean {
  return path.verdict.kind === 'internet' || path.verdict.kind === 'smart-host';
}
