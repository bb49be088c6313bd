import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { CodeAction, Diagnostic, PublishDiagnosticsParams } from 'vscode-languageserver/node';
import {
  DRIFT_CLEAR_COMMAND,
  DRIFT_COMPARE_COMMAND,
  DRIFT_DISMISS_COMMAND,
  type DriftCompareResponse,
} from '../../server/src/languageServer/driftProtocol';
import { defined, exportFiles } from '../support/exportFixtures';
import { readRepoFile } from '../support/repo';
import { temporaryDirectory } from '../cli/run';
import { applyWorkspaceEdit, LspClient } from './client';

/**
 * "Compare with Servers" over a real connection: the server reads the export
 * files, the drift joins the topology's diagnostics, follows edits (a fix that
 * takes the server's value makes exactly its diagnostic go), the keep fix that
 * edits nothing dismisses its diagnostic, and clearing removes the rest.
 */
describe('language server: comparison with the servers', () => {
  let client: LspClient;
  const uri = 'file:///work/drift/contoso.edgeflow.json';
  let files: string[];

  before(async () => {
    client = await LspClient.start();
    const dir = temporaryDirectory();
    const [edgeFile, mailboxFile] = exportFiles('contoso');
    const edge = JSON.parse(fs.readFileSync(defined(edgeFile), 'utf8')) as {
      sendConnectors: { properties: Record<string, unknown> }[];
      receiveConnectors: { properties: Record<string, unknown> }[];
    };
    defined(edge.receiveConnectors[1]).properties['Bindings'] = ['10.1.1.2:2525'];
    defined(edge.sendConnectors[0]).properties['AddressSpaces'] = ['SMTP:*;5'];
    const changed = path.join(dir, 'EDGE01.json');
    fs.writeFileSync(changed, JSON.stringify(edge));
    files = [pathToFileURL(changed).href, pathToFileURL(defined(mailboxFile)).href];
  });

  after(async () => {
    const failures = client?.loggedFailures() ?? [];
    await client?.stop();
    assert.deepEqual(failures, [], 'no handler failed');
  });

  const driftOf = (params: PublishDiagnosticsParams | undefined): Diagnostic[] =>
    (params?.diagnostics ?? []).filter((d) => String(d.code).startsWith('drift-'));

  /** The latest diagnostics of the current version whose drift passes `check`. */
  function waitForDrift(
    what: string,
    check: (drift: Diagnostic[]) => boolean,
  ): Promise<Diagnostic[]> {
    return client.waitFor(what, () => {
      const latest = client.diagnostics.get(uri)?.at(-1);
      if (latest?.version !== client.document(uri).version) return undefined;
      const drift = driftOf(latest);
      return check(drift) ? drift : undefined;
    });
  }

  async function actionsFor(diagnostic: Diagnostic): Promise<CodeAction[]> {
    return client.request<CodeAction[]>('textDocument/codeAction', {
      textDocument: { uri },
      range: diagnostic.range,
      context: { diagnostics: [diagnostic] },
    });
  }

  it('lists its commands', () => {
    const commands = client.initializeResult.capabilities.executeCommandProvider?.commands ?? [];
    for (const command of [DRIFT_COMPARE_COMMAND, DRIFT_CLEAR_COMMAND, DRIFT_DISMISS_COMMAND])
      assert.ok(commands.includes(command), command);
  });

  it('shows each difference as a diagnostic on the topology, with its two fixes', async () => {
    await client.open(uri, readRepoFile('examples', 'contoso.edgeflow.json'));
    await client.waitForDiagnostics(uri);
    const response = await client.request<DriftCompareResponse>('workspace/executeCommand', {
      command: DRIFT_COMPARE_COMMAND,
      arguments: [uri, files],
    });
    assert.deepEqual(response, { ok: true, differences: 2, notCompared: [], unmatched: [] });
    const drift = await waitForDrift('two drift diagnostics', (d) => d.length === 2);
    assert.deepEqual(
      drift.map((d) => [d.code, d.severity, client.document(uri).getText(d.range)]),
      [
        ['drift-property', 1, '["*"]'],
        ['drift-property', 1, '["10.1.1.2:25"]'],
      ],
    );
    const actions = await actionsFor(defined(drift[1]));
    assert.deepEqual(
      actions.map((a) => a.title),
      [
        'Take the server\'s value: bindings ["10.1.1.2:2525"]',
        "Keep the file's bindings: the generated script sets 10.1.1.2:25 on the server when it runs",
      ],
    );
  });

  it("taking the server's value removes that diagnostic, and the other stays on its text", async () => {
    const binding = defined((await waitForDrift('drift', (d) => d.length === 2))[1]);
    const take = (await actionsFor(binding)).find((a) => a.title.startsWith('Take'));
    assert.ok(take?.edit);
    await client.change(uri, applyWorkspaceEdit(client.text(uri), take.edit, uri));
    const left = await waitForDrift('one drift diagnostic', (d) => d.length === 1);
    assert.equal(client.document(uri).getText(defined(left[0]).range), '["*"]');
    assert.match(client.text(uri), /"bindings": \["10\.1\.1\.2:2525"\]/);
  });

  it('keeping the file, where it already says so, dismisses the diagnostic through its command', async () => {
    const space = defined((await waitForDrift('drift', (d) => d.length === 1))[0]);
    const keep = (await actionsFor(space)).find((a) => a.title.startsWith('Keep'));
    assert.equal(keep?.edit, undefined);
    assert.equal(keep?.command?.command, DRIFT_DISMISS_COMMAND);
    await client.request('workspace/executeCommand', keep?.command);
    await waitForDrift('no drift diagnostic', (d) => d.length === 0);
  });

  it('a new comparison brings the differences back; clearing removes them', async () => {
    await client.request('workspace/executeCommand', {
      command: DRIFT_COMPARE_COMMAND,
      arguments: [uri, files],
    });
    await waitForDrift('the drift again', (d) => d.length === 1);
    assert.equal(
      await client.request('workspace/executeCommand', {
        command: DRIFT_CLEAR_COMMAND,
        arguments: [uri],
      }),
      true,
    );
    await waitForDrift('no drift after clearing', (d) => d.length === 0);
  });

  it('says why a file cannot be compared', async () => {
    const response = await client.request<DriftCompareResponse>('workspace/executeCommand', {
      command: DRIFT_COMPARE_COMMAND,
      arguments: [uri, [pathToFileURL(path.join(temporaryDirectory(), 'missing.json')).href]],
    });
    assert.equal(response.ok, false);
    assert.match(response.ok ? '' : response.problem, /missing\.json: no such file/);
  });
});
