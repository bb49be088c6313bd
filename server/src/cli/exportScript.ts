import * as fs from 'node:fs';
import * as path from 'node:path';
import { BYTE_ORDER_MARK, exportScriptFile } from '../core/index';
import { withContentHash } from '../scriptFiles/contentHash';
import { needsConsent, planScripts, writePlanned } from '../scriptFiles/writeScripts';
import { parseCommandLine, UsageError } from './args';
import { describeErrorWithPath, shownPath } from './files';
import type { Output } from './output';

/**
 * `edgeflow export-script [--out FILE] [--force]`: the read-only export
 * script of issue 19, which an administrator runs on each Edge and on one
 * Mailbox server. On stdout without --out (without the byte-order mark: the
 * script is ASCII, and a pipe or terminal has no use for one); with --out,
 * written as `generate` writes its scripts: atomically, and never over a file
 * edited by hand or not written by EdgeFlow unless --force. Exit 0 when
 * written or printed, 1 when a file was not overwritten, 2 on a usage or I/O
 * problem.
 */
export function runExportScript(args: readonly string[], output: Output): number {
  const { values, positionals } = parseCommandLine(args, {
    out: { type: 'string' },
    force: { type: 'boolean' },
  });
  if (positionals.length > 0) {
    throw new UsageError(`export-script takes no topology (got '${positionals[0] ?? ''}')`);
  }
  if (values.out === '') throw new UsageError('--out needs a file name');
  if (values.out === undefined) {
    output.out(withContentHash(exportScriptFile().content).replace(BYTE_ORDER_MARK, ''));
    return 0;
  }
  const target = path.resolve(values.out);
  try {
    if (fs.statSync(target, { throwIfNoEntry: false })?.isDirectory() === true) {
      output.err(`edgeflow: ${shownPath(target)} is a folder; name the script file\n`);
      return 2;
    }
    const plan = planScripts([exportScriptFile(path.basename(target))], path.dirname(target));
    const blocked = needsConsent(plan);
    if (blocked.length > 0 && values.force !== true) {
      const why =
        blocked[0]?.state === 'edited' ? 'was edited by hand' : 'was not written by EdgeFlow';
      output.err(
        `edgeflow: ${shownPath(target)} ${why}; nothing written; run again with --force to overwrite\n`,
      );
      return 1;
    }
    writePlanned(plan);
    const state = plan[0]?.state === 'unchanged' ? 'unchanged' : 'wrote';
    output.out(`${state} ${shownPath(target)}\n`);
    return 0;
  } catch (error) {
    output.err(`edgeflow: ${describeErrorWithPath(error)}; nothing written\n`);
    return 2;
  }
}
