import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import type {
  ClientCapabilities,
  Diagnostic,
  FullDocumentDiagnosticReport,
  PublishDiagnosticsParams,
} from 'vscode-languageserver/node';
import {
  GENERATE_SCRIPTS_COMMAND,
  type GenerateResult,
} from '../../server/src/languageServer/generateProtocol';
import { referenceTopology } from '../support/repo';
import { FULL_CAPABILITIES, LspClient, PULL_CAPABILITIES } from './client';

/**
 * edgeflow.config.json in the language server, over a real connection: the
 * nearest config's rules apply to a document on disk, an entry of the
 * `edgeflow.rules` setting overrides the same code, a changed config is read
 * again on `workspace/didChangeWatchedFiles`, and a broken one is shown by its
 * path. The reference topology has one finding, the self-signed-certificate
 * information, which the configs below turn off or change.
 */

const CODE = 'self-signed-certificate';
const CONFIG = 'edgeflow.config.json';

const WATCHING: ClientCapabilities = {
  ...FULL_CAPABILITIES,
  workspace: {
    ...FULL_CAPABILITIES.workspace,
    didChangeWatchedFiles: { dynamicRegistration: true },
  },
};

const severityOf = (diagnostics: readonly Diagnostic[]) =>
  diagnostics.filter((d) => d.code === CODE).map((d) => d.severity);

describe('language server: edgeflow.config.json', () => {
  let root: string;
  let folder = 0;

  before(() => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'edgeflow-lsp-config-'));
  });
  after(() => fs.rmSync(root, { recursive: true, force: true }));

  /** A fresh folder with `config` (when given) as its edgeflow.config.json. */
  function site(config?: string): {
    dir: string;
    configUri: string;
    uri: string;
  } {
    const dir = path.join(root, `site-${++folder}`);
    fs.mkdirSync(dir);
    if (config !== undefined) fs.writeFileSync(path.join(dir, CONFIG), config);
    return {
      dir,
      configUri: pathToFileURL(path.join(dir, CONFIG)).href,
      uri: pathToFileURL(path.join(dir, 'contoso.edgeflow.json')).href,
    };
  }

  /** The next diagnostics published for `uri` after the `count` already received. */
  const nextPublished = (client: LspClient, uri: string, count: number) =>
    client.waitFor<PublishDiagnosticsParams>(
      `diagnostics #${count + 1} for ${uri}`,
      () => client.diagnostics.get(uri)?.[count],
    );

  describe('with pushed diagnostics', () => {
    let client: LspClient;

    before(async () => {
      client = await LspClient.start({ capabilities: WATCHING });
    });

    after(async () => {
      const failures = client?.loggedFailures() ?? [];
      await client?.stop();
      assert.deepEqual(failures, [], 'no handler failed');
    });

    afterEach(() => {
      client.messages.length = 0;
    });

    it('asks the client to watch the config files', async () => {
      const registration = await client.waitFor('a watched-files registration', () =>
        client.registrations.find((r) => r.method === 'workspace/didChangeWatchedFiles'),
      );
      assert.deepEqual(registration.registerOptions, {
        watchers: [{ globPattern: '**/edgeflow.config.json' }],
      });
    });

    it("applies the rules of the config beside the document, and of an ancestor's", async () => {
      const plain = site();
      await client.open(plain.uri, referenceTopology());
      assert.deepEqual(
        severityOf((await client.waitForDiagnostics(plain.uri, 1)).diagnostics),
        [3],
      );

      const configured = site(`{\n  // lab\n  "rules": { "${CODE}": "off" },\n}`);
      await client.open(configured.uri, referenceTopology());
      const { diagnostics } = await client.waitForDiagnostics(configured.uri, 1);
      assert.deepEqual(diagnostics, []);

      const nested = pathToFileURL(
        path.join(configured.dir, 'a', 'b', 'nested.edgeflow.json'),
      ).href;
      await client.open(nested, referenceTopology());
      assert.deepEqual((await client.waitForDiagnostics(nested, 1)).diagnostics, []);
    });

    it('lets an entry of the edgeflow.rules setting override the same code', async () => {
      const { uri } = site(`{ "rules": { "${CODE}": "off" } }`);
      await client.open(uri, referenceTopology());
      await client.waitForDiagnostics(uri, 1);
      const count = client.diagnostics.get(uri)?.length ?? 0;
      await client.setSettings({ rules: { [CODE]: 'hint' } });
      const after = await nextPublished(client, uri, count);
      assert.deepEqual(severityOf(after.diagnostics), [4]);
      // Another code in the setting leaves the config's entry in force.
      await client.setSettings({ rules: { schema: 'off' } });
      const other = await nextPublished(client, uri, count + 1);
      assert.deepEqual(other.diagnostics, []);
      // Back to no settings, waiting for its re-publication so that it does not reach the next test.
      await client.setSettings({});
      await nextPublished(client, uri, count + 2);
    });

    it('reads a changed config again when the client says it changed, and re-publishes', async () => {
      const { dir, configUri, uri } = site(`{ "rules": { "${CODE}": "off" } }`);
      await client.open(uri, referenceTopology());
      assert.deepEqual((await client.waitForDiagnostics(uri, 1)).diagnostics, []);
      const count = client.diagnostics.get(uri)?.length ?? 0;

      fs.writeFileSync(path.join(dir, CONFIG), `{ "rules": { "${CODE}": "warning" } }`);
      await client.filesChanged({ uri: configUri, type: 2 });
      const changed = await nextPublished(client, uri, count);
      assert.equal(changed.version, 1);
      assert.deepEqual(severityOf(changed.diagnostics), [2]);

      fs.rmSync(path.join(dir, CONFIG));
      await client.filesChanged({ uri: configUri, type: 3 });
      const deleted = await nextPublished(client, uri, count + 1);
      assert.deepEqual(severityOf(deleted.diagnostics), [3], 'the default again');
    });

    it('ignores watched-file events about other files', async () => {
      const { dir, uri } = site(`{ "rules": { "${CODE}": "off" } }`);
      await client.open(uri, referenceTopology());
      await client.waitForDiagnostics(uri, 1);
      const count = client.diagnostics.get(uri)?.length ?? 0;
      await client.filesChanged({ uri: pathToFileURL(path.join(dir, 'other.json')).href, type: 2 });
      // A round trip: had the event re-published, the diagnostics would have arrived first.
      await client.request('textDocument/documentSymbol', { textDocument: { uri } });
      await new Promise((resolve) => setTimeout(resolve, 200));
      assert.equal(client.diagnostics.get(uri)?.length, count);
    });

    it('shows a broken config by its path, once, and applies what is valid in it', async () => {
      const { dir, uri } = site(`{ "rules": { "nope": "off", "${CODE}": "off" } }`);
      await client.open(uri, referenceTopology());
      assert.deepEqual((await client.waitForDiagnostics(uri, 1)).diagnostics, []);
      const file = path.join(dir, CONFIG);
      assert.deepEqual(
        client.messages.map((m) => [m.type, m.message]),
        [[2, `EdgeFlow: ${file}: "rules": unknown rule 'nope'. The rest of it applies.`]],
      );
      const second = pathToFileURL(path.join(dir, 'second.edgeflow.json')).href;
      await client.open(second, referenceTopology());
      await client.waitForDiagnostics(second, 1);
      assert.equal(client.messages.length, 1, 'not repeated for each document');
    });

    it('shows a malformed config by its path and applies nothing of it', async () => {
      const { dir, uri } = site(`{ "rules": { "${CODE}": "off" }`);
      await client.open(uri, referenceTopology());
      assert.deepEqual(severityOf((await client.waitForDiagnostics(uri, 1)).diagnostics), [3]);
      const message = await client.waitFor('the message', () => client.messages[0]);
      assert.match(
        message.message,
        new RegExp(
          `^EdgeFlow: ${path.join(dir, CONFIG).replace(/[\\^$.*+?()[\]{}|]/g, '\\$&')}: is not valid JSON: line 1, column \\d+: .+\\. Nothing in it applies`,
        ),
      );
    });

    it("writes scripts into the config's outputFolder unless the client names a folder", async () => {
      const { dir, uri } = site('{ "outputFolder": "generated" }');
      fs.writeFileSync(path.join(dir, 'contoso.edgeflow.json'), referenceTopology());
      const generate = (options?: unknown) =>
        client.request<GenerateResult>('workspace/executeCommand', {
          command: GENERATE_SCRIPTS_COMMAND,
          arguments: options === undefined ? [uri] : [uri, options],
        });
      const result = await generate();
      assert.ok(result.ok, JSON.stringify(result));
      assert.equal(result.outDir, path.join(dir, 'generated'));
      assert.equal(fs.readdirSync(path.join(dir, 'generated')).length, 4);

      const chosen = path.join(dir, 'chosen');
      const explicit = await generate({ outDir: chosen });
      assert.ok(explicit.ok);
      assert.equal(explicit.outDir, chosen);
    });

    it('refuses to generate while the config is broken, naming it', async () => {
      const { dir, uri } = site('{ "outputFolder": "/tmp/elsewhere" }');
      fs.writeFileSync(path.join(dir, 'contoso.edgeflow.json'), referenceTopology());
      const result = await client.request<GenerateResult>('workspace/executeCommand', {
        command: GENERATE_SCRIPTS_COMMAND,
        arguments: [uri],
      });
      assert.equal(result.ok, false);
      assert.equal(result.ok === false && result.reason, 'failed');
      assert.ok(
        result.message.startsWith(
          `EdgeFlow generated nothing: ${path.join(dir, CONFIG)}: "outputFolder": '/tmp/elsewhere' is absolute`,
        ),
        result.message,
      );
      assert.deepEqual(fs.readdirSync(dir).sort(), ['contoso.edgeflow.json', CONFIG]);
    });

    it("applies the config's rules in generation: a finding it makes an error refuses", async () => {
      const { dir, uri } = site(`{ "rules": { "${CODE}": "error" } }`);
      fs.writeFileSync(path.join(dir, 'contoso.edgeflow.json'), referenceTopology());
      // Not open: the server reads the file, with the same rules as the diagnostics.
      const result = await client.request<GenerateResult>('workspace/executeCommand', {
        command: GENERATE_SCRIPTS_COMMAND,
        arguments: [uri],
      });
      assert.equal(result.ok === false && result.reason, 'errors', JSON.stringify(result));
    });
  });

  describe('with pulled diagnostics', () => {
    let client: LspClient;

    before(async () => {
      client = await LspClient.start({ capabilities: PULL_CAPABILITIES });
    });

    after(async () => {
      const failures = client?.loggedFailures() ?? [];
      await client?.stop();
      assert.deepEqual(failures, [], 'no handler failed');
    });

    it('registers no file watcher with a client that cannot watch files when asked, but still listens', async () => {
      // Such a client may send the notifications on its own (the next test does).
      await client.request('textDocument/documentSymbol', {
        textDocument: { uri: 'file:///nowhere.edgeflow.json' },
      });
      assert.deepEqual(
        client.registrations.filter((r) => r.method === 'workspace/didChangeWatchedFiles'),
        [],
      );
    });

    it('asks the client to pull again when a config changes, with a new result id', async () => {
      const { dir, configUri, uri } = site(`{ "rules": { "${CODE}": "off" } }`);
      await client.open(uri, referenceTopology());
      const pull = (previousResultId?: string) =>
        client.request<FullDocumentDiagnosticReport>('textDocument/diagnostic', {
          textDocument: { uri },
          ...(previousResultId ? { previousResultId } : {}),
        });
      const before = await pull();
      assert.deepEqual(before.items, []);
      const refreshes = client.refreshRequests;
      fs.writeFileSync(path.join(dir, CONFIG), `{ "rules": { "${CODE}": "warning" } }`);
      await client.filesChanged({ uri: configUri, type: 2 });
      await client.waitFor(
        'a refresh request',
        () => client.refreshRequests > refreshes || undefined,
      );
      const after = await pull(before.resultId);
      assert.equal(after.kind, 'full');
      assert.deepEqual(severityOf(after.items), [2]);
    });
  });
});
