import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { leaksSecret, SECRET_KEYS, SECRET_MARKER, SECRET_TOPOLOGY } from '../support/secrets';
import { edgeflow, REFERENCE, temporaryDirectory, write } from './run';

/**
 * No secret from a topology ever appears in output. A topology with secrets
 * is an error (secret-in-topology) in every format of `check`, and `generate`
 * refuses it; none of those outputs repeats a secret value. Comments of a
 * valid topology never reach the scripts either.
 */
describe('secrets never appear in the output of the CLI', () => {
  const dir = temporaryDirectory();
  write(dir, 'secrets.edgeflow.json', SECRET_TOPOLOGY);

  for (const format of ['text', 'json', 'sarif']) {
    it(`check --format ${format} reports every secret key and repeats no secret value`, () => {
      const run = edgeflow(dir, 'check', 'secrets.edgeflow.json', '--format', format);
      assert.equal(run.status, 1, run.stderr);
      assert.equal(leaksSecret(run.stdout + run.stderr), false, run.stdout);
      for (const key of SECRET_KEYS) assert.ok(run.stdout.includes(key), `reports '${key}'`);
      assert.ok(run.stdout.includes('secret-in-topology'));
    });
  }

  it('generate refuses, lists the errors, writes nothing and repeats no secret value', () => {
    const run = edgeflow(dir, 'generate', 'secrets.edgeflow.json', '--out-dir', 'scripts');
    assert.equal(run.status, 1);
    assert.match(run.stderr, /secret-in-topology/);
    assert.match(run.stderr, /nothing generated/);
    assert.equal(leaksSecret(run.stdout + run.stderr), false, run.stderr);
    assert.ok(!fs.existsSync(path.join(dir, 'scripts')));
  });

  it('generate writes nothing of the comments of a valid topology into the scripts', () => {
    const commented = REFERENCE.replace(
      '"version": 1,',
      `// the relay password is ${SECRET_MARKER}-c1\n  "version": 1, /* ${SECRET_MARKER}-c2 */`,
    ).replace('"name": "To Internet",', `"name": "To Internet", // password: ${SECRET_MARKER}-c3`);
    const sub = fs.mkdtempSync(path.join(dir, 'comments-'));
    write(sub, 'contoso.edgeflow.json', commented);
    const run = edgeflow(sub, 'generate', 'contoso.edgeflow.json');
    assert.equal(run.status, 0, run.stderr);
    const scripts = fs.readdirSync(sub).filter((f) => f.endsWith('.ps1'));
    assert.equal(scripts.length, 4);
    for (const script of scripts) {
      const content = fs.readFileSync(path.join(sub, script), 'utf8');
      assert.equal(leaksSecret(content), false, script);
    }
    assert.equal(leaksSecret(run.stdout + run.stderr), false);
  });
});
