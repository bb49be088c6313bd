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
}

const BYTE_ORDER_MARK = 0xfeff;

/**
 * Far deeper than any topology (which nests five levels), and shallow enough
 * that the recursive parser and the rules cannot overflow the stack.
 */
export const MAX_NESTING_DEPTH = 200;

/**
 * Parses JSONC (comments and trailing commas allowed) and never throws: broken
 * text yields the partial tree jsonc-parser recovers plus its problems.
 */
export function parseDocument(text: string): ParsedDocument {
  // A BOM is accepted. Replace it with a space of the same length so that every
  // offset in the tree is an offset into the original text.
  const source = text.charCodeAt(0) === BYTE_ORDER_MARK ? ' ' + text.slice(1) : text;
  const tooDeep = findExcessiveNesting(source);
  if (tooDeep !== undefined) {
    return {
      text,
      root: undefined,
      problems: [
        {
          message: `Nesting deeper than ${MAX_NESTING_DEPTH} levels: this is not a topology (a topology nests five levels).`,
          range: { start: tooDeep, end: tooDeep + 1 },
        },
      ],
    };
  }
  const errors: ParseError[] = [];
  const root = parseTree(source, errors, {
    allowTrailingComma: true,
    disallowComments: false,
    allowEmptyContent: false,
  });
  return { text, root, problems: errors.map((e) => toProblem(e, source)) };
}

/** The offset of the first bracket that opens level MAX_NESTING_DEPTH + 1, skipping strings and comments. */
function findExcessiveNesting(text: string): number | undefined {
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    if (ch === 0x22 /* " */) {
      for (
        i++;
        i < text.length && text.charCodeAt(i) !== 0x22 && text.charCodeAt(i) !== 0x0a;
        i++
      ) {
        if (text.charCodeAt(i) === 0x5c /* \ */) i++;
      }
    } else if (ch === 0x2f /* / */ && text.charCodeAt(i + 1) === 0x2f) {
      while (i < text.length && text.charCodeAt(i) !== 0x0a) i++;
    } else if (ch === 0x2f && text.charCodeAt(i + 1) === 0x2a /* * */) {
      const end = text.indexOf('*/', i + 2);
      i = end < 0 ? text.length : end + 1;
    } else if (ch === 0x7b /* { */ || ch === 0x5b /* [ */) {
      if (++depth > MAX_NESTING_DEPTH) return i;
    } else if (ch === 0x7d /* } */ || ch === 0x5d /* ] */) {
      depth = Math.max(0, depth - 1);
    }
  }
  return undefined;
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
