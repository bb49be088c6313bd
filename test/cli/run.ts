import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { REPO_ROOT } from '../support/repo';

export interface Run {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs the real `bin/edgeflow.js`, as a user would, in `cwd`. */
export function edgeflow(cwd: string, ...args: string[]): Run {
  const result = spawnSync(
    process.execPath,
    [path.join(REPO_ROOT, 'bin', 'edgeflow.js'), ...args],
    {
      cwd,
      encoding: 'utf8',
      // A guard, not a measurement: a command that hangs fails its test instead of the run.
      timeout: 60_000,
      killSignal: 'SIGKILL',
    },
  );
  if (result.error) throw result.error;
  if (result.signal) throw new Error(`edgeflow ${args.join(' ')} did not end (${result.signal})`);
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

export function temporaryDirectory(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'edgeflow-'));
}

/** Writes a file below `dir`, creating its parent directories. */
export function write(dir: string, relative: string, content: string | Uint8Array): string {
  const file = path.join(dir, relative);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, content);
  return file;
}

/** The specification's reference topology, kept in the package as the Contoso example. */
export const REFERENCE = fs.readFileSync(
  path.join(REPO_ROOT, 'examples', 'contoso.edgeflow.json'),
  'utf8',
);

/** A Node stack frame, which the CLI must never print. */
export const STACK_FRAME = /^\s+at .+[(:]/m;

/**
 * Makes a file unwritable, for root too: CI runs as root, for whom a mode of
 * 0444 changes nothing, so there the file is made immutable (chattr, from
 * e2fsprogs, which every Debian has).
 */
export function makeUnwritable(file: string): () => void {
  if (process.getuid?.() !== 0) {
    fs.chmodSync(file, 0o444);
    return () => fs.chmodSync(file, 0o644);
  }
  const chattr = spawnSync('chattr', ['+i', file], { encoding: 'utf8' });
  assert.equal(
    chattr.status,
    0,
    `this test needs 'chattr +i' (e2fsprogs) on the temporary folder's file system as root: ${chattr.stderr ?? chattr.error}`,
  );
  return () => void spawnSync('chattr', ['-i', file]);
}
