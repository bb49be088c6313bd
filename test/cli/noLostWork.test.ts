import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { REPO_ROOT } from '../support/repo';
import { edgeflow, REFERENCE, temporaryDirectory, write } from './run';

/**
 * A failure in the middle of `edgeflow generate` leaves the previous scripts
 * intact, byte for byte, and no temporary file behind: when a target cannot
 * be written (a directory in its place), and when a rename fails after
 * others succeeded (injected into the real CLI with a preloaded module).
 */

const SCRIPTS = [
  'contoso.EDGE01.edge.ps1',
  'contoso.EDGE01.verify.ps1',
  'contoso.mailbox.ps1',
  'contoso.mailbox.verify.ps1',
];
/** A change that rewrites all four scripts (the Mailbox server's FQDN is in each). */
const CHANGED = REFERENCE.split('mbxserver01.contoso.com').join('mbx01.contoso.com');

function generated(): { dir: string; before: Map<string, Buffer> } {
  const dir = temporaryDirectory();
  write(dir, 'contoso.edgeflow.json', REFERENCE);
  const first = edgeflow(dir, 'generate', 'contoso.edgeflow.json');
  assert.equal(first.status, 0, first.stderr);
  const before = new Map(SCRIPTS.map((s) => [s, fs.readFileSync(path.join(dir, s))]));
  write(dir, 'contoso.edgeflow.json', CHANGED);
  return { dir, before };
}

function assertIntact(dir: string, before: Map<string, Buffer>, except: string[] = []): void {
  for (const [script, bytes] of before) {
    if (except.includes(script)) continue;
    assert.deepEqual(fs.readFileSync(path.join(dir, script)), bytes, `${script} changed`);
  }
  const leftovers = fs.readdirSync(dir).filter((f) => /edgeflow-(tmp|bak)$/.test(f));
  assert.deepEqual(leftovers, [], 'no temporary or backup file is left');
}

describe('edgeflow generate: a failure midway loses no work', () => {
  it('a directory where a script should go: nothing is written, the other scripts are intact', () => {
    const { dir, before } = generated();
    const blocked = 'contoso.mailbox.verify.ps1';
    fs.rmSync(path.join(dir, blocked));
    fs.mkdirSync(path.join(dir, blocked));
    const run = edgeflow(dir, 'generate', 'contoso.edgeflow.json', '--force');
    assert.equal(run.status, 2, run.stdout);
    assert.match(run.stderr, /is a directory; nothing written/);
    assertIntact(dir, before, [blocked]);
  });

  for (const failing of [1, 2, 4]) {
    it(`a rename that fails (the ${failing}. of 4): every previous script is put back`, () => {
      const { dir, before } = generated();
      const run = spawnSync(
        process.execPath,
        [
          '--require',
          path.join(__dirname, '..', 'support', 'failingRename.js'),
          path.join(REPO_ROOT, 'bin', 'edgeflow.js'),
          'generate',
          'contoso.edgeflow.json',
        ],
        {
          cwd: dir,
          encoding: 'utf8',
          env: { ...process.env, EDGEFLOW_FAIL_RENAME: String(failing) },
        },
      );
      assert.equal(run.status, 2, run.stdout + run.stderr);
      assert.match(run.stderr, /EIO.*nothing written/);
      assert.doesNotMatch(run.stdout, /wrote/);
      assertIntact(dir, before);
      // And the next run, without the failure, writes everything.
      const again = edgeflow(dir, 'generate', 'contoso.edgeflow.json');
      assert.equal(again.status, 0, again.stderr);
      for (const script of SCRIPTS)
        assert.match(fs.readFileSync(path.join(dir, script), 'utf8'), /mbx01\.contoso\.com/);
    });
  }
});
