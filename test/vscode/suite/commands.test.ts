import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { GenerateResult } from '../../../server/src/languageServer/generateProtocol';
import {
  codesOf,
  copyWorkspaceFile,
  fileExists,
  openTopology,
  waitFor,
  waitForDiagnostics,
  workspaceFile,
} from './support';

/** Waits until every file exists, polling the file system with the usual deadline. */
async function waitForFiles(uris: readonly vscode.Uri[]): Promise<void> {
  const names = uris.map((uri) => uri.path.split('/').pop()).join(', ');
  await waitFor(`${names} to be written`, async () => {
    const present = await Promise.all(uris.map(fileExists));
    return present.every(Boolean) ? true : undefined;
  });
}

function fileNames(result: GenerateResult | undefined): string[] {
  assert.ok(result, 'the command resolves with the result of the generation');
  assert.ok(result.ok, `generation succeeded: ${JSON.stringify(result)}`);
  return result.files.map((file) => file.path.split(/[\\/]/).pop() ?? '').sort();
}

describe('commands', () => {
  it('EdgeFlow: Generate Connector Scripts writes the scripts beside the topology', async () => {
    const uri = await copyWorkspaceFile('contoso.edgeflow.json', 'scripts.edgeflow.json');
    await openTopology(uri);
    const result = await vscode.commands.executeCommand<GenerateResult | undefined>(
      'edgeflow.generateScripts',
      uri,
    );
    const expected = [
      'scripts.EDGE01.edge.ps1',
      'scripts.EDGE01.verify.ps1',
      'scripts.mailbox.ps1',
      'scripts.mailbox.verify.ps1',
    ];
    assert.deepEqual(fileNames(result), expected);
    await waitForFiles(expected.map(workspaceFile));
    const edge = new TextDecoder().decode(
      await vscode.workspace.fs.readFile(workspaceFile('scripts.EDGE01.edge.ps1')),
    );
    assert.match(edge, /New-SendConnector/);
  });

  it('EdgeFlow: Generate Verification Scripts writes only the verification scripts', async () => {
    const uri = await copyWorkspaceFile('contoso.edgeflow.json', 'verify.edgeflow.json');
    await openTopology(uri);
    const result = await vscode.commands.executeCommand<GenerateResult | undefined>(
      'edgeflow.generateVerification',
      uri,
    );
    const expected = ['verify.EDGE01.verify.ps1', 'verify.mailbox.verify.ps1'];
    assert.deepEqual(fileNames(result), expected);
    await waitForFiles(expected.map(workspaceFile));
    assert.equal(await fileExists(workspaceFile('verify.EDGE01.edge.ps1')), false);
  });

  it('refuses to generate while the topology has errors, writing nothing', async () => {
    const uri = workspaceFile('broken.edgeflow.json');
    await openTopology(uri);
    await waitForDiagnostics(uri, 'the errors of broken.edgeflow.json', (all) =>
      codesOf(all).includes('smarthosts-dns-routing'),
    );
    const result = await vscode.commands.executeCommand<GenerateResult | undefined>(
      'edgeflow.generateScripts',
      uri,
    );
    assert.ok(result && !result.ok, `a refusal: ${JSON.stringify(result)}`);
    assert.equal(result.reason, 'errors');
    assert.equal(await fileExists(workspaceFile('broken.EDGE01.edge.ps1')), false);
    assert.equal(await fileExists(workspaceFile('broken.mailbox.ps1')), false);
  });

  it('EdgeFlow: Save Export Script… writes the export script where asked and opens it', async () => {
    // A target passed to the command stands for the save dialog's answer.
    const target = workspaceFile('lab-export.ps1');
    const result = await vscode.commands.executeCommand<GenerateResult | undefined>(
      'edgeflow.saveExportScript',
      target,
    );
    assert.deepEqual(fileNames(result), ['lab-export.ps1']);
    await waitForFiles([target]);
    // ignoreBOM keeps the byte-order mark, which the file must start with.
    const script = new TextDecoder('utf-8', { ignoreBOM: true }).decode(
      await vscode.workspace.fs.readFile(target),
    );
    assert.match(script, /^\uFEFF# EdgeFlow-Content-Hash: [0-9a-f]{64}\n/);
    assert.match(script, /Get-ReceiveConnector -Server/);
    await waitFor('the script to be shown', () =>
      vscode.window.activeTextEditor?.document.uri.path.endsWith('/lab-export.ps1')
        ? true
        : undefined,
    );
  });

  it('EdgeFlow: New Topology File opens a new edgeflow document', async () => {
    const before = new Set(vscode.workspace.textDocuments.map((d) => d.uri.toString()));
    await vscode.commands.executeCommand('edgeflow.newTopology');
    const document = await waitFor('a new edgeflow editor', () => {
      const active = vscode.window.activeTextEditor?.document;
      return active && !before.has(active.uri.toString()) ? active : undefined;
    });
    assert.equal(document.languageId, 'edgeflow');
    assert.equal(document.isUntitled, true, 'a new, unsaved document');
    assert.match(document.getText(), /"servers"/);
    assert.doesNotMatch(document.getText(), /"\$schema"/);
    // Nothing to save at the end of the run.
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
  });
});
