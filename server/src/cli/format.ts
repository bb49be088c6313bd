import {
  analyze,
  applyEdits,
  DEFAULT_MAX_FILE_SIZE,
  detectFormatOptions,
  formatEdits,
} from '../core/index';
import { parseCommandLine } from './args';
import { MAX_FILE_SIZE_SETTING, parseMaxFileSize } from './check';
import { describeError, expandPaths, readSource, type Source, type SourceFile } from './files';
import { plural, type Output } from './output';
import { NotRewritten, rewriteFile } from './rewriteFile';

interface FormatRun {
  /** Write nothing; list the files that would change. */
  readonly check: boolean;
  readonly maxFileSize: number;
}

type Outcome =
  | { readonly kind: 'changed' | 'unchanged' }
  | { readonly kind: 'failed'; readonly message: string };

/**
 * `edgeflow format [--check]`: formats topology files as the editor does with
 * its default settings. Exit 0 when all is well, 1 when `--check` finds a file
 * that would change, 2 on a usage problem or a file that could not be read,
 * formatted or written; such files are reported after the others are done.
 */
export function runFormat(args: readonly string[], output: Output): number {
  const { values, positionals } = parseCommandLine(args, {
    check: { type: 'boolean', default: false },
    'max-file-size': { type: 'string' },
  });
  const run: FormatRun = {
    check: values.check,
    maxFileSize: parseMaxFileSize(values['max-file-size']) ?? DEFAULT_MAX_FILE_SIZE,
  };
  const { files, problems } = expandPaths(
    positionals.length > 0 ? positionals : ['.'],
    process.cwd(),
  );
  let changed = 0;
  let unchanged = 0;
  let failed = 0;
  for (const file of files) {
    const outcome = formatFile(file, run);
    if (outcome.kind === 'failed') {
      failed++;
      problems.push(`${file.display}: ${outcome.message}`);
    } else if (outcome.kind === 'unchanged') {
      unchanged++;
    } else {
      changed++;
      output.out(run.check ? `${file.display}: would be reformatted\n` : `${file.display}\n`);
    }
  }
  output.err(problems.map((problem) => `edgeflow: ${problem}\n`).join(''));
  if (files.length > 0) output.err(`${summary(run.check, changed, unchanged, failed)}\n`);
  if (problems.length > 0) return 2;
  return run.check && changed > 0 ? 1 : 0;
}

function formatFile(file: SourceFile, run: FormatRun): Outcome {
  // Read as check reads it (readSource): the text without its byte order mark, which the
  // rewrite puts back.
  let source: Source;
  try {
    source = readSource(file);
  } catch (error) {
    return { kind: 'failed', message: describeError(error) };
  }
  if ('invalidByte' in source) {
    return {
      kind: 'failed',
      message: `not formatted: it is not UTF-8 text (invalid byte at ${source.invalidByte})`,
    };
  }
  const text = source.text;
  // A file of megabytes is no topology (check does not analyse it either):
  // rewriting it is not what the user meant.
  if (text.length > run.maxFileSize) {
    return {
      kind: 'failed',
      message: `not formatted: it is longer than ${run.maxFileSize} characters (${MAX_FILE_SIZE_SETTING} raises the limit)`,
    };
  }
  // The reading check does: a file it reports json-syntax errors in is not formatted.
  const analysis = analyze(text, { maxFileSize: run.maxFileSize });
  // jsonc-parser formats broken text too, but around a missing quote or
  // bracket it moves the rest of the file to places the author never meant.
  if (analysis.document.refused || analysis.findings.some((f) => f.code === 'json-syntax')) {
    return {
      kind: 'failed',
      message: 'not formatted: it has syntax errors (edgeflow check shows them)',
    };
  }
  const formatted = applyEdits(text, formatEdits(analysis.document, detectFormatOptions(text)));
  if (formatted === text) return { kind: 'unchanged' };
  if (run.check) return { kind: 'changed' };
  try {
    rewriteFile(file.absolute, source.bytes, `${source.bom ? '\uFEFF' : ''}${formatted}`);
  } catch (error) {
    const reason = error instanceof NotRewritten ? error.message : describeError(error);
    return { kind: 'failed', message: `not written: ${reason}` };
  }
  return { kind: 'changed' };
}

/** "2 files formatted, 3 unchanged"; "1 file would be reformatted, 4 already formatted". */
function summary(check: boolean, changed: number, unchanged: number, failed: number): string {
  const parts: string[] = [];
  if (!check) parts.push(`${plural(changed, 'file')} formatted`, `${unchanged} unchanged`);
  else if (changed === 0) parts.push(`${plural(unchanged, 'file')} already formatted`);
  else {
    parts.push(`${plural(changed, 'file')} would be reformatted`);
    if (unchanged > 0) parts.push(`${unchanged} already formatted`);
  }
  if (failed > 0) parts.push(`${failed} not ${check ? 'checked' : 'formatted'}`);
  return parts.join(', ');
}
