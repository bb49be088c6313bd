import * as fs from 'node:fs';
import * as path from 'node:path';
import { describeError, describeErrorWithPath } from './files';

/** Why a file was not rewritten, in words that follow its path. */
export class NotRewritten extends Error {}

/**
 * Replaces the content of `file` with `text`, unless its bytes are no longer
 * `read` (it was edited meanwhile: that edit would be lost). The text goes to
 * a temporary file beside the target first, which is then renamed over it:
 * an error at any step (a full disk, say) leaves the file as it was, never
 * truncated. The new file gets the old one's permissions (and owner, where
 * the process may set it); a symbolic link is written through, not replaced.
 * Throws NotRewritten.
 */
export function rewriteFile(file: string, read: Uint8Array, text: string): void {
  let target: string;
  let stat: fs.Stats;
  try {
    target = fs.realpathSync(file);
    stat = fs.statSync(target);
    // The rename would replace a read-only file just as well; a formatter must not.
    fs.accessSync(target, fs.constants.W_OK);
  } catch (error) {
    throw new NotRewritten(describeError(error));
  }
  const temporary = path.join(
    path.dirname(target),
    `.${path.basename(target)}.${process.pid}.edgeflow-tmp`,
  );
  try {
    try {
      // Created with the file's permissions (less what the umask takes), so
      // that the content of a private file is never readable by others here.
      fs.writeFileSync(temporary, text, { encoding: 'utf8', flag: 'wx', mode: stat.mode & 0o777 });
      fs.chmodSync(temporary, stat.mode & 0o7777);
    } catch (error) {
      throw new NotRewritten(
        `cannot write a temporary file beside it: ${describeErrorWithPath(error)}`,
      );
    }
    keepOwner(temporary, stat);
    const current = readIfPossible(target);
    if (!current || !sameBytes(current, read)) {
      throw new NotRewritten('it changed since it was read; run the command again');
    }
    try {
      fs.renameSync(temporary, target);
    } catch (error) {
      throw new NotRewritten(describeError(error));
    }
  } finally {
    fs.rmSync(temporary, { force: true });
  }
}

/** The old owner for the new file: `sudo edgeflow format` must not leave files only root can edit. */
function keepOwner(file: string, original: fs.Stats): void {
  try {
    const written = fs.statSync(file);
    if (written.uid === original.uid && written.gid === original.gid) return;
    fs.chownSync(file, original.uid, original.gid);
  } catch {
    // Only root may give a file away; anyone else's rewritten file is theirs.
  }
}

/** Undefined when the file is gone or unreadable since: not what was read either. */
function readIfPossible(file: string): Uint8Array | undefined {
  try {
    return fs.readFileSync(file);
  } catch {
    return undefined;
  }
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  return Buffer.from(a.buffer, a.byteOffset, a.byteLength).equals(b);
}
