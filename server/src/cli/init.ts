import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { withoutSchemaLine } from '../core/index';
import { parseCommandLine, UsageError } from './args';
import { makeFolder } from '../scriptFiles/writeScripts';
import { describeError, TOPOLOGY_SUFFIX } from './files';
import type { Output } from './output';
import { packageDir } from './packageRoot';

const DEFAULT_NAME = `topology${TOPOLOGY_SUFFIX}`;

/**
 * `edgeflow init [path] [--force]`: a new topology from the bundled Contoso
 * example. Exit 0 when written, 1 when the file exists (and no --force),
 * 2 for a name the editor would not recognise or a path that cannot be written.
 */
export function runInit(args: readonly string[], output: Output): number {
  const { values, positionals } = parseCommandLine(args, {
    force: { type: 'boolean', default: false },
  });
  if (positionals.length > 1) throw new UsageError('init takes at most one path');
  let target = positionals[0] ?? DEFAULT_NAME;
  // A folder, existing or to create (written with a final separator): the default name in it.
  if (/[\\/]$/.test(target) || isDirectory(target)) target = path.join(target, DEFAULT_NAME);
  if (!path.basename(target).endsWith(TOPOLOGY_SUFFIX)) {
    output.err(
      `edgeflow: '${target}' does not end with ${TOPOLOGY_SUFFIX}; the editor recognises topology files ` +
        `only by that ending (for example '${suggestName(target)}')\n`,
    );
    return 2;
  }

  const template = readTemplate();
  if (template === undefined) {
    output.err(
      `edgeflow: the bundled template is missing from ${packageDir()}; reinstall EdgeFlow\n`,
    );
    return 2;
  }
  try {
    // The folders of a path that does not exist yet are created, as asked.
    makeFolder(path.dirname(path.resolve(target)));
    if (!writeAtomically(target, withoutSchemaLine(template), values.force)) {
      output.err(`edgeflow: ${target} already exists; use --force to overwrite it\n`);
      return 1;
    }
  } catch (error) {
    output.err(`edgeflow: cannot write ${target}: ${describeError(error)}\n`);
    return 2;
  }
  output.out(`Created ${target}\nNext: edgeflow check ${shellQuote(target)}\n`);
  return 0;
}

function isDirectory(target: string): boolean {
  try {
    return fs.statSync(target, { throwIfNoEntry: false })?.isDirectory() ?? false;
  } catch {
    // ENOTDIR (a file where a folder should be), EACCES...: the write reports it.
    return false;
  }
}

function suggestName(target: string): string {
  return target.endsWith('.json')
    ? `${target.slice(0, -'.json'.length)}${TOPOLOGY_SUFFIX}`
    : `${target}${TOPOLOGY_SUFFIX}`;
}

function readTemplate(): string | undefined {
  try {
    return fs.readFileSync(path.join(packageDir(), 'examples', 'contoso.edgeflow.json'), 'utf8');
  } catch {
    return undefined;
  }
}

/**
 * Writes a temporary file beside the target and moves it into place, so no
 * reader ever sees half a file. Without `force`, a hard link publishes it only
 * if the target still does not exist; returns false when it does.
 */
function writeAtomically(target: string, content: string, force: boolean): boolean {
  if (!force && fs.existsSync(target)) return false;
  const temporary = path.join(
    path.dirname(target),
    `.${path.basename(target)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`,
  );
  fs.writeFileSync(temporary, content, { flag: 'wx' });
  try {
    if (force) fs.renameSync(temporary, target);
    else return publishIfAbsent(temporary, target);
    return true;
  } finally {
    fs.rmSync(temporary, { force: true });
  }
}

function publishIfAbsent(temporary: string, target: string): boolean {
  try {
    fs.linkSync(temporary, target);
    return true;
  } catch (error) {
    if ((error as { code?: unknown }).code === 'EEXIST') return false;
    // Some file systems have no hard links; fall back to check-then-rename.
    if (fs.existsSync(target)) return false;
    fs.renameSync(temporary, target);
    return true;
  }
}

/** Quotes a path for the hint only when a shell would split or expand it. */
function shellQuote(text: string): string {
  return /^[\w./\\:@+-]+$/.test(text) ? text : `"${text.replace(/(["\\$`])/g, '\\$1')}"`;
}
