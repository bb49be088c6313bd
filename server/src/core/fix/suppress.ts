import type { Analysis } from '../analyze';
import type { Finding, TextEdit } from '../findings';
import { DISABLE_NEXT_LINE, findSuppressions } from '../suppression';

/**
 * The edit that suppresses `finding`: its code added to the suppression
 * comment that already targets the finding's line, or a new
 * `// edgeflow-disable-next-line <code> -- <reason>` above that line,
 * indented like it. The comment is found by the same scanner that applies
 * suppressions (core/suppression.ts), so what this edit writes is what the
 * analysis reads.
 */
export function suppressionEdit(analysis: Analysis, finding: Finding): TextEdit {
  const text = analysis.document.text;
  const lines = analysis.lines;
  const line = lines.positionAt(finding.range.start).line;
  const existing = findSuppressions(text, lines).find((c) => c.targetLine === line);
  if (existing) {
    const last = existing.codes.at(-1);
    const offset = last ? last.range.end : existing.range.start + existing.markerLength;
    return { offset, length: 0, content: last ? `, ${finding.code}` : ` ${finding.code}` };
  }
  const lineStart = lines.lineStart(line);
  const indent = /^[ \t]*/.exec(text.slice(lineStart))?.[0] ?? '';
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  return {
    offset: lineStart,
    length: 0,
    content: `${indent}// ${DISABLE_NEXT_LINE} ${finding.code} -- <reason>${eol}`,
  };
}
