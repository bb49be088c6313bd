import * as fs from 'node:fs';
import * as path from 'node:path';
import { importAndAnalyze, LineIndex, type ImportInput } from '../core/index';
import { parseCommandLine, UsageError } from './args';
import { readInputFile } from '../exportFiles/readInputFile';
import { describeError } from './files';
import { formatText, summary } from './formatText';
import type { Output } from './output';

/**
 * `edgeflow import <export.json>... [--out FILE] [--force]`: the topology
 * built from export documents, on stdout or into FILE (never over an existing
 * file without --force), and the findings of its analysis on stderr. Exit
 * codes as `check`: 1 when the result has an error (an imported open relay,
 * a loop), 2 on a usage problem or a file that cannot be read or is no export
 * document (nothing is written then).
 */
export function runImport(args: readonly string[], output: Output): number {
  const { values, positionals } = parseCommandLine(args, {
    out: { type: 'string' },
    force: { type: 'boolean', default: false },
  });
  if (positionals.length === 0) throw new UsageError('import takes one or more export files');
  const inputs: ImportInput[] = [];
  let unreadable = false;
  for (const argument of positionals) {
    const read = readInputFile(argument, false);
    if ('problem' in read) {
      output.err(`edgeflow: ${read.problem}\n`);
      unreadable = true;
    } else if (read.file.kind === 'export') inputs.push(read.file.input);
  }
  if (unreadable) {
    output.err('edgeflow: nothing imported\n');
    return 2;
  }
  const { text, findings } = importAndAnalyze(inputs);
  const out = values.out;
  const display = out === undefined ? '<stdout>' : path.normalize(out);
  if (out === undefined) {
    output.out(text);
  } else {
    const target = path.resolve(out);
    try {
      // 'wx' refuses an existing file atomically: no check-then-write race.
      fs.writeFileSync(target, text, { flag: values.force ? 'w' : 'wx' });
    } catch (error) {
      const exists = (error as NodeJS.ErrnoException).code === 'EEXIST';
      output.err(
        `edgeflow: ${display}: ${exists ? 'already exists; use --force to overwrite it' : describeError(error)}\n`,
      );
      return 2;
    }
  }
  const checked = [{ file: { display, absolute: display }, lines: new LineIndex(text), findings }];
  output.err(formatText(checked, false));
  output.err(`${summary(checked)}\n`);
  return findings.some((f) => f.severity === 'error') ? 1 : 0;
}
