import type { FormattingOptions, Range, TextEdit } from 'vscode-languageserver';
import { formatEdits, type Analysis } from '../core/index';
import { toOffsetRange, toTextEdits } from './convert';

/**
 * Formats the document, or a range of it, as the core does (comments kept,
 * only whitespace changed) with the client's tab size and indentation style.
 */
export function formatDocument(
  analysis: Analysis,
  options: FormattingOptions,
  keepLines: boolean,
  range?: Range,
): TextEdit[] {
  const edits = formatEdits(analysis.document, {
    tabSize: options.tabSize,
    insertSpaces: options.insertSpaces,
    insertFinalNewline: options.insertFinalNewline === true,
    keepLines,
    range: range && toOffsetRange(analysis.lines, range),
  });
  return toTextEdits(analysis.lines, edits);
}
