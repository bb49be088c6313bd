import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as util from 'node:util';
import type { Page } from 'playwright-core';
import { CodeServer, launchChromium, SUITE_LOG_PREFIX } from './codeServer';

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
 *   second workbench window as a user would.
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

function compiledTests(): { suite: string; uiTest: string } {
  const suite = path.join(repoRoot, 'out', 'test', 'vscode', 'suite');
  const uiTest = path.join(repoRoot, 'out', 'test', 'vscode', 'ui.test.js');
  for (const file of [path.join(suite, 'index.js'), uiTest]) {
    if (!fs.existsSync(file)) {
      throw new PrerequisiteError(
        `${path.relative(repoRoot, file)} is missing: run npm run compile.`,
      );
    }
  }
  return { suite, uiTest };
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

async function saveFailureScreenshot(page: Page, name: string): Promise<void> {
  const file = path.join(repoRoot, '.vscode-test', `${name}.png`);
  try {
    await page.screenshot({ path: file, timeout: 10_000 });
    console.error(`screenshot of the failing workbench: ${path.relative(repoRoot, file)}`);
  } catch {
    // The page is gone; the log says why.
  }
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

/** Runs the playwright-driven UI test (mocha, in this process) against a workbench URL. */
async function runUiTest(uiTestFile: string, url: string, workspace: string): Promise<number> {
  process.env.EDGEFLOW_UI_WORKBENCH_URL = url;
  process.env.EDGEFLOW_UI_WORKSPACE = workspace;
  process.env.EDGEFLOW_UI_SCREENSHOT ??= path.join(repoRoot, 'docs', 'screenshot.png');
  const { default: Mocha } = await import('mocha');
  const mocha = new Mocha({ ui: 'bdd', reporter: 'spec', timeout: 180_000 });
  mocha.addFile(uiTestFile);
  await mocha.loadFilesAsync();
  return new Promise((resolve) => mocha.run((failures) => resolve(failures === 0 ? 0 : 1)));
}

async function runWithCodeServer(binary: string, tempRoot: string): Promise<number> {
  const extensionPath = extensionDevelopmentPath();
  const { suite, uiTest } = compiledTests();
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
  return suiteCode !== 0 ? suiteCode : uiCode;
}

async function runWithDesktop(executable: string, tempRoot: string): Promise<number> {
  const extensionPath = extensionDevelopmentPath();
  const { suite, uiTest } = compiledTests();
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
      '\n== UI test SKIPPED: it drives a browser workbench, and neither code-server nor Chromium is ' +
        'installed here (desktop VS Code was given). Run without EDGEFLOW_VSCODE_EXECUTABLE on a ' +
        'machine without internet, or install code-server with scripts/vscode/ensure-vscode.mjs, to run it.',
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
  return suiteCode !== 0 ? suiteCode : uiCode;
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
