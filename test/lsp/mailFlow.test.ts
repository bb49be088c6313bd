import * as assert from 'node:assert/strict';
import type { CodeAction, Diagnostic } from 'vscode-languageserver/node';
import { readRepoFile } from '../support/repo';
import { applyWorkspaceEdit, LspClient } from './client';

/**
 * The four mistakes of issue 13, as the editor shows them: the design rule's
 * diagnostic on the connector that causes it, and a quick fix that leaves no
 * error (not a second connector).
 */
const MISTAKES = [
  {
    code: 'open-relay',
    fixture: 'bad-externally-secured-internet',
    on: '["0.0.0.0/0"]',
    fix: /^Remove ExternalAuthoritative/,
  },
  {
    code: 'internal-relay',
    fixture: 'bad-mailbox-subnet',
    on: '["10.0.0.0/8"]',
    fix: /^Restrict the remote IP ranges/,
  },
  {
    code: 'no-route',
    fixture: 'bad-second-domain-not-covered',
    on: '["contoso.com"]',
    fix: /with --$/,
  },
  { code: 'mail-loop', fixture: 'bad-wildcard-instead-of-dashdash', on: '"*"', fix: /with --$/ },
] as const;

describe('language server: the mail-flow diagnostics', () => {
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

  for (const mistake of MISTAKES) {
    it(`${mistake.code}: on the connector that causes it, with a fix that leaves no error`, async () => {
      const uri = `file:///work/flow/t${++counter}.edgeflow.json`;
      await client.open(
        uri,
        readRepoFile('test', 'fixtures', 'rules', mistake.code, `${mistake.fixture}.edgeflow.json`),
      );
      const { diagnostics } = await client.waitForDiagnostics(uri, 1);
      const found = diagnostics.filter((d) => d.code === mistake.code);
      assert.equal(found.length, 1, JSON.stringify(diagnostics));
      const diagnostic = found[0] as Diagnostic;
      assert.equal(client.document(uri).getText(diagnostic.range), mistake.on);
      assert.ok(!diagnostics.some((d) => d.code === 'missing-connector'));

      const actions = await client.request<CodeAction[]>('textDocument/codeAction', {
        textDocument: { uri },
        range: diagnostic.range,
        context: { diagnostics: [diagnostic] },
      });
      const fix = actions.find((a) => mistake.fix.test(a.title));
      assert.ok(fix?.edit, JSON.stringify(actions.map((a) => a.title)));
      const version = await client.change(uri, applyWorkspaceEdit(client.text(uri), fix.edit, uri));
      const after = (await client.waitForDiagnostics(uri, version)).diagnostics;
      assert.deepEqual(
        after.filter((d) => d.code === mistake.code || d.severity === 1).map((d) => d.message),
        [],
      );
    });
  }
});
