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
 * The workbench driven as a user drives it: keyboard shortcuts, Quick Open,
 * the Problems panel, the command palette. Run by runTests.ts (not by the root
 * mocha configuration) against a code-server workbench in which the extension
 * under development is loaded; it reads where from the environment:
 * EDGEFLOW_UI_WORKBENCH_URL, EDGEFLOW_UI_WORKSPACE (a copy of
 * test/vscode/workspace/ that the workbench opened) and EDGEFLOW_UI_SCREENSHOT
 * (where the README's screenshot goes).
 */

const STEP_TIMEOUT_MS = 60_000;

describe('EdgeFlow in the workbench, driven as a user', function () {
  this.timeout(3 * STEP_TIMEOUT_MS);
  let browser: Browser;
  let page: Page;
  let workspace: string;

  before(async () => {
    const url = requiredEnv('EDGEFLOW_UI_WORKBENCH_URL');
    workspace = requiredEnv('EDGEFLOW_UI_WORKSPACE');
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    page.setDefaultTimeout(STEP_TIMEOUT_MS);
    await page.goto(url);
    // The workbench is up when the explorer lists the workspace's files.
    await page
      .locator('.explorer-folders-view .monaco-list-row', { hasText: 'broken.edgeflow.json' })
      .waitFor();
  });

  afterEach(async function () {
    if (this.currentTest?.state === 'failed' && page) {
      await saveFailureScreenshot(page, 'ui-failure');
    }
  });

  after(async () => {
    await browser?.close();
  });

  it('opens broken.edgeflow.json with Quick Open (Ctrl+P)', async () => {
    await quickOpen(page, 'broken.edgeflow.json');
    await page.locator('.editor-instance .monaco-editor .view-lines').waitFor();
  });

  it('lists smarthosts-dns-routing in the Problems panel (Ctrl+Shift+M)', async () => {
    await page.keyboard.press('Control+Shift+M');
    const row = page.locator('.markers-panel .monaco-list-row', {
      hasText: 'smarthosts-dns-routing',
    });
    await row.first().waitFor();
    const rows = await page.locator('.markers-panel .monaco-list-row').allTextContents();
    const text = rows.join('\n');
    assert.match(text, /smarthosts-dns-routing/);
    assert.match(text, /unknown-reference/);
    assert.match(text, /'To Internal Org' has smart hosts/);
    // Selecting the entry reveals the line in the editor, as a click would.
    await row.first().click();
  });

  it("opens a code's documentation at its rule's section from the Problems panel", async () => {
    // The code after the source, `edgeflow(smarthosts-dns-routing)`, is a link.
    const link = page.locator('.markers-panel a', { hasText: /^smarthosts-dns-routing$/ }).first();
    await link.click();
    await page.locator('.tabs-container .tab.active', { hasText: /^RULES\.md/ }).waitFor();
    const editor = page.locator('.editor-instance .monaco-editor').first();
    // The heading is revealed in the editor, and the cursor is on its line.
    await editor.locator('.view-line', { hasText: '## smarthosts-dns-routing' }).waitFor();
    const cursor = await page.locator('.statusbar-item', { hasText: /^Ln \d+, Col \d+/ }).first();
    const position = (await cursor.textContent()) ?? '';
    const rules = fs.readFileSync(
      path.join(requiredEnv('EDGEFLOW_UI_REPOSITORY'), 'RULES.md'),
      'utf8',
    );
    const headingLine =
      rules.split(/\r?\n/).findIndex((line) => line === '## smarthosts-dns-routing') + 1;
    assert.match(position, new RegExp(`^Ln ${headingLine},`));
    await page.screenshot({ path: screenshotBeside('rules-link.png') });
    // Back to the topology for the next steps, as a user would: its tab.
    await page.locator('.tabs-container .tab', { hasText: /^broken\.edgeflow\.json/ }).click();
    await page
      .locator('.tabs-container .tab.active', { hasText: /^broken\.edgeflow\.json/ })
      .waitFor();
  });

  it('underlines both errors in the editor', async () => {
    const editor = page.locator('.editor-instance .monaco-editor');
    const squiggles = editor.locator('.view-overlays .squiggly-error');
    await squiggles.first().waitFor();
    // Line 48 is revealed; scroll down until line 60 (MBX03) shows too, so
    // that both errors are underlined on screen (and in the screenshot).
    await page.mouse.move(700, 300);
    await waitUntil(
      'both error squiggles on screen',
      async () => {
        if ((await squiggles.count()) >= 2) return true;
        await page.mouse.wheel(0, 40);
        return false;
      },
      STEP_TIMEOUT_MS,
      250,
    );
    // The squiggles and the text lines are laid out with the same `top`: read
    // off the lines that carry an error squiggle.
    const topOf = (style: string | null) => /top:\s*(-?[\d.]+)px/.exec(style ?? '')?.[1];
    const squiggleTops = new Set<string | undefined>();
    for (const overlay of await editor.locator('.view-overlays > div:has(.squiggly-error)').all()) {
      squiggleTops.add(topOf(await overlay.getAttribute('style')));
    }
    const underlined: string[] = [];
    for (const line of await editor.locator('.view-lines > .view-line').all()) {
      if (squiggleTops.has(topOf(await line.getAttribute('style')))) {
        underlined.push((await line.textContent()) ?? '');
      }
    }
    const described = JSON.stringify(underlined);
    assert.ok(
      underlined.some((line) => /"dnsRoutingEnabled":\s+true/.test(line)),
      described,
    );
    assert.ok(
      underlined.some((line) => /"sourceTransportServers":.*"MBX03"/.test(line)),
      described,
    );
  });

  it('saves the screenshot the README shows', async () => {
    const file = requiredEnv('EDGEFLOW_UI_SCREENSHOT');
    fs.mkdirSync(path.dirname(file), { recursive: true });
    // The text cursor and the hover of the click would only add noise.
    await page.mouse.move(1270, 790);
    await page.screenshot({ path: file });
    assert.ok(fs.statSync(file).size > 10_000, `${file} is a real screenshot`);
  });

  it('runs "EdgeFlow: Generate Connector Scripts" from the command palette', async () => {
    await quickOpen(page, 'contoso.edgeflow.json');
    await runFromPalette(page, 'EdgeFlow: Generate Connector Scripts');
    const scripts = ['contoso.EDGE01.edge.ps1', 'contoso.mailbox.ps1'].map((name) =>
      path.join(workspace, name),
    );
    await waitUntil(
      `${scripts.map((s) => path.basename(s)).join(' and ')} to be written`,
      () => scripts.every((script) => fs.existsSync(script)),
      STEP_TIMEOUT_MS,
    );
    const toast = page.locator('.notifications-toasts .notification-toast', {
      hasText: /script/i,
    });
    await toast.first().waitFor();
  });

  it('offers "Generate Connector Scripts" as a button in the editor title, which generates', async () => {
    const scripts = ['contoso.EDGE01.verify.ps1', 'contoso.mailbox.ps1'].map((name) =>
      path.join(workspace, name),
    );
    for (const script of scripts) fs.rmSync(script, { force: true });
    // The topology is open in a tab since the previous test: a user clicks that tab.
    await page.locator('.tabs-container .tab', { hasText: /^contoso\.edgeflow\.json/ }).click();
    await page
      .locator('.tabs-container .tab.active', { hasText: /^contoso\.edgeflow\.json/ })
      .waitFor();
    const generate = generateButton(page);
    await generate.waitFor();
    await page.screenshot({ path: screenshotBeside('editor-title-button.png') });
    await generate.click();
    await waitUntil(
      'the scripts to be written by the title button',
      () => scripts.every((script) => fs.existsSync(script)),
      STEP_TIMEOUT_MS,
    );
  });

  it('offers both generation commands in the explorer context menu of a topology', async () => {
    const row = page.locator('.explorer-folders-view .monaco-list-row', {
      hasText: 'contoso.edgeflow.json',
    });
    await row.first().click({ button: 'right' });
    const menu = page.locator('.context-view .monaco-menu');
    await menu.waitFor();
    const items = await menu.locator('.action-label').allTextContents();
    await page.screenshot({ path: screenshotBeside('explorer-context-menu.png') });
    await page.keyboard.press('Escape');
    assert.ok(items.includes('Generate Connector Scripts'), JSON.stringify(items));
    assert.ok(items.includes('Generate Verification Scripts'), JSON.stringify(items));
  });

  it("shows a topology's language status: the server running, the file's problems, settings", async () => {
    await page.locator('.tabs-container .tab', { hasText: /^broken\.edgeflow\.json/ }).click();
    const text = await languageStatusText(page);
    await page.screenshot({ path: screenshotBeside('language-status.png') });
    assert.match(text, /EdgeFlow: 2 errors, 1 note/);
    assert.match(text, /server running/);
    assert.match(text, /Settings/);
    await page.mouse.move(1270, 790);
  });

  it('opens the "Get started with EdgeFlow" walkthrough with its five steps', async () => {
    const text = await openEdgeFlowWalkthrough(page);
    await page.screenshot({ path: screenshotBeside('walkthrough.png') });
    for (const step of WALKTHROUGH_STEPS)
      assert.ok(text.includes(step), `the walkthrough shows '${step}'`);
  });

  it('shows the mail flow beside the topology; choosing a connector reveals it in the editor', async () => {
    await quickOpen(page, 'contoso.edgeflow.json');
    await runFromPalette(page, 'EdgeFlow: Show Mail Flow');
    const view = page.frameLocator('iframe.webview.ready').last().frameLocator('#active-frame');
    const svg = view.locator('.diagram svg');
    await svg.waitFor();
    const drawn = (await svg.textContent()) ?? '';
    for (const name of ['EDGE01', 'MBX01', 'MBX02', 'To Internal Org', 'From Internet'])
      assert.ok(drawn.includes(name), `the diagram shows ${name}`);
    await page.screenshot({ path: screenshotBeside('mail-flow.png') });
    // The text alternative lists each connection as a button; choosing one reveals its connector.
    await view.locator('ul.connections button', { hasText: 'To Internal Org' }).first().click();
    await page
      .locator('.tabs-container .tab.active', { hasText: /^contoso\.edgeflow\.json/ })
      .waitFor();
    const cursor = page.locator('.statusbar-item', {
      hasText: /^Ln \d+, Col \d+ \(\d+ selected\)/,
    });
    await cursor.first().waitFor();
    const line = Number(/^Ln (\d+)/.exec((await cursor.first().textContent()) ?? '')?.[1]);
    const lines = fs
      .readFileSync(path.join(workspace, 'contoso.edgeflow.json'), 'utf8')
      .split('\n');
    const nameLine = lines.findIndex((l) => l.includes('"name": "To Internal Org"')) + 1;
    // The selection is the connector's object: it ends within the lines after its name.
    assert.ok(
      line >= nameLine && line <= nameLine + 12,
      `Ln ${line}, the connector at ${nameLine}`,
    );
  });

  it('follows one message through the picture; clicking an arrow reveals its connector', async () => {
    const view = page.frameLocator('iframe.webview.ready').last().frameLocator('#active-frame');
    await view.locator('#message-from').selectOption('internet');
    await view.locator('#message-to').fill('user@contoso.com');
    await view.locator('#message-show').click();
    // The page is drawn anew with the message's paths, in words and in the picture.
    const summary = view.locator('.paths li.ok');
    await summary.waitFor();
    assert.match(
      (await summary.textContent()) ?? '',
      /^ok: the internet → user@contoso\.com \(Authoritative\), needs delivered: 2 paths$/,
    );
    const lit = view.locator('.diagram svg g.arrow.on-path .name');
    await lit.first().waitFor();
    assert.deepEqual((await lit.allTextContents()).sort(), ['From Internet', 'To Internal Org']);
    assert.equal(await view.locator('.diagram svg g.arrow.off-path').count(), 3);
    await page.screenshot({ path: screenshotBeside('mail-flow-message.png') });

    // A shape of the picture itself, not the list: the label of the "To Edge" arrow.
    await view
      .locator('.diagram svg g.arrow', { has: view.locator('text.name', { hasText: /^To Edge$/ }) })
      .locator('text.name')
      .click();
    const cursor = page.locator('.statusbar-item', {
      hasText: /^Ln \d+, Col \d+ \(\d+ selected\)/,
    });
    const lines = fs
      .readFileSync(path.join(workspace, 'contoso.edgeflow.json'), 'utf8')
      .split('\n');
    const nameLine = lines.findIndex((l) => l.includes('"name": "To Edge"')) + 1;
    await waitUntil(
      `the selection to move to the "To Edge" connector (line ${nameLine})`,
      async () => {
        const text =
          (await cursor
            .first()
            .textContent()
            .catch(() => '')) ?? '';
        const line = Number(/^Ln (\d+)/.exec(text)?.[1]);
        return line >= nameLine && line <= nameLine + 12;
      },
      STEP_TIMEOUT_MS,
    );

    // Clear: every shape as it was.
    await view.locator('#message-clear').click();
    await waitUntil(
      'the paths to leave the page',
      async () => (await view.locator('.paths li').count()) === 0,
      STEP_TIMEOUT_MS,
    );
    assert.equal(await view.locator('.diagram svg .on-path, .diagram svg .off-path').count(), 0);
  });
});

/** A screenshot for review, under the repository's .vscode-test/ (the README's is images/ or there). */
function screenshotBeside(name: string): string {
  const dir = path.join(requiredEnv('EDGEFLOW_UI_REPOSITORY'), '.vscode-test');
  fs.mkdirSync(dir, { recursive: true });
  return path.join(dir, name);
}
