import type { Severity } from '../findings';
import { connectionLines, messageLines } from './connections';
import type { LaidOutDiagram, PlacedEdge, PlacedNode, Point } from './layout';
import { SEVERITY_ORDER, type DiagramMessage } from './model';
import {
  displayLine,
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

/** The arrows and boxes of the message shown: a colour no severity uses. */
export const PATH_COLOUR = '#8250df';

const STYLE = `
.card{fill:#ffffff}
.node rect{fill:#f6f8fa;stroke:#57606a;stroke-width:1}
.node.internet rect{fill:#ddf4ff}
.node.organization>rect{fill:#fbfbfc;stroke-dasharray:6 3}
.node .port rect{fill:#57606a;stroke:none}
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
.off-path{opacity:0.3}
.arrow.on-path path{stroke:${PATH_COLOUR};stroke-width:3.5}
.node.on-path>rect{stroke:${PATH_COLOUR};stroke-width:2.5}
.marker-path{fill:${PATH_COLOUR}}
.caption text{fill:#1f2328;font-size:${LABEL_FONT_SIZE + 1}px}
.caption text.fail{fill:${SEVERITY_COLOURS.error};font-weight:bold}
.caption text.ok{fill:#1a7f37;font-weight:bold}
${SEVERITY_ORDER.map((s) => `.marker-${s}{fill:${SEVERITY_COLOURS[s]}}`).join('\n')}
`;

export function renderSvg(laid: LaidOutDiagram): string {
  const { diagram } = laid;
  const caption = diagram.message ? captionOf(diagram.message) : undefined;
  const width = Math.ceil(Math.max(laid.width, caption?.width ?? 0));
  const height = Math.ceil(laid.height + (caption?.height ?? 0));
  const out: string[] = [];
  out.push(
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" role="img" aria-labelledby="edgeflow-title edgeflow-desc" font-family="system-ui, -apple-system, 'Segoe UI', Helvetica, Arial, sans-serif">`,
  );
  const title = diagram.message
    ? `${diagram.title}: ${diagram.message.from} → ${diagram.message.to}`
    : diagram.title;
  out.push(`<title id="edgeflow-title">${escapeXml(title)}</title>`);
  const omitted =
    diagram.omitted > 0
      ? [`${diagram.omitted} servers and connectors are not drawn: the topology is too large.`]
      : [];
  const message = diagram.message ? messageLines(diagram.message) : [];
  out.push(
    `<desc id="edgeflow-desc">${escapeXml(longText([...message, ...connectionLines(diagram), ...omitted]))}</desc>`,
  );
  out.push(`<style>${STYLE}</style>`);
  out.push('<defs>');
  for (const severity of [undefined, ...SEVERITY_ORDER, 'path' as const])
    out.push(
      `<marker id="${markerId(severity)}" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="${severity === 'path' ? 4 : 8}" markerHeight="${severity === 'path' ? 4 : 8}" orient="auto-start-reverse"><path class="marker${severity ? ` marker-${severity}` : ''}" d="M0,0L10,5L0,10z"/></marker>`,
    );
  out.push('</defs>');
  out.push(`<rect class="card" width="${width}" height="${height}" rx="6"/>`);
  const onPath = pathMembers(diagram.message);
  // Groups first, so that their members and the arrows are drawn over them.
  const ordered = [
    ...laid.nodes.filter((n) => n.node.kind === 'organization'),
    ...laid.nodes.filter((n) => n.node.kind !== 'organization'),
  ];
  for (const node of ordered) out.push(renderNode(node, onPath));
  for (const edge of laid.edges) out.push(renderEdge(edge, onPath));
  if (caption) out.push(renderCaption(caption, laid.height));
  out.push('</svg>');
  return `${out.join('\n')}\n`;
}

/** The ids a message's paths go through; undefined when no message is shown. */
function pathMembers(message: DiagramMessage | undefined): ReadonlySet<string> | undefined {
  if (!message) return undefined;
  return new Set(message.paths.flatMap((p) => [...p.nodes, ...p.edges]));
}

/** Whether a shape is on the message's paths: `on-path`, `off-path`, or nothing when none is shown. */
function pathClass(id: string, onPath: ReadonlySet<string> | undefined): string {
  if (!onPath) return '';
  return onPath.has(id) ? 'on-path' : 'off-path';
}

interface Caption {
  readonly lines: readonly string[];
  readonly ok: boolean;
  readonly width: number;
  readonly height: number;
}

/** A caption names the message and each path's end; a hundred paths are summed up, not listed. */
const MAX_CAPTION_LINES = 12;
const MAX_CAPTION_CHARACTERS = 140;
const CAPTION_LINE_HEIGHT = 16;

function captionOf(message: DiagramMessage): Caption {
  const all = messageLines(message);
  const shown = all.length <= MAX_CAPTION_LINES ? all : all.slice(0, MAX_CAPTION_LINES - 1);
  if (shown.length < all.length) shown.push(`… and ${all.length - shown.length} more paths`);
  const lines = shown.map((line) => displayLine(line, MAX_CAPTION_CHARACTERS));
  const size = labelSize(lines);
  return {
    lines,
    ok: message.ok,
    width: size.width * ((LABEL_FONT_SIZE + 1) / LABEL_FONT_SIZE) + 32,
    height: lines.length * CAPTION_LINE_HEIGHT + 16,
  };
}

function renderCaption(caption: Caption, top: number): string {
  const parts = ['<g class="caption">'];
  caption.lines.forEach((line, i) => {
    const kind = i > 0 ? '' : caption.ok ? ' class="ok"' : ' class="fail"';
    parts.push(
      `<text${kind} x="16" y="${round(top + (i + 1) * CAPTION_LINE_HEIGHT)}" xml:space="preserve">${escapeXml(line)}</text>`,
    );
  });
  parts.push('</g>');
  return parts.join('');
}

function markerId(severity: Severity | 'path' | undefined): string {
  return severity ? `edgeflow-arrow-${severity}` : 'edgeflow-arrow';
}

/** The attributes that tie a shape to its object: the webview reveals that range. */
function located(
  kind: string,
  id: string,
  range: { start: number; end: number } | undefined,
  severity: Severity | undefined,
  path = '',
): string {
  const classes = [kind, severity ? `severity-${severity}` : '', path].filter(Boolean).join(' ');
  const where = range ? ` data-start="${range.start}" data-end="${range.end}"` : '';
  return `class="${classes}" data-id="${escapeXml(id)}"${where}`;
}

function renderNode(placed: PlacedNode, onPath: ReadonlySet<string> | undefined): string {
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
    `<g ${located(`node ${node.kind}`, node.id, node.range, node.severity, pathClass(node.id, onPath))}>`,
    `<title>${escapeXml(longText(tooltip))}</title>`,
    `<rect x="${placed.x}" y="${placed.y}" width="${placed.width}" height="${placed.height}" rx="4"/>`,
  ];
  if (node.kind === 'organization') {
    parts.push(
      `<text class="title" x="${placed.x + NODE_PADDING}" y="${round(placed.y + GROUP_HEADER / 2 + 6)}">${escapeXml(node.title)}</text>`,
    );
  }
  for (const port of placed.ports) {
    const adapter = port.adapter;
    const what = `${adapter.name}${adapter.network ? ` (${adapter.network})` : ''}: ${adapter.addresses.join(', ') || 'no address'}`;
    parts.push(
      `<g class="port" data-adapter="${escapeXml(adapter.id)}"><title>${escapeXml(longText([what]))}</title><rect x="${port.x}" y="${port.y}" width="${port.width}" height="${port.height}"/></g>`,
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

function renderEdge(placed: PlacedEdge, onPath: ReadonlySet<string> | undefined): string {
  const { edge } = placed;
  const path = pathClass(edge.id, onPath);
  const parts = [
    `<g ${located(`arrow ${edge.connector.kind}`, edge.id, edge.range, edge.severity, path)}>`,
    `<title>${escapeXml(longText([...edge.label, ...(edge.severity ? [`${edge.severity} in this connector`] : [])]))}</title>`,
  ];
  if (placed.points.length >= 2)
    parts.push(
      `<path d="${pathData(placed.points)}" marker-end="url(#${markerId(path === 'on-path' ? 'path' : edge.severity)})"/>`,
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
