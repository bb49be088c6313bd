import { createScanner, SyntaxKind } from 'jsonc-parser';
import type { OffsetRange } from './findings';
import type { LineIndex } from './text/lineIndex';

export const DISABLE_NEXT_LINE = 'edgeflow-disable-next-line';

export interface SuppressionComment {
  /** The line whose findings it suppresses. */
  readonly targetLine: number;
  readonly codes: readonly { readonly code: string; readonly range: OffsetRange }[];
  readonly reason?: string;
  readonly range: OffsetRange;
  /** The length of `// edgeflow-disable-next-line` as written (spaces after `//` vary). */
  readonly markerLength: number;
}

/** The comment's start up to its marker; `\b` so that `...-line-x` is no suppression. */
const MARKER = new RegExp(`^//\\s*${DISABLE_NEXT_LINE}\\b`);

/**
 * Finds `// edgeflow-disable-next-line <code>[, <code>...] [-- <reason>]`
 * comments. The scanner is jsonc-parser's, so text inside strings is never
 * mistaken for a comment.
 */
export function findSuppressions(text: string, lines: LineIndex): SuppressionComment[] {
  if (!text.includes(DISABLE_NEXT_LINE)) return [];
  const result: SuppressionComment[] = [];
  const scanner = createScanner(text, false);
  for (let kind = scanner.scan(); kind !== SyntaxKind.EOF; kind = scanner.scan()) {
    if (kind !== SyntaxKind.LineCommentTrivia) continue;
    const offset = scanner.getTokenOffset();
    const comment = text.slice(offset, offset + scanner.getTokenLength());
    const match = MARKER.exec(comment);
    if (!match) continue;
    const rest = comment.slice(match[0].length);
    const separator = rest.indexOf('--');
    const codeText = separator >= 0 ? rest.slice(0, separator) : rest;
    const codes: { code: string; range: OffsetRange }[] = [];
    const codePattern = /[^\s,]+/g;
    for (let code = codePattern.exec(codeText); code; code = codePattern.exec(codeText)) {
      const start = offset + match[0].length + code.index;
      codes.push({ code: code[0], range: { start, end: start + code[0].length } });
    }
    const reason = separator >= 0 ? rest.slice(separator + 2).trim() : undefined;
    result.push({
      targetLine: lines.positionAt(offset).line + 1,
      codes,
      reason: reason || undefined,
      range: { start: offset, end: offset + comment.length },
      markerLength: match[0].length,
    });
  }
  return result;
}
