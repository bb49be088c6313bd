import * as assert from 'node:assert/strict';
import type {
  CompletionList,
  InitializeResult,
  ServerCapabilities,
  SymbolInformation,
} from 'vscode-languageserver/node';
import { LspClient } from './client';
import { withUnknownProperty } from './topologies';

const URI = 'file:///work/lifecycle/contoso.edgeflow.json';

describe('language server: lifecycle and robustness', () => {
  let client: LspClient;

  before(async () => {
    // A bare client: no configuration requests, no pull diagnostics, no hierarchical symbols.
    client = await LspClient.start({ capabilities: {} });
  });

  after(async () => {
    const failures = client?.loggedFailures() ?? [];
    await client?.stop();
    assert.deepEqual(failures, [], 'no handler failed');
  });

  it('announces its capabilities at initialize', () => {
    const result: InitializeResult = client.initializeResult;
    const capabilities: ServerCapabilities = result.capabilities;
    assert.equal(result.serverInfo?.name, 'edgeflow-language-server');
    assert.deepEqual(capabilities.textDocumentSync, { openClose: true, change: 2 });
    assert.equal(capabilities.diagnosticProvider, undefined, 'push diagnostics for this client');
    assert.deepEqual(capabilities.codeActionProvider, {
      codeActionKinds: ['quickfix', 'source.fixAll.edgeflow'],
    });
    assert.deepEqual(capabilities.completionProvider?.triggerCharacters, ['"', ':', '[']);
    assert.equal(capabilities.hoverProvider, true);
    assert.equal(capabilities.definitionProvider, true);
    assert.equal(capabilities.referencesProvider, true);
    assert.equal(capabilities.renameProvider, true, 'no prepareRename for a client without it');
    assert.ok(capabilities.documentSymbolProvider);
    assert.equal(capabilities.foldingRangeProvider, true);
    assert.equal(capabilities.selectionRangeProvider, true);
    assert.deepEqual(capabilities.documentLinkProvider, { resolveProvider: false });
    assert.equal(capabilities.documentFormattingProvider, true);
    assert.equal(capabilities.documentRangeFormattingProvider, true);
    assert.ok(Array.isArray(capabilities.executeCommandProvider?.commands));
  });

  it('publishes diagnostics without a documentation link when no rulesDocumentationUri was given', async () => {
    const text = withUnknownProperty();
    await client.open(URI, text);
    const published = await client.waitForDiagnostics(URI, 1);
    const schema = published.diagnostics.find((d) => d.code === 'schema');
    assert.ok(schema, JSON.stringify(published.diagnostics));
    assert.equal(schema.codeDescription, undefined);
  });

  it('answers requests at positions past the end of a line or of the document', async () => {
    const far = { line: 10_000, character: 10_000 };
    const wide = { line: 3, character: 5_000 };
    const textDocument = { uri: URI };
    for (const position of [far, wide, { line: -1, character: -1 }]) {
      await client.request('textDocument/hover', { textDocument, position });
      await client.request<CompletionList | null>('textDocument/completion', {
        textDocument,
        position,
      });
      await client.request('textDocument/definition', { textDocument, position });
      await client.request('textDocument/references', {
        textDocument,
        position,
        context: { includeDeclaration: true },
      });
    }
    const actions = await client.request<unknown[]>('textDocument/codeAction', {
      textDocument,
      range: { start: far, end: far },
      context: { diagnostics: [] },
    });
    assert.ok(Array.isArray(actions));
    const edits = await client.request<unknown[]>('textDocument/rangeFormatting', {
      textDocument,
      range: { start: wide, end: far },
      options: { tabSize: 2, insertSpaces: true },
    });
    assert.ok(Array.isArray(edits));
  });

  it('answers neutrally for a document that is not open', async () => {
    const textDocument = { uri: 'file:///work/lifecycle/closed.edgeflow.json' };
    const position = { line: 0, character: 0 };
    assert.equal(await client.request('textDocument/hover', { textDocument, position }), null);
    assert.deepEqual(await client.request('textDocument/documentSymbol', { textDocument }), []);
    assert.deepEqual(
      await client.request('textDocument/formatting', {
        textDocument,
        options: { tabSize: 2, insertSpaces: true },
      }),
      [],
    );
  });

  it('returns flat symbols to a client without hierarchical symbol support', async () => {
    const symbols = await client.request<SymbolInformation[]>('textDocument/documentSymbol', {
      textDocument: { uri: URI },
    });
    const edge = symbols.find((s) => s.name === 'EDGE01');
    assert.ok(edge, JSON.stringify(symbols.map((s) => s.name)));
    assert.equal(edge.containerName, 'Servers');
    assert.equal(edge.location.uri, URI);
  });

  it('refuses an unknown command with an error and keeps running', async () => {
    await assert.rejects(
      client.request('workspace/executeCommand', {
        command: 'edgeflow.noSuchCommand',
        arguments: [],
      }),
      /no command 'edgeflow\.noSuchCommand'/,
    );
    assert.ok(await client.request('textDocument/documentSymbol', { textDocument: { uri: URI } }));
  });

  it('survives invalid settings: warns once, keeps the valid part, goes on analysing', async () => {
    // This client pushes its settings with didChangeConfiguration.
    await client.setSettings({
      rules: { schema: 'off', 'no-such-rule': 'off', 'basic-auth-without-tls': 'loud' },
      maxFileSize: 'huge',
    });
    const warning = await client.waitFor('a settings warning', () =>
      client.messages.find((m) => m.type === 2 && m.message.includes('edgeflow.rules')),
    );
    assert.match(warning.message, /no-such-rule/);
    assert.match(warning.message, /loud/);
    assert.match(warning.message, /edgeflow\.maxFileSize/);
    // The valid entry took effect: the unknown-property warning is off now.
    const version = await client.change(URI, client.text(URI));
    const published = await client.waitForDiagnostics(URI, version);
    assert.deepEqual(
      published.diagnostics.filter((d) => d.code === 'schema'),
      [],
    );
    // The same problems again are not shown again.
    const shown = client.messages.length;
    await client.setSettings({ rules: { 'no-such-rule': 'off' }, maxFileSize: 'huge' });
    await client.setSettings(42);
    const next = await client.change(URI, client.text(URI));
    await client.waitForDiagnostics(URI, next);
    const fresh = client.messages.slice(shown);
    assert.equal(fresh.length, 1, JSON.stringify(fresh));
    assert.match(fresh[0]?.message ?? '', /not an object/);
    await client.setSettings({});
  });

  it('shuts down and exits cleanly', async () => {
    const other = await LspClient.start({ capabilities: {} });
    await other.stop();
    assert.equal(other.exitCode(), 0);
  });
});
