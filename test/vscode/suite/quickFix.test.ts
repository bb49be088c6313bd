import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { codeOf, codesOf, copyWorkspaceFile, openTopology, waitForDiagnostics } from './support';

describe('quick fixes', () => {
  it('repairs smarthosts-dns-routing through executeCodeActionProvider and applyEdit', async () => {
    const uri = await copyWorkspaceFile('broken.edgeflow.json', 'quickfix.edgeflow.json');
    const { document } = await openTopology(uri);
    const diagnostics = await waitForDiagnostics(uri, 'smarthosts-dns-routing', (all) =>
      codesOf(all).includes('smarthosts-dns-routing'),
    );
    const diagnostic = diagnostics.find((d) => codeOf(d) === 'smarthosts-dns-routing');
    assert.ok(diagnostic);

    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>(
      'vscode.executeCodeActionProvider',
      uri,
      diagnostic.range,
      vscode.CodeActionKind.QuickFix.value,
    );
    const titles = actions.map((action) => action.title);
    const fix = actions.find(
      (action) =>
        vscode.CodeActionKind.QuickFix.contains(action.kind ?? vscode.CodeActionKind.Empty) &&
        /dnsRoutingEnabled/.test(action.title),
    );
    assert.ok(fix, `a quick fix for smarthosts-dns-routing among ${JSON.stringify(titles)}`);
    assert.equal(fix.isPreferred, true, 'the rule fix is the preferred one');
    assert.ok(fix.edit, `'${fix.title}' carries its edit`);
    assert.equal(await vscode.workspace.applyEdit(fix.edit), true, 'the edit applies');

    assert.match(
      document.getText(),
      /"dnsRoutingEnabled": false,\n {6}"smartHosts": \["mbxserver01/,
    );
    const after = await waitForDiagnostics(
      uri,
      'smarthosts-dns-routing to disappear',
      (all) => all.length > 0 && !codesOf(all).includes('smarthosts-dns-routing'),
    );
    assert.deepEqual(codesOf(after), ['self-signed-certificate', 'unknown-reference']);
  });

  it('repairs unknown-reference with the quick fix that names an existing Mailbox server', async () => {
    const uri = await copyWorkspaceFile('broken.edgeflow.json', 'quickfix-reference.edgeflow.json');
    const { document } = await openTopology(uri);
    const diagnostics = await waitForDiagnostics(uri, 'unknown-reference', (all) =>
      codesOf(all).includes('unknown-reference'),
    );
    const diagnostic = diagnostics.find((d) => codeOf(d) === 'unknown-reference');
    assert.ok(diagnostic);
    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>(
      'vscode.executeCodeActionProvider',
      uri,
      diagnostic.range,
      vscode.CodeActionKind.QuickFix.value,
    );
    const fix = actions.find((action) => action.edit && /MBX02/.test(action.title));
    assert.ok(fix, `a fix naming MBX02 among ${JSON.stringify(actions.map((a) => a.title))}`);
    assert.ok(fix.edit);
    assert.equal(await vscode.workspace.applyEdit(fix.edit), true);
    assert.match(document.getText(), /"sourceTransportServers": \["MBX01", "MBX02"\]/);
    await waitForDiagnostics(
      uri,
      'unknown-reference to disappear',
      (all) => all.length > 0 && !codesOf(all).includes('unknown-reference'),
    );
  });
});
