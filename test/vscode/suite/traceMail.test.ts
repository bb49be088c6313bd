import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { TraceMailResult } from '../../../client/src/traceMail';
import { openTopology, workspaceFile } from './support';

/**
 * "EdgeFlow: Trace Mail" with its sender and recipient given as arguments
 * (the pickers are skipped), against the real language server.
 */
describe('EdgeFlow: Trace Mail', () => {
  it('shows the trace from the internet to a mailbox, hop by hop, in a read-only document', async () => {
    const topology = await openTopology(workspaceFile('contoso.edgeflow.json'));
    const result = await vscode.commands.executeCommand<TraceMailResult | undefined>(
      'edgeflow.traceMail',
      { from: 'internet', to: 'user@contoso.com' },
    );
    assert.ok(result?.response.ok, `a trace: ${JSON.stringify(result?.response)}`);
    const shown = vscode.window.activeTextEditor?.document;
    assert.ok(shown, 'the trace is shown in an editor');
    assert.equal(shown, result.document);
    assert.equal(shown.uri.scheme, 'edgeflow-trace');
    assert.equal(shown.languageId, 'plaintext');
    const text = shown.getText();
    assert.match(
      text,
      /^Mail trace of contoso\.edgeflow\.json \(version \d+\) from internet to user@contoso\.com: as the design needs/,
    );
    assert.match(text, /1\. EDGE01 10\.1\.1\.1:25, from the internet/);
    assert.match(text, /received by 'From Internet'/);
    assert.match(text, /sent by 'To Internal Org' \(address space --, matching contoso\.com\)/);
    assert.match(text, /2\. MBX01 192\.168\.5\.10:25, from EDGE01/);
    assert.match(text, /→ accepted by MBX01 for delivery in the organization/);
    // The topology stays open beside it.
    assert.ok(
      vscode.window.visibleTextEditors.some((e) => e.document === topology.document),
      'the topology is still visible',
    );
  });

  it('traces the topology passed as uri, whichever editor is active', async () => {
    const broken = workspaceFile('broken.edgeflow.json');
    const result = await vscode.commands.executeCommand<TraceMailResult | undefined>(
      'edgeflow.traceMail',
      { uri: broken, from: 'MBX01', to: 'someone@example.org' },
    );
    assert.ok(result?.response.ok, JSON.stringify(result?.response));
    const text = result.document?.getText() ?? '';
    assert.match(text, /^Mail trace of broken\.edgeflow\.json/);
    assert.match(text, /MBX01 → someone@example\.org \(not accepted\)/);
  });

  it('answers an unknown sender with the problem, showing no trace', async () => {
    await openTopology(workspaceFile('contoso.edgeflow.json'));
    const result = await vscode.commands.executeCommand<TraceMailResult | undefined>(
      'edgeflow.traceMail',
      { from: 'nowhere', to: 'user@contoso.com' },
    );
    assert.ok(result, 'the command resolves with the refusal');
    assert.deepEqual(result.response, {
      ok: false,
      problem:
        "'nowhere' is neither 'internet', 'internal', a server of the topology nor an IP address",
    });
    assert.equal(result.document, undefined);
    assert.equal(vscode.window.activeTextEditor?.document.languageId, 'edgeflow');
  });
});
