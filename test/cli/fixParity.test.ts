import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { CodeAction } from 'vscode-languageserver/node';
import { applyWorkspaceEdit, LspClient } from '../lsp/client';
import { repoPath } from '../support/repo';
import { edgeflow, temporaryDirectory } from './run';

/**
 * Issue 15's "done when": `edgeflow check --fix` on a copy of every rule's bad
 * fixture ends with exactly what the editor's "fix all" (the real language
 * server, over a real connection) makes of the same text.
 */
describe('edgeflow check --fix ends where the editor\'s "fix all" ends', () => {
  const fixturesDir = repoPath('test', 'fixtures', 'rules');
  const fixtures = fs.readdirSync(fixturesDir).flatMap((rule) =>
    fs
      .readdirSync(path.join(fixturesDir, rule))
      .filter((name) => name.startsWith('bad-'))
      .map((name) => ({
        rule,
        name,
        text: fs.readFileSync(path.join(fixturesDir, rule, name), 'utf8'),
      })),
  );
  let dir: string;
  let client: LspClient;
  let fixedByCli: Map<string, string>;

  before(async () => {
    assert.ok(fixtures.length > 80, `every rule's bad fixtures (${fixtures.length})`);
    dir = temporaryDirectory();
    for (const { rule, name, text } of fixtures) {
      fs.mkdirSync(path.join(dir, rule), { recursive: true });
      fs.writeFileSync(path.join(dir, rule, name), text);
    }
    const run = edgeflow(dir, 'check', '--fix', '.');
    assert.ok(run.status === 0 || run.status === 1, run.stderr);
    fixedByCli = new Map(
      fixtures.map(({ rule, name }) => [
        `${rule}/${name}`,
        fs.readFileSync(path.join(dir, rule, name), 'utf8'),
      ]),
    );
    client = await LspClient.start();
  });

  after(async () => {
    await client?.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('the command line changed some fixtures (the comparison is not between untouched copies)', () => {
    const changed = fixtures.filter(
      ({ rule, name, text }) => fixedByCli.get(`${rule}/${name}`) !== text,
    );
    assert.ok(changed.length > 40, `${changed.length} of ${fixtures.length} fixtures changed`);
  });

  it('every fixture: the same text as the editor', async () => {
    const differences: string[] = [];
    for (const { rule, name, text } of fixtures) {
      const uri = pathToFileURL(path.join(dir, 'editor', rule, name)).href;
      await client.open(uri, text);
      await client.waitForDiagnostics(uri, 1);
      const actions = await client.request<CodeAction[]>('textDocument/codeAction', {
        textDocument: { uri },
        range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
        context: { diagnostics: [], only: ['source.fixAll.edgeflow'] },
      });
      const [fixAll] = actions;
      const byEditor = fixAll?.edit ? applyWorkspaceEdit(text, fixAll.edit, uri) : text;
      if (byEditor !== fixedByCli.get(`${rule}/${name}`)) differences.push(`${rule}/${name}`);
      await client.close(uri);
    }
    assert.deepEqual(differences, []);
  });
});
