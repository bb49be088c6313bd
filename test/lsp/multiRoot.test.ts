import * as assert from 'node:assert/strict';
import type { ClientCapabilities } from 'vscode-languageserver/node';
import { referenceTopology } from '../support/repo';
import { FULL_CAPABILITIES, LspClient } from './client';

const CAPABILITIES: ClientCapabilities = {
  ...FULL_CAPABILITIES,
  workspace: { ...FULL_CAPABILITIES.workspace, workspaceFolders: true },
};

const ROOT_A = 'file:///work/multi/a/';
const ROOT_B = 'file:///work/multi/b/';
const OFF = { rules: { 'self-signed-certificate': 'off' } };

// Issue 16: settings were read once for all roots; VS Code scopes them by folder.
describe('language server: settings per workspace folder', () => {
  let client: LspClient;

  before(async () => {
    client = await LspClient.start({
      capabilities: CAPABILITIES,
      settings: {},
      workspaceFolders: [{ uri: ROOT_A, settings: OFF }, { uri: ROOT_B }],
    });
  });

  after(async () => {
    const failures = client?.loggedFailures() ?? [];
    await client?.stop();
    assert.deepEqual(failures, [], 'no handler failed');
  });

  const codes = async (uri: string, version: number) =>
    (await client.waitForDiagnostics(uri, version)).diagnostics.map((d) => d.code);

  it('announces that it follows the workspace folders', () => {
    assert.deepEqual(client.initializeResult?.capabilities.workspace?.workspaceFolders, {
      supported: true,
      changeNotifications: true,
    });
  });

  it("applies each folder's rules to the topologies in it", async () => {
    await client.open(`${ROOT_A}contoso.edgeflow.json`, referenceTopology());
    await client.open(`${ROOT_B}contoso.edgeflow.json`, referenceTopology());
    // The settings are read once the server is initialized; wait until folder A's apply.
    const inA = `${ROOT_A}contoso.edgeflow.json`;
    let version = 1;
    while ((await codes(inA, version)).includes('self-signed-certificate')) {
      version = await client.change(inA, client.text(inA));
    }
    assert.deepEqual(await codes(inA, version), []);
    assert.deepEqual(await codes(`${ROOT_B}contoso.edgeflow.json`, 1), ['self-signed-certificate']);
  });

  it('follows a folder that is removed: its topologies get the workspace settings', async () => {
    const inA = `${ROOT_A}contoso.edgeflow.json`;
    await client.changeWorkspaceFolders([], [ROOT_A]);
    let version = client.document(inA).version;
    while (!(await codes(inA, version)).includes('self-signed-certificate')) {
      version = await client.change(inA, client.text(inA));
    }
    assert.deepEqual(await codes(inA, version), ['self-signed-certificate']);
  });
});
