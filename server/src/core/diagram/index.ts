import type { Analysis } from '../analyze';
import { buildDiagram } from './build';
import { layoutDiagram } from './layout';
import { renderSvg } from './svg';

export { buildDiagram, MAX_DIAGRAM_CONNECTORS, MAX_DIAGRAM_SERVERS } from './build';
export { connectionLine, connectionLines } from './connections';
export { layoutDiagram, type LaidOutDiagram, type PlacedEdge, type PlacedNode } from './layout';
export type { Diagram, DiagramAdapter, DiagramEdge, DiagramNode, DiagramNodeKind } from './model';
export { escapeXml, renderSvg, SEVERITY_COLOURS } from './svg';

/** The standalone SVG of an analysis: what `edgeflow diagram` writes. */
export async function diagramSvg(analysis: Analysis): Promise<string> {
  return renderSvg(await layoutDiagram(buildDiagram(analysis)));
}
