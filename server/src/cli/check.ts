import {
  analyze,
  LineIndex,
  notTextFinding,
  ruleSettingProblems,
  type RuleSetting,
} from '../core/index';
import { parseCommandLine, UsageError } from './args';
import type { CheckedFile } from './checkedFile';
import { describeError, expandPaths, readSource, type Source } from './files';
import { formatJson } from './formatJson';
import { formatSarif } from './formatSarif';
import { formatText, summary } from './formatText';
import type { Output } from './output';
import { packageVersion } from './packageRoot';

const FORMATS = ['text', 'json', 'sarif'] as const;

/** How a CLI user raises the size limit, as the `file-too-large` error says. */
export const MAX_FILE_SIZE_SETTING = 'option --max-file-size';

/** `--max-file-size <characters>`: a positive whole number, or the core's default when absent. */
export function parseMaxFileSize(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  if (!/^\d+$/.test(value.trim()) || Number(value) < 1)
    throw new UsageError(`--max-file-size expects a positive number of characters, not '${value}'`);
  return Number(value);
}
type Format = (typeof FORMATS)[number];

interface CheckOptions {
  readonly paths: string[];
  readonly format: Format;
  readonly rules: Record<string, RuleSetting>;
  readonly maxFileSize: number | undefined;
}

function parseOptions(args: readonly string[]): CheckOptions {
  const { values, positionals } = parseCommandLine(args, {
    format: { type: 'string', default: 'text' },
    rule: { type: 'string', multiple: true, default: [] },
    'max-file-size': { type: 'string' },
  });
  const format = FORMATS.find((f) => f === values.format);
  if (!format) throw new UsageError(`--format must be text, json or sarif, not '${values.format}'`);
  const rules: Record<string, string> = {};
  for (const setting of values.rule) {
    const match = /^([^=]+)=(.*)$/.exec(setting);
    if (!match) throw new UsageError(`--rule expects <code>=<severity|off>, not '${setting}'`);
    rules[(match[1] ?? '').trim()] = (match[2] ?? '').trim();
  }
  const problems = ruleSettingProblems(rules);
  if (problems.length > 0) throw new UsageError(problems.map((p) => `--rule: ${p}`).join('\n'));
  // Validated just above: every value is a setting the core accepts.
  return {
    paths: positionals,
    format,
    rules: rules as Record<string, RuleSetting>,
    maxFileSize: parseMaxFileSize(values['max-file-size']),
  };
}

/** `edgeflow check`: 0 when no file has an error, 1 when one has, 2 on a usage or I/O problem. */
export function runCheck(args: readonly string[], output: Output): number {
  const options = parseOptions(args);
  const cwd = process.cwd();
  const { files, problems } = expandPaths(options.paths.length > 0 ? options.paths : ['.'], cwd);
  // Everything is read before anything is checked: an unreadable path is a
  // usage problem, and a partial report would look like a complete one.
  const sources: Source[] = [];
  for (const file of files) {
    try {
      sources.push(readSource(file));
    } catch (error) {
      problems.push(`${file.display}: ${describeError(error)}`);
    }
  }
  if (problems.length > 0) {
    output.err(problems.map((problem) => `edgeflow: ${problem}\n`).join(''));
    return 2;
  }

  const checked: CheckedFile[] = [];
  let internalError = false;
  for (const source of sources) {
    try {
      checked.push(checkSource(source, options));
    } catch (error) {
      // The core does not throw; if it ever does, the other files still get checked.
      internalError = true;
      output.err(
        `${source.file.display}: internal error: ${error instanceof Error ? error.message : String(error)}\n`,
      );
    }
  }

  if (options.format === 'json') output.out(formatJson(checked));
  else if (options.format === 'sarif') output.out(formatSarif(checked, cwd, packageVersion()));
  else {
    output.out(formatText(checked, output.color));
    output.err(`${summary(checked)}\n`);
  }
  if (internalError) return 2;
  return checked.some(({ findings }) => findings.some((f) => f.severity === 'error')) ? 1 : 0;
}

function checkSource(source: Source, options: CheckOptions): CheckedFile {
  if ('invalidByte' in source) {
    return {
      file: source.file,
      lines: new LineIndex(''),
      findings: [notTextFinding(source.invalidByte)],
    };
  }
  const analysis = analyze(source.text, {
    rules: options.rules,
    maxFileSize: options.maxFileSize,
    maxFileSizeSetting: MAX_FILE_SIZE_SETTING,
  });
  return { file: source.file, lines: analysis.lines, findings: analysis.findings };
}
