import type { JSONDocument, LanguageService } from 'vscode-json-languageservice';
import type { Position, SelectionRange } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';

/**
 * Expand and shrink selection (Shift+Alt+Right/Left): value, property, object,
 * list, as the JSON language service computes them for JSONC.
 */
export function selectionRanges(
  json: LanguageService,
  document: TextDocument,
  jsonDocument: JSONDocument,
  positions: readonly Position[],
): SelectionRange[] {
  return json.getSelectionRanges(document, [...positions], jsonDocument);
}
