import * as assert from 'node:assert/strict';
import { leaksSecret, SECRET_KEYS, SECRET_TOPOLOGY } from '../support/secrets';
import { LspClient } from './client';

/**
 * No secret from a topology appears in what the language server says about
 * it: its diagnostics (messages and related information), the titles and
 * edits of its code actions, its hovers, completions and symbols.
 */
describe('language server: secrets never appear in its answers', function () {
  this.timeout(30_000);
  let client: LspClient;
  const uri = 'file:///work/secrets/secrets.edgeflow.json';

  before(async () => {
    client = await LspClient.start();
  });

  after(async () => {
    await client?.stop();
  });

  it('reports every secret key, and repeats no secret value anywhere', async () => {
    await client.open(uri, SECRET_TOPOLOGY);
    const { diagnostics } = await client.waitForDiagnostics(uri, 1);
    const secrets = diagnostics.filter((d) => d.code === 'secret-in-topology');
    assert.equal(secrets.length, SECRET_KEYS.length);
    const answers: unknown[] = [diagnostics];
    const textDocument = { uri };
    for (const diagnostic of diagnostics) {
      answers.push(
        await client.request('textDocument/codeAction', {
          textDocument,
          range: diagnostic.range,
          context: { diagnostics: [diagnostic] },
        }),
      );
    }
    // Hover, completion and navigation on every secret key and just after it (on its value).
    for (const diagnostic of secrets) {
      for (const position of [
        diagnostic.range.start,
        diagnostic.range.end,
        { ...diagnostic.range.end, character: diagnostic.range.end.character + 4 },
      ]) {
        answers.push(await client.request('textDocument/hover', { textDocument, position }));
        answers.push(await client.request('textDocument/completion', { textDocument, position }));
        answers.push(await client.request('textDocument/definition', { textDocument, position }));
      }
    }
    answers.push(await client.request('textDocument/documentSymbol', { textDocument }));
    for (const answer of answers)
      assert.equal(
        leaksSecret(JSON.stringify(answer)),
        false,
        JSON.stringify(answer).slice(0, 500),
      );
    assert.equal(leaksSecret(client.serverLog.join('')), false);
  });
});
