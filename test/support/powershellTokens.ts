/**
 * Splits PowerShell text into string literals, comments and code the way
 * PowerShell's own tokenizer draws those borders, including what the
 * tree-sitter grammar does not know:
 * - U+2018 U+2019 U+201A U+201B open and close single-quoted strings like `'`,
 *   and any two consecutive characters of that class inside one stand for a
 *   literal quote;
 * - U+201C U+201D U+201E work like `"`; inside a double-quoted string a
 *   backtick escapes the next character and `$( )` is code again;
 * - a backtick in code escapes the next character (an escaped quote opens no
 *   string);
 * - `#` starts a comment at the start of a token, `<# ... #>` is a block
 *   comment, and `@'`/`@"` at the end of a line open a here-string.
 * Line comments end at CR, LF, NEL, U+2028 or U+2029: deliberately the widest
 * reading, so that nothing that could end a comment goes unnoticed.
 */

export type TokenKind = 'code' | 'single' | 'double' | 'here' | 'comment';

export interface Token {
  readonly kind: TokenKind;
  /** The source text, delimiters included. */
  readonly text: string;
}

const SINGLE = new Set(["'", '\u2018', '\u2019', '\u201A', '\u201B']);
const DOUBLE = new Set(['"', '\u201C', '\u201D', '\u201E']);
const LINE_ENDS = new Set(['\n', '\r', '\u0085', '\u2028', '\u2029']);
/** After these (or whitespace, or at the start), `#` starts a comment. */
const BEFORE_COMMENT = new Set(['(', ')', '{', '}', ';', '|', '&', ',', '=']);

export class TokenizeError extends Error {}

export function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  const end = scanCode(text, 0, false, tokens);
  if (end !== text.length) throw new TokenizeError(`unexpected ')' at ${end}`);
  return tokens;
}

/** The value of a single-quoted literal: delimiters removed, each doubled quote made single. */
export function singleQuotedValue(token: Token): string {
  if (token.kind !== 'single') throw new TokenizeError('not a single-quoted string');
  const inner = token.text.slice(1, -1);
  let value = '';
  for (let i = 0; i < inner.length; i++) {
    value += inner[i];
    if (SINGLE.has(inner[i] ?? '')) i++;
  }
  return value;
}

function isSpace(character: string | undefined): boolean {
  return character === undefined || /\s/.test(character);
}

/**
 * Scans code from `start`; inside `$( )` of a double-quoted string it stops
 * after the `)` that closes the subexpression. Returns the end index.
 */
function scanCode(text: string, start: number, subexpression: boolean, tokens: Token[]): number {
  let depth = 0;
  let code = '';
  const flush = (): void => {
    if (code !== '') tokens.push({ kind: 'code', text: code });
    code = '';
  };
  const push = (kind: TokenKind, from: number, to: number): number => {
    flush();
    tokens.push({ kind, text: text.slice(from, to) });
    return to;
  };
  let i = start;
  while (i < text.length) {
    const c = text[i] ?? '';
    const next = text[i + 1];
    if (c === '`') {
      code += text.slice(i, i + 2);
      i += 2;
    } else if (c === '<' && next === '#') {
      const close = text.indexOf('#>', i + 2);
      if (close < 0) throw new TokenizeError(`unterminated block comment at ${i}`);
      i = push('comment', i, close + 2);
    } else if (c === '#' && (isSpace(text[i - 1]) || BEFORE_COMMENT.has(text[i - 1] ?? ''))) {
      let j = i;
      while (j < text.length && !LINE_ENDS.has(text[j] ?? '')) j++;
      i = push('comment', i, j);
    } else if (
      c === '@' &&
      (SINGLE.has(next ?? '') || DOUBLE.has(next ?? '')) &&
      opensHereString(text, i + 2)
    ) {
      i = push('here', i, scanHereString(text, i));
    } else if (SINGLE.has(c)) {
      i = push('single', i, scanSingle(text, i));
    } else if (DOUBLE.has(c)) {
      flush();
      const nested: Token[] = [];
      const close = scanDouble(text, i, nested);
      tokens.push({ kind: 'double', text: text.slice(i, close) });
      i = close;
    } else {
      if (subexpression && c === '(') depth++;
      if (subexpression && c === ')') {
        if (depth === 0) {
          flush();
          return i + 1;
        }
        depth--;
      }
      code += c;
      i++;
    }
  }
  flush();
  if (subexpression) throw new TokenizeError('unterminated subexpression');
  return i;
}

function scanSingle(text: string, open: number): number {
  for (let j = open + 1; j < text.length; j++) {
    if (!SINGLE.has(text[j] ?? '')) continue;
    if (SINGLE.has(text[j + 1] ?? '')) j++;
    else return j + 1;
  }
  throw new TokenizeError(`unterminated single-quoted string at ${open}`);
}

function scanDouble(text: string, open: number, tokens: Token[]): number {
  for (let j = open + 1; j < text.length; j++) {
    const c = text[j] ?? '';
    if (c === '`') j++;
    else if (c === '$' && text[j + 1] === '(') j = scanCode(text, j + 2, true, tokens) - 1;
    else if (DOUBLE.has(c)) {
      if (DOUBLE.has(text[j + 1] ?? '')) j++;
      else return j + 1;
    }
  }
  throw new TokenizeError(`unterminated double-quoted string at ${open}`);
}

/** `@'` or `@"` opens a here-string only when nothing but spaces follows on its line. */
function opensHereString(text: string, from: number): boolean {
  let j = from;
  while (j < text.length && (text[j] === ' ' || text[j] === '\t')) j++;
  return text[j] === '\n' || text[j] === '\r';
}

function scanHereString(text: string, open: number): number {
  const double = DOUBLE.has(text[open + 1] ?? '');
  const quotes = double ? DOUBLE : SINGLE;
  for (let j = open + 2; j < text.length; j++) {
    if (
      (text[j] === '\n' || text[j] === '\r') &&
      quotes.has(text[j + 1] ?? '') &&
      text[j + 2] === '@'
    )
      return j + 3;
  }
  throw new TokenizeError(`unterminated here-string at ${open}`);
}

/**
 * The token stream with every single-quoted literal's content blanked: what
 * must not depend on the topology's values.
 */
export function codeShape(text: string): string[] {
  return tokenize(text).map((token) =>
    token.kind === 'single' ? "single:''" : `${token.kind}:${token.text}`,
  );
}

/** The values of every single-quoted literal of the scripts: where a topology value must end up, intact. */
export function singleQuotedLiterals(files: readonly { readonly content: string }[]): Set<string> {
  return new Set(
    files.flatMap((f) =>
      tokenize(f.content)
        .filter((t) => t.kind === 'single')
        .map(singleQuotedValue),
    ),
  );
}
