// `npm run mutate [-- <folder>...] [-- <stryker option>...]`: StrykerJS over the
// core's folders, one run per folder (rules, model, generate, flow by default),
// each with its own incremental file and reports in reports/mutation/<folder>/.
// Run from the repository's root; `npm run mutate` installs tools/mutate first.
//
//   npm run mutate                  # all four folders, in turn
//   npm run mutate -- model flow    # only these
//   npm run mutate -- model --force # an option for Stryker: recompute every mutant
//   npm run mutate -- rules --mutate 'server/src/core/rules/binding-*.ts'   # part of a folder
//
// See MUTATION.md for the method and the figures.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

const FOLDERS = ['rules', 'model', 'generate', 'flow'];
const here = path.dirname(fileURLToPath(import.meta.url));
const stryker = path.join(here, 'node_modules', '@stryker-mutator', 'core', 'bin', 'stryker.js');
const config = path.relative(process.cwd(), path.join(here, 'stryker.config.mjs'));

// Folders first, then Stryker's own options with their values (`--mutate <glob>`,
// to mutate part of a folder; `--force`).
const args = process.argv.slice(2);
const firstOption = args.findIndex((a) => a.startsWith('-'));
const folders = firstOption === -1 ? args : args.slice(0, firstOption);
const options = firstOption === -1 ? [] : args.slice(firstOption);
for (const folder of folders) {
  if (!FOLDERS.includes(folder)) {
    console.error(`mutate: unknown folder "${folder}" (one of ${FOLDERS.join(', ')})`);
    process.exit(2);
  }
}

let status = 0;
for (const folder of folders.length > 0 ? folders : FOLDERS) {
  const started = Date.now();
  console.log(`\nmutate: server/src/core/${folder}`);
  const result = spawnSync(process.execPath, [stryker, 'run', config, ...options], {
    stdio: 'inherit',
    env: { ...process.env, EDGEFLOW_MUTATE_FOLDER: folder },
  });
  const minutes = ((Date.now() - started) / 60000).toFixed(1);
  console.log(`mutate: server/src/core/${folder} took ${minutes} min, exit ${result.status}`);
  if (result.status !== 0) status = result.status ?? 1;
}
process.exit(status);
