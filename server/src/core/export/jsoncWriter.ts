/**
 * A small JSONC tree and its printer, for writing a topology the way the
 * examples are written (examples/*.edgeflow.json, formatted by Prettier): two
 * spaces, an object or list on one line when it fits in 100 columns and holds
 * no comment, otherwise one member per line; `//` comments on the lines before
 * a member. Every string goes through JSON.stringify, so no value can break
 * the JSON; comment text goes through `commentText`, so no value can end a
 * comment early or start a directive.
 */

export type JsonNode = JsonObject | JsonArray | JsonScalar;

export interface JsonScalar {
  readonly kind: 'scalar';
  readonly value: string | number | boolean;
}

export interface JsonMember {
  readonly key: string;
  readonly value: JsonNode;
  readonly comments?: readonly string[];
}

export interface JsonObject {
  readonly kind: 'object';
  readonly members: JsonMember[];
  /** Comments after the last member (kept values the format cannot express). */
  readonly trailing?: string[];
}

export interface JsonItem {
  readonly value: JsonNode;
  readonly comments?: readonly string[];
}

export interface JsonArray {
  readonly kind: 'array';
  readonly items: JsonItem[];
}

export const scalar = (value: string | number | boolean): JsonScalar => ({ kind: 'scalar', value });

export function jsonObject(members: JsonMember[] = []): JsonObject {
  return { kind: 'object', members, trailing: [] };
}

export function jsonArray(items: JsonItem[] = []): JsonArray {
  return { kind: 'array', items };
}

/** A plain value as a node (no comments). */
export function fromValue(value: unknown): JsonNode {
  if (Array.isArray(value)) return jsonArray(value.map((v: unknown) => ({ value: fromValue(v) })));
  if (typeof value === 'object' && value !== null)
    return jsonObject(Object.entries(value).map(([key, v]) => ({ key, value: fromValue(v) })));
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean')
    return scalar(value);
  return scalar(String(value));
}

const WIDTH = 100;

/**
 * Text safe inside a `//` comment: line breaks (every one LSP and JSONC
 * know, and U+2028/U+2029) and other control characters written as JSON
 * escapes. A comment always starts with the importer's own words, so a value
 * cannot start an `edgeflow-disable-next-line` directive.
 */
export function commentText(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/[\u0000-\u001f\u007f\u0085\u2028\u2029]/g, unicodeEscape);
}

function unicodeEscape(ch: string): string {
  return `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`;
}

/** JSON.stringify, with U+2028 and U+2029 escaped too (they end a line for some editors). */
export function jsonString(text: string): string {
  return JSON.stringify(text).replace(/[\u2028\u2029\u0085]/g, unicodeEscape);
}

function scalarText(node: JsonScalar): string {
  return typeof node.value === 'string' ? jsonString(node.value) : String(node.value);
}

function hasComments(node: JsonNode): boolean {
  if (node.kind === 'object')
    return (
      (node.trailing?.length ?? 0) > 0 ||
      node.members.some((m) => (m.comments?.length ?? 0) > 0 || hasComments(m.value))
    );
  if (node.kind === 'array')
    return node.items.some((i) => (i.comments?.length ?? 0) > 0 || hasComments(i.value));
  return false;
}

/** The one-line form, or undefined when the node holds a comment. */
function flat(node: JsonNode): string | undefined {
  if (hasComments(node)) return undefined;
  if (node.kind === 'scalar') return scalarText(node);
  if (node.kind === 'array') {
    const parts = node.items.map((item) => flat(item.value));
    return `[${parts.join(', ')}]`;
  }
  if (node.members.length === 0) return '{}';
  const parts = node.members.map((m) => `${jsonString(m.key)}: ${flat(m.value) ?? ''}`);
  return `{ ${parts.join(', ')} }`;
}

function print(node: JsonNode, indent: string, prefixLength: number, suffix: string): string {
  const oneLine = flat(node);
  if (
    oneLine !== undefined &&
    (node.kind === 'scalar' ||
      indent.length + prefixLength + oneLine.length + suffix.length <= WIDTH)
  )
    return oneLine;
  const inner = `${indent}  `;
  const lines: string[] = [];
  const comments = (list: readonly string[] | undefined): void => {
    for (const comment of list ?? []) lines.push(`${inner}// ${commentText(comment)}`);
  };
  if (node.kind === 'array') {
    node.items.forEach((item, i) => {
      comments(item.comments);
      const comma = i < node.items.length - 1 ? ',' : '';
      lines.push(`${inner}${print(item.value, inner, 0, comma)}${comma}`);
    });
    return `[\n${lines.join('\n')}\n${indent}]`;
  }
  if (node.kind === 'object') {
    node.members.forEach((member, i) => {
      comments(member.comments);
      const comma = i < node.members.length - 1 ? ',' : '';
      const key = `${jsonString(member.key)}: `;
      lines.push(`${inner}${key}${print(member.value, inner, key.length, comma)}${comma}`);
    });
    comments(node.trailing);
    return `{\n${lines.join('\n')}\n${indent}}`;
  }
  return scalarText(node);
}

/** The document: header comments, the root value, a final line break. */
export function printDocument(header: readonly string[], root: JsonNode): string {
  const head = header.map((line) => `// ${commentText(line)}\n`).join('');
  return `${head}${print(root, '', 0, '')}\n`;
}
