import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import {
  generateButton,
  languageStatusText,
  launchChromium,
  openEdgeFlowWalkthrough,
  quickOpen,
  requiredEnv,
  runFromPalette,
  saveFailureScreenshot,
  waitUntil,
  WALKTHROUGH_STEPS,
} from './codeServer';

/**
 * The extension as a user gets it: the .vsix that `npm run package` builds,
 * installed with `code-server --install-extension` into an empty extensions
 * folder, in a workbench opened without any extensionDevelopmentPath. Nothing
 * but the .vsix is there, so the diagnostics prove that the packaged client
 * activated and started the packaged server, and the scripts that the packaged
 * generator wrote. Run by runTests.ts, which sets EDGEFLOW_UI_WORKBENCH_URL,
 * EDGEFLOW_UI_WORKSPACE (a copy of test/vscode/workspace/ that the workbench
 * opened) and EDGEFLOW_VSIX_EXTENSION (the folder the .vsix was installed into).
 */

const STEP_TIMEOUT_MS = 60_000;

/** The `node_modules` folders that Node would search for a require() from `dir`. */
function nodeModulesFrom(dir: string): string[] {
  const found: string[] = [];
  for (let current = dir; ; current = path.dirname(current)) {
    const candidate = path.join(current, 'node_modules');
    if (fs.existsSync(candidate)) found.push(candidate);
    if (path.dirname(current) === current) return found;
  }
}

/** Every file below `dir`, relative to it. */
function filesBelow(dir: string): string[] {
  return fs
    .readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => !entry.isDirectory())
    .map((entry) => path.relative(dir, path.join(entry.parentPath, entry.name)));
}

describe('EdgeFlow installed from its .vsix, as a user installs it', function () {
  this.timeout(3 * STEP_TIMEOUT_MS);
  let browser: Browser;
  let page: Page;
  let workspace: string;

  before(async () => {
    const url = requiredEnv('EDGEFLOW_UI_WORKBENCH_URL');
    workspace = requiredEnv('EDGEFLOW_UI_WORKSPACE');
    assert.doesNotMatch(url, /payload|extensionDevelopmentPath/, 'no extension under development');
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    page.setDefaultTimeout(STEP_TIMEOUT_MS);
    await page.goto(url);
    await page
      .locator('.explorer-folders-view .monaco-list-row', { hasText: 'broken.edgeflow.json' })
      .waitFor();
  });

  afterEach(async function () {
    if (this.currentTest?.state === 'failed' && page) {
      await saveFailureScreenshot(page, 'installed-vsix-failure');
    }
  });

  after(async () => {
    await browser?.close();
  });

  it('is installed from the .vsix: the bundles, no node_modules in it or above it', () => {
    const installed = requiredEnv('EDGEFLOW_VSIX_EXTENSION');
    const files = filesBelow(installed);
    for (const file of ['.vsixmanifest', 'package.json', 'dist/extension.js', 'dist/server.js']) {
      assert.ok(files.includes(file), `${installed} holds ${file}: ${files.join(', ')}`);
    }
    const modules = files.filter((file) => file.split(path.sep).includes('node_modules'));
    assert.deepEqual(modules, [], 'the .vsix carries no node_modules');
    // Otherwise a bundle that require()s a package would find it there.
    assert.deepEqual(nodeModulesFrom(path.join(installed, 'dist')), []);
  });

  it('reports smarthosts-dns-routing and unknown-reference for broken.edgeflow.json', async () => {
    await quickOpen(page, 'broken.edgeflow.json');
    await page.keyboard.press('Control+Shift+M');
    const rows = page.locator('.markers-panel .monaco-list-row');
    for (const code of ['smarthosts-dns-routing', 'unknown-reference']) {
      await rows.filter({ hasText: code }).first().waitFor();
    }
    const text = (await rows.allTextContents()).join('\n');
    assert.match(text, /'To Internal Org' has smart hosts/);
  });

  it('writes the four contoso scripts with "EdgeFlow: Generate Connector Scripts"', async () => {
    await quickOpen(page, 'contoso.edgeflow.json');
    await runFromPalette(page, 'EdgeFlow: Generate Connector Scripts');
    const scripts = [
      'contoso.EDGE01.edge.ps1',
      'contoso.EDGE01.verify.ps1',
      'contoso.mailbox.ps1',
      'contoso.mailbox.verify.ps1',
    ].map((name) => path.join(workspace, name));
    await waitUntil(
      `${scripts.map((script) => path.basename(script)).join(', ')} to be written`,
      () => scripts.every((script) => fs.existsSync(script)),
      STEP_TIMEOUT_MS,
    );
    for (const script of scripts) {
      assert.match(fs.readFileSync(script, 'utf8'), /^\uFEFF?# EdgeFlow-Content-Hash: \S+/);
    }
    assert.match(fs.readFileSync(scripts[0] as string, 'utf8'), /New-SendConnector/);
    // The command ends by opening the first script: wait for it, so that it does not take the
    // focus from what the next test opens.
    await page
      .locator('.tabs-container .tab.active', { hasText: 'contoso.EDGE01.edge.ps1' })
      .waitFor();
  });

  it('shows the title-bar button and the language status of a topology', async () => {
    await quickOpen(page, 'broken.edgeflow.json');
    await generateButton(page).waitFor();
    const status = await languageStatusText(page);
    await page.screenshot({ path: screenshot('installed-status-and-button.png') });
    assert.match(status, /EdgeFlow: 2 errors, 1 note/);
    await page.mouse.move(1270, 790);
  });

  it('shows the walkthrough with its five steps', async () => {
    const text = await openEdgeFlowWalkthrough(page);
    await page.screenshot({ path: screenshot('installed-walkthrough.png') });
    for (const step of WALKTHROUGH_STEPS) assert.ok(text.includes(step), step);
  });

  it("shows the extension's page, its screenshot loaded and every section there", async () => {
    await page.keyboard.press('Control+Shift+X');
    const search = page.locator('.extensions-viewlet .suggest-input-container');
    await search.click();
    await page.keyboard.type('@installed EdgeFlow');
    await page
      .locator('.extensions-viewlet .monaco-list-row', { hasText: 'EdgeFlow' })
      .first()
      .click();
    // The page is a webview, laid over the editor from the workbench's overlay: an iframe
    // holding the active frame with the readme.
    const readme = page.frameLocator('iframe.webview.ready').first().frameLocator('#active-frame');
    await readme.locator('h1', { hasText: 'EdgeFlow for VS Code' }).waitFor();
    const headings = await readme.locator('h2').allTextContents();
    for (const heading of ['Getting started', 'Commands', 'Settings', 'The rules'])
      assert.ok(headings.includes(heading), `the page has '${heading}': ${headings.join(', ')}`);
    const image = readme.locator('img').first();
    await image.waitFor();
    // A user scrolls to it (and an image may load only once it is near the view).
    await image.scrollIntoViewIfNeeded();
    const state = () =>
      image.evaluate((img) => {
        const loaded = img as unknown as { currentSrc: string; naturalWidth: number };
        return `${loaded.currentSrc.slice(0, 40)}… (${loaded.naturalWidth} px wide)`;
      });
    console.log(`      the page's screenshot: ${await state()}`);
    await waitUntil(
      'the screenshot on the page to load',
      // Evaluated in the page: an <img> has `complete` and `naturalWidth` (no DOM types here).
      () =>
        image.evaluate((img) => {
          const loaded = img as unknown as { complete: boolean; naturalWidth: number };
          return loaded.complete && loaded.naturalWidth > 0;
        }),
      STEP_TIMEOUT_MS,
    );
    await page.screenshot({ path: screenshot('installed-extension-page.png') });
  });

  it('reports its activation time, as VS Code measures it (Developer: Show Running Extensions)', async () => {
    await runFromPalette(page, 'Developer: Show Running Extensions');
    const row = page.locator('.runtime-extensions-editor .monaco-list-row', {
      hasText: 'EdgeFlow',
    });
    await row.first().waitFor();
    const text = (await row.first().textContent()) ?? '';
    await page.screenshot({ path: screenshot('installed-running-extensions.png') });
    const activation = /(\d+)\s*ms/.exec(text)?.[1];
    assert.ok(activation, `an activation time in '${text}'`);
    // A figure for BENCHMARKS.md, not an assertion on speed.
    console.log(`      EdgeFlow activation, as VS Code measured it: ${activation} ms`);
  });
});

/** A screenshot for review under the repository's .vscode-test/. */
function screenshot(name: string): string {
  const dir = path.join(requiredEnv('EDGEFLOW_UI_REPOSITORY'), '.vscode-test');
  fs.mkdirSync(dir, { recursive: true });
  return path.join(dir, name);
}
