import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import {
  CONTENT_HASH_PLACEHOLDER,
  CONTENT_HASH_PREFIX,
} from '../../../server/src/core/generate/index';
import { inspectExisting, withContentHash } from '../../../server/src/scriptFiles/contentHash';
import {
  needsConsent,
  planScripts,
  writePlanned,
  type WriteIo,
} from '../../../server/src/scriptFiles/writeScripts';

const script = (body: string) =>
  `\uFEFF${CONTENT_HASH_PREFIX}${CONTENT_HASH_PLACEHOLDER}\n${body}\n`;
const files = [
  { fileName: 'a.edge.ps1', content: script("New-SendConnector -Name 'A'"), kind: 'edge' as const },
  {
    fileName: 'a.mailbox.ps1',
    content: script("New-SendConnector -Name 'B'"),
    kind: 'mailbox' as const,
  },
];
const [edgeScript] = files as [(typeof files)[number], ...typeof files];
const temp = () => fs.mkdtempSync(path.join(os.tmpdir(), 'edgeflow-write-'));

describe('script files', () => {
  it('record a hash that detects any edit, and nothing else', () => {
    const hashed = withContentHash(script('Get-SendConnector'));
    assert.match(hashed, /^\uFEFF# EdgeFlow-Content-Hash: [0-9a-f]{64}\n/);
    assert.equal(inspectExisting(hashed), 'unedited');
    assert.equal(inspectExisting(hashed.replace('Get-', 'Remove-')), 'edited');
    assert.equal(inspectExisting(hashed + ' '), 'edited');
    assert.equal(inspectExisting(hashed.replace(/[0-9a-f]{64}/, 'x')), 'edited');
    assert.equal(inspectExisting('Write-Host hi\n'), 'foreign');
  });

  it('do not take line endings or the byte-order mark, as Git on Windows changes them, for an edit', () => {
    const hashed = withContentHash(script('Get-SendConnector\nSet-SendConnector'));
    const crlf = hashed.replace(/\n/g, '\r\n');
    assert.equal(inspectExisting(crlf), 'unedited', 'CRLF line endings');
    assert.equal(inspectExisting(crlf.replace(/^\uFEFF/, '')), 'unedited', 'CRLF without BOM');
    assert.equal(inspectExisting(hashed.replace(/^\uFEFF/, '')), 'unedited', 'LF without BOM');
    assert.equal(inspectExisting(hashed.replace(/\n$/, '\r\n')), 'unedited', 'mixed endings');
    assert.equal(inspectExisting(crlf.replace('Get-', 'Remove-')), 'edited', 'an edit under CRLF');
    assert.equal(inspectExisting(crlf.replace('\r\nSet', '\r\n\r\nSet')), 'edited', 'a new line');
  });

  it('plans new, unchanged, replace, edited and foreign files', () => {
    const dir = temp();
    assert.deepEqual(
      planScripts(files, dir).map((f) => f.state),
      ['new', 'new'],
    );
    writePlanned(planScripts(files, dir));
    assert.deepEqual(
      planScripts(files, dir).map((f) => f.state),
      ['unchanged', 'unchanged'],
    );
    const changed = files.map((f) => ({ ...f, content: f.content.replace("'A'", "'A2'") }));
    assert.deepEqual(
      planScripts(changed, dir).map((f) => f.state),
      ['replace', 'unchanged'],
    );
    fs.appendFileSync(path.join(dir, 'a.edge.ps1'), '# edit\n');
    fs.writeFileSync(path.join(dir, 'a.mailbox.ps1'), 'mine');
    const plan = planScripts(changed, dir);
    assert.deepEqual(
      plan.map((f) => f.state),
      ['edited', 'foreign'],
    );
    assert.equal(needsConsent(plan).length, 2);
  });

  it('refuses a file name that would leave the output folder', () => {
    const dir = temp();
    for (const fileName of ['../escape.ps1', 'sub/x.ps1', '/etc/x.ps1']) {
      assert.throws(
        () => planScripts([{ ...edgeScript, fileName }], dir),
        /leaves the output folder/,
      );
    }
  });

  it('leaves every previous script intact when writing fails midway', () => {
    const dir = temp();
    writePlanned(planScripts(files, dir));
    const before = fs.readdirSync(dir).map((f) => fs.readFileSync(path.join(dir, f), 'utf8'));
    const changed = files.map((f) => ({ ...f, content: f.content.replace('New-', 'Set-') }));
    let writes = 0;
    const failingSecondWrite: WriteIo = {
      writeFileSync: (file, data) => {
        if (++writes === 2) throw new Error('disk full');
        fs.writeFileSync(file, data);
      },
      renameSync: fs.renameSync,
      rmSync: fs.rmSync,
    };
    assert.throws(() => writePlanned(planScripts(changed, dir), failingSecondWrite), /disk full/);
    assert.deepEqual(
      fs.readdirSync(dir).map((f) => fs.readFileSync(path.join(dir, f), 'utf8')),
      before,
    );
  });
});
