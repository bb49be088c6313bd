import { type Node, type ParseError, ParseErrorCode, parseTree } from 'jsonc-parser';
import type { OffsetRange } from '../findings';

export interface SyntaxProblem {
  readonly message: string;
  readonly range: OffsetRange;
}

export interface ParsedDocument {
  /** The text as given (a leading BOM included, so offsets match the editor's). */
  readonly text: string;
  /** The tree jsonc-parser recovered; undefined only when there is no value at all. */
  readonly root: Node | undefined;
  readonly problems: readonly SyntaxProblem[];
  /**
   * The text was not parsed at all: it nests deeper or has a longer list than
   * any topology (the one problem says which). Recursive tools (formatters,
   * other JSON parsers) must leave such a text alone.
   */
  readonly refused?: boolean;
}

const BYTE_ORDER_MARK = 0xfeff;

/**
 * Far deeper than any topology (which nests five levels), and shallow enough
 * that the recursive parser and the rules cannot overflow the stack.
 */
export const MAX_NESTING_DEPTH = 200;

/**
 * Far more items than any list of a topology holds (servers, connectors,
 * ranges, accepted domains), and few enough that no rule and no schema check
 * takes long on one list: a longer list makes the text no topology.
 */
export const MAX_ITEMS = 10_000;

/**
 * Parses JSONC (comments and trailing commas allowed) and never throws: broken
 * text yields the partial tree jsonc-parser recovers plus its problems.
 */
export function parseDocument(text: string): ParsedDocument {
  // A BOM is accepted. Replace it with a space of the same length so that every
  // offset in the tree is an offset into the original text.
  const source = text.charCodeAt(0) === BYTE_ORDER_MARK ? ' ' + text.slice(1) : text;
  const excess = findExcessiveStructure(source);
  if (excess !== undefined) return { text, root: undefined, problems: [excess], refused: true };
  const errors: ParseError[] = [];
  const root = parseTree(source, errors, {
    allowTrailingComma: true,
    disallowComments: false,
    allowEmptyContent: false,
  });
  if (root) clampToText(root, source.length);
  return { text, root, problems: errors.map((e) => toProblem(e, source)) };
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

/**
 * The first sign that the text is no topology, before the parser and the
 * rules see it: a bracket that opens level MAX_NESTING_DEPTH + 1, or a list or
 * object with more than MAX_ITEMS items. Strings and comments are skipped.
 */
function findExcessiveStructure(text: string): SyntaxProblem | undefined {
  // For each open bracket: where it is, and how many commas it holds so far.
  const opened: number[] = [];
  const commas: number[] = [];
  const length = text.length;
  // The next line break and backslash at or after the current string: most
  // strings hold neither, and are skipped with one native search for their
  // closing quote. This runs over every text before it is parsed.
  let newline = -1;
  let backslash = -1;
  for (let i = 0; i < length; i++) {
    const ch = text.charCodeAt(i);
    if (ch === 0x22 /* " */) {
      const quote = text.indexOf('"', i + 1);
      if (newline <= i) newline = positionOrEnd(text.indexOf('\n', i + 1), length);
      if (backslash <= i) backslash = positionOrEnd(text.indexOf('\\', i + 1), length);
      const end = positionOrEnd(quote, length);
      if (end < newline && end < backslash) {
        i = end;
        continue;
      }
      // An escape or an unclosed string: character by character.
      for (i++; i < length; i++) {
        const inString = text.charCodeAt(i);
        if (inString === 0x22 || inString === 0x0a) break;
        if (inString === 0x5c /* \ */) i++;
      }
    } else if (ch <= 0x2c /* , */) {
      if (ch !== 0x2c || commas.length === 0) continue;
      const count = (commas[commas.length - 1] ?? 0) + 1;
      commas[commas.length - 1] = count;
      // n items have n - 1 commas (n with a trailing one, which then counts as an item).
      if (count >= MAX_ITEMS) {
        const start = opened[opened.length - 1] ?? i;
        const what =
          text.charCodeAt(start) === 0x5b ? 'items in one list' : 'properties in one object';
        return {
          message: `More than ${MAX_ITEMS} ${what}: this is not a topology (its lists hold a few dozen items).`,
          range: { start, end: start + 1 },
        };
      }
    } else if (ch === 0x2f /* / */) {
      const next = text.charCodeAt(i + 1);
      if (next === 0x2f) {
        const end = text.indexOf('\n', i + 2);
        i = end < 0 ? length : end;
      } else if (next === 0x2a /* * */) {
        const end = text.indexOf('*/', i + 2);
        i = end < 0 ? length : end + 1;
      }
    } else if (ch === 0x7b /* { */ || ch === 0x5b /* [ */) {
      if (opened.length >= MAX_NESTING_DEPTH) {
        return {
          message: `Nesting deeper than ${MAX_NESTING_DEPTH} levels: this is not a topology (a topology nests five levels).`,
          range: { start: i, end: i + 1 },
        };
      }
      opened.push(i);
      commas.push(0);
    } else if (ch === 0x7d /* } */ || ch === 0x5d /* ] */) {
      opened.pop();
      commas.pop();
    }
  }
  return undefined;
}

function positionOrEnd(position: number, length: number): number {
  return position < 0 ? length : position;
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
