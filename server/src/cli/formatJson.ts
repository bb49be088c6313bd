import { fixesOf, type Finding, type LineIndex, type TextEdit } from '../core/index';
import type { CheckReport } from './checkedFile';

/**
 * SPEC §5's machine-readable shape, one entry per file (clean files too),
 * 0-based LSP positions (UTF-16 code units), each diagnostic as an LSP
 * diagnostic carries it: related places as `relatedInformation` (in the
 * same file, so a range without a URI), the quick fixes with their edits
 * (positions in the text the diagnostics refer to), and the engine's
 * suggestion. A file that could not be read or written, or whose
 * edgeflow.config.json is broken, has an `error`; an
 * argument that named no file is in `problems`. With --fix, each file says
 * what was `fixed` (and, dry, the `diff`).
 */
export function formatJson(report: CheckReport, fixing: boolean): string {
  const output = {
    files: report.files.map(({ file, lines, findings, error, fixed, diff }) => ({
      path: file.display,
      ...(error === undefined ? {} : { error }),
      diagnostics: findings.map((finding) => diagnostic(lines, finding)),
      ...(fixing ? { fixed: fixed ?? [] } : {}),
      ...(diff === undefined ? {} : { diff }),
    })),
    ...(report.problems.length > 0 ? { problems: report.problems } : {}),
  };
  return `${JSON.stringify(output, null, 2)}\n`;
}

function diagnostic(lines: LineIndex, finding: Finding) {
  const fixes = fixesOf(finding);
  return {
    code: finding.code,
    severity: finding.severity,
    message: finding.message,
    range: range(lines, finding.range.start, finding.range.end),
    ...(finding.related && finding.related.length > 0
      ? {
          relatedInformation: finding.related.map((related) => ({
            message: related.message,
            range: range(lines, related.range.start, related.range.end),
          })),
        }
      : {}),
    ...(finding.suggestion === undefined ? {} : { suggestion: finding.suggestion }),
    ...(fixes.length > 0
      ? {
          fixes: fixes.map((fix) => ({
            title: fix.title,
            isPreferred: fix.isPreferred === true,
            edits: fix.edits.map((edit) => textEdit(lines, edit)),
          })),
        }
      : {}),
  };
}

/** An LSP TextEdit. */
function textEdit(lines: LineIndex, edit: TextEdit) {
  return { range: range(lines, edit.offset, edit.offset + edit.length), newText: edit.content };
}

function range(lines: LineIndex, start: number, end: number) {
  return { start: position(lines, start), end: position(lines, end) };
}

/** Exactly `{ line, character }`, whatever else the index might add later. */
function position(lines: LineIndex, offset: number): { line: number; character: number } {
  const { line, character } = lines.positionAt(offset);
  return { line, character };
}
