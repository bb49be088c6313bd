import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { CodeAction, WorkspaceEdit } from 'vscode-languageserver/node';
import type { ProbeRecord } from '../support/runtimeProbe';
import { referenceTopology } from '../support/repo';
import { LspClient } from './client';
import { withDnsRoutingOnInternalOrg } from './topologies';

/**
 * The language server under Node's permission model: it may read files and
 * write only below a temporary folder, and it has no permission to start a
 * process or a worker. A whole session (diagnostics, completion, hover,
 * quick fixes and fix-all, symbols, navigation, rename, formatting, folding)
 * runs through without a handler failing, and a probe preloaded into the
 * server records no network call, no name lookup and no process or worker
 * started. test/unit/meta/noNetworkNoExecution.test.ts checks the imports.
 *
 * Node 20's permission model has no network permission (Node 25 adds one),
 * so the network side is the probe's record here.
 */

const PROBE = path.join(__dirname, '..', 'support', 'runtimeProbe.js');

describe('language server: no process, no worker, no network (Node permission model)', function () {
  this.timeout(60_000);
  let client: LspClient;
  const writable = fs.mkdtempSync(path.join(os.tmpdir(), 'edgeflow-permissions-'));
  const probeFile = path.join(writable, 'probe.json');

  before(async () => {
    // The client starts the server with this process's environment.
    const saved = { ...process.env };
    process.env.NODE_OPTIONS = [
      '--experimental-permission',
      '--allow-fs-read=*',
      `--allow-fs-write=${writable}`,
      `--require=${PROBE}`,
      '--no-warnings',
    ].join(' ');
    process.env.EDGEFLOW_PROBE_FILE = probeFile;
    try {
      client = await LspClient.start();
    } finally {
      process.env = saved;
    }
  });

  after(() => client?.kill());

  it('runs a whole session without the permission to start a process or a worker', async () => {
    const uri = 'file:///work/permissions/contoso.edgeflow.json';
    const broken = 'file:///work/permissions/broken.edgeflow.json';
    await client.open(uri, referenceTopology());
    await client.open(broken, withDnsRoutingOnInternalOrg());
    const { diagnostics } = await client.waitForDiagnostics(broken, 1);
    assert.ok(diagnostics.some((d) => d.code === 'smarthosts-dns-routing'));
    await client.waitForDiagnostics(uri, 1);

    const at = client.positionOf(uri, '"EDGE01"', 2, 1);
    await client.request('textDocument/completion', { textDocument: { uri }, position: at });
    await client.request('textDocument/hover', { textDocument: { uri }, position: at });
    await client.request('textDocument/definition', { textDocument: { uri }, position: at });
    await client.request('textDocument/references', {
      textDocument: { uri },
      position: at,
      context: { includeDeclaration: true },
    });
    const renamed = await client.request<WorkspaceEdit | null>('textDocument/rename', {
      textDocument: { uri },
      position: at,
      newName: 'EDGE02',
    });
    assert.ok(renamed, 'rename answers with an edit');
    await client.request('textDocument/documentSymbol', { textDocument: { uri } });
    await client.request('textDocument/foldingRange', { textDocument: { uri } });
    await client.request('textDocument/formatting', {
      textDocument: { uri },
      options: { tabSize: 2, insertSpaces: true },
    });
    const actions = await client.request<CodeAction[]>('textDocument/codeAction', {
      textDocument: { uri: broken },
      range: diagnostics[0]?.range,
      context: { diagnostics },
    });
    assert.ok(
      actions.some((a) => a.edit),
      'quick fixes and fix-all are offered',
    );
    assert.deepEqual(client.loggedFailures(), [], 'no handler failed');
    assert.equal(client.exitCode(), null, 'the server is running');

    await client.stop();
    const record = JSON.parse(fs.readFileSync(probeFile, 'utf8')) as ProbeRecord;
    assert.deepEqual(record.permissions, {
      model: true,
      childProcess: false,
      worker: false,
      writeRepository: false,
    });
    assert.deepEqual(record.calls, [], 'no network call, name lookup, process or worker');
  });
});
