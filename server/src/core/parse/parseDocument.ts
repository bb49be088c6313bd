import { type Node, type ParseError, ParseErrorCode } from 'jsonc-parser';
import { buildTree } from './buildTree';
import type { SyntaxProblem } from './syntaxProblem';

export { MAX_ITEMS, MAX_NESTING_DEPTH } from './buildTree';

export type { SyntaxProblem } from './syntaxProblem';

export interface ParsedDocument {
  /** The text as given (a leading BOM included, so offsets match the editor's). */
  readonly text: string;
  /** The tree jsonc-parser recovered; undefined only when there is no value at all. */
  readonly root: Node | undefined;
  /**
   * The root's value as JSON.parse reads it (the last of duplicate keys wins, a
   * `"__proto__"` key is an own property, `1e999` is null), built in the same
   * pass as the tree; undefined when there is no tree.
   */
  readonly value: unknown;
  readonly problems: readonly SyntaxProblem[];
  /**
   * The text is no topology: it nests deeper or has a longer list than any
   * topology (the one problem says which). The parser stopped there, and there
   * is no tree. Recursive tools (formatters, other JSON parsers) must leave
   * such a text alone.
   */
  readonly refused?: boolean;
}

const BYTE_ORDER_MARK = 0xfeff;

/**
 * Parses JSONC (comments and trailing commas allowed) and never throws: broken
 * text yields the partial tree jsonc-parser recovers plus its problems.
 */
export function parseDocument(text: string): ParsedDocument {
  // A BOM is accepted. Replace it with a space of the same length so that every
  // offset in the tree is an offset into the original text.
  const source = text.charCodeAt(0) === BYTE_ORDER_MARK ? ' ' + text.slice(1) : text;
  const built = buildTree(source);
  if (built.excess) {
    return { text, root: undefined, value: undefined, problems: [built.excess], refused: true };
  }
  const root = built.root;
  if (root) clampToText(root, source.length);
  return {
    text,
    root,
    value: built.value,
    problems: built.errors.map((e) => toProblem(e, source)),
  };
}

/**
 * The node at `path`, like jsonc-parser's `findNodeAtLocation`, except that
 * the last of duplicate keys wins, as in `JSON.parse`, the schema check and
 * the model: a finding and its fix land on the value that was read.
 */
export function findNodeAtPath(
  root: Node | undefined,
  path: readonly (string | number)[],
): Node | undefined {
  let node = root;
  for (const segment of path) {
    if (!node) return undefined;
    const children: readonly Node[] = node.children ?? [];
    if (typeof segment === 'number') {
      node = node.type === 'array' ? children[segment] : undefined;
      continue;
    }
    if (node.type !== 'object') return undefined;
    let found: Node | undefined;
    for (let i = children.length - 1; i >= 0 && !found; i--) {
      const property = children[i];
      if (property?.children?.length === 2 && property.children[0]?.value === segment)
        found = property.children[1];
    }
    node = found;
  }
  return node;
}

/**
 * jsonc-parser lets the nodes that a text ending inside a comment leaves open
 * (`{ /*`) reach one character past its end; every range must stay inside.
 */
function clampToText(root: Node, length: number): void {
  if (root.offset + root.length <= length) return;
  const stack: Node[] = [root];
  while (stack.length > 0) {
    const node = stack.pop() as Node;
    // The tree was built just now for this text and nothing else holds it yet.
    if (node.offset + node.length > length)
      (node as { length: number }).length = Math.max(0, length - node.offset);
    for (const child of node.children ?? []) stack.push(child);
  }
}

const MESSAGES: Partial<Record<ParseErrorCode, string>> = {
  [ParseErrorCode.InvalidSymbol]: 'Unexpected character.',
  [ParseErrorCode.InvalidNumberFormat]: 'Invalid number.',
  [ParseErrorCode.PropertyNameExpected]: 'Expected a property name in double quotes.',
  [ParseErrorCode.ValueExpected]: 'Expected a value.',
  [ParseErrorCode.ColonExpected]: "Expected ':' after the property name.",
  [ParseErrorCode.CommaExpected]: "Expected ',' between elements.",
  [ParseErrorCode.CloseBraceExpected]: "Expected '}' to close the object.",
  [ParseErrorCode.CloseBracketExpected]: "Expected ']' to close the array.",
  [ParseErrorCode.EndOfFileExpected]: 'Expected the end of the file after the topology object.',
  [ParseErrorCode.InvalidCommentToken]: 'Invalid comment.',
  [ParseErrorCode.UnexpectedEndOfComment]: "The comment is not closed with '*/'.",
  [ParseErrorCode.UnexpectedEndOfString]: 'The string is not closed with a double quote.',
  [ParseErrorCode.UnexpectedEndOfNumber]: 'The number is incomplete.',
  [ParseErrorCode.InvalidUnicode]: 'Invalid \\u escape in a string.',
  [ParseErrorCode.InvalidEscapeCharacter]:
    'Invalid escape in a string (use \\\\ for a backslash, as in "CONTOSO\\\\user").',
  [ParseErrorCode.InvalidCharacter]: 'A control character inside a string: escape it or remove it.',
};

function toProblem(error: ParseError, text: string): SyntaxProblem {
  const atEnd = error.offset >= text.length;
  // An error at the very end gets a one-character range on the last character, so it stays visible.
  const start = atEnd ? Math.max(0, text.length - 1) : error.offset;
  const end = Math.max(start + (text.length > 0 ? 1 : 0), error.offset + error.length);
  let message = MESSAGES[error.error] ?? 'Syntax error.';
  if (atEnd && error.error !== ParseErrorCode.EndOfFileExpected)
    message = `Unexpected end of file. ${message}`;
  return { message, range: { start, end: Math.min(end, text.length) } };
}
