import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { DriftCompareResponse } from '../../../server/src/languageServer/driftProtocol';
import { REPO_ROOT } from '../../support/repo';
import {
  codesOf,
  copyWorkspaceFile,
  openTopology,
  waitForDiagnostics,
  workspaceFile,
} from './support';

/**
 * "EdgeFlow: Compare with Servers" in VS Code: given the export files (a test
 * passes them; a user picks them in the open dialog), the differences appear
 * among the topology's problems with their two quick fixes, and "Clear Server
 * Comparison" removes them.
 */
describe('Compare with Servers', () => {
  it('shows the drift as problems with both quick fixes, until cleared', async () => {
    const uri = await copyWorkspaceFile('contoso.edgeflow.json', 'compared.edgeflow.json');
    const fixtures = path.join(REPO_ROOT, 'test', 'fixtures', 'export', 'contoso');
    const edge = JSON.parse(fs.readFileSync(path.join(fixtures, 'EDGE01.json'), 'utf8')) as {
      receiveConnectors: { properties: Record<string, unknown> }[];
    };
    const organizationFacing = edge.receiveConnectors[1];
    assert.ok(organizationFacing);
    organizationFacing.properties['Bindings'] = ['10.1.1.2:2525'];
    const exportFile = workspaceFile('EDGE01.export.json');
    await vscode.workspace.fs.writeFile(exportFile, new TextEncoder().encode(JSON.stringify(edge)));
    const mailboxFile = workspaceFile('MBX01.export.json');
    await vscode.workspace.fs.copy(
      vscode.Uri.file(path.join(fixtures, 'MBX01.json')),
      mailboxFile,
      {
        overwrite: true,
      },
    );

    const editor = await openTopology(uri);
    const response = await vscode.commands.executeCommand<DriftCompareResponse | undefined>(
      'edgeflow.compareWithServers',
      [exportFile, mailboxFile],
    );
    assert.deepEqual(response, { ok: true, differences: 1, notCompared: [], unmatched: [] });
    const diagnostics = await waitForDiagnostics(uri, 'the drift', (all) =>
      codesOf(all).includes('drift-property'),
    );
    const drift = diagnostics.find((d) => codesOf([d])[0] === 'drift-property');
    assert.ok(drift);
    assert.equal(editor.document.getText(drift.range), '["10.1.1.2:25"]');
    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>(
      'vscode.executeCodeActionProvider',
      uri,
      drift.range,
      vscode.CodeActionKind.QuickFix.value,
    );
    const titles = actions.map((a) => a.title);
    assert.ok(
      titles.includes('Take the server\'s value: bindings ["10.1.1.2:2525"]'),
      titles.join('\n'),
    );
    assert.ok(
      titles.some((t) => t.startsWith("Keep the file's bindings")),
      titles.join('\n'),
    );

    await vscode.commands.executeCommand('edgeflow.clearServerComparison');
    await waitForDiagnostics(
      uri,
      'no drift after clearing',
      (all) => !codesOf(all).some((c) => c.startsWith('drift-')),
    );
  });
});
