import type { Diagram, DiagramEdge, DiagramMessage } from './model';

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

/**
 * One message's paths as text: the caption under the picture and the
 * webview's list. "FAIL" when a path does not give what the design needs.
 */
export function messageLines(message: DiagramMessage): string[] {
  const kind = message.recipientKind === 'NotAccepted' ? 'not accepted' : message.recipientKind;
  const count = message.paths.length === 1 ? '1 path' : `${message.paths.length} paths`;
  const lines = [
    `${message.ok ? 'ok' : 'FAIL'}: ${message.from} → ${message.to} (${kind}), ${message.need === 'any' ? 'any outcome' : `needs ${message.need}`}: ${count}`,
  ];
  if (message.paths.length === 0)
    lines.push('no receive connector of any server accepts the connection');
  message.paths.forEach((path, i) =>
    lines.push(`path ${i + 1}: ${path.ok ? '' : 'FAIL, '}${path.verdict}: ${path.explanation}`),
  );
  return lines;
}
