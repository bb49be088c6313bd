import type { FormatOptions } from './format';

/** A text with no indented line gets the bundled examples' style. */
export const FALLBACK_INDENTATION = { tabSize: 2, insertSpaces: true } as const;

/** VS Code looks at this many lines at most. */
const LINES_LOOKED_AT = 10_000;
/** VS Code's candidates, in its order: even widths win ties, and 1 is never guessed. */
const WIDTHS = [2, 4, 6, 8, 3, 5, 7] as const;
const WIDEST = 8;

/**
 * The options the editor formats this text with under its default settings
 * (`editor.detectIndentation` on, `edgeflow.format.keepLines` off), so that
 * `edgeflow format` writes what Format Document would. The final line break is
 * kept as it is: one is written when the text ends with one, none otherwise
 * (the editor, with `files.insertFinalNewline` off, would remove it).
 */
export function detectFormatOptions(text: string): FormatOptions {
  return {
    ...detectIndentation(text),
    insertFinalNewline: /[\r\n][ \t]*$/.test(text),
    keepLines: false,
  };
}

/**
 * A simpler form of VS Code's guess (indentationGuesser.ts): tabs when more
 * lines are indented with tabs than with spaces; otherwise the width that
 * most often separates the indentation of consecutive non-blank lines. A
 * one-space step (the ` * ` of a block comment) is never taken for a width.
 */
export function detectIndentation(text: string): { tabSize: number; insertSpaces: boolean } {
  let tabLines = 0;
  let spaceLines = 0;
  const steps = new Array<number>(WIDEST + 1).fill(0);
  // The indentation of the last non-blank line, undefined after one indented with tabs.
  let previous: number | undefined = 0;
  for (const line of text.split(/\r\n|\r|\n/, LINES_LOOKED_AT)) {
    const indentation = /^[ \t]*/.exec(line)?.[0] ?? '';
    if (indentation.length === line.length) continue; // blank: says nothing
    if (indentation.includes('\t')) {
      tabLines++;
      previous = undefined;
      continue;
    }
    if (indentation.length > 1) spaceLines++;
    if (previous !== undefined) {
      const step = Math.abs(indentation.length - previous);
      if (step <= WIDEST) steps[step] = (steps[step] ?? 0) + 1;
    }
    previous = indentation.length;
  }
  if (tabLines > spaceLines) return { tabSize: FALLBACK_INDENTATION.tabSize, insertSpaces: false };
  let tabSize: number = FALLBACK_INDENTATION.tabSize;
  let score = 0;
  for (const width of WIDTHS) {
    const count = steps[width] ?? 0;
    if (count > score) {
      score = count;
      tabSize = width;
    }
  }
  // As in VS Code: 2 wins over 4 when it is at least half as frequent.
  const two = steps[2] ?? 0;
  const four = steps[4] ?? 0;
  if (tabSize === 4 && two > 0 && two >= four / 2) tabSize = 2;
  return { tabSize, insertSpaces: true };
}
