// Empties out/ before `npm run compile`: tsc never deletes what it emitted for a
// source that is gone, and mocha would go on running a deleted test's old
// compiled copy (out/test/**/*.test.js) on a developer's machine.
import { rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = dirname(dirname(fileURLToPath(import.meta.url)));
rmSync(join(root, 'out'), { recursive: true, force: true });
