/**
 * Preloaded (`node --require`) into the real CLI by test/cli/format.test.ts,
 * to interfere with `edgeflow format` where no file permission can (tests may
 * run as root): the rename of a temporary file onto the file named by
 * EDGEFLOW_TEST_FAIL_RENAME_ONTO throws, as a full or failing disk would; and
 * the file named by EDGEFLOW_TEST_EDIT_WHILE_WRITING gets a line appended
 * right after its temporary file is written, as an editor saving meanwhile.
 */
import type * as FileSystem from 'node:fs';
import * as path from 'node:path';

// The module object itself (an `import *` namespace is read-only), as the CLI bundle sees it.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const fs = require('node:fs') as typeof FileSystem;

const failOnto = process.env.EDGEFLOW_TEST_FAIL_RENAME_ONTO;
const editWhileWriting = process.env.EDGEFLOW_TEST_EDIT_WHILE_WRITING;

/** A concurrent edit, as `edgeflow format` must not overwrite it. */
export const CONCURRENT_EDIT = '// saved in the editor meanwhile\n';

if (failOnto) {
  const rename = fs.renameSync;
  fs.renameSync = (from: FileSystem.PathLike, to: FileSystem.PathLike) => {
    if (path.basename(String(to)) === failOnto) {
      throw Object.assign(new Error(`EIO: i/o error, rename '${String(from)}'`), { code: 'EIO' });
    }
    rename(from, to);
  };
}

if (editWhileWriting) {
  const writeFileSync = fs.writeFileSync;
  fs.writeFileSync = ((...args: Parameters<typeof FileSystem.writeFileSync>) => {
    writeFileSync(...args);
    const written = String(args[0]);
    if (path.basename(written).startsWith(`.${editWhileWriting}.`)) {
      fs.appendFileSync(path.join(path.dirname(written), editWhileWriting), CONCURRENT_EDIT);
    }
  }) as typeof FileSystem.writeFileSync;
}
