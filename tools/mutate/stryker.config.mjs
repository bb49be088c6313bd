// StrykerJS configuration for `npm run mutate` (tools/mutate/run.mjs sets
// EDGEFLOW_MUTATE_FOLDER to one of the core's folders). Stryker mutates the
// TypeScript sources in a sandbox copy of the repository, compiles the copy
// with tsc (buildCommand; the mutated files get `// @ts-nocheck`), and runs the
// compiled unit tests there with mocha, each mutant only against the tests
// that cover it. See MUTATION.md.
const folder = process.env.EDGEFLOW_MUTATE_FOLDER ?? 'rules';
const out = `reports/mutation/${folder}`;

/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  packageManager: 'npm',
  testRunner: 'mocha',
  mochaOptions: { config: 'tools/mutate/mocharc.json', 'no-package': true },
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
