import type { Analysis } from '../analyze';
import { buildDiagram } from './build';
import { layoutDiagram } from './layout';
import { messageOnDiagram, type MessageRequest } from './message';
import type { Diagram } from './model';
import { renderSvg } from './svg';

export { buildDiagram, MAX_DIAGRAM_CONNECTORS, MAX_DIAGRAM_SERVERS } from './build';
export { connectionLine, connectionLines, messageLines } from './connections';
export { messageOnDiagram, type MessageRequest, type MessageResult } from './message';
export { layoutDiagram, type LaidOutDiagram, type PlacedEdge, type PlacedNode } from './layout';
export type {
  Diagram,
  DiagramAdapter,
  DiagramEdge,
  DiagramMessage,
  DiagramMessagePath,
  DiagramNode,
  DiagramNodeKind,
} from './model';
export { escapeXml, renderSvg, SEVERITY_COLOURS } from './svg';

/** The standalone SVG of an analysis: what `edgeflow diagram` writes. */
export async function diagramSvg(analysis: Analysis): Promise<string> {
  return renderSvg(await layoutDiagram(buildDiagram(analysis)));
}

export type DrawResult =
  | { readonly ok: true; readonly diagram: Diagram; readonly svg: string }
  | { readonly ok: false; readonly problem: string };

/**
 * The diagram of an analysis, with one message's paths when `message` names
 * one, and its SVG: what `edgeflow diagram` and the editor's view both draw.
 * Refused only when the message's sender or recipient is not one the
 * mail-flow model knows.
 */
export async function drawDiagram(
  analysis: Analysis,
  message?: MessageRequest,
): Promise<DrawResult> {
  let diagram = buildDiagram(analysis);
  if (message) {
    const shown = messageOnDiagram(analysis, diagram, message);
    if (!shown.ok) return shown;
    diagram = { ...diagram, message: shown.message };
  }
  return { ok: true, diagram, svg: renderSvg(await layoutDiagram(diagram)) };
}
