import type { LineIndex } from '../core/index';
import type { CheckedFile } from './checkedFile';

/**
 * SPEC §5's machine-readable shape: one entry per file (clean files too),
 * 0-based LSP positions (UTF-16 code units), nothing else.
 */
export function formatJson(files: readonly CheckedFile[]): string {
  const report = {
    files: files.map(({ file, lines, findings }) => ({
      path: file.display,
      diagnostics: findings.map((finding) => ({
        code: finding.code,
        severity: finding.severity,
        message: finding.message,
        range: {
          start: position(lines, finding.range.start),
          end: position(lines, finding.range.end),
        },
      })),
    })),
  };
  return `${JSON.stringify(report, null, 2)}\n`;
}

/** Exactly `{ line, character }`, whatever else the index might add later. */
function position(lines: LineIndex, offset: number): { line: number; character: number } {
  const { line, character } = lines.positionAt(offset);
  return { line, character };
}
