import * as assert from 'node:assert/strict';
import type { Location, Range, WorkspaceEdit } from 'vscode-languageserver/node';
import { analyze } from '../../server/src/core/index';
import { referenceTopology } from '../support/repo';
import { applyWorkspaceEdit, editsFor, LspClient } from './client';

const URI = 'file:///work/navigation/contoso.edgeflow.json';

describe('language server: definition, references, rename', () => {
  let client: LspClient;

  before(async () => {
    client = await LspClient.start();
    await client.open(URI, referenceTopology());
  });

  after(async () => {
    const failures = client?.loggedFailures() ?? [];
    await client?.stop();
    assert.deepEqual(failures, [], 'no handler failed');
  });

  const at = (needle: string, occurrence: number, delta = 2) => ({
    textDocument: { uri: URI },
    position: client.positionOf(URI, needle, delta, occurrence),
  });
  const textOf = (range: Range) => client.document(URI).getText(range);
  const lineOf = (location: Location) => location.range.start.line;

  it('goes from a reference to the definition of a server', async () => {
    // "EDGE01" #2 is the credential's server; #3 the server of "To Internet".
    const locations = await client.request<Location[]>(
      'textDocument/definition',
      at('"EDGE01"', 3),
    );
    assert.equal(locations.length, 1);
    const [definition] = locations;
    assert.ok(definition);
    assert.equal(definition.uri, URI);
    assert.equal(textOf(definition.range), 'EDGE01');
    assert.equal(lineOf(definition), client.positionOf(URI, '"name": "EDGE01"').line);
  });

  it('goes from sourceTransportServers and authenticationCredential to their definitions', async () => {
    const [mailbox] = await client.request<Location[]>('textDocument/definition', at('"MBX02"', 1));
    assert.ok(mailbox);
    assert.equal(lineOf(mailbox), client.positionOf(URI, '"name": "MBX02"').line);
    const [credential] = await client.request<Location[]>(
      'textDocument/definition',
      at('"OrgToEdge"', 1),
    );
    assert.ok(credential);
    assert.equal(lineOf(credential), client.positionOf(URI, '"name": "OrgToEdge"').line);
  });

  it('finds every reference of a server, with or without its declaration', async () => {
    const request = (includeDeclaration: boolean) =>
      client.request<Location[]>('textDocument/references', {
        ...at('"EDGE01"', 0),
        context: { includeDeclaration },
      });
    const all = await request(true);
    // The definition, the credential's server, two send and two receive connectors.
    assert.equal(all.length, 6, JSON.stringify(all));
    assert.ok(all.every((l) => textOf(l.range) === 'EDGE01'));
    assert.equal((await request(false)).length, 5);
  });

  it('prepares a rename on the text of the name, and refuses elsewhere', async () => {
    const prepared = await client.request<{ range: Range; placeholder: string } | null>(
      'textDocument/prepareRename',
      at('"EDGE01"', 3),
    );
    assert.ok(prepared);
    assert.equal(prepared.placeholder, 'EDGE01');
    assert.equal(textOf(prepared.range), 'EDGE01');
    assert.equal(await client.request('textDocument/prepareRename', at('"Internet"', 0)), null);
  });

  it('refuses a rename to an empty name or to a name that exists (ignoring case)', async () => {
    await assert.rejects(
      client.request('textDocument/rename', { ...at('"EDGE01"', 0), newName: ' ' }),
      /cannot be empty/,
    );
    await assert.rejects(
      client.request('textDocument/rename', { ...at('"EDGE01"', 0), newName: 'mbx01' }),
      /'MBX01' already exists/,
    );
    await assert.rejects(
      client.request('textDocument/rename', { ...at('"OrgToEdge"', 0), newName: 'EDGETOORG' }),
      /credential named 'EdgeToOrg' already exists/,
    );
  });

  it('renames a server everywhere: the analysis stays free of errors', async () => {
    const edit = await client.request<WorkspaceEdit>('textDocument/rename', {
      ...at('"EDGE01"', 4),
      newName: 'EDGE02',
    });
    // Six names, and the computer name of the Edge's local account (EDGE01\\mbxrelay).
    assert.equal(editsFor(edit, URI).length, 7);
    assert.equal(edit.documentChanges?.length, 1, 'a versioned edit for a client that supports it');
    const renamed = applyWorkspaceEdit(client.text(URI), edit, URI);
    assert.equal(renamed.match(/"EDGE02"/g)?.length, 6);
    assert.equal(renamed.match(/"EDGE01"/g), null);
    assert.ok(renamed.includes('"EDGE02\\\\mbxrelay"'), 'the local account follows its Edge');
    const version = await client.change(URI, renamed);
    const { diagnostics } = await client.waitForDiagnostics(URI, version);
    assert.deepEqual(
      diagnostics.filter((d) => d.severity === 1),
      [],
    );
    assert.deepEqual(
      analyze(renamed).findings.filter((f) => f.severity === 'error'),
      [],
    );
  });

  it('renames names that differ only in case, and credentials', async () => {
    const text = client
      .text(URI)
      .replace(
        '"sourceTransportServers": ["MBX01", "MBX02"]',
        '"sourceTransportServers": ["mbx01", "MBX02"]',
      );
    const version = await client.change(URI, text);
    await client.waitForDiagnostics(URI, version);
    const edit = await client.request<WorkspaceEdit>('textDocument/rename', {
      ...at('"mbx01"', 0),
      newName: 'MBX11',
    });
    const renamed = applyWorkspaceEdit(client.text(URI), edit, URI);
    assert.match(renamed, /"name": "MBX11"/);
    assert.match(renamed, /"sourceTransportServers": \["MBX11", "MBX02"\]/);
    const credential = await client.request<WorkspaceEdit>('textDocument/rename', {
      ...at('"OrgToEdge"', 1),
      newName: 'Org "to" Edge',
    });
    const withCredential = applyWorkspaceEdit(client.text(URI), credential, URI);
    assert.equal(withCredential.match(/"Org \\"to\\" Edge"/g)?.length, 2);
    assert.deepEqual(
      analyze(withCredential).findings.filter((f) => f.severity === 'error'),
      [],
    );
  });
});
