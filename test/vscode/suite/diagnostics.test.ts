import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { codeOf, codesOf, openTopology, waitForDiagnostics, workspaceFile } from './support';

describe('diagnostics (the Problems list)', () => {
  it('reports the mistakes of broken.edgeflow.json with their codes, on the right text', async () => {
    const uri = workspaceFile('broken.edgeflow.json');
    const { document } = await openTopology(uri);
    const diagnostics = await waitForDiagnostics(
      uri,
      'smarthosts-dns-routing and unknown-reference',
      (all) =>
        codesOf(all).includes('smarthosts-dns-routing') &&
        codesOf(all).includes('unknown-reference'),
    );
    assert.deepEqual(codesOf(diagnostics), [
      'self-signed-certificate',
      'smarthosts-dns-routing',
      'unknown-reference',
    ]);

    const dnsRouting = diagnostics.find((d) => codeOf(d) === 'smarthosts-dns-routing');
    assert.ok(dnsRouting);
    assert.equal(dnsRouting.severity, vscode.DiagnosticSeverity.Error);
    assert.equal(document.getText(dnsRouting.range), 'true');
    assert.match(document.lineAt(dnsRouting.range.start.line).text, /"dnsRoutingEnabled": true/);
    assert.match(dnsRouting.message, /To Internal Org/);

    const reference = diagnostics.find((d) => codeOf(d) === 'unknown-reference');
    assert.ok(reference);
    assert.equal(reference.severity, vscode.DiagnosticSeverity.Error);
    assert.equal(document.getText(reference.range), '"MBX03"');
    assert.match(document.lineAt(reference.range.start.line).text, /"sourceTransportServers"/);
  });

  it('links each code to its documentation in RULES.md', async () => {
    const uri = workspaceFile('broken.edgeflow.json');
    const diagnostics = await waitForDiagnostics(uri, 'smarthosts-dns-routing', (all) =>
      codesOf(all).includes('smarthosts-dns-routing'),
    );
    const dnsRouting = diagnostics.find((d) => codeOf(d) === 'smarthosts-dns-routing');
    const code = dnsRouting?.code;
    assert.ok(code && typeof code === 'object', 'the code carries a link');
    // VS Code ignores an anchor in a file link but selects the line of a #L fragment.
    const target = code.target;
    const line = /^L(\d+)$/.exec(target.fragment)?.[1];
    assert.ok(target.path.endsWith('/RULES.md') && line, target.toString());
    const rules = await vscode.workspace.openTextDocument(target.with({ fragment: '' }));
    assert.equal(rules.lineAt(Number(line) - 1).text, '## smarthosts-dns-routing');
  });

  it('reports only the self-signed certificate information for the reference design', async () => {
    const uri = workspaceFile('contoso.edgeflow.json');
    await openTopology(uri);
    const diagnostics = await waitForDiagnostics(uri, 'self-signed-certificate', (all) =>
      codesOf(all).includes('self-signed-certificate'),
    );
    assert.deepEqual(codesOf(diagnostics), ['self-signed-certificate']);
    assert.equal(diagnostics[0]?.severity, vscode.DiagnosticSeverity.Information);
  });
});
