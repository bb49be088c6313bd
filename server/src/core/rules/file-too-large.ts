import type { Finding } from '../findings';
import type { Rule } from './rule';

/** The default limit of `AnalyzeOptions.maxFileSize`, in characters (UTF-16 code units): 5 MiB. */
export const DEFAULT_MAX_FILE_SIZE = 5 * 1024 * 1024;

export const fileTooLarge: Rule = {
  code: 'file-too-large',
  severity: 'error',
  summary: 'The file is longer than the analysis limit, so it is not analysed at all.',
  description: [
    'A topology is a few kilobytes; a file of megabytes is not one (a log, a dump, generated data) and',
    'analysing it would slow the editor down. A text longer than the limit (5,242,880 characters by',
    'default) is not parsed: it gets this one error on its first character instead, and nothing can be',
    'generated from it. Raise the limit with the setting `edgeflow.maxFileSize` in the editor, or with',
    '`--max-file-size <characters>` on the command line, if the file really is a topology.',
  ].join('\n'),
  bad: '// 52,428,800 characters, with the default limit of 5,242,880\n{ "version": 1, "organization": { ... }, ... }',
  good: '// a topology of a few kilobytes\n{ "version": 1, "organization": { ... }, ... }',
  sources:
    'SPEC §4 (diagnostics while typing, without blocking); SPEC §5 (same engine as the server).',
  check() {
    // analyze() reports this itself, before parsing: a text over the limit is never parsed.
  },
};

/**
 * The one finding of a text over the limit, on its first character.
 * `setting` says how to raise the limit ("setting edgeflow.maxFileSize",
 * "option --max-file-size").
 */
export function tooLargeFinding(size: number, limit: number, setting: string): Finding {
  return {
    code: fileTooLarge.code,
    severity: fileTooLarge.severity,
    message: `File too large to analyse: ${size} characters, limit ${limit} (${setting}).`,
    range: { start: 0, end: Math.min(size, 1) },
  };
}
