import * as fs from 'node:fs';
import * as path from 'node:path';
import type { GeneratedFile } from '../core/index';
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
  /** Copies a file; Node's `copyFileSync` when not given. */
  copyFileSync?(from: string, to: string): void;
}

const NODE_IO: WriteIo = {
  writeFileSync: (file, data) => fs.writeFileSync(file, data, { encoding: 'utf8', flag: 'wx' }),
  renameSync: (from, to) => fs.renameSync(from, to),
  rmSync: (file, options) => fs.rmSync(file, options),
  copyFileSync: (from, to) => fs.copyFileSync(from, to),
};

/**
 * Creates `folder` and its missing parents one level at a time, as many
 * levels as the path has. Node's recursive mkdir loops for ever where mkdir
 * answers EEXIST for a path that does not then exist (under /proc, /sys and
 * some mounts). The error names the folder that could not be created.
 */
export function makeFolder(folder: string): void {
  const missing: string[] = [];
  for (let current = path.resolve(folder); !fs.existsSync(current);) {
    missing.unshift(current);
    const parent = path.dirname(current);
    if (parent === current) break;
    current = parent;
  }
  for (const level of missing) {
    try {
      fs.mkdirSync(level);
    } catch (error) {
      const created = fs.statSync(level, { throwIfNoEntry: false })?.isDirectory() === true;
      if (created) continue; // made meanwhile by another process
      const reason = error instanceof Error ? error.message : String(error);
      throw new Error(`cannot create the folder ${level}: ${reason}`);
    }
  }
}

/** A name beside `file` for a temporary file of this process (`kind`: tmp, bak). */
function besideTarget(file: PlannedFile, kind: string): string {
  return path.join(path.dirname(file.path), `.${file.fileName}.${process.pid}.edgeflow-${kind}`);
}

/**
 * Writes the plan all or nothing: every changed script goes to a temporary
 * file beside its target first; only when all of them are written are they
 * renamed into place, each rename replacing its target atomically. Every
 * script being replaced is copied aside first, so that a rename that fails
 * after others succeeded puts all of them back and removes the new ones: a
 * failure at any step leaves every previous script as it was. Callers check
 * `needsConsent` first.
 */
export function writePlanned(plan: readonly PlannedFile[], io: WriteIo = NODE_IO): PlannedFile[] {
  const changed = plan.filter((file) => file.state !== 'unchanged');
  if (changed.length > 0) makeFolder(path.dirname(changed[0]?.path ?? '.'));
  const copy = io.copyFileSync ?? ((from: string, to: string) => fs.copyFileSync(from, to));
  const temporary: { file: PlannedFile; temp: string; backup?: string }[] = [];
  const discard = (files: readonly string[]) => {
    for (const file of files) io.rmSync(file, { force: true });
  };
  try {
    for (const file of changed) {
      const entry: { file: PlannedFile; temp: string; backup?: string } = {
        file,
        temp: besideTarget(file, 'tmp'),
      };
      temporary.push(entry);
      io.rmSync(entry.temp, { force: true }); // a leftover of an interrupted run
      io.writeFileSync(entry.temp, file.content);
      if (file.state !== 'new') {
        entry.backup = besideTarget(file, 'bak');
        io.rmSync(entry.backup, { force: true });
        copy(file.path, entry.backup);
      }
    }
  } catch (error) {
    discard(temporary.flatMap(({ temp, backup }) => (backup ? [temp, backup] : [temp])));
    throw error;
  }
  const done: typeof temporary = [];
  try {
    for (const entry of temporary) {
      io.renameSync(entry.temp, entry.file.path);
      done.push(entry);
    }
  } catch (error) {
    throw restore(error, done, temporary, io);
  }
  discard(temporary.flatMap(({ backup }) => (backup ? [backup] : [])));
  return changed;
}

/**
 * After a failed rename: the scripts already renamed into place get their
 * previous content back (or are removed when they are new), and every
 * temporary file goes. A script that cannot be put back keeps its copy,
 * which the error then names.
 */
function restore(
  error: unknown,
  done: readonly { file: PlannedFile; temp: string; backup?: string }[],
  all: readonly { file: PlannedFile; temp: string; backup?: string }[],
  io: WriteIo,
): unknown {
  const kept: string[] = [];
  for (const { file, backup } of done) {
    try {
      if (backup) io.renameSync(backup, file.path);
      else io.rmSync(file.path, { force: true });
    } catch {
      if (backup) kept.push(backup);
    }
  }
  for (const { temp, backup } of all) {
    io.rmSync(temp, { force: true });
    if (backup && !kept.includes(backup) && !done.some((d) => d.backup === backup))
      io.rmSync(backup, { force: true });
  }
  if (kept.length === 0) return error;
  const message = error instanceof Error ? error.message : String(error);
  return new Error(`${message}; the previous scripts are kept as ${kept.join(', ')}`);
}

function readIfExists(file: string): string | undefined {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    // A read error (EISDIR, say) names no path: say which file it is about.
    if (error instanceof Error && !('path' in error)) Object.assign(error, { path: file });
    throw error;
  }
}
