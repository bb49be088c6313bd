import * as fs from 'node:fs';
import * as path from 'node:path';
import type { GeneratedFile } from '../core/generate/index';
import { inspectExisting, withContentHash } from './contentHash';

export type PlannedState = 'new' | 'unchanged' | 'replace' | 'edited' | 'foreign';

export interface PlannedFile {
  readonly fileName: string;
  readonly path: string;
  readonly content: string;
  /**
   * new: nothing there; unchanged: the same bytes are there; replace: an
   * earlier EdgeFlow script, not edited since; edited: an EdgeFlow script
   * edited by hand; foreign: a file EdgeFlow did not generate.
   */
  readonly state: PlannedState;
}

/** What writing would do to each file, without writing anything. */
export function planScripts(files: readonly GeneratedFile[], outDir: string): PlannedFile[] {
  const root = path.resolve(outDir);
  return files.map((file) => {
    const target = path.resolve(root, file.fileName);
    // The core makes file names safe; this is the last line of defence.
    if (path.dirname(target) !== root || path.basename(target) !== file.fileName) {
      throw new Error(
        `refusing a script name that leaves the output folder: ${JSON.stringify(file.fileName)}`,
      );
    }
    const content = withContentHash(file.content);
    const existing = readIfExists(target);
    let state: PlannedState = 'new';
    if (existing === content) state = 'unchanged';
    else if (existing !== undefined) {
      const inspected = inspectExisting(existing);
      state = inspected === 'unedited' ? 'replace' : inspected;
    }
    return { fileName: file.fileName, path: target, content, state };
  });
}

/** Files that must not be overwritten without consent. */
export function needsConsent(plan: readonly PlannedFile[]): PlannedFile[] {
  return plan.filter((file) => file.state === 'edited' || file.state === 'foreign');
}

/** The file-system calls writing uses, replaceable in tests to inject a failure. */
export interface WriteIo {
  writeFileSync(file: string, data: string): void;
  renameSync(from: string, to: string): void;
  rmSync(file: string, options: { force: boolean }): void;
}

const NODE_IO: WriteIo = {
  writeFileSync: (file, data) => fs.writeFileSync(file, data, { encoding: 'utf8', flag: 'wx' }),
  renameSync: (from, to) => fs.renameSync(from, to),
  rmSync: (file, options) => fs.rmSync(file, options),
};

/**
 * Writes the plan all or nothing: every changed script goes to a temporary
 * file beside its target first; only when all of them are written are they
 * renamed into place. A failure before that leaves every previous script as
 * it was. Callers check `needsConsent` first.
 */
export function writePlanned(plan: readonly PlannedFile[], io: WriteIo = NODE_IO): PlannedFile[] {
  const changed = plan.filter((file) => file.state !== 'unchanged');
  if (changed.length > 0) fs.mkdirSync(path.dirname(changed[0]?.path ?? '.'), { recursive: true });
  const temporary: { file: PlannedFile; temp: string }[] = [];
  try {
    for (const file of changed) {
      const temp = path.join(
        path.dirname(file.path),
        `.${file.fileName}.${process.pid}.edgeflow-tmp`,
      );
      temporary.push({ file, temp });
      io.rmSync(temp, { force: true }); // a leftover of an interrupted run
      io.writeFileSync(temp, file.content);
    }
  } catch (error) {
    for (const { temp } of temporary) io.rmSync(temp, { force: true });
    throw error;
  }
  for (const { file, temp } of temporary) io.renameSync(temp, file.path);
  return changed;
}

function readIfExists(file: string): string | undefined {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}
