import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  GENERATE_SCRIPTS_COMMAND,
  GENERATE_VERIFICATION_COMMAND,
  type GenerateResult,
} from '../../server/src/languageServer/generateProtocol';
import { referenceTopology } from '../support/repo';
import { LspClient } from './client';
import { withBasicAuth, withDnsRoutingOnInternalOrg } from './topologies';

const CONNECTOR_SCRIPTS = [
  'contoso.EDGE01.edge.ps1',
  'contoso.mailbox.ps1',
  'contoso.EDGE01.verify.ps1',
  'contoso.mailbox.verify.ps1',
];
const VERIFICATION_SCRIPTS = ['contoso.EDGE01.verify.ps1', 'contoso.mailbox.verify.ps1'];

describe('language server: generation commands', () => {
  let client: LspClient;
  let root: string;
  let folder = 0;

  before(async () => {
    client = await LspClient.start();
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'edgeflow-lsp-generate-'));
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

  /** A fresh folder holding `contoso.edgeflow.json` with `text`; returns the topology's path and URI. */
  function topologyFile(text = referenceTopology()): { dir: string; file: string; uri: string } {
    const dir = path.join(root, `case-${++folder}`);
    fs.mkdirSync(dir);
    const file = path.join(dir, 'contoso.edgeflow.json');
    fs.writeFileSync(file, text);
    return { dir, file, uri: pathToFileURL(file).href };
  }

  function execute(command: string, ...args: unknown[]): Promise<GenerateResult> {
    return client.request<GenerateResult>('workspace/executeCommand', { command, arguments: args });
  }

  function written(result: GenerateResult): { name: string; state: string }[] {
    assert.ok(result.ok, JSON.stringify(result));
    return result.files.map((f) => ({ name: path.basename(f.path), state: f.state }));
  }

  it('announces both commands', () => {
    // The trace commands are announced too (trace.test.ts); these are the generation ones.
    const commands = client.initializeResult.capabilities.executeCommandProvider?.commands ?? [];
    assert.deepEqual(
      commands.filter((command) => command.startsWith('edgeflow.server.generate')),
      [GENERATE_SCRIPTS_COMMAND, GENERATE_VERIFICATION_COMMAND],
    );
  });

  it('writes the connector and verification scripts of an open topology into outDir', async () => {
    const { uri } = topologyFile();
    const outDir = path.join(root, 'out-open', 'nested');
    await client.open(uri, referenceTopology());
    const result = await execute(GENERATE_SCRIPTS_COMMAND, uri, { outDir });
    assert.ok(result.ok);
    assert.equal(result.outDir, outDir);
    assert.deepEqual(
      written(result),
      CONNECTOR_SCRIPTS.map((name) => ({ name, state: 'new' })),
    );
    assert.deepEqual(fs.readdirSync(outDir).sort(), [...CONNECTOR_SCRIPTS].sort());
    for (const file of result.files) {
      assert.equal(path.dirname(file.path), outDir);
      assert.match(
        fs.readFileSync(file.path, 'utf8'),
        /^\uFEFF# EdgeFlow-Content-Hash: [0-9a-f]{64}\n/,
      );
    }

    const again = await execute(GENERATE_SCRIPTS_COMMAND, uri, { outDir });
    assert.deepEqual(
      written(again).map((f) => f.state),
      CONNECTOR_SCRIPTS.map(() => 'unchanged'),
    );
    await client.close(uri);
  });

  it('uses the open text, unsaved changes included', async () => {
    const { uri, dir } = topologyFile('{ "this file on disk": "is not a topology" }');
    await client.open(uri, referenceTopology());
    const result = await execute(GENERATE_VERIFICATION_COMMAND, uri);
    assert.deepEqual(
      written(result).map((f) => f.name),
      VERIFICATION_SCRIPTS,
    );
    assert.ok(fs.existsSync(path.join(dir, VERIFICATION_SCRIPTS[0] as string)));
    await client.close(uri);
  });

  it('reads a topology that is not open and writes beside it by default', async () => {
    const { uri, dir } = topologyFile();
    const result = await execute(GENERATE_VERIFICATION_COMMAND, uri);
    assert.ok(result.ok);
    assert.equal(result.outDir, dir);
    assert.deepEqual(
      written(result).map((f) => f.name),
      VERIFICATION_SCRIPTS,
    );
    assert.deepEqual(
      fs.readdirSync(dir).sort(),
      ['contoso.edgeflow.json', ...VERIFICATION_SCRIPTS].sort(),
    );
  });

  it('refuses while the topology has errors, with a message and the errors, writing nothing', async () => {
    const { uri, dir } = topologyFile();
    await client.open(uri, withDnsRoutingOnInternalOrg());
    const result = await execute(GENERATE_SCRIPTS_COMMAND, uri);
    assert.equal(result.ok, false);
    assert.ok(!result.ok && result.reason === 'errors', JSON.stringify(result));
    assert.deepEqual(
      result.errors.map((d) => [d.code, d.severity]),
      [['smarthosts-dns-routing', 1]],
    );
    const shown = await client.waitFor('the refusal message', () =>
      client.messages.find((m) => m.type === 1),
    );
    assert.match(
      shown.message,
      /contoso\.edgeflow\.json has 1 error \(line \d+: .+\)\. Fix them first\./,
    );
    assert.deepEqual(fs.readdirSync(dir), ['contoso.edgeflow.json']);
    await client.close(uri);
  });

  it('refuses exactly when the editor shows an error: a warning raised by the settings counts', async () => {
    const strict = await LspClient.start({
      settings: { rules: { 'basic-auth-without-tls': 'error' } },
    });
    try {
      const { uri, dir } = topologyFile(withBasicAuth());
      await strict.open(uri, withBasicAuth());
      // The settings arrive after initialization; wait until the editor shows the raised severity.
      await strict.waitFor('basic-auth-without-tls as an error', () =>
        strict.diagnostics
          .get(uri)
          ?.some((p) =>
            p.diagnostics.some((d) => d.code === 'basic-auth-without-tls' && d.severity === 1),
          ),
      );
      const result = await strict.request<GenerateResult>('workspace/executeCommand', {
        command: GENERATE_SCRIPTS_COMMAND,
        arguments: [uri],
      });
      assert.ok(!result.ok && result.reason === 'errors', JSON.stringify(result));
      assert.deepEqual(
        result.errors.map((d) => d.code),
        ['basic-auth-without-tls'],
      );
      assert.deepEqual(fs.readdirSync(dir), ['contoso.edgeflow.json']);
    } finally {
      await strict.stop();
    }
  });

  it("refuses a topology over edgeflow.maxFileSize with the core's file-too-large error", async () => {
    const { uri, dir } = topologyFile();
    await client.open(uri, referenceTopology());
    await client.setSettings({ maxFileSize: 100 });
    try {
      // The editor shows the size error first; generation then refuses for the same reason.
      await client.waitFor('the size diagnostic', () =>
        client.diagnostics
          .get(uri)
          ?.some((p) => p.diagnostics.some((d) => d.code === 'file-too-large')),
      );
      const result = await execute(GENERATE_SCRIPTS_COMMAND, uri);
      assert.ok(!result.ok && result.reason === 'errors', JSON.stringify(result));
      assert.deepEqual(
        result.errors.map((d) => d.code),
        ['file-too-large'],
      );
      assert.deepEqual(fs.readdirSync(dir), ['contoso.edgeflow.json']);
    } finally {
      await client.setSettings({});
      await client.close(uri);
    }
  });

  it('refuses a topology that does not exist', async () => {
    const uri = pathToFileURL(path.join(root, 'missing.edgeflow.json')).href;
    const result = await execute(GENERATE_SCRIPTS_COMMAND, uri);
    assert.ok(!result.ok && result.reason === 'unreadable', JSON.stringify(result));
    assert.match(result.message, /cannot read missing\.edgeflow\.json: no such file or directory/);
  });

  it('rejects URIs that are not files, and relative output folders', async () => {
    await assert.rejects(execute(GENERATE_SCRIPTS_COMMAND, 'untitled:Untitled-1'), /file: URIs/);
    await assert.rejects(execute(GENERATE_SCRIPTS_COMMAND), /topology document URI/);
    const { uri } = topologyFile();
    await assert.rejects(
      execute(GENERATE_SCRIPTS_COMMAND, uri, { outDir: 'relative/scripts' }),
      /absolute path/,
    );
  });

  describe('a script edited by hand', () => {
    let dir: string;
    let uri: string;
    let edited: string;
    let mailbox: string;
    let fresh: string;

    beforeEach(async () => {
      ({ dir, uri } = topologyFile());
      const first = await execute(GENERATE_SCRIPTS_COMMAND, uri);
      assert.ok(first.ok);
      edited = path.join(dir, 'contoso.EDGE01.edge.ps1');
      mailbox = path.join(dir, 'contoso.mailbox.ps1');
      fresh = fs.readFileSync(edited, 'utf8');
      fs.appendFileSync(edited, 'Write-Host "added by hand"\n');
      // Gone: written again only if generation goes ahead.
      fs.rmSync(mailbox);
    });

    it('asks, and writes nothing when the user answers Cancel', async () => {
      client.answerMessageRequest = (params) => {
        assert.deepEqual(
          params.actions?.map((a) => a.title),
          ['Overwrite', 'Cancel'],
        );
        return { title: 'Cancel' };
      };
      const result = await execute(GENERATE_SCRIPTS_COMMAND, uri);
      assert.ok(!result.ok && result.reason === 'cancelled', JSON.stringify(result));
      assert.deepEqual(result.files, [{ path: edited, state: 'edited' }]);
      const asked = client.messages.find((m) => 'actions' in m);
      assert.equal(
        asked?.message,
        '1 script was edited by hand since it was generated: contoso.EDGE01.edge.ps1. Overwrite?',
      );
      assert.match(fs.readFileSync(edited, 'utf8'), /added by hand/);
      assert.ok(
        !fs.existsSync(mailbox),
        'all or nothing: the missing script is not written either',
      );
    });

    it('overwrites when the user answers Overwrite', async () => {
      let asked = 0;
      client.answerMessageRequest = () => {
        asked++;
        return { title: 'Overwrite' };
      };
      const result = await execute(GENERATE_SCRIPTS_COMMAND, uri);
      assert.equal(asked, 1);
      assert.deepEqual(written(result), [
        { name: 'contoso.EDGE01.edge.ps1', state: 'edited' },
        { name: 'contoso.mailbox.ps1', state: 'new' },
        { name: 'contoso.EDGE01.verify.ps1', state: 'unchanged' },
        { name: 'contoso.mailbox.verify.ps1', state: 'unchanged' },
      ]);
      assert.equal(fs.readFileSync(edited, 'utf8'), fresh);
      assert.ok(fs.existsSync(mailbox));
    });

    it('treats a dismissed question as Cancel, and names files EdgeFlow did not write', async () => {
      fs.writeFileSync(mailbox, 'Write-Host "mine"\n');
      const result = await execute(GENERATE_SCRIPTS_COMMAND, uri);
      assert.ok(!result.ok && result.reason === 'cancelled', JSON.stringify(result));
      assert.equal(
        client.messages.find((m) => 'actions' in m)?.message,
        '1 script was edited by hand since it was generated: contoso.EDGE01.edge.ps1; ' +
          '1 file was not written by EdgeFlow: contoso.mailbox.ps1. Overwrite?',
      );
      assert.equal(fs.readFileSync(mailbox, 'utf8'), 'Write-Host "mine"\n');
    });
  });
});
