import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import {
  CONTENT_HASH_PLACEHOLDER,
  CONTENT_HASH_PREFIX,
} from '../../../server/src/core/generate/index';
import {
  planScripts,
  writePlanned,
  type WriteIo,
} from '../../../server/src/scriptFiles/writeScripts';

/**
 * A failure in the middle of writing leaves the previous scripts exactly as
 * they were, whichever step fails: writing a temporary file (covered in
 * writeScripts.test.ts), or renaming the new scripts into place after some of
 * them already were. No temporary or backup file is left behind.
 */

const script = (body: string) =>
  `\uFEFF${CONTENT_HASH_PREFIX}${CONTENT_HASH_PLACEHOLDER}\n${body}\n`;
const generation = (version: string) =>
  ['a.EDGE01.edge.ps1', 'a.mailbox.ps1', 'a.EDGE01.verify.ps1', 'a.mailbox.verify.ps1'].map(
    (fileName) => ({
      fileName,
      content: script(`New-SendConnector -Name '${fileName} ${version}'`),
      kind: 'edge' as const,
    }),
  );

function snapshot(dir: string): Record<string, string> {
  return Object.fromEntries(
    fs
      .readdirSync(dir)
      .sort()
      .map((f) => [f, fs.readFileSync(path.join(dir, f), 'utf8')]),
  );
}

/** Node's file system, with the `n`-th rename into a script failing. */
function failingRename(n: number): WriteIo & { renames: number } {
  const io = {
    renames: 0,
    writeFileSync: (file: string, data: string) => fs.writeFileSync(file, data),
    renameSync(from: string, to: string) {
      if (to.endsWith('.ps1') && ++io.renames === n) throw new Error('EIO: rename failed');
      fs.renameSync(from, to);
    },
    rmSync: (file: string, options: { force: boolean }) => fs.rmSync(file, options),
  };
  return io;
}

describe('no lost work when writing scripts fails midway', () => {
  for (const failing of [1, 2, 4]) {
    it(`a failed rename (the ${failing}. of 4) puts back every previous script`, () => {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'edgeflow-nolost-'));
      writePlanned(planScripts(generation('v1'), dir));
      const before = snapshot(dir);
      assert.deepEqual(Object.keys(before).length, 4);
      assert.throws(
        () => writePlanned(planScripts(generation('v2'), dir), failingRename(failing)),
        /rename failed/,
      );
      assert.deepEqual(snapshot(dir), before);
    });
  }

  it('a failed rename removes the scripts that were new, and keeps nothing else', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'edgeflow-nolost-'));
    const [first] = generation('v1');
    assert.ok(first);
    writePlanned(planScripts([first], dir));
    const before = snapshot(dir);
    // The first script is replaced, the other three are new; the third rename fails.
    assert.throws(
      () => writePlanned(planScripts(generation('v2'), dir), failingRename(3)),
      /rename failed/,
    );
    assert.deepEqual(snapshot(dir), before);
  });

  it('succeeds as before, leaving no backup or temporary file', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'edgeflow-nolost-'));
    writePlanned(planScripts(generation('v1'), dir));
    writePlanned(planScripts(generation('v2'), dir));
    const after = snapshot(dir);
    assert.deepEqual(
      Object.keys(after).sort(),
      generation('v2')
        .map((f) => f.fileName)
        .sort(),
    );
    for (const content of Object.values(after)) assert.match(content, /v2'/);
  });
});
