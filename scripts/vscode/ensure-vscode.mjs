// Makes a runnable VS Code available for the extension tests and records where
// it is in .vscode-test/vscode.json, which test/vscode/runTests.ts reads.
//
//   1. EDGEFLOW_VSCODE_EXECUTABLE set: that desktop VS Code (for test-electron).
//   2. Microsoft's update server reachable (and a display on Linux): desktop
//      VS Code 1.100.3 downloaded by @vscode/test-electron into .vscode-test/.
//   3. Otherwise (no internet, as in CI here): code-server 4.100.3, which bundles
//      VS Code 1.100.3, installed from the npm registry into
//      .vscode-test/code-server/ by the steps of ../shared/notes/real-vscode-offline.md,
//      with Debian's Chromium to drive its workbench.
//
// The code-server install is cached: a marker is written only after every step
// succeeded, so a second run starts in seconds; a folder without the marker is a
// partial install and is removed and redone.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { copyFile, mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import https from 'node:https';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const VSCODE_VERSION = '1.100.3';
export const CODE_SERVER_VERSION = '4.100.3';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const cacheRoot = path.join(repoRoot, '.vscode-test');
const codeServerRoot = path.join(cacheRoot, 'code-server');
const markerPath = path.join(codeServerRoot, '.edgeflow-install-complete');
const resultPath = path.join(cacheRoot, 'vscode.json');

/** What code-server needs from Debian: the browser, rg for search, the headers kerberos builds with. */
const DEBIAN_PREREQUISITES = [
  { file: '/usr/bin/chromium', pkg: 'chromium' },
  { file: '/usr/bin/rg', pkg: 'ripgrep' },
  { file: '/usr/include/gssapi/gssapi.h', pkg: 'libkrb5-dev' },
];

const started = Date.now();
function progress(message) {
  const seconds = ((Date.now() - started) / 1000).toFixed(1).padStart(5);
  console.log(`[ensure-vscode ${seconds}s] ${message}`);
}

class SetupError extends Error {}

/** Runs a command, streaming its output; rejects with the command line on a non-zero exit. */
function run(command, args, options = {}) {
  const line = [command, ...args].join(' ');
  progress(
    `$ ${line}${options.cwd ? `   (in ${path.relative(repoRoot, options.cwd) || '.'})` : ''}`,
  );
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: 'inherit', ...options });
    child.on('error', (error) => reject(new SetupError(`${line}: ${error.message}`)));
    child.on('exit', (code, signal) => {
      if (code === 0) resolve();
      else reject(new SetupError(`${line} failed (${signal ?? `exit code ${code}`})`));
    });
  });
}

/**
 * The environment for the nested npm commands: without the npm_config_* and
 * npm_package_* variables of an enclosing `npm run` (its empty `yes`, its
 * prefix), and with `yes` so that node-pty's install can call `npx node-gyp`.
 */
function npmEnvironment() {
  const env = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (!/^npm_(config|package|lifecycle)_/i.test(key) && key !== 'INIT_CWD') env[key] = value;
  }
  env.npm_config_yes = 'true';
  env.npm_config_fund = 'false';
  env.npm_config_audit = 'false';
  env.npm_config_update_notifier = 'false';
  return env;
}

function npm(args, cwd) {
  // JOBS: node-gyp compiles the native modules on every core.
  const env = { ...npmEnvironment(), JOBS: 'max' };
  return run('npm', [...args, '--no-audit', '--no-fund'], { cwd, env });
}

async function writeResult(result) {
  await mkdir(cacheRoot, { recursive: true });
  await writeFile(resultPath, JSON.stringify(result, null, 2) + '\n');
  progress(`VS Code: ${[result.kind, result.version].filter(Boolean).join(' ')} at ${result.path}`);
  progress(`recorded in ${path.relative(repoRoot, resultPath)}`);
}

/** Whether Microsoft's update server answers at all (here: ENOTFOUND within milliseconds). */
function updateServerReachable(timeoutMs = 5000) {
  return new Promise((resolve) => {
    const request = https.request(
      'https://update.code.visualstudio.com/api/releases/stable',
      { method: 'HEAD', timeout: timeoutMs },
      (response) => {
        response.resume();
        resolve({ ok: true, detail: `HTTP ${response.statusCode}` });
      },
    );
    request.on('timeout', () => request.destroy(new Error(`no answer within ${timeoutMs} ms`)));
    request.on('error', (error) => resolve({ ok: false, detail: error.code ?? error.message }));
    request.end();
  });
}

async function ensureDesktopFromEnvironment(executable) {
  if (!existsSync(executable)) {
    throw new SetupError(`EDGEFLOW_VSCODE_EXECUTABLE=${executable} does not exist.`);
  }
  await writeResult({
    kind: 'desktop',
    path: path.resolve(executable),
    source: 'EDGEFLOW_VSCODE_EXECUTABLE',
  });
}

async function tryDownloadDesktop() {
  const t0 = Date.now();
  const reachable = await updateServerReachable();
  progress(
    `update.code.visualstudio.com: ${reachable.ok ? 'reachable' : 'unreachable'} ` +
      `(${reachable.detail}, ${Date.now() - t0} ms)`,
  );
  if (!reachable.ok) return false;
  if (process.platform === 'linux' && !process.env.DISPLAY && !process.env.WAYLAND_DISPLAY) {
    progress('no DISPLAY: desktop VS Code needs one on Linux (run under xvfb-run to use it)');
    return false;
  }
  const { downloadAndUnzipVSCode } = await import('@vscode/test-electron');
  try {
    const executable = await downloadAndUnzipVSCode({
      version: VSCODE_VERSION,
      cachePath: cacheRoot,
    });
    await writeResult({
      kind: 'desktop',
      path: executable,
      version: VSCODE_VERSION,
      source: 'download',
    });
    return true;
  } catch (error) {
    progress(
      `download of VS Code ${VSCODE_VERSION} failed (${error.message}); falling back to code-server`,
    );
    return false;
  }
}

async function ensureDebianPackages() {
  const missing = DEBIAN_PREREQUISITES.filter(({ file }) => !existsSync(file));
  if (missing.length === 0) {
    progress('Debian prerequisites present: chromium, ripgrep, libkrb5-dev');
    return;
  }
  const packages = missing.map(({ pkg }) => pkg);
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  if (!isRoot) {
    throw new SetupError(
      `missing ${missing.map(({ file, pkg }) => `${file} (package ${pkg})`).join(', ')}.\n` +
        `Install as root, then run this again:\n` +
        `  sudo apt-get update && sudo apt-get install -y ${packages.join(' ')}`,
    );
  }
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  await run('apt-get', ['update', '-q'], { env });
  await run('apt-get', ['install', '-y', '-q', ...packages], { env });
  const still = DEBIAN_PREREQUISITES.filter(({ file }) => !existsSync(file));
  if (still.length > 0) {
    throw new SetupError(`apt-get did not provide ${still.map(({ file }) => file).join(', ')}`);
  }
}

/** Every `@vscode/ripgrep` package folder below `dir`. */
async function findRipgrepPackages(dir, found = []) {
  let entries;
  try {
    entries = await readdir(dir, { withFileTypes: true });
  } catch {
    return found;
  }
  for (const entry of entries) {
    if (!entry.isDirectory() || entry.isSymbolicLink()) continue;
    const child = path.join(dir, entry.name);
    if (entry.name === 'ripgrep' && path.basename(dir) === '@vscode') found.push(child);
    else await findRipgrepPackages(child, found);
  }
  return found;
}

async function installCodeServer() {
  if (existsSync(codeServerRoot)) {
    progress(`removing the partial install in ${path.relative(repoRoot, codeServerRoot)}`);
    await rm(codeServerRoot, { recursive: true, force: true });
  }
  await mkdir(codeServerRoot, { recursive: true });
  await writeFile(
    path.join(codeServerRoot, 'package.json'),
    JSON.stringify({ name: 'edgeflow-code-server', version: '1.0.0', private: true }, null, 2) +
      '\n',
  );
  await npm(
    ['install', '--ignore-scripts', '--no-save', `code-server@${CODE_SERVER_VERSION}`],
    codeServerRoot,
  );
  // code-server's own native module.
  await npm(['rebuild', 'argon2'], codeServerRoot);

  const vscodeDir = path.join(codeServerRoot, 'node_modules', 'code-server', 'lib', 'vscode');
  await npm(['install', '--omit=dev', '--ignore-scripts'], vscodeDir);
  // @vscode/ripgrep's post-install downloads rg from GitHub; it skips when bin/ exists.
  const ripgrepPackages = await findRipgrepPackages(vscodeDir);
  for (const dir of ripgrepPackages) {
    await mkdir(path.join(dir, 'bin'), { recursive: true });
    await copyFile('/usr/bin/rg', path.join(dir, 'bin', 'rg'));
  }
  progress(`Debian's rg placed in ${ripgrepPackages.length} @vscode/ripgrep package(s)`);
  // kerberos, node-pty, spdlog, watcher, ...
  await npm(['rebuild'], vscodeDir);
  await run('ln', ['-sfn', 'node_modules', 'node_modules.asar'], { cwd: vscodeDir });
  await npm(['install', '--omit=dev', '--ignore-scripts'], path.join(vscodeDir, 'extensions'));

  const binary = codeServerBinary();
  await run(binary, ['--version'], { env: npmEnvironment() });
  await writeFile(
    markerPath,
    JSON.stringify({
      codeServer: CODE_SERVER_VERSION,
      vscode: VSCODE_VERSION,
      installedAt: new Date().toISOString(),
    }) + '\n',
  );
}

function codeServerBinary() {
  return path.join(codeServerRoot, 'node_modules', '.bin', 'code-server');
}

async function installedCodeServerVersion() {
  try {
    return JSON.parse(await readFile(markerPath, 'utf8')).codeServer;
  } catch {
    return undefined;
  }
}

async function ensureCodeServer() {
  await ensureDebianPackages();
  const installed = await installedCodeServerVersion();
  if (installed === CODE_SERVER_VERSION && existsSync(codeServerBinary())) {
    progress(`code-server ${CODE_SERVER_VERSION} already installed (cached)`);
  } else {
    progress(
      `installing code-server ${CODE_SERVER_VERSION} (VS Code ${VSCODE_VERSION}) from the npm registry`,
    );
    await installCodeServer();
    progress(`code-server ${CODE_SERVER_VERSION} installed`);
  }
  await writeResult({
    kind: 'code-server',
    path: codeServerBinary(),
    version: VSCODE_VERSION,
    codeServerVersion: CODE_SERVER_VERSION,
    chromium: '/usr/bin/chromium',
  });
}

async function main() {
  const fromEnvironment = process.env.EDGEFLOW_VSCODE_EXECUTABLE;
  if (fromEnvironment) {
    await ensureDesktopFromEnvironment(fromEnvironment);
    return;
  }
  if (await tryDownloadDesktop()) return;
  await ensureCodeServer();
}

main().then(
  () => progress('done'),
  (error) => {
    console.error(
      `[ensure-vscode] ERROR: ${error instanceof SetupError ? error.message : error.stack}`,
    );
    process.exitCode = 1;
  },
);
