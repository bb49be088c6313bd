import type { Severity } from '../findings';
import { connectionLines } from './connections';
import type { LaidOutDiagram, PlacedEdge, PlacedNode, Point } from './layout';
import { SEVERITY_ORDER } from './model';
import {
  GROUP_HEADER,
  labelSize,
  LABEL_FONT_SIZE,
  LABEL_LINE_HEIGHT,
  NODE_FONT_SIZE,
  NODE_LINE_HEIGHT,
  NODE_PADDING,
} from './text';

/**
 * The laid-out diagram as a standalone SVG document: no script, no external
 * resource (no font, no image, no link), so that a wiki or a review tool shows
 * it as it is and it can do nothing else. Every text from the topology is
 * XML-escaped: names are hostile input. Colours are mid-tones on an opaque
 * white card, legible on a light or a dark page; the editor's webview
 * restyles the same classes with the theme's colours.
 */

export const SEVERITY_COLOURS: Readonly<Record<Severity, string>> = {
  error: '#d1242f',
  warning: '#bf8700',
  information: '#0969da',
  hint: '#6e7781',
};

const STYLE = `
.card{fill:#ffffff}
.node rect{fill:#f6f8fa;stroke:#57606a;stroke-width:1}
.node.internet rect{fill:#ddf4ff}
.node.organization>rect{fill:#fbfbfc;stroke-dasharray:6 3}
.node text{fill:#1f2328;font-size:${NODE_FONT_SIZE}px}
.node text.title{font-weight:bold}
.node text.adapter{font-style:italic}
.node text.binding,.node text.detail{fill:#57606a}
.arrow path{fill:none;stroke:#57606a;stroke-width:1.5}
.arrow.receive path{stroke-dasharray:5 3}
.arrow rect{fill:#ffffff;fill-opacity:0.9}
.arrow text{fill:#1f2328;font-size:${LABEL_FONT_SIZE}px}
.arrow text.name{font-weight:bold}
${SEVERITY_ORDER.map(
  (s) => `.severity-${s}>rect,.severity-${s}>path{stroke:${SEVERITY_COLOURS[s]};stroke-width:2.5}`,
).join('\n')}
.marker{fill:#57606a}
${SEVERITY_ORDER.map((s) => `.marker-${s}{fill:${SEVERITY_COLOURS[s]}}`).join('\n')}
`;

export function renderSvg(laid: LaidOutDiagram): string {
  const { diagram } = laid;
  const width = Math.ceil(laid.width);
  const height = Math.ceil(laid.height);
  const out: string[] = [];
  out.push(
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" role="img" aria-labelledby="edgeflow-title edgeflow-desc" font-family="system-ui, -apple-system, 'Segoe UI', Helvetica, Arial, sans-serif">`,
  );
  out.push(`<title id="edgeflow-title">${escapeXml(diagram.title)}</title>`);
  const omitted =
    diagram.omitted > 0
      ? [`${diagram.omitted} servers and connectors are not drawn: the topology is too large.`]
      : [];
  out.push(
    `<desc id="edgeflow-desc">${escapeXml(longText([...connectionLines(diagram), ...omitted]))}</desc>`,
  );
  out.push(`<style>${STYLE}</style>`);
  out.push('<defs>');
  for (const severity of [undefined, ...SEVERITY_ORDER])
    out.push(
      `<marker id="${markerId(severity)}" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="8" markerHeight="8" orient="auto-start-reverse"><path class="marker${severity ? ` marker-${severity}` : ''}" d="M0,0L10,5L0,10z"/></marker>`,
    );
  out.push('</defs>');
  out.push(`<rect class="card" width="${width}" height="${height}" rx="6"/>`);
  // Groups first, so that their members and the arrows are drawn over them.
  const ordered = [
    ...laid.nodes.filter((n) => n.node.kind === 'organization'),
    ...laid.nodes.filter((n) => n.node.kind !== 'organization'),
  ];
  for (const node of ordered) out.push(renderNode(node));
  for (const edge of laid.edges) out.push(renderEdge(edge));
  out.push('</svg>');
  return `${out.join('\n')}\n`;
}

function markerId(severity: Severity | undefined): string {
  return severity ? `edgeflow-arrow-${severity}` : 'edgeflow-arrow';
}

/** The attributes that tie a shape to its object: the webview reveals that range. */
function located(
  kind: string,
  id: string,
  range: { start: number; end: number } | undefined,
  severity: Severity | undefined,
): string {
  const classes = [kind, severity ? `severity-${severity}` : ''].filter(Boolean).join(' ');
  const where = range ? ` data-start="${range.start}" data-end="${range.end}"` : '';
  return `class="${classes}" data-id="${escapeXml(id)}"${where}`;
}

function renderNode(placed: PlacedNode): string {
  const { node } = placed;
  const tooltip = [
    node.title,
    ...node.details,
    ...node.adapters.map(
      (a) =>
        `${a.name} (${a.network}): ${a.addresses.join(', ')}${a.receiveConnectors.length > 0 ? `; receives ${a.receiveConnectors.join(', ')}` : ''}`,
    ),
    ...(node.severity ? [`${node.severity} in this object`] : []),
  ];
  const parts = [
    `<g ${located(`node ${node.kind}`, node.id, node.range, node.severity)}>`,
    `<title>${escapeXml(longText(tooltip))}</title>`,
    `<rect x="${placed.x}" y="${placed.y}" width="${placed.width}" height="${placed.height}" rx="4"/>`,
  ];
  if (node.kind === 'organization') {
    parts.push(
      `<text class="title" x="${placed.x + NODE_PADDING}" y="${round(placed.y + GROUP_HEADER / 2 + 6)}">${escapeXml(node.title)}</text>`,
    );
  }
  placed.lines.forEach((line, i) => {
    const y = round(placed.y + NODE_PADDING + (i + 1) * NODE_LINE_HEIGHT - 4);
    parts.push(
      `<text class="${line.kind}" x="${placed.x + NODE_PADDING}" y="${y}" xml:space="preserve">${escapeXml(line.text)}</text>`,
    );
  });
  parts.push('</g>');
  return parts.join('');
}

function renderEdge(placed: PlacedEdge): string {
  const { edge } = placed;
  const parts = [
    `<g ${located(`arrow ${edge.connector.kind}`, edge.id, edge.range, edge.severity)}>`,
    `<title>${escapeXml(longText([...edge.label, ...(edge.severity ? [`${edge.severity} in this connector`] : [])]))}</title>`,
  ];
  if (placed.points.length >= 2)
    parts.push(
      `<path d="${pathData(placed.points)}" marker-end="url(#${markerId(edge.severity)})"/>`,
    );
  const label = placed.label;
  if (label && label.lines.length > 0) {
    const size = labelSize(label.lines);
    parts.push(
      `<rect x="${label.x}" y="${label.y}" width="${size.width}" height="${size.height}" rx="2"/>`,
    );
    label.lines.forEach((line, i) => {
      parts.push(
        `<text${i === 0 ? ' class="name"' : ''} x="${round(label.x + 2)}" y="${round(label.y + (i + 1) * LABEL_LINE_HEIGHT - 1)}" xml:space="preserve">${escapeXml(line)}</text>`,
      );
    });
  }
  parts.push('</g>');
  return parts.join('');
}

/** Tooltips and the description say more than a box, within reason: a megabyte-long name is cut. */
const MAX_LONG_LINE = 300;

function longText(lines: readonly string[]): string {
  return lines
    .map((line) => {
      const characters = Array.from(line);
      return characters.length <= MAX_LONG_LINE
        ? line
        : `${characters.slice(0, MAX_LONG_LINE - 1).join('')}…`;
    })
    .join('\n');
}

function pathData(points: readonly Point[]): string {
  return points.map((p, i) => `${i === 0 ? 'M' : 'L'}${p.x},${p.y}`).join('');
}

function round(value: number): number {
  return Math.round(value * 10) / 10;
}

const XML_ESCAPES: Readonly<Record<string, string>> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&apos;',
};

/**
 * Text and attribute values as XML character data. Characters XML 1.0 cannot
 * hold at all (control characters, lone surrogates) become U+FFFD: an SVG
 * with one of them is not well-formed and shows nothing.
 */
export function escapeXml(text: string): string {
  return text
    .replace(/[&<>"']/g, (c) => XML_ESCAPES[c] ?? c)
    .replace(
      // eslint-disable-next-line no-control-regex
      /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g,
      '\ufffd',
    );
}
