import * as assert from 'node:assert/strict';
import { pathToFileURL } from 'node:url';
import * as fs from 'node:fs';
import type { DocumentLink, SelectionRange } from 'vscode-languageserver/node';
import { referenceTopology, repoPath } from '../support/repo';
import { LspClient } from './client';

// Issue 16: selection ranges (the JSON service computes them) and links where a value names a documentation page.
describe('language server: selection ranges and document links', () => {
  let client: LspClient;
  const rules = pathToFileURL(repoPath('RULES.md')).href;

  before(async () => {
    client = await LspClient.start({ initializationOptions: { rulesDocumentationUri: rules } });
  });

  after(async () => {
    const failures = client?.loggedFailures() ?? [];
    await client?.stop();
    assert.deepEqual(failures, [], 'no handler failed');
  });

  it('expands the selection from a value to its property, its object and outwards', async () => {
    const uri = 'file:///work/select/contoso.edgeflow.json';
    await client.open(uri, referenceTopology());
    const position = client.positionOf(uri, '"EDGE01"', 2);
    const [range] = await client.request<SelectionRange[]>('textDocument/selectionRange', {
      textDocument: { uri },
      positions: [position],
    });
    const texts: string[] = [];
    for (let r: SelectionRange | undefined = range; r; r = r.parent)
      texts.push(client.document(uri).getText(r.range));
    assert.ok(texts.length >= 4, JSON.stringify(texts));
    assert.ok(texts.includes('"EDGE01"'), JSON.stringify(texts.slice(0, 3)));
    assert.ok(
      texts.some((t) => /^"name":\s*"EDGE01"$/.test(t)),
      JSON.stringify(texts.slice(0, 4)),
    );
    // Each range holds the previous one, up to the topology's object (after the header comment).
    const text = client.text(uri);
    assert.equal(texts.at(-1), text.slice(text.indexOf('\n{') + 1).trimEnd());
  });

  it("links each code of a suppression comment to its rule's section", async () => {
    const uri = 'file:///work/select/suppressed.edgeflow.json';
    const text = referenceTopology().replace(
      '"servers"',
      '// edgeflow-disable-next-line self-signed-certificate, not-a-rule -- lab\n  "servers"',
    );
    await client.open(uri, text);
    const links = await client.request<DocumentLink[]>('textDocument/documentLink', {
      textDocument: { uri },
    });
    assert.equal(links.length, 1, JSON.stringify(links));
    const [link] = links;
    assert.equal(client.document(uri).getText(link?.range), 'self-signed-certificate');
    const line = /#L(\d+)$/.exec(link?.target ?? '')?.[1];
    assert.ok(line, link?.target);
    const rulesText = fs.readFileSync(repoPath('RULES.md'), 'utf8').split(/\r?\n/);
    assert.equal(rulesText[Number(line) - 1], '## self-signed-certificate');
  });
});
