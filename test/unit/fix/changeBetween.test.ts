import * as assert from 'node:assert/strict';
import { applyEdits, changeBetween } from '../../../server/src/core/index';
import { sequentialEdits } from '../../../server/src/core/fix/sequentialEdits';

describe('changeBetween: one edit between two texts', () => {
  const roundTrip = (before: string, after: string) => {
    const change = changeBetween(before, after);
    assert.ok(change);
    assert.equal(applyEdits(before, [change]), after);
    return change;
  };

  it('is undefined for equal texts, and the span that differs otherwise', () => {
    assert.equal(changeBetween('abc', 'abc'), undefined);
    assert.deepEqual(roundTrip('a true b', 'a false b'), { offset: 2, length: 3, content: 'fals' });
  });

  it('never starts or ends between the CR and LF of a line break', () => {
    // Inserting a line after "a\r" would otherwise begin right between \r and \n.
    const change = roundTrip('a\r\nb', 'a\r\nx\r\nb');
    const cut = (offset: number, text: string) =>
      text.charCodeAt(offset - 1) === 13 && text.charCodeAt(offset) === 10;
    assert.equal(cut(change.offset, 'a\r\nb'), false);
    assert.equal(cut(change.offset + change.length, 'a\r\nb'), false);
  });

  it('never cuts a surrogate pair (two emoji sharing their high half)', () => {
    // U+1F600 and U+1F601 share the high surrogate D83D: a naive diff starts inside the pair.
    const change = roundTrip('"\u{1F600}"', '"\u{1F601}"');
    assert.equal(change.offset, 1);
    assert.equal(change.content, '\u{1F601}');
  });

  it('is what sequentialEdits returns for several steps, each on the previous result', () => {
    const text = '{"a": 1, "b": 2}';
    const edits = sequentialEdits(text, [
      (t) => [{ offset: t.indexOf('1'), length: 1, content: '10' }],
      (t) => [{ offset: t.indexOf('2'), length: 1, content: '20' }],
    ]);
    assert.equal(edits.length, 1);
    assert.equal(applyEdits(text, edits), '{"a": 10, "b": 20}');
  });

  it("keeps sequentialEdits (the rules' multi-step fixes) from cutting a surrogate pair", () => {
    const text = '{"name": "\u{1F600}"}';
    const [edit] = sequentialEdits(text, [
      (t) => [{ offset: t.indexOf('\u{1F600}'), length: 2, content: '\u{1F601}' }],
    ]);
    assert.ok(edit);
    assert.equal(edit.offset, text.indexOf('\u{1F600}'), 'the edit starts before the high half');
  });
});
