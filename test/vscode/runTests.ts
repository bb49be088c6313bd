import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as util from 'node:util';
import { CodeServer, launchChromium, saveFailureScreenshot, SUITE_LOG_PREFIX } from './codeServer';

/**
 * Runs the extension tests in a real VS Code, the one that
 * scripts/vscode/ensure-vscode.mjs made available and recorded in
 * .vscode-test/vscode.json:
 *
 * - desktop VS Code: @vscode/test-electron's runTests() on the extension-host
 *   suite (out/test/vscode/suite);
 * - code-server: the same suite in the workbench that code-server serves,
 *   opened in Chromium with the `payload` that test-electron's command line
 *   would carry; then the UI test (out/test/vscode/ui.test.js), which drives a
 *   second workbench window as a user would;
 * - then, wherever code-server is installed, the installed-.vsix test
 *   (out/test/vscode/installedVsix.test.js): the .vsix built as `npm run
 *   package` builds it, installed into a fresh code-server profile, used in a
 *   workbench that has no extension under development;
 * - then, in code-server, the untrusted-workspace suite
 *   (out/test/vscode/untrusted): a code-server without
 *   --disable-workspace-trust opens its folder in restricted mode, where
 *   topologies are analysed but no script is generated.
 *
 * A missing prerequisite is a failure with its remedy, never a skip. Every
 * process it starts is stopped on the way out, whatever the way out.
 */

const repoRoot = path.resolve(__dirname, '..', '..', '..');
const SUITE_DEADLINE_MS = Number(process.env.EDGEFLOW_VSCODE_TIMEOUT_MS ?? 5 * 60_000);

interface ResolvedVsCode {
  kind: 'desktop' | 'code-server';
  path: string;
  version?: string;
}

class PrerequisiteError extends Error {}

const cleanups: (() => Promise<void> | void)[] = [];
const syncCleanups: (() => void)[] = [];

async function cleanUp(): Promise<void> {
  while (cleanups.length > 0) {
    try {
      await cleanups.pop()?.();
    } catch (error) {
      console.error('cleanup:', error);
    }
  }
}

function readResolvedVsCode(): ResolvedVsCode {
  const file = path.join(repoRoot, '.vscode-test', 'vscode.json');
  if (!fs.existsSync(file)) {
    throw new PrerequisiteError(
      `${path.relative(repoRoot, file)} is missing: run node scripts/vscode/ensure-vscode.mjs first (npm run test:vscode does).`,
    );
  }
  const resolved = JSON.parse(fs.readFileSync(file, 'utf8')) as ResolvedVsCode;
  if (!fs.existsSync(resolved.path)) {
    throw new PrerequisiteError(
      `${resolved.path} (recorded in ${path.relative(repoRoot, file)}) is missing: run node scripts/vscode/ensure-vscode.mjs again.`,
    );
  }
  return resolved;
}

/** The extension under test: the repository, or EDGEFLOW_EXTENSION_PATH when set. */
function extensionDevelopmentPath(): string {
  const root = path.resolve(process.env.EDGEFLOW_EXTENSION_PATH ?? repoRoot);
  const manifest = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as {
    main?: string;
    contributes?: { languages?: { id: string }[] };
  };
  if (!manifest.main) {
    throw new PrerequisiteError(
      `${root}/package.json has no "main": the VS Code client is not wired up.`,
    );
  }
  const main = path.resolve(root, manifest.main);
  if (!fs.existsSync(main) && !fs.existsSync(`${main}.js`)) {
    throw new PrerequisiteError(`${path.relative(repoRoot, main)} is missing: run npm run build.`);
  }
  if (!manifest.contributes?.languages?.some((language) => language.id === 'edgeflow')) {
    throw new PrerequisiteError(`${root}/package.json contributes no language 'edgeflow'.`);
  }
  return root;
}

function compiledTests(): {
  suite: string;
  untrustedSuite: string;
  uiTest: string;
  vsixTest: string;
} {
  const suite = path.join(repoRoot, 'out', 'test', 'vscode', 'suite');
  const untrustedSuite = path.join(repoRoot, 'out', 'test', 'vscode', 'untrusted');
  const uiTest = path.join(repoRoot, 'out', 'test', 'vscode', 'ui.test.js');
  const vsixTest = path.join(repoRoot, 'out', 'test', 'vscode', 'installedVsix.test.js');
  for (const file of [
    path.join(suite, 'index.js'),
    path.join(untrustedSuite, 'index.js'),
    uiTest,
    vsixTest,
  ]) {
    if (!fs.existsSync(file)) {
      throw new PrerequisiteError(
        `${path.relative(repoRoot, file)} is missing: run npm run compile.`,
      );
    }
  }
  return { suite, untrustedSuite, uiTest, vsixTest };
}

/** A fresh temporary copy of test/vscode/workspace/, which the tests may write into. */
function copyWorkspace(tempRoot: string, name: string): string {
  const target = path.join(tempRoot, name);
  fs.cpSync(path.join(repoRoot, 'test', 'vscode', 'workspace'), target, { recursive: true });
  return target;
}

function seconds(ms: number): string {
  return (ms / 1000).toFixed(1);
}

function withDeadline<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new Error(`Timed out after ${ms / 1000} s waiting for ${what}.`)),
      ms,
    );
  });
  return Promise.race([promise, deadline]).finally(() => clearTimeout(timer));
}

/**
 * Opens the workbench with the test payload and waits, with a deadline, for
 * the suite's exit code, forwarding what the extension host prints.
 */
async function runSuiteInWorkbench(
  server: CodeServer,
  workspace: string,
  extensionPath: string,
  suitePath: string,
): Promise<number> {
  const browser = await launchChromium();
  cleanups.push(() => browser.close());
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  const verbose = process.env.EDGEFLOW_VSCODE_VERBOSE === '1';
  let reportStarted = false;

  let reportExit: (code: number) => void = () => undefined;
  let reportCrash: (error: Error) => void = () => undefined;
  const exit = new Promise<number>((resolve, reject) => {
    reportExit = resolve;
    reportCrash = reject;
  });
  await page.exposeFunction('codeAutomationExit', (code: number) => reportExit(code));
  // The workbench's log, the extension host's console among it: the suite's
  // report (marked by its prefix) and errors are shown, the rest on request.
  await page.exposeFunction('codeAutomationLog', (type: string, args: unknown[]) => {
    const text = util.format(...args);
    if (text.startsWith(SUITE_LOG_PREFIX)) {
      if (!reportStarted) {
        reportStarted = true;
        console.log(
          `(the workbench ran the suite ${seconds(Date.now() - opened)} s after opening)`,
        );
      }
      console.log(text.slice(SUITE_LOG_PREFIX.length));
    } else if (verbose || (type === 'error' && !/ENOTFOUND open-vsx\.org/.test(text))) {
      console.log(`[workbench ${type}] ${text}`);
    }
  });
  page.on('crash', () => reportCrash(new Error('The workbench page crashed.')));
  page.on('close', () =>
    reportCrash(new Error('The workbench page closed before the suite ended.')),
  );
  if (verbose)
    page.on('console', (message) => console.log(`[browser ${message.type()}] ${message.text()}`));

  const opened = Date.now();
  await page.goto(server.workbenchUrl(workspace, extensionPath, suitePath));
  try {
    return await withDeadline(exit, SUITE_DEADLINE_MS, 'the extension-host suite');
  } catch (error) {
    if (!interrupted) {
      await saveFailureScreenshot(page, 'suite-failure');
      console.error(server.log().slice(-20_000));
    }
    throw error;
  } finally {
    await browser.close();
  }
}

/** Runs a playwright-driven test file (mocha, in this process), which reads `env`. */
async function runWorkbenchTest(file: string, env: Record<string, string>): Promise<number> {
  Object.assign(process.env, env);
  const { default: Mocha } = await import('mocha');
  const mocha = new Mocha({ ui: 'bdd', reporter: 'spec', timeout: 180_000 });
  mocha.addFile(file);
  await mocha.loadFilesAsync();
  return new Promise((resolve) => mocha.run((failures) => resolve(failures === 0 ? 0 : 1)));
}

/** Runs the UI test against a workbench URL. */
async function runUiTest(uiTestFile: string, url: string, workspace: string): Promise<number> {
  // The README's screenshot is refreshed only on request, so a test run leaves the tree clean.
  process.env.EDGEFLOW_UI_SCREENSHOT ??=
    process.env.EDGEFLOW_UPDATE_SCREENSHOT === '1'
      ? path.join(repoRoot, 'images', 'screenshot.png')
      : path.join(repoRoot, '.vscode-test', 'screenshot.png');
  return runWorkbenchTest(uiTestFile, {
    EDGEFLOW_UI_WORKBENCH_URL: url,
    EDGEFLOW_UI_WORKSPACE: workspace,
    EDGEFLOW_UI_REPOSITORY: repoRoot,
  });
}

/** The `node_modules` folders in `dir` or above it, where Node looks for packages. */
function nodeModulesAbove(dir: string): string[] {
  const found: string[] = [];
  for (let current = path.resolve(dir); ; current = path.dirname(current)) {
    if (fs.existsSync(path.join(current, 'node_modules'))) found.push(current);
    if (path.dirname(current) === current) return found;
  }
}

/**
 * A temporary folder with no node_modules above it: an extension installed
 * below one could require() packages from it that the .vsix lacks, and its
 * test would pass for a package that fails for users.
 */
function isolatedTempDir(prefix: string): string {
  const candidates = [...new Set([os.tmpdir(), '/var/tmp', '/dev/shm'])];
  for (const base of candidates) {
    if (!fs.existsSync(base) || nodeModulesAbove(base).length > 0) continue;
    if (base !== os.tmpdir()) {
      const lenders = nodeModulesAbove(os.tmpdir()).map((dir) => path.join(dir, 'node_modules'));
      console.log(
        `(${lenders.join(', ')} would lend packages to an extension below it: using ${base})`,
      );
    }
    const dir = fs.mkdtempSync(path.join(base, prefix));
    cleanups.push(() => fs.rmSync(dir, { recursive: true, force: true }));
    return dir;
  }
  throw new PrerequisiteError(
    `every temporary folder (${candidates.join(', ')}) has a node_modules folder in it or above it; ` +
      'set TMPDIR to a folder without one, so that the installed .vsix can only use what it holds.',
  );
}

/**
 * Builds the .vsix into `file` with the `vsce package` arguments of the
 * `package` script of package.json (only the output file differs), from the
 * dist/ that npm run build made.
 */
function packageVsix(extensionPath: string, file: string): void {
  const manifest = JSON.parse(
    fs.readFileSync(path.join(extensionPath, 'package.json'), 'utf8'),
  ) as {
    scripts?: Record<string, string>;
  };
  const script = manifest.scripts?.package ?? '';
  const command = /vsce (package[^&]*)/.exec(script)?.[1];
  if (!command) {
    throw new PrerequisiteError(`the package script does not run vsce package: ${script}`);
  }
  const args = command.trim().split(/\s+/);
  const out = args.findIndex((arg) => arg === '-o' || arg === '--out');
  if (out >= 0) args.splice(out, 2);
  args.push('--out', file);
  const vsce = path.join(path.dirname(require.resolve('@vscode/vsce/package.json')), 'vsce');
  const result = spawnSync(process.execPath, [vsce, ...args], {
    cwd: extensionPath,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
    timeout: 120_000,
  });
  if (result.status !== 0 || !fs.existsSync(file)) {
    const status = result.error?.message ?? result.signal ?? `exit code ${result.status}`;
    throw new Error(`vsce ${args.join(' ')} failed (${status}):\n${result.stderr}${result.stdout}`);
  }
}

/**
 * The installed-.vsix phase: package, install into a fresh profile with
 * `code-server --install-extension`, serve that profile on a copy of the
 * workspace, and drive the workbench without any extensionDevelopmentPath.
 */
async function runInstalledVsix(binary: string, vsixTest: string): Promise<number> {
  const extensionPath = extensionDevelopmentPath();
  const started = Date.now();
  const root = isolatedTempDir('edgeflow-vsix-');
  const vsix = path.join(root, 'edgeflow.vsix');
  const stateDir = path.join(root, 'code-server');
  const workspace = copyWorkspace(root, 'vsix-workspace');
  console.log(`\n== installed .vsix (no extension under development), workspace ${workspace}`);
  packageVsix(extensionPath, vsix);
  const packaged = Date.now();
  console.log(
    `packaged ${path.basename(vsix)} (${(fs.statSync(vsix).size / 1024).toFixed(1)} KiB) in ${seconds(packaged - started)} s`,
  );
  const installed = await CodeServer.installExtension(binary, vsix, stateDir);
  const installedAt = Date.now();
  console.log(
    `code-server --install-extension put it in ${installed} in ${seconds(installedAt - packaged)} s`,
  );
  const server = await CodeServer.start(binary, workspace, stateDir);
  cleanups.push(() => server.stop());
  syncCleanups.push(() => server.kill());
  const code = await runWorkbenchTest(vsixTest, {
    EDGEFLOW_UI_WORKBENCH_URL: server.workbenchUrl(workspace),
    EDGEFLOW_UI_WORKSPACE: workspace,
    EDGEFLOW_VSIX_EXTENSION: installed,
    EDGEFLOW_UI_REPOSITORY: repoRoot,
  });
  await server.stop();
  if (code !== 0) {
    console.error(server.log().slice(-10_000));
    // The extension host's log says why an extension did not activate.
    const logs = path.join(stateDir, 'user-data', 'logs');
    for (const entry of fs.readdirSync(logs, { recursive: true, encoding: 'utf8' })) {
      if (path.basename(entry) !== 'remoteexthost.log') continue;
      console.error(
        `-- ${entry}:\n${fs.readFileSync(path.join(logs, entry), 'utf8').slice(-10_000)}`,
      );
    }
  }
  console.log(
    `== installed .vsix: exit code ${code} after ${seconds(Date.now() - started)} s ` +
      `(package ${seconds(packaged - started)} s, install ${seconds(installedAt - packaged)} s, ` +
      `code-server and test ${seconds(Date.now() - installedAt)} s)`,
  );
  return code;
}

async function runWithCodeServer(binary: string, tempRoot: string): Promise<number> {
  const extensionPath = extensionDevelopmentPath();
  const { suite, untrustedSuite, uiTest, vsixTest } = compiledTests();
  const suiteWorkspace = copyWorkspace(tempRoot, 'suite-workspace');
  const uiWorkspace = copyWorkspace(tempRoot, 'ui-workspace');

  const server = await CodeServer.start(binary, suiteWorkspace, path.join(tempRoot, 'code-server'));
  cleanups.push(() => server.stop());
  syncCleanups.push(() => server.kill());

  console.log(
    `\n== extension-host suite (VS Code 1.100.3 in code-server), workspace ${suiteWorkspace}`,
  );
  const started = Date.now();
  const suiteCode = await runSuiteInWorkbench(server, suiteWorkspace, extensionPath, suite);
  console.log(
    `== extension-host suite: exit code ${suiteCode} after ${seconds(Date.now() - started)} s`,
  );

  console.log(`\n== UI test (the workbench driven by keyboard), workspace ${uiWorkspace}`);
  const uiStarted = Date.now();
  const uiCode = await runUiTest(
    uiTest,
    server.workbenchUrl(uiWorkspace, extensionPath),
    uiWorkspace,
  );
  console.log(`== UI test: exit code ${uiCode} after ${seconds(Date.now() - uiStarted)} s`);
  // The installed extension gets a code-server of its own.
  await server.stop();
  const vsixCode = await runInstalledVsix(binary, vsixTest);
  const untrustedCode = await runUntrustedSuite(binary, tempRoot, extensionPath, untrustedSuite);
  return [suiteCode, uiCode, vsixCode, untrustedCode].find((code) => code !== 0) ?? 0;
}

/**
 * The restricted-mode phase: code-server without --disable-workspace-trust,
 * on a folder it does not trust, runs the suite of test/vscode/untrusted/.
 */
async function runUntrustedSuite(
  binary: string,
  tempRoot: string,
  extensionPath: string,
  untrustedSuite: string,
): Promise<number> {
  const workspace = copyWorkspace(tempRoot, 'untrusted-workspace');
  const server = await CodeServer.start(
    binary,
    workspace,
    path.join(tempRoot, 'code-server-untrusted'),
    false,
  );
  cleanups.push(() => server.stop());
  syncCleanups.push(() => server.kill());
  console.log(`\n== untrusted-workspace suite (restricted mode), workspace ${workspace}`);
  const started = Date.now();
  const code = await runSuiteInWorkbench(server, workspace, extensionPath, untrustedSuite);
  console.log(
    `== untrusted-workspace suite: exit code ${code} after ${seconds(Date.now() - started)} s`,
  );
  await server.stop();
  return code;
}

async function runWithDesktop(executable: string, tempRoot: string): Promise<number> {
  const extensionPath = extensionDevelopmentPath();
  const { suite, uiTest, vsixTest } = compiledTests();
  const workspace = copyWorkspace(tempRoot, 'suite-workspace');
  const { runTests } = await import('@vscode/test-electron');
  console.log(`\n== extension-host suite (desktop VS Code ${executable}), workspace ${workspace}`);
  let suiteCode: number;
  try {
    suiteCode = await runTests({
      vscodeExecutablePath: executable,
      extensionDevelopmentPath: extensionPath,
      extensionTestsPath: suite,
      // test-electron adds --disable-workspace-trust and the test paths itself.
      launchArgs: [
        workspace,
        '--disable-extensions',
        `--user-data-dir=${path.join(tempRoot, 'user-data')}`,
        `--extensions-dir=${path.join(tempRoot, 'extensions')}`,
      ],
    });
  } catch (error) {
    console.error(error instanceof Error ? error.message : error);
    suiteCode = 1;
  }
  console.log(`== extension-host suite: exit code ${suiteCode}`);

  // The UI test needs a browser-driven workbench: code-server, when it is installed too.
  const codeServer = path.join(
    repoRoot,
    '.vscode-test',
    'code-server',
    'node_modules',
    '.bin',
    'code-server',
  );
  const installed = fs.existsSync(
    path.join(repoRoot, '.vscode-test', 'code-server', '.edgeflow-install-complete'),
  );
  if (!installed || !fs.existsSync('/usr/bin/chromium')) {
    console.log(
      '\n== UI test and installed-.vsix test SKIPPED: they drive a browser workbench, and neither code-server nor Chromium is ' +
        'installed here (desktop VS Code was given). Run without EDGEFLOW_VSCODE_EXECUTABLE on a ' +
        'machine without internet, or install code-server with scripts/vscode/ensure-vscode.mjs, to run them.',
    );
    return suiteCode;
  }
  const uiWorkspace = copyWorkspace(tempRoot, 'ui-workspace');
  const server = await CodeServer.start(
    codeServer,
    uiWorkspace,
    path.join(tempRoot, 'code-server'),
  );
  cleanups.push(() => server.stop());
  syncCleanups.push(() => server.kill());
  console.log(
    `\n== UI test (the workbench driven by keyboard, in code-server), workspace ${uiWorkspace}`,
  );
  const uiCode = await runUiTest(
    uiTest,
    server.workbenchUrl(uiWorkspace, extensionPath),
    uiWorkspace,
  );
  await server.stop();
  const vsixCode = await runInstalledVsix(codeServer, vsixTest);
  return [suiteCode, uiCode, vsixCode].find((code) => code !== 0) ?? 0;
}

async function main(): Promise<number> {
  const resolved = readResolvedVsCode();
  const tempRoot = fs.mkdtempSync(path.join(os.tmpdir(), 'edgeflow-vscode-'));
  cleanups.push(() => fs.rmSync(tempRoot, { recursive: true, force: true }));
  return resolved.kind === 'desktop'
    ? runWithDesktop(resolved.path, tempRoot)
    : runWithCodeServer(resolved.path, tempRoot);
}

let interrupted: NodeJS.Signals | undefined;
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
  process.on(signal, () => {
    if (interrupted) return;
    interrupted = signal;
    console.error(`\n${signal}: stopping code-server and the browser`);
    void cleanUp().finally(() => process.exit(130));
  });
}
process.on('exit', () => syncCleanups.forEach((kill) => kill()));

main()
  .catch((error: unknown) => {
    if (interrupted) return 130;
    if (error instanceof PrerequisiteError) console.error(`test:vscode: ${error.message}`);
    else console.error('test:vscode failed:', error);
    return 1;
  })
  .then(async (code) => {
    // After a signal, its handler cleans up and exits.
    if (interrupted) return;
    await cleanUp();
    console.log(`test:vscode: exit code ${code} after ${seconds(performance.now())} s`);
    process.exit(code);
  });
