import * as assert from 'node:assert/strict';
import type { CodeAction, Diagnostic } from 'vscode-languageserver/node';
import { analyze } from '../../server/src/core/index';
import { applyWorkspaceEdit, LspClient } from './client';
import {
  replaceOnce,
  withBasicAuth,
  withDnsRoutingOnInternalOrg,
  withDnsRoutingOnToEdge,
  withUnknownProperty,
} from './topologies';

describe('language server: code actions', () => {
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

  /** Opens `text` under a fresh URI and returns its diagnostics. */
  async function openTopology(text: string): Promise<{ uri: string; diagnostics: Diagnostic[] }> {
    const uri = `file:///work/actions/t${++counter}.edgeflow.json`;
    await client.open(uri, text);
    const { diagnostics } = await client.waitForDiagnostics(uri, 1);
    return { uri, diagnostics };
  }

  function codeActions(uri: string, diagnostics: Diagnostic[], only?: string[]) {
    const range = diagnostics[0]?.range ?? {
      start: { line: 0, character: 0 },
      end: { line: 0, character: 0 },
    };
    return client.request<CodeAction[]>('textDocument/codeAction', {
      textDocument: { uri },
      range,
      context: { diagnostics, ...(only ? { only } : {}) },
    });
  }

  /** Applies the action's edit in the client, sends the change, returns the new diagnostics. */
  async function apply(uri: string, action: CodeAction): Promise<Diagnostic[]> {
    assert.ok(action.edit, `'${action.title}' has an edit`);
    const text = applyWorkspaceEdit(client.text(uri), action.edit, uri);
    const version = await client.change(uri, text);
    return (await client.waitForDiagnostics(uri, version)).diagnostics;
  }

  it('offers the rule fix as a preferred quick fix, and applying it removes the diagnostic', async () => {
    const { uri, diagnostics } = await openTopology(withDnsRoutingOnInternalOrg());
    const diagnostic = diagnostics.find((d) => d.code === 'smarthosts-dns-routing');
    assert.ok(diagnostic);
    const actions = await codeActions(uri, [diagnostic]);
    const fix = actions.find((a) => a.title === 'Set dnsRoutingEnabled to false');
    assert.ok(fix, JSON.stringify(actions.map((a) => a.title)));
    assert.equal(fix.kind, 'quickfix');
    assert.equal(fix.isPreferred, true);
    assert.deepEqual(fix.diagnostics, [diagnostic]);
    const after = await apply(uri, fix);
    assert.equal(
      after.some((d) => d.code === 'smarthosts-dns-routing'),
      false,
    );
    assert.equal(
      after.some((d) => d.severity === 1),
      false,
    );
  });

  it('never offers to disable an error', async () => {
    const { uri, diagnostics } = await openTopology(withDnsRoutingOnInternalOrg());
    const error = diagnostics.filter((d) => d.code === 'smarthosts-dns-routing');
    const actions = await codeActions(uri, error);
    assert.deepEqual(
      actions.filter((a) => a.title.startsWith('Disable')),
      [],
    );
  });

  it('offers "disable for this line" for a warning, indented like the line, and it silences it', async () => {
    const { uri, diagnostics } = await openTopology(withUnknownProperty());
    const warning = diagnostics.find((d) => d.code === 'schema' && d.severity === 2);
    assert.ok(warning, JSON.stringify(diagnostics));
    const actions = await codeActions(uri, [warning]);
    const disable = actions.find((a) => a.title === 'Disable schema for this line');
    assert.ok(disable, JSON.stringify(actions.map((a) => a.title)));
    assert.equal(disable.kind, 'quickfix');
    const after = await apply(uri, disable);
    assert.match(
      client.text(uri),
      /\n {6}\/\/ edgeflow-disable-next-line schema -- <reason>\n {6}"colour": "blue",/,
    );
    assert.deepEqual(
      after.filter((d) => d.code === 'schema' || d.code === 'invalid-suppression'),
      [],
    );
  });

  it('adds the code to an existing disable comment on the line above', async () => {
    const text = replaceOnce(
      withBasicAuth(),
      '      "smartHostAuthMechanism": "BasicAuth",',
      '      // edgeflow-disable-next-line schema -- lab only\n      "smartHostAuthMechanism": "BasicAuth",',
    );
    const { uri, diagnostics } = await openTopology(text);
    const warning = diagnostics.find((d) => d.code === 'basic-auth-without-tls');
    assert.ok(warning, 'basic-auth-without-tls is reported');
    const actions = await codeActions(uri, [warning]);
    const disable = actions.find((a) => a.title === 'Disable basic-auth-without-tls for this line');
    assert.ok(disable);
    const after = await apply(uri, disable);
    assert.match(
      client.text(uri),
      /\/\/ edgeflow-disable-next-line schema, basic-auth-without-tls -- lab only\n/,
    );
    assert.equal(
      after.some((d) => d.code === 'basic-auth-without-tls'),
      false,
    );
  });

  it('finds the finding again for a diagnostic of an older version, by code and range', async () => {
    const { uri, diagnostics } = await openTopology(withDnsRoutingOnInternalOrg());
    const diagnostic = diagnostics.find((d) => d.code === 'smarthosts-dns-routing');
    assert.ok(diagnostic);
    // A change that moves nothing: the client's diagnostic still fits the text.
    const version = await client.change(uri, client.text(uri) + '\n');
    await client.waitForDiagnostics(uri, version);
    const actions = await codeActions(uri, [diagnostic]);
    assert.ok(actions.some((a) => a.title === 'Set dnsRoutingEnabled to false'));
  });

  it('fixes all: applies every preferred fix in one edit, on request of source.fixAll', async () => {
    const { uri, diagnostics } = await openTopology(
      withDnsRoutingOnToEdge(withDnsRoutingOnInternalOrg()),
    );
    assert.equal(diagnostics.filter((d) => d.code === 'smarthosts-dns-routing').length, 2);
    const actions = await codeActions(uri, [], ['source.fixAll']);
    assert.equal(actions.length, 1, JSON.stringify(actions.map((a) => a.title)));
    const [fixAll] = actions;
    assert.ok(fixAll);
    assert.equal(fixAll.kind, 'source.fixAll.edgeflow');
    const after = await apply(uri, fixAll);
    assert.deepEqual(
      after.filter((d) => d.severity === 1),
      [],
    );
    assert.equal(
      client.text(uri).includes('"dnsRoutingEnabled": true,\n      "smartHosts"'),
      false,
    );
  });

  it('offers no fix-all when there is nothing to fix', async () => {
    const { uri } = await openTopology(
      withDnsRoutingOnInternalOrg().replace(
        '"dnsRoutingEnabled": true,\n      "smartHosts"',
        '"dnsRoutingEnabled": false,\n      "smartHosts"',
      ),
    );
    assert.deepEqual(await codeActions(uri, [], ['source.fixAll.edgeflow']), []);
    // Only quick fixes when only quick fixes are asked for.
    const { uri: broken, diagnostics } = await openTopology(withDnsRoutingOnInternalOrg());
    const quick = await codeActions(broken, diagnostics, ['quickfix']);
    assert.ok(quick.length > 0);
    assert.ok(quick.every((a) => a.kind === 'quickfix'));
  });

  it('gives quick fixes at the cursor to a client that sends no diagnostics', async () => {
    const { uri, diagnostics } = await openTopology(withDnsRoutingOnInternalOrg());
    const diagnostic = diagnostics.find((d) => d.code === 'smarthosts-dns-routing');
    assert.ok(diagnostic);
    const actions = await client.request<CodeAction[]>('textDocument/codeAction', {
      textDocument: { uri },
      range: { start: diagnostic.range.start, end: diagnostic.range.start },
      context: { diagnostics: [] },
    });
    const fix = actions.find((a) => a.title === 'Set dnsRoutingEnabled to false');
    assert.ok(fix);
    assert.equal(fix.diagnostics?.[0]?.code, 'smarthosts-dns-routing');
    const text = applyWorkspaceEdit(client.text(uri), fix.edit ?? {}, uri);
    assert.equal(
      analyze(text).findings.some((f) => f.code === 'smarthosts-dns-routing'),
      false,
    );
  });
});
