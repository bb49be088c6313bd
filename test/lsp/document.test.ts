import * as assert from 'node:assert/strict';
import type { DocumentSymbol, FoldingRange, TextEdit } from 'vscode-languageserver/node';
import { parse } from 'jsonc-parser';
import { referenceTopology } from '../support/repo';
import { applyTextEdits, LspClient } from './client';

describe('language server: symbols, folding, formatting', () => {
  let client: LspClient;
  let counter = 0;

  before(async () => {
    client = await LspClient.start();
  });

  after(async () => {
    const failures = client?.loggedFailures() ?? [];
    await client?.stop();
    assert.deepEqual(failures, [], 'no handler failed');
  });

  async function open(text: string): Promise<string> {
    const uri = `file:///work/document/t${++counter}.edgeflow.json`;
    await client.open(uri, text);
    return uri;
  }

  const symbolsOf = (uri: string) =>
    client.request<DocumentSymbol[]>('textDocument/documentSymbol', { textDocument: { uri } });
  const names = (symbols: readonly DocumentSymbol[] | undefined) =>
    (symbols ?? []).map((s) => s.name);

  it('outlines the topology by the names of its servers and connectors', async () => {
    const symbols = await symbolsOf(await open(referenceTopology()));
    assert.deepEqual(names(symbols), [
      'Organization',
      'Servers',
      'Credentials',
      'Send connectors',
      'Receive connectors',
    ]);
    const [organization, servers, credentials, send, receive] = symbols;
    assert.equal(organization?.detail, 'Contoso');
    assert.deepEqual(names(organization?.children), ['contoso.com']);
    assert.deepEqual(names(servers?.children), ['EDGE01', 'MBX01', 'MBX02']);
    const [edge, mailbox] = servers?.children ?? [];
    assert.equal(edge?.kind, 11, 'an Edge is an Interface');
    assert.equal(mailbox?.kind, 5, 'a Mailbox server is a Class');
    assert.deepEqual(names(edge?.children), ['External', 'Internal']);
    assert.equal(edge?.children?.[0]?.detail, 'internet · 10.1.1.1');
    assert.deepEqual(names(credentials?.children), ['EdgeToOrg', 'OrgToEdge']);
    assert.deepEqual(
      send?.children?.map((s) => [s.name, s.detail]),
      [
        ['To Internet', 'EDGE01'],
        ['To Internal Org', 'EDGE01'],
        ['To Edge', 'organization'],
      ],
    );
    assert.deepEqual(
      receive?.children?.map((s) => [s.name, s.detail]),
      [
        ['From Internet', 'EDGE01'],
        ['From Internal Org', 'EDGE01'],
      ],
    );
    for (const group of symbols) {
      for (const child of group.children ?? []) {
        assert.ok(child.range.start.line <= child.selectionRange.start.line);
        assert.ok(child.selectionRange.end.line <= child.range.end.line);
      }
    }
  });

  it('outlines what parses of a broken document', async () => {
    const text = referenceTopology();
    const broken = text.slice(0, text.indexOf('"sendConnectors"') + 40);
    const symbols = await symbolsOf(await open(broken));
    const servers = symbols.find((s) => s.name === 'Servers');
    assert.deepEqual(names(servers?.children), ['EDGE01', 'MBX01', 'MBX02']);
    assert.ok(symbols.some((s) => s.name === 'Send connectors'));
  });

  it('names an unnamed object instead of leaving the name empty', async () => {
    const text = referenceTopology().replace('"name": "To Internet",', '');
    const symbols = await symbolsOf(await open(text));
    const send = symbols.find((s) => s.name === 'Send connectors');
    assert.equal(send?.children?.[0]?.name, '(send connector without a name)');
  });

  it('folds objects, arrays and block comments', async () => {
    const text = referenceTopology().replace(
      '"servers": [',
      '/*\n   The servers.\n*/\n  "servers": [',
    );
    const uri = await open(text);
    const ranges = await client.request<FoldingRange[]>('textDocument/foldingRange', {
      textDocument: { uri },
    });
    const document = client.document(uri);
    const comment = document.positionAt(text.indexOf('/*')).line;
    assert.ok(
      ranges.some((r) => r.kind === 'comment' && r.startLine === comment),
      JSON.stringify(ranges),
    );
    const servers = document.positionAt(text.indexOf('"servers": [')).line;
    assert.ok(ranges.some((r) => r.kind === 'array' && r.startLine === servers));
    assert.ok(
      ranges.some(
        (r) =>
          r.kind === 'object' &&
          r.startLine === document.positionAt(text.indexOf('{\n  "$schema"')).line,
      ),
    );
  });

  it('formats the document with the client options and keeps every comment', async () => {
    const messy =
      '// Contoso, compact\n{"version":1, /* inline */ "organization":{"name":"Contoso",\n' +
      '// the domains\n"acceptedDomains":["contoso.com"]},"servers":[]}\n';
    const uri = await open(messy);
    const edits = await client.request<TextEdit[]>('textDocument/formatting', {
      textDocument: { uri },
      options: { tabSize: 4, insertSpaces: true },
    });
    assert.ok(edits.length > 0);
    const formatted = applyTextEdits(messy, edits);
    for (const comment of ['// Contoso, compact', '/* inline */', '// the domains']) {
      assert.ok(formatted.includes(comment), `${comment} kept in:\n${formatted}`);
    }
    assert.match(formatted, /\n {4}"organization": \{\n {8}"name": "Contoso",/);
    assert.deepEqual(parse(formatted), parse(messy));
  });

  it('formats a range only', async () => {
    const text = '{\n"version":1,\n"organization":{"name":"Contoso"},\n"servers":[ ]\n}\n';
    const uri = await open(text);
    const edits = await client.request<TextEdit[]>('textDocument/rangeFormatting', {
      textDocument: { uri },
      range: { start: { line: 2, character: 0 }, end: { line: 2, character: 34 } },
      options: { tabSize: 2, insertSpaces: true },
    });
    const formatted = applyTextEdits(text, edits);
    assert.match(formatted, /"organization": \{/);
    assert.ok(formatted.includes('"servers":[ ]'), 'outside the range nothing changed');
  });

  it('keeps the line structure when edgeflow.format.keepLines is set', async () => {
    const uri = await open(referenceTopology());
    await client.setSettings({ format: { keepLines: true } });
    // A change after the settings round trip makes sure the server has them.
    const version = await client.change(uri, client.text(uri));
    await client.waitForDiagnostics(uri, version);
    const edits = await client.request<TextEdit[]>('textDocument/formatting', {
      textDocument: { uri },
      options: { tabSize: 2, insertSpaces: true },
    });
    const formatted = applyTextEdits(client.text(uri), edits);
    assert.ok(formatted.includes('{ "name": "MBX01", "role": "Mailbox"'), formatted);
    await client.setSettings({});
  });
});
