import type { LanguageService } from 'vscode-json-languageservice';
import type { FoldingRange } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';

/**
 * Folding ranges for objects, arrays, block comments and `// #region`
 * markers, from the JSON language service (which reads JSONC as we do).
 */
export function foldingRanges(
  json: LanguageService,
  document: TextDocument,
  rangeLimit: number | undefined,
): FoldingRange[] {
  return json.getFoldingRanges(document, rangeLimit === undefined ? {} : { rangeLimit });
}
