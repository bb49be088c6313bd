import * as assert from 'node:assert/strict';
import { parseTree, type Node } from 'jsonc-parser';
import { isSecretKey, mayHoldSecretKey } from '../../../server/src/core/model/secrets';
import { Random } from '../../fuzz/random';
import { FUZZ_SEED } from '../../fuzz/seed';

/** Every key of a JSONC text, decoded as jsonc-parser decodes it. */
function decodedKeys(text: string): string[] {
  const keys: string[] = [];
  const visit = (node: Node | undefined): void => {
    if (!node) return;
    if (node.type === 'property' && typeof node.children?.[0]?.value === 'string')
      keys.push(node.children[0].value);
    for (const child of node.children ?? []) visit(child);
  };
  visit(parseTree(text, [], { allowTrailingComma: true }));
  return keys;
}

describe('mayHoldSecretKey (the fast path of secret-in-topology)', () => {
  it('is false for a text without the words or letter-making escapes', () => {
    assert.equal(
      mayHoldSecretKey('{ "userName": "CONTOSO\\\\edge", "a": "\\"\\/\\b\\f\\n\\r\\t" }'),
      false,
    );
  });

  for (const text of [
    '{ "password": 1 }',
    '{ "x": "a PWD value" }',
    '// the Secret is asked at run time\n{}',
    '{ "p\\u0061ssword": 1 }',
    '{ "pass\\qword": 1 }',
    '{ "userName": "CONTOSO\\\\\\user" }',
  ]) {
    it(`is true for ${JSON.stringify(text)}`, () => assert.equal(mayHoldSecretKey(text), true));
  }

  it('is true whenever a decoded key is a secret key (random keys with escapes)', () => {
    // Keys built from fragments of the secret words, escapes of every kind and
    // letters, so that decoding can join or hide the words.
    const pieces = [
      'pa',
      'ss',
      'word',
      'wd',
      'p',
      'w',
      'd',
      'sec',
      'ret',
      'phrase',
      'x',
      'S',
      'E',
      '\\u0070',
      '\\u0073',
      '\\u0053',
      '\\q',
      '\\z',
      '\\u00',
      '\\uzz',
      '\\\\',
      'u0070',
      '\\"',
      '\\/',
      '\\n',
      '\\t',
    ];
    const random = new Random(FUZZ_SEED);
    let secretKeys = 0;
    for (let i = 0; i < 20000; i++) {
      let key = '';
      for (let j = 1 + random.int(6); j > 0; j--) key += random.pick(pieces);
      const text = `{ "${key}": 1 }`;
      const secret = decodedKeys(text).some(isSecretKey);
      if (secret) {
        secretKeys++;
        assert.equal(mayHoldSecretKey(text), true, text);
      }
    }
    // The generator does produce secret keys, through escapes too.
    assert.ok(secretKeys > 100, `only ${secretKeys} secret keys generated`);
  });
});
