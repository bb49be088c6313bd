import * as assert from 'node:assert/strict';
import { applyEdits } from '../../../server/src/core';
import { appendToArray, removeAt, setProperty } from '../../../server/src/core/fix/edits';

const remove = (text: string, path: (string | number)[]) => applyEdits(text, removeAt(text, path));

describe('fix edits', () => {
  describe('removeAt', () => {
    it('removes the last element of an inline array without breaking it (jsonc-parser 3.3.1 does)', () => {
      assert.equal(remove('{"a": ["x", "y", "z"], "b": 1}', ['a', 2]), '{"a": ["x", "y"], "b": 1}');
    });

    it('removes a first, middle and only element, keeping the layout', () => {
      assert.equal(remove('{"a": ["x", "y", "z"]}', ['a', 0]), '{"a": ["y", "z"]}');
      assert.equal(remove('{"a": ["x", "y", "z"]}', ['a', 1]), '{"a": ["x", "z"]}');
      assert.equal(remove('{"a": ["x"]}', ['a', 0]), '{"a": []}');
    });

    it('removes a property on its own line, with its comment-free line', () => {
      const text = '{\n  "a": 1,\n  "b": 2,\n  "c": 3\n}';
      assert.equal(remove(text, ['b']), '{\n  "a": 1,\n  "c": 3\n}');
      assert.equal(remove(text, ['c']), '{\n  "a": 1,\n  "b": 2\n}');
    });

    it('keeps comments elsewhere and a trailing comma', () => {
      const text = '{\n  // keep me\n  "a": [1, 2,],\n  "b": true\n}';
      assert.equal(remove(text, ['a', 1]), '{\n  // keep me\n  "a": [1,],\n  "b": true\n}');
    });

    it('removes nothing when the path does not exist', () => {
      assert.deepEqual(removeAt('{"a": 1}', ['b']), []);
    });
  });

  it('setProperty and appendToArray keep comments', () => {
    const text = '{\n  // note\n  "a": [1]\n}';
    assert.match(applyEdits(text, setProperty(text, ['b'], true)), /\/\/ note[\s\S]*"b": true/);
    assert.match(
      applyEdits(text, appendToArray(text, ['a'], 2)),
      /\/\/ note[\s\S]*"a": \[\s*1,\s*2\s*\]/,
    );
  });
});
