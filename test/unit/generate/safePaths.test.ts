import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { analyze } from '../../../server/src/core';
import { generateScripts, renderScripts } from '../../../server/src/core/generate';
import {
  edgeFileNameComponents,
  MAX_COMPONENT_LENGTH,
  safeFileNameComponent,
} from '../../../server/src/core/generate/fileNames';
import { baseNameOf } from '../../../server/src/scriptFiles/baseName';
import { planScripts } from '../../../server/src/scriptFiles/writeScripts';
import { referenceTopology } from '../../support/repo';

/**
 * Generated file paths cannot leave the output folder, on POSIX or Windows,
 * whatever the server names and the topology's file name: every `fileName`
 * is one plain component, never a device name, never too long for a file
 * system, and `planScripts` places every script directly in the folder.
 * (fileNames.test.ts tests the component function itself.)
 */

const HOSTILE_NAMES = [
  '..',
  '.',
  '../../etc/passwd',
  '..\\..\\Windows\\System32',
  '/etc/cron.d/x',
  '\\\\server\\share\\x',
  'C:',
  'C:\\Windows\\evil',
  'c:evil',
  'CON',
  'con',
  'NUL',
  'Nul.txt',
  'COM1',
  'com1.log',
  'LPT1',
  'lpt9.tar.gz',
  'CON .txt',
  'COM\u00B9',
  'LPT\u00B3.x',
  'CONIN$',
  'conout$.txt',
  'AUX',
  'PRN.',
  'EDGE01.',
  'EDGE01 ',
  'EDGE01. . .',
  ' ',
  'x'.repeat(300),
  '\u00E9'.repeat(300),
  '\u{1F600}'.repeat(300),
  'a\u0000b',
  'a\u202Eb',
  'mailbox',
  'MAILBOX',
];

/** Windows device names, also before an extension (`NUL.txt` is the device NUL). */
const DEVICE =
  /^(con|prn|aux|nul|com[0-9\u00B9\u00B2\u00B3]|lpt[0-9\u00B9\u00B2\u00B3]|conin\$|conout\$)(\s*\.|\s*$)/i;

function assertSafe(fileName: string): void {
  const shown = JSON.stringify(fileName.slice(0, 60));
  // eslint-disable-next-line no-control-regex -- control characters are what is looked for
  assert.doesNotMatch(fileName, /[/\\:*?"<>|\u0000-\u001f\u007f-\u009f]/, shown);
  assert.ok(fileName !== '.' && fileName !== '..', shown);
  assert.doesNotMatch(fileName, /[. ]$/, shown);
  assert.doesNotMatch(fileName, DEVICE, shown);
  // Room for the temporary name written beside it (`.<name>.<pid>.edgeflow-tmp`) within 255 bytes.
  assert.ok(Buffer.byteLength(fileName) <= 220, `${shown}: ${Buffer.byteLength(fileName)} bytes`);
}

/** The reference with its Edge renamed (everywhere it is referenced). */
function withEdgeNamed(name: string): string {
  // The Edge's local account is named after it (`EDGE01\\mbxrelay`), as Windows logs it on.
  return referenceTopology()
    .split('"EDGE01"')
    .join(JSON.stringify(name))
    .split('"EDGE01\\\\mbxrelay"')
    .join(JSON.stringify(`${name}\\mbxrelay`));
}

describe('generated file paths stay in the output folder', () => {
  const outDir = fs.mkdtempSync(path.join(os.tmpdir(), 'edgeflow-paths-'));

  for (const name of HOSTILE_NAMES) {
    it(`an Edge named ${JSON.stringify(name.slice(0, 30))}${name.length > 30 ? '…' : ''}`, () => {
      const analysis = analyze(withEdgeNamed(name));
      // Some of these names are errors of other rules; the file names must be safe regardless.
      const files = renderScripts(analysis.topology, analysis.index, 'contoso');
      assert.equal(files.length, 4);
      for (const file of files) assertSafe(file.fileName);
      assert.equal(new Set(files.map((f) => f.fileName.toLowerCase())).size, files.length);
      for (const planned of planScripts(files, outDir))
        assert.equal(path.dirname(planned.path), path.resolve(outDir));
    });

    it(`a topology file named ${JSON.stringify(`${name.slice(0, 30)}.edgeflow.json`)}`, () => {
      const base = baseNameOf(`${name}.edgeflow.json`);
      const result = generateScripts(analyze(referenceTopology()), base);
      assert.ok(result.ok);
      for (const file of result.files) assertSafe(file.fileName);
      for (const planned of planScripts(result.files, outDir))
        assert.equal(path.dirname(planned.path), path.resolve(outDir));
    });
  }

  // A server name has at most 15 characters (server-name-length): 15 characters of four UTF-8
  // bytes each, beside a 300-character topology name.
  it('writes a script for a 300-character multi-byte name on this file system', () => {
    const result = generateScripts(
      analyze(withEdgeNamed('\u{1F600}'.repeat(15))),
      '\u00E9'.repeat(300),
    );
    assert.ok(result.ok, result.ok ? '' : result.errors.map((e) => e.message).join('; '));
    for (const file of result.files) {
      const target = path.join(outDir, file.fileName);
      fs.writeFileSync(target, file.content);
      fs.writeFileSync(path.join(outDir, `.${file.fileName}.${process.pid}.edgeflow-tmp`), '');
      assert.ok(fs.existsSync(target));
    }
  });
});

describe('file-name components (generate/fileNames)', () => {
  it('cuts a name at 100 UTF-8 bytes, counting 1, 2, 3 or 4 bytes a character, whole characters only', () => {
    assert.equal(MAX_COMPONENT_LENGTH, 100);
    assert.equal(safeFileNameComponent('a'.repeat(150)), 'a'.repeat(100));
    // U+07FF is the last 2-byte character, U+0800 the first 3-byte one, U+10000 the first 4-byte one.
    assert.equal(safeFileNameComponent('\u07FF'.repeat(60)), '\u07FF'.repeat(50));
    assert.equal(safeFileNameComponent('\u0800'.repeat(60)), '\u0800'.repeat(33));
    assert.equal(safeFileNameComponent('\uFFFD'.repeat(60)), '\uFFFD'.repeat(33));
    assert.equal(safeFileNameComponent('\u{10000}'.repeat(30)), '\u{10000}'.repeat(25));
    assert.equal(safeFileNameComponent(`${'a'.repeat(98)}\u0800`), 'a'.repeat(98));
  });

  it('replaces DEL, the C1 controls and the line and paragraph separators, and keeps what follows them', () => {
    assert.equal(safeFileNameComponent('a\u007Fb\u0080c\u009Fd'), 'a_b_c_d');
    assert.equal(safeFileNameComponent('a\u2028b\u2029c'), 'a_b_c');
    assert.equal(safeFileNameComponent('a\u00A0b\u007Ec'), 'a\u00A0b\u007Ec');
  });

  it('numbers a name taken without regard to case, and keeps the numbered name within 100 bytes', () => {
    assert.deepEqual(edgeFileNameComponents(['EDGE01', 'edge01', 'Edge01']), [
      'EDGE01',
      'edge01_2',
      'Edge01_3',
    ]);
    assert.deepEqual(edgeFileNameComponents(['x'.repeat(120), 'X'.repeat(120)]), [
      'x'.repeat(100),
      `${'X'.repeat(98)}_2`,
    ]);
  });
});
