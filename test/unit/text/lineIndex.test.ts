import * as assert from 'node:assert/strict';
import { LineIndex } from '../../../server/src/core';

describe('LineIndex', () => {
  const text = 'ab\ncd\r\nef\rgh';
  const lines = new LineIndex(text);

  it('counts \\n, \\r\\n and \\r as line breaks', () => {
    assert.equal(lines.lineCount, 4);
    assert.deepEqual(lines.positionAt(text.indexOf('e')), { line: 2, character: 0 });
    assert.deepEqual(lines.positionAt(text.indexOf('h')), { line: 3, character: 1 });
  });

  it('maps positions back to offsets', () => {
    assert.equal(lines.offsetAt({ line: 1, character: 1 }), text.indexOf('d'));
    assert.equal(lines.offsetAt({ line: 3, character: 2 }), text.length);
  });

  it('clamps a column past the end of a line to the end of that line, before its break (LSP)', () => {
    assert.equal(lines.offsetAt({ line: 0, character: 99 }), 2);
    assert.equal(lines.offsetAt({ line: 1, character: 99 }), text.indexOf('\r\n'));
  });

  it('clamps lines outside the document', () => {
    assert.equal(lines.offsetAt({ line: -1, character: 0 }), 0);
    assert.equal(lines.offsetAt({ line: 99, character: 0 }), text.length);
    assert.deepEqual(lines.positionAt(999), { line: 3, character: 2 });
  });

  it('counts UTF-16 code units (an emoji is two)', () => {
    const emoji = new LineIndex('😀x');
    assert.deepEqual(emoji.positionAt(2), { line: 0, character: 2 });
  });
});
