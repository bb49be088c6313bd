import * as assert from 'node:assert/strict';
import {
  edgeFileNameComponents,
  safeFileNameComponent,
} from '../../../server/src/core/generate/fileNames';

describe('file names of the generated scripts', () => {
  it('keeps ordinary server names as written', () => {
    assert.equal(safeFileNameComponent('EDGE01'), 'EDGE01');
    assert.equal(safeFileNameComponent('edge-01.perimeter'), 'edge-01.perimeter');
    assert.equal(safeFileNameComponent("Edge 'Nord' ‘1’ $x"), "Edge 'Nord' ‘1’ $x");
  });

  it('replaces separators, reserved characters, controls and line separators with _', () => {
    assert.equal(safeFileNameComponent('../../etc/passwd'), '.._.._etc_passwd');
    assert.equal(safeFileNameComponent('a\\b:c*d?e"f<g>h|i'), 'a_b_c_d_e_f_g_h_i');
    assert.equal(safeFileNameComponent('a\nb\rc\u0000d\u0085e\u2028f'), 'a_b_c_d_e_f');
  });

  it('never yields . or .., a trailing dot or space, or an empty name', () => {
    assert.equal(safeFileNameComponent('.'), '_');
    assert.equal(safeFileNameComponent('..'), '__');
    assert.equal(safeFileNameComponent('EDGE01.'), 'EDGE01_');
    assert.equal(safeFileNameComponent('EDGE01 '), 'EDGE01_');
    assert.equal(safeFileNameComponent(''), '_');
  });

  it('suffixes reserved device names, without regard to case', () => {
    for (const name of ['CON', 'prn', 'Aux', 'NUL', 'COM1', 'com9', 'LPT1', 'lpt9'])
      assert.equal(safeFileNameComponent(name), `${name}_`);
    assert.equal(safeFileNameComponent('COM10'), 'COM10');
    assert.equal(safeFileNameComponent('CONSOLE'), 'CONSOLE');
  });

  it('cuts names longer than 100 UTF-8 bytes, without splitting a character', () => {
    assert.equal(safeFileNameComponent('x'.repeat(150)), 'x'.repeat(100));
    const emoji = '😀'.repeat(150);
    assert.equal(safeFileNameComponent(emoji), '😀'.repeat(25));
    assert.equal(safeFileNameComponent('é'.repeat(150)), 'é'.repeat(50));
  });

  it('keeps the Edge components unique without regard to case, and clear of "mailbox"', () => {
    assert.deepEqual(edgeFileNameComponents(['E/1', 'E:1', 'e_1', 'EDGE02']), [
      'E_1',
      'E_1_2',
      'e_1_3',
      'EDGE02',
    ]);
    assert.deepEqual(edgeFileNameComponents(['Mailbox']), ['Mailbox_2']);
  });

  it('is deterministic', () => {
    const names = ['CON', 'a/b', 'x'.repeat(120), 'EDGE01'];
    assert.deepEqual(edgeFileNameComponents(names), edgeFileNameComponents(names));
  });
});
