import { analyze, fixAll, LineIndex, notTextFinding, type AnalyzeOptions } from '../core/index';
import { ConfigLoader } from '../config/loadConfig';
import { parseCommandLine, UsageError } from './args';
import { configuredFor, parseRuleFlags } from './config';
import type { CheckedFile, CheckReport } from './checkedFile';
import { describeError, expandPaths, readSource, type Source, type SourceFile } from './files';
import { formatJson } from './formatJson';
import { formatSarif } from './formatSarif';
import { formatText, reportFixes, summary } from './formatText';
import type { Output } from './output';
import { packageVersion } from './packageRoot';
import { NotRewritten, rewriteFile } from './rewriteFile';
import { unifiedDiff } from './unifiedDiff';

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
  /** The command line's; each file's config file fills in the rules it does not set. */
  readonly analyzeOptions: AnalyzeOptions;
  /** `--fix` writes the fixed files; `--fix-dry-run` only shows the change. */
  readonly fix: 'write' | 'dry-run' | undefined;
}

function parseOptions(args: readonly string[]): CheckOptions {
  const { values, positionals } = parseCommandLine(args, {
    format: { type: 'string', default: 'text' },
    rule: { type: 'string', multiple: true, default: [] },
    'max-file-size': { type: 'string' },
    fix: { type: 'boolean', default: false },
    'fix-dry-run': { type: 'boolean', default: false },
  });
  const format = FORMATS.find((f) => f === values.format);
  if (!format) throw new UsageError(`--format must be text, json or sarif, not '${values.format}'`);
  if (values.fix && values['fix-dry-run'])
    throw new UsageError('--fix and --fix-dry-run exclude each other: choose one');
  // A SARIF log has no place for the diff, and code scanning wants the findings as they are.
  if (values['fix-dry-run'] && format === 'sarif')
    throw new UsageError('--fix-dry-run prints a diff: use --format text or json');
  return {
    paths: positionals,
    format,
    analyzeOptions: {
      rules: parseRuleFlags(values.rule),
      maxFileSize: parseMaxFileSize(values['max-file-size']),
      maxFileSizeSetting: MAX_FILE_SIZE_SETTING,
    },
    fix: values.fix ? 'write' : values['fix-dry-run'] ? 'dry-run' : undefined,
  };
}

/**
 * `edgeflow check`: 0 when no file has an error, 1 when one has, 2 on a usage
 * problem or a path that cannot be read (or, with --fix, written), or a file
 * whose edgeflow.config.json is broken. A path that fails is reported as such
 * and the other files are still checked: a report that silently lacks files
 * would look complete.
 */
export function runCheck(args: readonly string[], output: Output): number {
  const options = parseOptions(args);
  const cwd = process.cwd();
  const { files, problems } = expandPaths(options.paths.length > 0 ? options.paths : ['.'], cwd);
  const checked: CheckedFile[] = [];
  const configs = new ConfigLoader();
  let internalError = false;
  for (const file of files) {
    try {
      checked.push(checkFile(file, options, configs));
    } catch (error) {
      // The core does not throw; if it ever does, the other files still get checked.
      internalError = true;
      output.err(
        `${file.display}: internal error: ${error instanceof Error ? error.message : String(error)}\n`,
      );
    }
  }
  const report: CheckReport = { files: checked, problems };
  if (options.format === 'json') output.out(formatJson(report, options.fix !== undefined));
  else if (options.format === 'sarif') output.out(formatSarif(report, cwd, packageVersion()));
  else writeText(report, options, output);
  if (internalError || problems.length > 0 || checked.some((c) => c.error !== undefined)) return 2;
  return checked.some(({ findings }) => findings.some((f) => f.severity === 'error')) ? 1 : 0;
}

/**
 * Text: findings on stdout, compiler style; I/O problems, fixes and the
 * summary on stderr. With --fix-dry-run stdout carries the diff alone (so
 * that it can be saved and applied) and the findings that would be left go
 * to stderr.
 */
function writeText(report: CheckReport, options: CheckOptions, output: Output): void {
  const unreadable = [
    ...report.problems,
    ...report.files.flatMap((c) =>
      c.error === undefined ? [] : [`${c.file.display}: ${c.error}`],
    ),
  ];
  output.err(unreadable.map((problem) => `edgeflow: ${problem}\n`).join(''));
  if (options.fix === 'dry-run') {
    output.out(report.files.map((c) => c.diff ?? '').join(''));
    output.err(formatText(report.files, false));
  } else {
    output.out(formatText(report.files, output.color));
  }
  if (options.fix) output.err(reportFixes(report.files, options.fix === 'dry-run'));
  output.err(`${summary(report.files, options.fix === 'dry-run')}\n`);
}

function checkFile(file: SourceFile, options: CheckOptions, configs: ConfigLoader): CheckedFile {
  // Each file its own config: a folder of topologies can hold several. A broken
  // one is reported for each file it covers, and those files are not checked.
  const configured = configuredFor(configs, file.absolute, options.analyzeOptions.rules ?? {});
  if ('problem' in configured) {
    return {
      file,
      lines: new LineIndex(''),
      findings: [],
      error: `not checked: ${configured.problem}`,
      brokenConfig: true,
    };
  }
  const analyzeOptions: AnalyzeOptions = { ...options.analyzeOptions, rules: configured.rules };
  let source: Source;
  try {
    source = readSource(file);
  } catch (error) {
    return { file, lines: new LineIndex(''), findings: [], error: describeError(error) };
  }
  if ('invalidByte' in source) {
    return { file, lines: new LineIndex(''), findings: [notTextFinding(source.invalidByte)] };
  }
  const analysis = analyze(source.text, analyzeOptions);
  const found = { file, lines: analysis.lines, findings: analysis.findings };
  if (!options.fix) return found;
  const fixed = fixAll(analysis, analyzeOptions);
  if (!fixed) return { ...found, fixed: [] };
  const after = fixed.analysis;
  const left = { file, lines: after.lines, findings: after.findings, fixed: fixed.applied };
  if (options.fix === 'dry-run')
    return { ...left, diff: unifiedDiff(file.display, source.text, fixed.text) };
  try {
    rewriteFile(file.absolute, source.bytes, `${source.bom ? '\uFEFF' : ''}${fixed.text}`);
  } catch (error) {
    // Nothing was written: the file's findings are what is on disk.
    const why = error instanceof NotRewritten ? error.message : describeError(error);
    return { ...found, fixed: [], error: `${why}; the fixes were not written` };
  }
  return left;
}
