// Makes a runnable PowerShell 7 available for the PowerShell suite (test/powershell/) and
// records where it is in .pwsh-cache/pwsh.json, which test/powershell/support/pwsh.ts reads.
//
//   1. EDGEFLOW_PWSH set: that executable.
//   2. `pwsh` on PATH.
//   3. The .NET tool cached in .pwsh-cache/tool/ by an earlier run.
//   4. `dotnet` on PATH: PowerShell installed as a .NET tool from NuGet into .pwsh-cache/tool/.
//      The version is pinned: without one, dotnet picks the newest (7.7.0 when this was
//      written), which does not start on this machine kind; 7.6.10 does.
//   5. Otherwise: stop with a message that says what to install. Outside CI the suite is
//      then skipped, loudly; with CI=true this script fails, so CI never skips the suite.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const PWSH_VERSION = '7.6.10';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
// EDGEFLOW_PWSH_CACHE moves the cache (test/cli/ensurePwsh.test.ts uses it to leave the real one alone).
const cacheRoot = process.env.EDGEFLOW_PWSH_CACHE
  ? path.resolve(process.env.EDGEFLOW_PWSH_CACHE)
  : path.join(repoRoot, '.pwsh-cache');
const toolPath = path.join(cacheRoot, 'tool');
const cachedPwsh = path.join(toolPath, process.platform === 'win32' ? 'pwsh.exe' : 'pwsh');
const resultPath = path.join(cacheRoot, 'pwsh.json');

const started = Date.now();
function progress(message) {
  const seconds = ((Date.now() - started) / 1000).toFixed(1).padStart(5);
  console.log(`[ensure-pwsh ${seconds}s] ${message}`);
}

class SetupError extends Error {}

/** Runs a command; resolves with its exit code and output (never rejects, except on a spawn error). */
function run(command, args, { quiet = false } = {}) {
  if (!quiet) progress(`$ ${[command, ...args].join(' ')}`);
  return new Promise((resolve) => {
    let output = '';
    let child;
    try {
      child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    } catch (error) {
      resolve({ code: -1, output: error.message });
      return;
    }
    child.stdout.on('data', (chunk) => {
      output += chunk;
      if (!quiet) process.stdout.write(chunk);
    });
    child.stderr.on('data', (chunk) => {
      output += chunk;
      if (!quiet) process.stderr.write(chunk);
    });
    child.on('error', (error) => resolve({ code: -1, output: error.message }));
    child.on('exit', (code) => resolve({ code: code ?? -1, output }));
  });
}

/** The version a PowerShell executable reports, or undefined when it does not start. */
async function versionOf(executable) {
  const { code, output } = await run(
    executable,
    [
      '-NoLogo',
      '-NoProfile',
      '-NonInteractive',
      '-Command',
      '$PSVersionTable.PSVersion.ToString()',
    ],
    { quiet: true },
  );
  const version = output.trim().split(/\s+/).pop();
  return code === 0 && /^7\.\d+/.test(version ?? '') ? version : undefined;
}

async function writeResult(result) {
  await mkdir(cacheRoot, { recursive: true });
  await writeFile(resultPath, JSON.stringify(result, null, 2) + '\n');
  if (result.available)
    progress(`PowerShell ${result.version} at ${result.path} (${result.source})`);
  progress(`recorded in ${path.relative(repoRoot, resultPath)}`);
}

async function fromEnvironment(executable) {
  const version = await versionOf(executable);
  if (!version) {
    throw new SetupError(
      `EDGEFLOW_PWSH=${executable} does not start as PowerShell 7 (pwsh -Command ...).`,
    );
  }
  return { path: executable, version, source: 'EDGEFLOW_PWSH' };
}

async function onPath() {
  const version = await versionOf('pwsh');
  return version ? { path: 'pwsh', version, source: 'PATH' } : undefined;
}

async function cached() {
  if (!existsSync(cachedPwsh)) return undefined;
  const version = await versionOf(cachedPwsh);
  return version ? { path: cachedPwsh, version, source: 'cached .NET tool' } : undefined;
}

async function installWithDotnet() {
  const dotnet = await run('dotnet', ['--version'], { quiet: true });
  if (dotnet.code !== 0) return undefined;
  progress(`installing PowerShell ${PWSH_VERSION} as a .NET tool (dotnet ${dotnet.output.trim()})`);
  const install = await run('dotnet', [
    'tool',
    existsSync(cachedPwsh) ? 'update' : 'install',
    '--tool-path',
    toolPath,
    'PowerShell',
    '--version',
    PWSH_VERSION,
  ]);
  if (install.code !== 0) {
    throw new SetupError(`dotnet tool install PowerShell ${PWSH_VERSION} failed`);
  }
  const version = await versionOf(cachedPwsh);
  if (!version) throw new SetupError(`the installed ${cachedPwsh} does not start`);
  return { path: cachedPwsh, version, source: `.NET tool installed now` };
}

const WHAT_TO_INSTALL =
  'PowerShell 7 is needed for the PowerShell suite (test/powershell/). Install one of:\n' +
  `  - the .NET SDK (8 or later), then run this again: it installs PowerShell ${PWSH_VERSION} as a .NET tool\n` +
  '    (dotnet tool install --tool-path .pwsh-cache/tool PowerShell --version ' +
  PWSH_VERSION +
  ');\n' +
  '  - PowerShell 7 itself (https://learn.microsoft.com/powershell/scripting/install/installing-powershell),\n' +
  '    on PATH as pwsh, or named by EDGEFLOW_PWSH=/path/to/pwsh.';

async function main() {
  const environment = process.env.EDGEFLOW_PWSH;
  const found = environment
    ? await fromEnvironment(environment)
    : ((await onPath()) ?? (await cached()) ?? (await installWithDotnet()));
  if (found) {
    await writeResult({ available: true, ...found });
    return;
  }
  if (process.env.CI === 'true')
    throw new SetupError(`${WHAT_TO_INSTALL}\nCI=true: the suite is never skipped in CI.`);
  await writeResult({ available: false, reason: WHAT_TO_INSTALL });
  console.warn(`[ensure-pwsh] WARNING: the PowerShell suite will be SKIPPED.\n${WHAT_TO_INSTALL}`);
}

main().then(
  () => progress('done'),
  (error) => {
    console.error(
      `[ensure-pwsh] ERROR: ${error instanceof SetupError ? error.message : error.stack}`,
    );
    process.exitCode = 1;
  },
);
