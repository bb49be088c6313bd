import type { Finding, Severity } from '../core/index';
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

/**
 * Compiler-style lines, `path:line:col: severity code: message`, with 1-based
 * line and column; each finding's related places follow it, indented (so
 * that tools reading compiler output do not take them for findings).
 */
export function formatText(files: readonly CheckedFile[], color: boolean): string {
  let text = '';
  for (const { file, lines, findings } of files) {
    const at = (offset: number) => {
      const { line, character } = lines.positionAt(offset);
      return `${file.display}:${line + 1}:${character + 1}`;
    };
    for (const finding of findings) {
      const severity = color
        ? `${STYLE[finding.severity]}${finding.severity}${RESET}`
        : finding.severity;
      const code = color ? `${DIM}${finding.code}${RESET}` : finding.code;
      text += `${at(finding.range.start)}: ${severity} ${code}: ${oneLine(messageOf(finding))}\n`;
      for (const related of finding.related ?? [])
        text += `  ${at(related.range.start)}: ${oneLine(related.message)}\n`;
    }
  }
  return text;
}

/** One finding, one line: tools that read compiler output split on newlines. */
function oneLine(message: string): string {
  return message.replace(/\s*[\r\n]+\s*/g, ' ');
}

/** The message, with the engine's suggestion as "did you mean" when the message does not say it. */
function messageOf(finding: Finding): string {
  const suggestion = finding.suggestion;
  if (suggestion === undefined || finding.message.includes(`'${suggestion}'`))
    return finding.message;
  return `${finding.message} Did you mean '${suggestion}'?`;
}

/** `--fix`: one line per fix applied (or, dry, that would be), before the summary. */
export function reportFixes(files: readonly CheckedFile[], dryRun: boolean): string {
  const verb = dryRun ? 'would fix' : 'fixed';
  return files
    .flatMap(({ file, fixed }) =>
      (fixed ?? []).map((fix) => `${file.display}: ${verb} ${fix.code}: ${oneLine(fix.title)}\n`),
    )
    .join('');
}

/**
 * "2 errors, 1 warning in 3 files", or "no problems in 3 files", then what
 * could not be read or written and what was fixed: a summary that hides an
 * unread file would read as a clean bill.
 */
export function summary(files: readonly CheckedFile[], dryRun = false): string {
  const counts: Record<Severity, number> = { error: 0, warning: 0, information: 0, hint: 0 };
  for (const { findings } of files) for (const finding of findings) counts[finding.severity]++;
  const parts = [
    counts.error > 0 ? plural(counts.error, 'error') : '',
    counts.warning > 0 ? plural(counts.warning, 'warning') : '',
    counts.information > 0 ? plural(counts.information, 'information', 'information') : '',
    counts.hint > 0 ? plural(counts.hint, 'hint') : '',
  ].filter((part) => part !== '');
  const unconfigured = files.filter((f) => f.brokenConfig === true).length;
  const failed = files.filter((f) => f.error !== undefined).length - unconfigured;
  const fixes = files.reduce((sum, f) => sum + (f.fixed?.length ?? 0), 0);
  return [
    `${parts.length > 0 ? parts.join(', ') : 'no problems'} in ${plural(files.length, 'file')}`,
    failed > 0 ? `${plural(failed, 'file')} with an I/O problem` : '',
    unconfigured > 0
      ? `${plural(unconfigured, 'file')} not checked (broken edgeflow.config.json)`
      : '',
    fixes > 0 ? `${dryRun ? 'would fix' : 'fixed'} ${plural(fixes, 'problem')}` : '',
  ]
    .filter((part) => part !== '')
    .join('; ');
}
