// Bundles what ships: the CLI, the language server and the VS Code client into
// dist/, one self-contained file each, minified. Names are kept (keepNames), so
// that stack traces, `constructor.name` and `Function.name` read as in the
// sources; the source maps stay in dist/ for debugging and are not shipped
// (.vscodeignore and .npmignore leave them out).
import { copyFileSync, readFileSync } from 'node:fs';
import { build } from 'esbuild';
import { writeExtensionPage } from './extension-page.mjs';
import { writeThirdPartyNotices } from './third-party-notices.mjs';

const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  sourcemap: true,
  minify: true,
  keepNames: true,
  logLevel: 'warning',
  // Which packages each bundle holds: their notices ship with them.
  metafile: true,
  // jsonc-parser's "main" is a UMD build whose inner require()s esbuild cannot
  // follow; its ESM build bundles cleanly.
  mainFields: ['module', 'main'],
  // ESM dependencies bundled into CommonJS (tinyglobby → fdir) call
  // createRequire(import.meta.url), which is empty in a CJS bundle.
  define: { 'import.meta.url': '__importMetaUrl' },
  banner: { js: "const __importMetaUrl = require('node:url').pathToFileURL(__filename).href;" },
};

/**
 * ELK (the diagram's layout) stays out of the CLI and server bundles: they
 * require it from dist/elk.js when a diagram is first drawn, so that starting
 * them does not parse and run its 1.6 MB (see core/diagram/layout.ts).
 */
const elkBeside = {
  name: 'elk-beside-the-bundle',
  setup(build) {
    build.onResolve({ filter: /^elkjs\/lib\/elk\.bundled\.js$/ }, () => ({
      path: './elk.js',
      external: true,
    }));
  },
};

const bundles = [];
bundles.push(
  await build({
    ...common,
    entryPoints: ['server/src/cli/main.ts'],
    outfile: 'dist/cli.js',
    plugins: [elkBeside],
  }),
);
bundles.push(
  await build({
    ...common,
    entryPoints: ['server/src/languageServer/main.ts'],
    outfile: 'dist/server.js',
    plugins: [elkBeside],
  }),
);
bundles.push(
  await build({
    ...common,
    entryPoints: ['client/src/extension.ts'],
    outfile: 'dist/extension.js',
    external: ['vscode'],
  }),
);
copyFileSync('node_modules/elkjs/lib/elk.bundled.js', 'dist/elk.js');
// vscode-languageclient kills a server that outlives its shutdown with this
// script, which it looks for beside its own code, now the bundle.
copyFileSync(
  'node_modules/vscode-languageclient/lib/node/terminateProcess.sh',
  'dist/terminateProcess.sh',
);
// The bundles' inputs, and the sources their maps name: a package compiled into
// another's file (path-browserify inside vscode-uri) is only seen in the latter.
writeThirdPartyNotices(process.cwd(), [
  ...bundles.flatMap((result) => Object.keys(result.metafile.inputs)),
  ...['cli', 'server', 'extension'].flatMap(
    (name) => JSON.parse(readFileSync(`dist/${name}.js.map`, 'utf8')).sources,
  ),
]);
// The .vsix's page, its images inlined (see extension-page.mjs).
writeExtensionPage(process.cwd());
