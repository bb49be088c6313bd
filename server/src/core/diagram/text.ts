import type { DiagramNode } from './model';

/**
 * The lines each box and label shows, and how large they are drawn: the layout
 * sizes the boxes with these, the renderers draw the same lines, so that text
 * never overflows a box. There are no font metrics in the core (nor in an SVG
 * read by a wiki): widths are estimated generously per character.
 */

/** Names come from the file and can be a megabyte long: a line shows this many characters. */
export const MAX_LINE_CHARACTERS = 44;

export const NODE_FONT_SIZE = 12;
export const LABEL_FONT_SIZE = 11;
export const NODE_LINE_HEIGHT = 16;
export const LABEL_LINE_HEIGHT = 14;
export const NODE_PADDING = 8;
/** Room above the members of the organization for its title. */
export const GROUP_HEADER = 28;

/** Wide enough for most proportional fonts' average character at these sizes. */
const NODE_CHARACTER_WIDTH = 7.2;
const LABEL_CHARACTER_WIDTH = 6.6;

/** A line cut to its first `max` characters (never half a surrogate pair). */
export function displayLine(text: string, max = MAX_LINE_CHARACTERS): string {
  // Control characters (a name may hold any) would break the line or the XML.
  // eslint-disable-next-line no-control-regex
  const clean = text.replace(/[\u0000-\u001f\u007f]/g, ' ');
  const characters = Array.from(clean);
  if (characters.length <= max) return clean;
  return `${characters.slice(0, max - 1).join('')}…`;
}

export interface TextLine {
  readonly text: string;
  readonly kind: 'title' | 'detail' | 'adapter' | 'binding';
}

/** What a box shows, top to bottom. The organization shows its title only (its members are boxes). */
export function nodeLines(node: DiagramNode): TextLine[] {
  const lines: TextLine[] = [{ text: displayLine(node.title), kind: 'title' }];
  for (const detail of node.details) lines.push({ text: displayLine(detail), kind: 'detail' });
  for (const adapter of node.adapters) {
    const network = adapter.network ? ` (${adapter.network})` : '';
    lines.push({ text: displayLine(`${adapter.name}${network}`), kind: 'adapter' });
    if (adapter.addresses.length > 0)
      lines.push({ text: displayLine(`  ${adapter.addresses.join(', ')}`), kind: 'detail' });
    for (const name of adapter.receiveConnectors)
      lines.push({ text: displayLine(`  ← ${name}`), kind: 'binding' });
  }
  return lines;
}

export function nodeSize(lines: readonly TextLine[]): { width: number; height: number } {
  const longest = Math.max(...lines.map((l) => Array.from(l.text).length));
  return {
    width: Math.ceil(Math.max(120, longest * NODE_CHARACTER_WIDTH + 2 * NODE_PADDING)),
    height: lines.length * NODE_LINE_HEIGHT + 2 * NODE_PADDING,
  };
}

export function labelLines(label: readonly string[]): string[] {
  return label.map((line) => displayLine(line));
}

export function labelSize(lines: readonly string[]): { width: number; height: number } {
  const longest = Math.max(0, ...lines.map((l) => Array.from(l).length));
  return {
    width: Math.ceil(longest * LABEL_CHARACTER_WIDTH + 4),
    height: lines.length * LABEL_LINE_HEIGHT + 4,
  };
}
