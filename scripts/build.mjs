// Bundles what ships: the CLI (and, later, the language server and the VS Code
// client) into dist/, one self-contained file each.
import { build } from 'esbuild';

const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  sourcemap: true,
  logLevel: 'warning',
};

await build({ ...common, entryPoints: ['server/src/cli/main.ts'], outfile: 'dist/cli.js' });
