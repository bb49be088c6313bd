// StrykerJS configuration for `npm run mutate` (tools/mutate/run.mjs sets
// EDGEFLOW_MUTATE_FOLDER to one of the core's folders). Stryker mutates the
// TypeScript sources in a sandbox copy of the repository, compiles the copy
// with tsc (buildCommand; the mutated files get `// @ts-nocheck`), and runs the
// compiled unit tests there with mocha, each mutant only against the tests
// that cover it. See MUTATION.md.
import fs from 'node:fs';

const folder = process.env.EDGEFLOW_MUTATE_FOLDER ?? 'rules';
const out = `reports/mutation/${folder}`;

// The folder's own tests first (test/unit/<folder>/, then the meta tests that run every rule's
// fixtures), then the others: mocha stops a mutant's run at its first failing test, and the
// tests most likely to fail are these. The set of tests is the same whatever the order.
const own = [folder, 'meta'].filter((d) => fs.existsSync(`test/unit/${d}`));
const others = fs
  .readdirSync('test/unit', { withFileTypes: true })
  .filter((entry) => entry.isDirectory() && !own.includes(entry.name))
  .map((entry) => entry.name)
  .sort();
const spec = [
  ...own.map((d) => `out/test/unit/${d}/**/*.test.js`),
  ...others.map((d) => `out/test/unit/${d}/**/*.test.js`),
  'out/test/unit/*.test.js',
];

/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  packageManager: 'npm',
  testRunner: 'mocha',
  mochaOptions: { config: 'tools/mutate/mocharc.json', 'no-package': true, spec },
  coverageAnalysis: 'perTest',
  mutate: [`server/src/core/${folder}/**/*.ts`],
  // tsc is found on the PATH Stryker gives the build: the node_modules/.bin of
  // the sandbox's parents, the repository's own (the sandbox is inside it).
  buildCommand: 'tsc -p tsconfig.json',
  disableTypeChecks: 'server/src/core/**/*.ts',
  ignorePatterns: [
    'out',
    'dist',
    'reports',
    'generated',
    '.vscode-test',
    '.pwsh-cache',
    'tools/mutate/node_modules',
    '*.vsix',
  ],
  // A mutant that only the loading of the files reaches (a module's own tables)
  // would need every test file loaded again for it: reported as Ignored, and
  // counted in MUTATION.md. One also reached inside tests runs those tests.
  ignoreStatic: true,
  concurrency: 1,
  reporters: ['clear-text', 'progress-append-only', 'html', 'json'],
  htmlReporter: { fileName: `${out}/index.html` },
  jsonReporter: { fileName: `${out}/mutation.json` },
  // Incremental mode (`-- --incremental`) reuses almost nothing here (see MUTATION.md), so it is
  // off; its file would go beside the reports.
  incremental: false,
  incrementalFile: `${out}/incremental.json`,
  tempDirName: '.stryker-tmp',
  cleanTempDir: 'always',
};
