/**
 * Preloaded (`node --require`) into the real CLI by test/cli/noLostWork.test.ts:
 * the EDGEFLOW_FAIL_RENAME-th rename onto a `.ps1` file throws, as a full or
 * failing disk would, in the middle of writing the scripts.
 */
import type * as FileSystem from 'node:fs';

// The module object itself (an `import *` namespace is read-only), as the CLI bundle sees it.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const fs = require('node:fs') as typeof FileSystem;

const failAt = Number(process.env.EDGEFLOW_FAIL_RENAME ?? 0);
if (failAt > 0) {
  const rename = fs.renameSync;
  let renames = 0;
  fs.renameSync = (from: FileSystem.PathLike, to: FileSystem.PathLike) => {
    if (String(to).endsWith('.ps1') && ++renames === failAt) {
      throw Object.assign(new Error(`EIO: i/o error, rename '${String(from)}'`), { code: 'EIO' });
    }
    rename(from, to);
  };
}
