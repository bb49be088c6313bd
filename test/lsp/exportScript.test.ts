import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { exportScript } from '../../server/src/core';
import { withContentHash } from '../../server/src/scriptFiles/contentHash';
import {
  SAVE_EXPORT_SCRIPT_COMMAND,
  type GenerateResult,
} from '../../server/src/languageServer/generateProtocol';
import { LspClient } from './client';

/**
 * `edgeflow.server.saveExportScript`, the command behind the editor's "Save
 * Export Script…": writes the script where asked, as generation writes, and
 * asks before overwriting a file edited by hand.
 */
describe('language server: saving the export script', () => {
  let client: LspClient;
  let root: string;

  before(async () => {
    client = await LspClient.start();
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'edgeflow-lsp-export-'));
  });

  after(async () => {
    const failures = client?.loggedFailures() ?? [];
    await client?.stop();
    if (root) fs.rmSync(root, { recursive: true, force: true });
    assert.deepEqual(failures, [], 'no handler failed');
  });

  afterEach(() => {
    client.answerMessageRequest = () => null;
    client.messages.length = 0;
  });

  function save(file: string): Promise<GenerateResult> {
    return client.request<GenerateResult>('workspace/executeCommand', {
      command: SAVE_EXPORT_SCRIPT_COMMAND,
      arguments: [pathToFileURL(file).href],
    });
  }

  it('is announced', () => {
    const commands = client.initializeResult.capabilities.executeCommandProvider?.commands ?? [];
    assert.ok(commands.includes(SAVE_EXPORT_SCRIPT_COMMAND));
  });

  it('writes the script, with its content hash, into a folder it creates', async () => {
    const file = path.join(root, 'new', 'folder', 'export.ps1');
    const result = await save(file);
    assert.ok(result.ok, JSON.stringify(result));
    assert.deepEqual(result.files, [{ path: file, state: 'new' }]);
    assert.equal(fs.readFileSync(file, 'utf8'), withContentHash(exportScript()));
    const again = await save(file);
    assert.ok(again.ok);
    assert.deepEqual(again.files, [{ path: file, state: 'unchanged' }]);
  });

  it('asks before overwriting a script edited by hand: Cancel keeps it, Overwrite replaces it', async () => {
    const file = path.join(root, 'edited.ps1');
    assert.ok((await save(file)).ok);
    fs.appendFileSync(file, '# mine\n');
    client.answerMessageRequest = () => ({ title: 'Cancel' });
    const cancelled = await save(file);
    assert.ok(!cancelled.ok && cancelled.reason === 'cancelled', JSON.stringify(cancelled));
    assert.match(fs.readFileSync(file, 'utf8'), /# mine/);
    client.answerMessageRequest = () => ({ title: 'Overwrite' });
    const overwritten = await save(file);
    assert.ok(overwritten.ok, JSON.stringify(overwritten));
    assert.equal(fs.readFileSync(file, 'utf8'), withContentHash(exportScript()));
  });

  it('refuses a folder and answers a bad argument with InvalidParams', async () => {
    const refused = await save(root);
    assert.ok(!refused.ok && refused.reason === 'failed', JSON.stringify(refused));
    await assert.rejects(
      client.request('workspace/executeCommand', {
        command: SAVE_EXPORT_SCRIPT_COMMAND,
        arguments: [42],
      }),
      /file: URI/,
    );
  });
});
