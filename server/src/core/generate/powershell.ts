import type { Node } from 'jsonc-parser';

/**
 * The only place that turns a topology value into PowerShell text. Every
 * generator writes topology values through these functions and nowhere else,
 * so that no name, however hostile, can become code.
 *
 * PowerShell treats U+2018, U+2019, U+201A and U+201B exactly like the ASCII
 * apostrophe: each one opens and closes a single-quoted string. Inside a
 * single-quoted string, two consecutive quote characters stand for one
 * literal quote, so doubling every one of the five keeps it literal. A
 * single-quoted string expands nothing (no `$`, no backtick escapes), so
 * nothing else needs escaping; double-quoted strings are never used for
 * topology values.
 */
const SINGLE_QUOTE_CHARACTERS = /['\u2018\u2019\u201A\u201B]/g;

/** A single-quoted PowerShell literal whose value is exactly `value`. */
export function quote(value: string): string {
  return `'${value.replace(SINGLE_QUOTE_CHARACTERS, (character) => character + character)}'`;
}

/** An array literal of quoted elements: `@('a', 'b')`, `@()` when empty. */
export function quoteList(values: readonly string[]): string {
  return `@(${values.map(quote).join(', ')})`;
}

export function bool(value: boolean): string {
  return value ? '$true' : '$false';
}

/** An integer as digits; a negative one in parentheses, so it cannot read as a parameter name. */
export function integer(value: number): string {
  if (!Number.isSafeInteger(value)) throw new Error(`not an integer: ${String(value)}`);
  return value < 0 ? `(${String(value)})` : String(value);
}

/**
 * A JSON value of the topology as a PowerShell argument: strings quoted,
 * arrays of strings as quoted lists, booleans and integers as themselves.
 * Generation runs only on topologies without errors, where the schema has
 * already guaranteed these types; anything else is a programming error.
 */
export function topologyValue(node: Node): string {
  switch (node.type) {
    case 'string':
      return quote(node.value as string);
    case 'boolean':
      return bool(node.value as boolean);
    case 'number':
      return integer(node.value as number);
    case 'array': {
      const elements = node.children ?? [];
      if (!elements.every((element) => element.type === 'string'))
        throw new Error('only arrays of strings become PowerShell lists');
      return quoteList(elements.map((element) => element.value as string));
    }
    default:
      throw new Error(`a ${node.type} value has no PowerShell form here`);
  }
}

/**
 * Text safe inside a `#` comment: every control character (CR, LF, NEL and the
 * other C0 and C1 controls), line and paragraph separator (U+2028, U+2029):
 * anything that could end the comment; every format character (bidirectional
 * marks and overrides, which could make the line read as something else) and
 * lone surrogate becomes `?`. Other characters stay as written: the scripts
 * are UTF-8 with a byte order mark, which Windows PowerShell 5.1 reads. The
 * generators keep topology values out of comments; this is for the one outside
 * name that appears there, the topology file name.
 */
export function commentText(value: string): string {
  return value.replace(/[\p{Cc}\p{Zl}\p{Zp}\p{Cf}\p{Cs}]/gu, '?');
}
