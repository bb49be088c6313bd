import * as fs from 'node:fs';
import * as path from 'node:path';

/** A file that changed on disk between reading and rewriting it: it is left as it is. */
export class ChangedOnDisk extends Error {
  constructor() {
    super('changed on disk while EdgeFlow was working on it');
  }
}

/**
 * Replaces a file the user owns with new content, never losing what was
 * there: the file is read again and left alone when it is no longer what was
 * read (an editor saved it meanwhile); the content goes to a temporary file
 * beside it, with the same permissions, renamed over the original in one
 * step, so a full disk or a crash leaves the old file whole. A file the
 * user may not write is refused as writing in place would be (a rename
 * alone only needs the folder's permission); a symbolic link stays a link:
 * its target is rewritten.
 */
export function rewriteFile(absolute: string, expected: Uint8Array, content: string): void {
  const target = fs.realpathSync(absolute);
  if (!Buffer.from(expected).equals(fs.readFileSync(target))) throw new ChangedOnDisk();
  fs.accessSync(target, fs.constants.W_OK);
  const stat = fs.statSync(target);
  const temporary = path.join(
    path.dirname(target),
    `.${path.basename(target)}.${process.pid}.edgeflow-tmp`,
  );
  try {
    fs.writeFileSync(temporary, content, { encoding: 'utf8', flag: 'wx' });
    // Not through writeFileSync's mode, which the umask narrows.
    fs.chmodSync(temporary, stat.mode & 0o7777);
    // Root (CI, a server's admin shell) would otherwise hand the user's file to root.
    if (process.getuid?.() === 0) fs.chownSync(temporary, stat.uid, stat.gid);
    fs.renameSync(temporary, target);
  } catch (error) {
    fs.rmSync(temporary, { force: true });
    throw error;
  }
}
