import { findNodeAtLocation, modify, parseTree, type JSONPath, type Node } from 'jsonc-parser';
import { findNodeAtPath } from '../parse/parseDocument';
import type { Fix, TextEdit } from '../findings';
import { removeItem } from './removal';

/**
 * Builds fixes with jsonc-parser's `modify`, which edits the text in place,
 * keeps comments and formats only what it inserts.
 */
function formatting(text: string) {
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  const indent = /\n([ \t]+)\S/.exec(text)?.[1] ?? '  ';
  return indent.startsWith('\t')
    ? { insertSpaces: false, tabSize: 1, eol }
    : { insertSpaces: true, tabSize: indent.length, eol };
}

export function setProperty(text: string, path: JSONPath, value: unknown): TextEdit[] {
  return safeModify(text, path, () =>
    modify(text, path, value, { formattingOptions: formatting(text) }),
  );
}

/**
 * `modify` follows the first of duplicate keys where the model reads the
 * last, and throws when the path does not fit the text: no edit then, and the
 * fix is not offered.
 */
function safeModify(text: string, path: JSONPath, edit: () => TextEdit[]): TextEdit[] {
  const root = parseTree(text, [], { allowTrailingComma: true });
  for (let i = 1; root && i <= path.length; i++) {
    const prefix = path.slice(0, i);
    if (findNodeAtLocation(root, prefix) !== findNodeAtPath(root, prefix)) return [];
  }
  try {
    return edit();
  } catch {
    return [];
  }
}

/**
 * Removes the property or array element at `path` with a minimal edit. Not
 * jsonc-parser's `modify`, which reformats the parent and (3.3.1) breaks the
 * document when it removes the last element of an array.
 */
export function removeAt(text: string, path: JSONPath): TextEdit[] {
  const root = parseTree(text, [], { allowTrailingComma: true });
  const node = findNodeAtPath(root, path);
  if (!node) return [];
  return removeItem(text, node.parent?.type === 'property' ? node.parent : node);
}

export function appendToArray(text: string, arrayPath: JSONPath, value: unknown): TextEdit[] {
  return safeModify(text, arrayPath, () =>
    modify(text, [...arrayPath, -1], value, {
      formattingOptions: formatting(text),
      isArrayInsertion: true,
    }),
  );
}

/** Replaces one value node with the JSON form of `value`. */
export function replaceNode(node: Node, value: unknown): TextEdit[] {
  return [{ offset: node.offset, length: node.length, content: JSON.stringify(value) }];
}

export function fix(title: string, edits: readonly TextEdit[], isPreferred = false): Fix {
  return { title, edits, isPreferred };
}

/** Applies edits (non-overlapping) to text; used by tests, the CLI and "fix all". */
export function applyEdits(text: string, edits: readonly TextEdit[]): string {
  const sorted = [...edits].sort((a, b) => b.offset - a.offset || b.length - a.length);
  let result = text;
  for (const edit of sorted) {
    result = result.slice(0, edit.offset) + edit.content + result.slice(edit.offset + edit.length);
  }
  return result;
}

/**
 * One edit that rewrites an array value as an inline list of strings. Here
 * rather than beside the facts that compute the values, so that the model
 * builds no edits and the dependency goes fix → model only.
 */
export function replaceArray(node: Node, values: readonly string[]): TextEdit {
  return {
    offset: node.offset,
    length: node.length,
    content: `[${values.map((v) => JSON.stringify(v)).join(', ')}]`,
  };
}
