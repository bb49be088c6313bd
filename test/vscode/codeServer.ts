import { spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as net from 'node:net';
import * as path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';

/**
 * code-server 4.100.3 (VS Code 1.100.3) as the VS Code of the extension tests
 * on machines that cannot download desktop VS Code, and Debian's Chromium as
 * its window. See ../shared/notes/real-vscode-offline.md.
 */

export const CHROMIUM = '/usr/bin/chromium';

/** The repository, from out/test/vscode/ where this file runs. */
const REPO_ROOT = path.resolve(__dirname, '..', '..', '..');

/**
 * Marks the suite's report among the workbench's log lines: the extension
 * host inherits it from code-server's environment (see suite/index.ts).
 */
export const SUITE_LOG_PREFIX = '[edgeflow-suite] ';

/** The flags that let Chromium run as root on a machine with a closed network. */
const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** The user settings of the test profile: nothing on screen but what the tests open. */
const USER_SETTINGS = {
  'workbench.startupEditor': 'none',
  'workbench.tips.enabled': false,
  'workbench.enableExperiments': false,
  'security.workspace.trust.enabled': false,
  'extensions.ignoreRecommendations': true,
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'update.mode': 'none',
  'telemetry.telemetryLevel': 'off',
  'git.enabled': false,
  'chat.disableAIFeatures': true,
  'editor.stickyScroll.enabled': false,
};

/** With these, a folder opens in restricted mode, without asking whether to trust it. */
const RESTRICTED_SETTINGS = {
  'security.workspace.trust.enabled': true,
  'security.workspace.trust.startupPrompt': 'never',
  'security.workspace.trust.emptyWindow': false,
};

export function launchChromium(): Promise<Browser> {
  if (!fs.existsSync(CHROMIUM)) {
    throw new Error(
      `${CHROMIUM} is missing: run node scripts/vscode/ensure-vscode.mjs (as root it installs Debian's chromium).`,
    );
  }
  // The runner handles the signals itself, stopping code-server and the browser in order.
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: CHROMIUM_ARGS,
    handleSIGINT: false,
    handleSIGTERM: false,
    handleSIGHUP: false,
  });
}

/** A variable that runTests.ts sets for the workbench tests it runs. */
export function requiredEnv(name: string): string {
  const value = process.env[name];
  if (!value)
    throw new Error(`${name} is not set: run this test through out/test/vscode/runTests.js.`);
  return value;
}

/** Saves what the workbench shows to .vscode-test/<name>.png, when the page is still there. */
export async function saveFailureScreenshot(page: Page, name: string): Promise<void> {
  const file = path.join(REPO_ROOT, '.vscode-test', `${name}.png`);
  try {
    await page.screenshot({ path: file, timeout: 10_000 });
    console.error(`screenshot of the failing workbench: ${path.relative(REPO_ROOT, file)}`);
  } catch {
    // The page is gone; the log says why.
  }
}

/** Quick Open (Ctrl+P): types the file name and opens the match. */
export async function quickOpen(page: Page, fileName: string): Promise<void> {
  // A file open in a tab is brought forward by its tab, as a user would (Quick Open then lists
  // the open editor and the file apart, and the active tab does not always follow).
  const tab = page.locator('.tabs-container .tab', { hasText: fileName });
  if ((await tab.count()) > 0) {
    await tab.first().click();
    await page.locator('.tabs-container .tab.active', { hasText: fileName }).waitFor();
    return;
  }
  await page.keyboard.press('Control+P');
  const input = page.locator('.quick-input-widget .quick-input-box input');
  await input.waitFor();
  await page.keyboard.type(fileName);
  await page.locator('.quick-input-list .monaco-list-row', { hasText: fileName }).first().waitFor();
  await page.keyboard.press('Enter');
  await page.locator('.tabs-container .tab.active', { hasText: fileName }).waitFor();
  await page.locator('.quick-input-widget').waitFor({ state: 'hidden' });
}

/** The command palette (Ctrl+Shift+P): types a command title and runs it. */
export async function runFromPalette(page: Page, title: string): Promise<void> {
  await page.keyboard.press('Control+Shift+P');
  await page.locator('.quick-input-widget .quick-input-box input').waitFor();
  await page.keyboard.type(title);
  await page.locator('.quick-input-list .monaco-list-row.focused', { hasText: title }).waitFor();
  await page.keyboard.press('Enter');
  await page.locator('.quick-input-widget').waitFor({ state: 'hidden' });
}

/** Opens the EdgeFlow walkthrough as a user does (Welcome: Open Walkthrough...); returns its text. */
export async function openEdgeFlowWalkthrough(page: Page): Promise<string> {
  await page.keyboard.press('Control+Shift+P');
  await page.locator('.quick-input-widget .quick-input-box input').waitFor();
  await page.keyboard.type('Welcome: Open Walkthrough');
  await page
    .locator('.quick-input-list .monaco-list-row.focused', { hasText: 'Open Walkthrough' })
    .waitFor();
  await page.keyboard.press('Enter');
  await page
    .locator('.quick-input-list .monaco-list-row', { hasText: 'Get started with EdgeFlow' })
    .click();
  const walkthrough = page.locator('.gettingStartedContainer');
  await walkthrough.locator('h2', { hasText: 'Get started with EdgeFlow' }).first().waitFor();
  return (await walkthrough.textContent()) ?? '';
}

/** The five steps the walkthrough must show. */
export const WALKTHROUGH_STEPS = [
  'Create a topology',
  'See and fix problems',
  'Trace a message',
  'Generate the scripts',
  'Run them, then verify',
];

/** Hovers the `{}` language status of the active editor; returns the hover's text. */
export async function languageStatusText(page: Page): Promise<string> {
  const status = page.locator('.statusbar-item[id="status.languageStatus"]');
  await status.waitFor();
  await status.hover();
  const hover = page.locator('.monaco-hover', { hasText: 'EdgeFlow:' });
  await hover.first().waitFor();
  return (await hover.first().textContent()) ?? '';
}

/** The editor-title button of "Generate Connector Scripts". */
export function generateButton(page: Page) {
  return page
    .locator('.editor-actions .action-label[aria-label="Generate Connector Scripts"]')
    .first();
}

/** Polls until `probe` is true; fails with `description` after `timeoutMs`. */
export async function waitUntil(
  description: string,
  probe: () => boolean | Promise<boolean>,
  timeoutMs: number,
  intervalMs = 100,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await probe())) {
    if (Date.now() > deadline)
      throw new Error(`Timed out after ${timeoutMs} ms waiting for ${description}.`);
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

function answers(url: string): Promise<boolean> {
  return new Promise((resolve) => {
    const request = http.get(url, { timeout: 2000 }, (response) => {
      response.resume();
      resolve(response.statusCode === 200);
    });
    request.on('timeout', () => request.destroy());
    request.on('error', () => resolve(false));
  });
}

/** One code-server process, bound to 127.0.0.1 on a free port, with its own profile. */
export class CodeServer {
  private output = '';
  private exited: string | undefined;

  private constructor(
    private readonly child: ChildProcess,
    readonly port: number,
  ) {
    const keep = (chunk: Buffer) => {
      this.output += chunk.toString();
      if (this.output.length > 200_000) this.output = this.output.slice(-100_000);
    };
    child.stdout?.on('data', keep);
    child.stderr?.on('data', keep);
    child.on('exit', (code, signal) => {
      this.exited = signal ?? `exit code ${code}`;
    });
  }

  /**
   * Starts code-server on `folder` with a fresh profile under `stateDir`, and
   * waits (with a deadline) until it answers on /healthz.
   */
  static async start(
    binary: string,
    folder: string,
    stateDir: string,
    trusted = true,
  ): Promise<CodeServer> {
    const { userDataDir, extensionsDir } = CodeServer.profile(binary, stateDir, trusted);
    const port = await freePort();
    const args = [
      '--auth',
      'none',
      '--bind-addr',
      `127.0.0.1:${port}`,
      '--disable-telemetry',
      '--disable-update-check',
      ...(trusted ? ['--disable-workspace-trust'] : []),
      '--extensions-dir',
      extensionsDir,
      '--user-data-dir',
      userDataDir,
      folder,
    ];
    // Its own process group, so that stopping it also stops the extension
    // host, the pty host and the file watcher it starts.
    const child = spawn(binary, args, {
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, EDGEFLOW_VSCODE_LOG_PREFIX: SUITE_LOG_PREFIX },
    });
    const server = new CodeServer(child, port);
    const started = Date.now();
    try {
      await waitUntil(
        `code-server to answer on 127.0.0.1:${port}`,
        async () => {
          if (server.exited)
            throw new Error(`code-server stopped (${server.exited}):\n${server.output}`);
          return answers(`http://127.0.0.1:${port}/healthz`);
        },
        60_000,
      );
    } catch (error) {
      await server.stop();
      throw error;
    }
    console.log(`code-server answered on 127.0.0.1:${port} after ${Date.now() - started} ms`);
    return server;
  }

  /**
   * The fresh profile under `stateDir` (created when missing): the user data,
   * with the test settings, and the extensions folder.
   */
  private static profile(
    binary: string,
    stateDir: string,
    trusted = true,
  ): { userDataDir: string; extensionsDir: string } {
    if (!fs.existsSync(binary)) {
      throw new Error(`${binary} is missing: run node scripts/vscode/ensure-vscode.mjs first.`);
    }
    const userDataDir = path.join(stateDir, 'user-data');
    const extensionsDir = path.join(stateDir, 'extensions');
    fs.mkdirSync(path.join(userDataDir, 'User'), { recursive: true });
    fs.mkdirSync(extensionsDir, { recursive: true });
    fs.writeFileSync(
      path.join(userDataDir, 'User', 'settings.json'),
      JSON.stringify(
        trusted ? USER_SETTINGS : { ...USER_SETTINGS, ...RESTRICTED_SETTINGS },
        null,
        2,
      ),
    );
    return { userDataDir, extensionsDir };
  }

  /**
   * Installs `vsix` into the profile under `stateDir` as a user does, with
   * `code-server --install-extension`, before start() serves that profile.
   * Returns the folder it was installed into.
   */
  static async installExtension(binary: string, vsix: string, stateDir: string): Promise<string> {
    const { userDataDir, extensionsDir } = CodeServer.profile(binary, stateDir);
    const args = [
      '--install-extension',
      vsix,
      '--force',
      '--extensions-dir',
      extensionsDir,
      '--user-data-dir',
      userDataDir,
    ];
    // Its own process group, stopped at the deadline or when this process exits.
    const child = spawn(binary, args, { detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
    const killGroup = () => {
      try {
        if (child.pid !== undefined) process.kill(-child.pid, 'SIGKILL');
      } catch {
        // Gone.
      }
    };
    process.on('exit', killGroup);
    let output = '';
    child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const timer = setTimeout(killGroup, 60_000);
    try {
      const status = await new Promise<string>((resolve, reject) => {
        child.on('error', reject);
        child.on('exit', (code, signal) => resolve(signal ?? `exit code ${code}`));
      });
      if (status !== 'exit code 0' || !/successfully installed/i.test(output)) {
        throw new Error(`code-server ${args.join(' ')} failed (${status}):\n${output}`);
      }
    } finally {
      clearTimeout(timer);
      killGroup();
      process.off('exit', killGroup);
    }
    const manifest = JSON.parse(
      fs.readFileSync(path.join(extensionsDir, 'extensions.json'), 'utf8'),
    ) as {
      relativeLocation: string;
    }[];
    const installed = manifest.map((entry) => path.join(extensionsDir, entry.relativeLocation));
    if (installed.length !== 1) {
      throw new Error(
        `${extensionsDir} holds ${installed.length} extensions, not the one installed.`,
      );
    }
    return installed[0] as string;
  }

  /**
   * The workbench URL for `folder`. With `extensionPath`, a payload makes the
   * workbench load that extension under development and, when given, run the
   * tests at `testsPath`; without, it runs the extensions installed in the profile.
   */
  workbenchUrl(folder: string, extensionPath?: string, testsPath?: string): string {
    const url = `http://127.0.0.1:${this.port}/?folder=${encodeURIComponent(folder)}`;
    if (!extensionPath) return url;
    const remote = `vscode-remote://127.0.0.1:${this.port}`;
    const payload: [string, string][] = [['extensionDevelopmentPath', remote + extensionPath]];
    if (testsPath) payload.push(['extensionTestsPath', remote + testsPath]);
    return `${url}&payload=${encodeURIComponent(JSON.stringify(payload))}`;
  }

  /** What code-server printed (the extension host's errors among it). */
  log(): string {
    return this.output;
  }

  /** Stops the whole process group: SIGTERM, then SIGKILL after a few seconds. */
  async stop(): Promise<void> {
    if (this.exited || this.child.pid === undefined) return;
    const group = -this.child.pid;
    const exited = new Promise<void>((resolve) => this.child.once('exit', () => resolve()));
    try {
      process.kill(group, 'SIGTERM');
    } catch {
      return;
    }
    const timer = new Promise<'timeout'>((resolve) => setTimeout(() => resolve('timeout'), 5000));
    if ((await Promise.race([exited, timer])) === 'timeout') this.kill();
    // Whatever the group left behind (a watcher, the extension host) goes too.
    try {
      process.kill(group, 'SIGKILL');
    } catch {
      // The group is gone.
    }
  }

  /** Synchronous last resort, for process exit. */
  kill(): void {
    if (this.child.pid === undefined) return;
    try {
      process.kill(-this.child.pid, 'SIGKILL');
    } catch {
      // Already gone.
    }
  }
}
