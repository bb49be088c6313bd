import { format, type FormattingOptions as JsoncFormattingOptions } from 'jsonc-parser';
import type { OffsetRange, TextEdit } from '../findings';

export interface FormatOptions {
  /** Spaces per level when `insertSpaces`; what a tab counts for otherwise. */
  readonly tabSize: number;
  readonly insertSpaces: boolean;
  /**
   * End the text with a line break. When false, jsonc-parser (3.3.1) removes
   * the final line break a text has: false does not mean "leave it alone".
   */
  readonly insertFinalNewline?: boolean;
  /** Keep the author's line breaks (the editor's `edgeflow.format.keepLines`). */
  readonly keepLines?: boolean;
  /** Format only this part of the text (offsets into the text as given, a BOM included). */
  readonly range?: OffsetRange;
}

/** What the formatter needs of a parsed document: `analysis.document` is one. */
export interface FormattableDocument {
  readonly text: string;
  /** Set by the parser for a text that nests too deep or has too long a list. */
  readonly refused?: boolean;
}

const BYTE_ORDER_MARK = 0xfeff;

/**
 * The edits that format the document, or a range of it, with jsonc-parser's
 * formatter: comments stay where they are, only whitespace changes. Line
 * breaks stay CRLF in a text that has one, LF otherwise.
 */
export function formatEdits(document: FormattableDocument, options: FormatOptions): TextEdit[] {
  const text = document.text;
  // The core refused the text (nesting over its limit, a list of absurd length).
  // Formatting 100,000 nested brackets would write 100,000 lines, each
  // indented deeper than the last: billions of characters.
  if (document.refused) return [];
  // The formatter would treat a BOM as content; format what follows it and shift the edits.
  const shift = text.charCodeAt(0) === BYTE_ORDER_MARK ? 1 : 0;
  const source = text.slice(shift);
  const formatting: JsoncFormattingOptions = {
    tabSize: options.tabSize,
    insertSpaces: options.insertSpaces,
    eol: /\r\n/.test(text) ? '\r\n' : '\n',
    insertFinalNewline: options.insertFinalNewline === true,
    keepLines: options.keepLines === true,
  };
  let formatRange: { offset: number; length: number } | undefined;
  if (options.range) {
    const start = Math.max(0, options.range.start - shift);
    formatRange = { offset: start, length: Math.max(0, options.range.end - shift - start) };
  }
  return format(source, formatRange, formatting).map((edit) => ({
    offset: edit.offset + shift,
    length: edit.length,
    content: edit.content,
  }));
}
