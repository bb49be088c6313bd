import * as assert from 'node:assert/strict';
import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { gunzipSync } from 'node:zlib';
import { LspClient } from '../lsp/client';
import { REPO_ROOT } from '../support/repo';

/**
 * The npm package as a user gets it: `npm pack` (which builds the bundles,
 * through `prepack`) into a temporary folder, then `npm install -g` of the
 * tarball into a temporary prefix, offline and with an empty cache, so that
 * it proves the package needs nothing from the registry. The installed
 * `edgeflow` and `edgeflow-language-server` commands are then run as a
 * shell would run them (their symbolic links in `<prefix>/bin`, their
 * `#!/usr/bin/env node` line). POSIX layout of a global install (CI is Linux).
 */

/** Everything the tarball holds: the two commands and the files they read at run time. */
const PACKAGE_FILES = [
  'CHANGELOG.md',
  'LICENSE',
  'README.md',
  'RULES.md', // the helpUri of `check --format sarif`
  'bin/edgeflow-language-server.js',
  'bin/edgeflow.js',
  'dist/THIRD-PARTY-NOTICES.md', // the licenses of the bundled packages
  'dist/cli.js',
  'dist/elk.js', // the diagram's layout, loaded on first use
  'dist/server.js',
  'examples/contoso.edgeflow.json', // what `edgeflow init` copies
  'package.json', // the version, and how packageRoot finds the package
  'schemas/edgeflow.config.schema.json', // for editors: an edgeflow.config.json's `$schema`
  'schemas/edgeflow.schema.json',
];

/** Lifecycle scripts npm may run, or ask the user to allow, when it installs the tarball. */
const INSTALL_SCRIPTS = ['preinstall', 'install', 'postinstall', 'prepare'];

interface PackedFile {
  readonly path: string;
  readonly size: number;
}

interface PackResult {
  readonly filename: string;
  readonly size: number;
  readonly unpackedSize: number;
  readonly entryCount: number;
  readonly files: readonly PackedFile[];
}

interface Manifest {
  readonly version: string;
  readonly bin?: Record<string, string>;
  readonly scripts?: Record<string, string>;
  readonly [field: string]: unknown;
}

/** The environment of every command: no npm_* variables of an enclosing `npm test`, this Node first. */
function environment(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [name, value] of Object.entries(process.env)) {
    if (!/^npm_/i.test(name)) env[name] = value;
  }
  env.PATH = [path.dirname(process.execPath), process.env.PATH ?? ''].join(path.delimiter);
  return env;
}

/** npm itself: the one running these tests when there is one, else the one beside this Node. */
function npmCommand(): { file: string; args: string[] } {
  const execPath = process.env.npm_execpath;
  if (execPath && /^npm-cli\.[cm]?js$/.test(path.basename(execPath))) {
    return { file: process.execPath, args: [execPath] };
  }
  return { file: 'npm', args: [] };
}

function run(file: string, args: readonly string[], cwd: string): SpawnSyncReturns<string> {
  const result = spawnSync(file, args, {
    cwd,
    env: environment(),
    encoding: 'utf8',
    timeout: 180_000,
    killSignal: 'SIGKILL',
  });
  if (result.error) throw result.error;
  return result;
}

function npm(args: readonly string[], cwd: string): SpawnSyncReturns<string> {
  const command = npmCommand();
  const result = run(command.file, [...command.args, ...args], cwd);
  assert.equal(
    result.status,
    0,
    `npm ${args.join(' ')} failed (${result.status ?? result.signal}):\n${result.stderr}${result.stdout}`,
  );
  return result;
}

/** The names of the files in a .tgz (gzip over ustar), read without a tar program. */
function tarEntries(file: string): string[] {
  const tar = gunzipSync(fs.readFileSync(file));
  const names: string[] = [];
  const text = (start: number, length: number) =>
    tar.toString('utf8', start, start + length).replace(/\0.*$/s, '');
  for (let offset = 0; offset + 512 <= tar.length;) {
    const name = text(offset, 100);
    if (name === '') break;
    const size = parseInt(text(offset + 124, 12).trim() || '0', 8);
    const type = text(offset + 156, 1);
    const prefix = text(offset + 345, 155);
    if (type === '0' || type === '') names.push(prefix ? `${prefix}/${name}` : name);
    offset += 512 + Math.ceil(size / 512) * 512;
  }
  return names.sort();
}

/** Every file below `dir`, relative to it with `/` separators. */
function filesBelow(dir: string, relative = ''): string[] {
  return fs
    .readdirSync(path.join(dir, relative), { withFileTypes: true })
    .flatMap((entry) => {
      const name = relative ? `${relative}/${entry.name}` : entry.name;
      return entry.isDirectory() ? filesBelow(dir, name) : [name];
    })
    .sort();
}

function kib(bytes: number): string {
  return `${(bytes / 1024).toFixed(1)} KiB`;
}

describe('the npm package: npm pack, npm install -g of the tarball, the installed commands', function () {
  let work: string;
  let packed: PackResult;
  let tarball: string;
  let prefix: string;
  let installed: string;
  let installOutput: string;
  const version = (
    JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')) as Manifest
  ).version;

  before(function () {
    this.timeout(240_000);
    work = fs.mkdtempSync(path.join(os.tmpdir(), 'edgeflow-pack-'));
    const started = Date.now();
    const pack = npm(['pack', '--json', '--pack-destination', work], REPO_ROOT);
    const [result, ...others] = JSON.parse(pack.stdout) as PackResult[];
    assert.ok(result && others.length === 0, pack.stdout);
    packed = result;
    tarball = path.join(work, packed.filename);
    const packedMs = Date.now() - started;

    prefix = path.join(work, 'prefix');
    const install = npm(
      [
        'install',
        '--global',
        '--prefix',
        prefix,
        '--cache',
        path.join(work, 'npm-cache'),
        '--offline',
        '--no-audit',
        '--no-fund',
        '--foreground-scripts',
        tarball,
      ],
      work,
    );
    installOutput = install.stdout + install.stderr;
    installed = path.join(prefix, 'lib', 'node_modules', 'edgeflow');
    console.log(
      `      npm pack: ${packed.entryCount} files, ${kib(packed.size)} (${kib(packed.unpackedSize)} ` +
        `unpacked) in ${packedMs} ms; npm install -g offline: ${Date.now() - started - packedMs} ms`,
    );
  });

  after(() => {
    if (work) fs.rmSync(work, { recursive: true, force: true });
  });

  it('packs the two commands and the files they read, and nothing else', () => {
    assert.equal(packed.filename, `edgeflow-${version}.tgz`);
    const listed = packed.files.map((file) => file.path).sort();
    assert.deepEqual(listed, PACKAGE_FILES);
    assert.equal(packed.entryCount, PACKAGE_FILES.length);
    // Named for a clearer message; the exact list already keeps them out.
    for (const file of listed) {
      assert.doesNotMatch(file, /\.map$/, `${file}: no source map`);
      assert.doesNotMatch(file, /(^|\/)(test|out|server|client|scripts|node_modules)\//, file);
      assert.doesNotMatch(file, /\.ts$/, `${file}: no TypeScript source`);
    }
    assert.ok(
      !listed.includes('dist/extension.js'),
      'the VS Code client is for the .vsix, not the commands',
    );
    // What npm listed is what the tarball holds.
    assert.deepEqual(
      tarEntries(tarball),
      PACKAGE_FILES.map((file) => `package/${file}`),
    );
    // Two bundles each carry the diagram's layout library (elkjs, 1.6 MB minified), the most of it.
    assert.ok(packed.size < 2 * 1024 * 1024, `the tarball is small (${kib(packed.size)})`);
  });

  it('needs nothing at install: no dependency, no install script', () => {
    const manifest = JSON.parse(
      fs.readFileSync(path.join(installed, 'package.json'), 'utf8'),
    ) as Manifest;
    for (const field of [
      'dependencies',
      'optionalDependencies',
      'peerDependencies',
      'bundleDependencies',
      'bundledDependencies',
    ]) {
      assert.equal(manifest[field], undefined, `${field}: the bundles are self-contained`);
    }
    for (const script of INSTALL_SCRIPTS) {
      assert.equal(manifest.scripts?.[script], undefined, `no ${script} script`);
    }
    assert.deepEqual(manifest.bin, {
      edgeflow: 'bin/edgeflow.js',
      'edgeflow-language-server': 'bin/edgeflow-language-server.js',
    });
    // npm ran nothing and has nothing to ask: no script banner, no allowScripts advisory.
    assert.doesNotMatch(installOutput, /> edgeflow@|install-scripts|EBADENGINE/, installOutput);
    assert.match(installOutput, /added 1 package/, installOutput);
    assert.equal(fs.existsSync(path.join(installed, 'node_modules')), false);
    assert.deepEqual(filesBelow(installed), PACKAGE_FILES);
  });

  it('edgeflow --version prints the version of the package', () => {
    const result = run(path.join(prefix, 'bin', 'edgeflow'), ['--version'], work);
    assert.equal(result.status, 0, result.stderr);
    assert.equal(result.stdout, `${version}\n`);
  });

  it('edgeflow check passes the Contoso example, and SARIF links to the installed RULES.md', () => {
    const dir = fs.mkdtempSync(path.join(work, 'check-'));
    fs.copyFileSync(
      path.join(REPO_ROOT, 'examples', 'contoso.edgeflow.json'),
      path.join(dir, 'contoso.edgeflow.json'),
    );
    const edgeflow = path.join(prefix, 'bin', 'edgeflow');
    const text = run(edgeflow, ['check', 'contoso.edgeflow.json'], dir);
    assert.equal(text.status, 0, text.stderr + text.stdout);
    assert.match(
      text.stdout,
      /^contoso\.edgeflow\.json:\d+:\d+: information self-signed-certificate/,
    );

    const sarif = run(edgeflow, ['check', '--format', 'sarif', 'contoso.edgeflow.json'], dir);
    assert.equal(sarif.status, 0, sarif.stderr);
    const log = JSON.parse(sarif.stdout) as {
      runs: { tool: { driver: { rules: { id: string; helpUri?: string }[] } } }[];
    };
    const rules = log.runs[0]?.tool.driver.rules ?? [];
    assert.ok(rules.length > 0);
    const rulesDocument = pathToFileURL(fs.realpathSync(path.join(installed, 'RULES.md'))).href;
    for (const rule of rules) assert.equal(rule.helpUri, `${rulesDocument}#${rule.id}`);
  });

  it('edgeflow init writes the bundled example, which checks clean', () => {
    const dir = fs.mkdtempSync(path.join(work, 'init-'));
    const edgeflow = path.join(prefix, 'bin', 'edgeflow');
    const init = run(edgeflow, ['init', 'site/'], dir);
    assert.equal(init.status, 0, init.stderr);
    const file = path.join(dir, 'site', 'topology.edgeflow.json');
    assert.ok(fs.readFileSync(file, 'utf8').includes('"organization"'));
    const check = run(edgeflow, ['check', 'site'], dir);
    assert.equal(check.status, 0, check.stdout + check.stderr);
  });

  it('edgeflow-language-server --stdio completes the LSP initialize handshake', async () => {
    const client = await LspClient.start({
      server: { command: path.join(prefix, 'bin', 'edgeflow-language-server'), env: environment() },
    });
    try {
      assert.equal(client.initializeResult.serverInfo?.name, 'edgeflow-language-server');
      const uri = pathToFileURL(path.join(work, 'lsp', 'contoso.edgeflow.json')).href;
      await client.open(
        uri,
        fs.readFileSync(path.join(REPO_ROOT, 'examples', 'contoso.edgeflow.json'), 'utf8'),
      );
      const published = await client.waitForDiagnostics(uri);
      assert.deepEqual(
        published.diagnostics.map((d) => d.code),
        ['self-signed-certificate'],
      );
    } finally {
      await client.stop();
    }
    assert.equal(client.exitCode(), 0);
  });

  // Issue 16: one configuration for the editor and CI.
  it('the installed command and server both read the edgeflow.config.json beside a topology', async () => {
    const dir = fs.mkdtempSync(path.join(work, 'config-'));
    const example = fs.readFileSync(
      path.join(REPO_ROOT, 'examples', 'contoso.edgeflow.json'),
      'utf8',
    );
    fs.writeFileSync(path.join(dir, 'contoso.edgeflow.json'), example);
    fs.writeFileSync(
      path.join(dir, 'edgeflow.config.json'),
      '{\n  // lab: the self-signed certificate is accepted\n  "rules": { "self-signed-certificate": "off" }\n}\n',
    );
    const check = run(
      path.join(prefix, 'bin', 'edgeflow'),
      ['check', 'contoso.edgeflow.json'],
      dir,
    );
    assert.equal(check.status, 0, check.stderr);
    assert.equal(check.stdout, '', 'the rule the config turns off is not reported');
    const client = await LspClient.start({
      server: { command: path.join(prefix, 'bin', 'edgeflow-language-server'), env: environment() },
    });
    try {
      const uri = pathToFileURL(path.join(dir, 'contoso.edgeflow.json')).href;
      await client.open(uri, example);
      const published = await client.waitForDiagnostics(uri);
      assert.deepEqual(published.diagnostics, []);
    } finally {
      await client.stop();
    }
  });
});
