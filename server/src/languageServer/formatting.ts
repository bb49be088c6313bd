import { format, type FormattingOptions as JsoncFormattingOptions } from 'jsonc-parser';
import type { FormattingOptions, Range, TextEdit } from 'vscode-languageserver';
import type { Analysis } from '../core/index';
import { toOffsetRange, toTextEdits } from './convert';

const BYTE_ORDER_MARK = 0xfeff;

/**
 * Formats the document, or a range of it, with jsonc-parser's formatter:
 * comments stay where they are, only whitespace changes. The client's
 * tab size and indentation style decide the indentation.
 */
export function formatDocument(
  analysis: Analysis,
  options: FormattingOptions,
  keepLines: boolean,
  range?: Range,
): TextEdit[] {
  const text = analysis.document.text;
  // The core refused the text (nesting over its limit, a list of absurd length).
  // Formatting 100,000 nested brackets would write 100,000 lines, each
  // indented deeper than the last: billions of characters.
  if (analysis.document.refused) return [];
  // The formatter would treat a BOM as content; format what follows it and shift the edits.
  const shift = text.charCodeAt(0) === BYTE_ORDER_MARK ? 1 : 0;
  const source = text.slice(shift);
  const formatting: JsoncFormattingOptions = {
    tabSize: options.tabSize,
    insertSpaces: options.insertSpaces,
    eol: /\r\n/.test(text) ? '\r\n' : '\n',
    insertFinalNewline: options.insertFinalNewline === true,
    keepLines,
  };
  let formatRange: { offset: number; length: number } | undefined;
  if (range) {
    const offsets = toOffsetRange(analysis.lines, range);
    const start = Math.max(0, offsets.start - shift);
    formatRange = { offset: start, length: Math.max(0, offsets.end - shift - start) };
  }
  const edits = format(source, formatRange, formatting).map((edit) => ({
    ...edit,
    offset: edit.offset + shift,
  }));
  return toTextEdits(analysis.lines, edits);
}
