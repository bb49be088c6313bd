import * as assert from 'node:assert/strict';
import { parseTree } from 'jsonc-parser';
import { ObjectView } from '../../../server/src/core/model/objectView';

function viewOf(text: string): ObjectView {
  const root = parseTree(text);
  assert.ok(root);
  return new ObjectView(root);
}

/** An object of `count` properties k0..k{count-1}, then `extra` appended verbatim. */
function objectText(count: number, extra = ''): string {
  const properties = Array.from({ length: count }, (_, i) => `"k${i}": ${i}`);
  return `{ ${[...properties, ...(extra ? [extra] : [])].join(', ')} }`;
}

describe('ObjectView', () => {
  // Small objects are scanned, large ones mapped: both must read alike.
  for (const count of [3, 16, 17, 40]) {
    it(`with ${count} properties: finds each, the last of duplicate keys wins, keys in first order`, () => {
      const view = viewOf(objectText(count, '"k1": "last"'));
      assert.equal(view.number('k0')?.value, 0);
      assert.equal(view.number(`k${count - 1}`)?.value, count - 1);
      assert.equal(view.string('k1')?.value, 'last');
      assert.equal(view.number('k1'), undefined, 'the earlier k1 is not read');
      assert.equal(view.has('missing'), false);
      assert.equal(view.has('k1'), true);
      assert.deepEqual(
        [...view.keys()].slice(0, 3),
        ['k0', 'k1', 'k2'].slice(0, Math.min(3, count)),
      );
      assert.equal([...view.keys()].length, count);
    });
  }

  it('reads several keys in one pass exactly as it reads each (read against valueNode)', () => {
    const texts = [
      objectText(3, '"k1": "last"'),
      objectText(20, '"k1": "last"'),
      '{ "a": 1, "b": 2, "a": }',
      '{ "a": 1, "b": [ "x", 2, "y" ], 3: 4, "b": { "c": true } }',
      '{ }',
      '{ "a": 1, "a": "two", "a": [ "three" ] }',
    ];
    const keys = ['a', 'b', 'c', 'k0', 'k1', 'k19', 'missing'];
    for (const text of texts) {
      const view = viewOf(text);
      const values = view.read(keys);
      for (const key of keys) {
        assert.equal(values.node(key), view.valueNode(key), `${key} in ${text}`);
        assert.deepEqual(values.string(key), view.string(key), `${key} in ${text}`);
        assert.deepEqual(values.strings(key), view.strings(key), `${key} in ${text}`);
        assert.deepEqual(values.boolean(key), view.boolean(key), `${key} in ${text}`);
      }
    }
  });

  it('builds the JSON path of nested views from their parents', () => {
    const view = viewOf('{ "a": { "list": [ 1, { "x": 1 }, { "y": { "z": {} } } ] } }');
    const a = view.object('a');
    assert.deepEqual(view.path, []);
    assert.deepEqual(a?.path, ['a']);
    const items = a?.objects('list') ?? [];
    assert.deepEqual(
      items.map((item) => item.path),
      [
        ['a', 'list', 1],
        ['a', 'list', 2],
      ],
    );
    assert.deepEqual(items[1]?.object('y')?.object('z')?.path, ['a', 'list', 2, 'y', 'z']);
  });
});
