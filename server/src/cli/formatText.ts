import type { Severity } from '../core/index';
import type { CheckedFile } from './checkedFile';
import { plural } from './output';

const RESET = '\x1b[0m';
const STYLE: Record<Severity, string> = {
  error: '\x1b[1;31m',
  warning: '\x1b[1;33m',
  information: '\x1b[1;36m',
  hint: '\x1b[2m',
};
const DIM = '\x1b[2m';

/** Compiler-style lines, `path:line:col: severity code: message`, with 1-based line and column. */
export function formatText(files: readonly CheckedFile[], color: boolean): string {
  let text = '';
  for (const { file, lines, findings } of files) {
    for (const finding of findings) {
      const { line, character } = lines.positionAt(finding.range.start);
      const severity = color
        ? `${STYLE[finding.severity]}${finding.severity}${RESET}`
        : finding.severity;
      const code = color ? `${DIM}${finding.code}${RESET}` : finding.code;
      // One finding, one line: tools that read compiler output split on newlines.
      const message = finding.message.replace(/\s*[\r\n]+\s*/g, ' ');
      text += `${file.display}:${line + 1}:${character + 1}: ${severity} ${code}: ${message}\n`;
    }
  }
  return text;
}

/** "2 errors, 1 warning in 3 files", or "no problems in 3 files". */
export function summary(files: readonly CheckedFile[]): string {
  const counts: Record<Severity, number> = { error: 0, warning: 0, information: 0, hint: 0 };
  for (const { findings } of files) for (const finding of findings) counts[finding.severity]++;
  const parts = [
    counts.error > 0 ? plural(counts.error, 'error') : '',
    counts.warning > 0 ? plural(counts.warning, 'warning') : '',
    counts.information > 0 ? plural(counts.information, 'information', 'information') : '',
    counts.hint > 0 ? plural(counts.hint, 'hint') : '',
  ].filter((part) => part !== '');
  return `${parts.length > 0 ? parts.join(', ') : 'no problems'} in ${plural(files.length, 'file')}`;
}
