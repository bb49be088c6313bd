import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { MailFlowResult } from '../../../client/src/mailFlow';
import { openTopology, workspaceFile } from './support';

/** "EdgeFlow: Show Mail Flow" on the reference, against the real language server. */
describe('EdgeFlow: Show Mail Flow', () => {
  it('opens the diagram of the reference beside it, every server and connector listed', async () => {
    const topology = await openTopology(workspaceFile('contoso.edgeflow.json'));
    const result = await vscode.commands.executeCommand<MailFlowResult | undefined>(
      'edgeflow.showMailFlow',
    );
    assert.ok(result?.response.ok, `a diagram: ${JSON.stringify(result?.response)}`);
    assert.ok(result.panel?.visible, 'the panel is shown');
    assert.equal(result.panel.title, 'Mail Flow: contoso.edgeflow.json');
    assert.match(result.response.svg, /^<svg /);
    const titles = result.response.nodes.map((n) => n.text);
    for (const server of ['edge EDGE01', 'mailbox MBX01', 'mailbox MBX02'])
      assert.ok(titles.includes(server), `${server} in ${titles.join(', ')}`);
    assert.equal(result.response.connections.length, 5);
    const html = result.panel.webview.html;
    assert.match(html, /Content-Security-Policy" content="default-src 'none'/);
    assert.match(html, /To Internal Org/);
    assert.ok(
      vscode.window.visibleTextEditors.some((e) => e.document === topology.document),
      'the topology is still visible',
    );
    result.panel.dispose();
  });

  it('with a sender and a recipient, shows the paths of that message in the picture and in words', async () => {
    await openTopology(workspaceFile('contoso.edgeflow.json'));
    const result = await vscode.commands.executeCommand<MailFlowResult | undefined>(
      'edgeflow.showMailFlow',
      { from: 'internet', to: 'user@contoso.com' },
    );
    assert.ok(result?.response.ok, `a diagram: ${JSON.stringify(result?.response)}`);
    assert.equal(result.response.message?.ok, true);
    assert.ok((result.response.message?.onPath.length ?? 0) > 0);
    const html = result.panel?.webview.html ?? '';
    assert.match(
      html,
      /ok: the internet → user@contoso\.com \(Authoritative\), needs delivered: 2 paths/,
    );
    assert.match(html, /class="arrow receive on-path"/);
    assert.match(html, /<option value="internet" selected>the internet<\/option>/);
    result.panel?.dispose();
  });
});
