import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { MailFlowResult } from '../../../client/src/mailFlow';
import type { TraceMailResult } from '../../../client/src/traceMail';
import {
  codesOf,
  openTopology,
  waitForDiagnostics,
  workspaceFile,
  workspaceFolder,
} from '../suite/support';

/**
 * Restricted mode (package.json `capabilities.untrustedWorkspaces`: limited):
 * the topology is still analysed and mail is traced, but no script is generated.
 */
describe('untrusted workspace', () => {
  it('opens the folder in restricted mode', () => {
    assert.equal(vscode.workspace.isTrusted, false);
  });

  it('still analyses topologies', async () => {
    const uri = workspaceFile('broken.edgeflow.json');
    await openTopology(uri);
    await waitForDiagnostics(uri, 'the errors of broken.edgeflow.json', (all) =>
      codesOf(all).includes('smarthosts-dns-routing'),
    );
  });

  it('refuses to generate scripts, writing nothing', async () => {
    const uri = workspaceFile('contoso.edgeflow.json');
    await openTopology(uri);
    const result = await vscode.commands.executeCommand<unknown>('edgeflow.generateScripts', uri);
    assert.equal(result, undefined, 'the command refuses without a result');
    const scripts = (await vscode.workspace.fs.readDirectory(workspaceFolder()))
      .map(([name]) => name)
      .filter((name) => /^contoso\..*\.ps1$/.test(name));
    assert.deepEqual(scripts, []);
  });

  it('refuses to save the export script, writing nothing', async () => {
    const target = workspaceFile('untrusted-export.ps1');
    const result = await vscode.commands.executeCommand<unknown>(
      'edgeflow.saveExportScript',
      target,
    );
    assert.equal(result, undefined, 'the command refuses without a result');
    const written = (await vscode.workspace.fs.readDirectory(workspaceFolder())).map(
      ([name]) => name,
    );
    assert.ok(!written.includes('untrusted-export.ps1'));
  });

  it('still traces mail, which only reads the topology', async () => {
    await openTopology(workspaceFile('contoso.edgeflow.json'));
    const result = await vscode.commands.executeCommand<TraceMailResult | undefined>(
      'edgeflow.traceMail',
      { from: 'internet', to: 'user@contoso.com' },
    );
    assert.ok(result?.response.ok, JSON.stringify(result?.response));
    assert.match(result.document?.getText() ?? '', /received by 'From Internet'/);
  });

  it('still shows the mail flow and one message on it, which write nothing', async () => {
    await openTopology(workspaceFile('contoso.edgeflow.json'));
    const result = await vscode.commands.executeCommand<MailFlowResult | undefined>(
      'edgeflow.showMailFlow',
      { from: 'internet', to: 'user@contoso.com' },
    );
    assert.ok(result?.response.ok, JSON.stringify(result?.response));
    assert.equal(result.response.message?.ok, true);
    assert.match(result.panel?.webview.html ?? '', /class="arrow receive on-path"/);
    result.panel?.dispose();
  });
});
