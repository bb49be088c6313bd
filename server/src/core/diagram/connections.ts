import type { Diagram, DiagramEdge } from './model';

/**
 * The diagram as text, one connection a line ("EDGE01 → Internet: To
 * Internet; *; MX (DNS)"): the SVG's description and the webview's list, for
 * whoever does not see the picture. Full names, not cut: the reader decides.
 */
export function connectionLines(diagram: Diagram): string[] {
  const titles = new Map(diagram.nodes.map((n) => [n.id, n.title]));
  return diagram.edges.map((edge) => connectionLine(edge, titles));
}

export function connectionLine(edge: DiagramEdge, titles: ReadonlyMap<string, string>): string {
  const [name, ...rest] = edge.label;
  const severity = edge.severity ? ` [${edge.severity}]` : '';
  const what = edge.connector.kind === 'send' ? 'send connector' : 'receive connector';
  return `${titles.get(edge.from) ?? edge.from} → ${titles.get(edge.to) ?? edge.to}: ${what} ${name ?? ''}${rest.length > 0 ? `; ${rest.join('; ')}` : ''}${severity}`;
}
