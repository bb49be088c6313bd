import * as assert from 'node:assert/strict';
import { applyFix } from '../../support/fixtures';
import { readRepoFile } from '../../support/repo';
import { findingsOf, rangeTexts, withValue } from '../../support/topology';

const CODE = 'secret-in-topology';
const base = readRepoFile('test', 'fixtures', 'base.edgeflow.json');

describe(CODE, () => {
  for (const key of ['password', 'Passwd', 'pwd', 'clientSecret', 'passphrase', 'PASSWORD']) {
    it(`reports a '${key}' key on a credential`, () => {
      const text = withValue(base, ['credentials', 0, key], 'hunter2');
      assert.deepEqual(rangeTexts(text, CODE), [JSON.stringify(key)]);
    });
  }

  it('never repeats the secret in its message', () => {
    const text = withValue(base, ['credentials', 0, 'password'], 'hunter2-unique');
    const [finding] = findingsOf(text, CODE);
    assert.ok(finding);
    assert.ok(!finding.message.includes('hunter2-unique'));
  });

  it('finds secrets at any depth, even in a broken document', () => {
    const text = '{ "servers": [ { "x": { "y": { "secret": 1 } } } ';
    assert.deepEqual(rangeTexts(text, CODE), ['"secret"']);
  });

  it('removes the property as its fix', () => {
    const text = withValue(base, ['credentials', 0, 'password'], 'hunter2');
    assert.deepEqual(findingsOf(applyFix(text, CODE, "Remove 'password'"), CODE), []);
  });

  it('does not flag the word in values or comments', () => {
    const text = withValue(base, ['credentials', 0, 'userName'], 'CONTOSO\\password-reset');
    assert.deepEqual(findingsOf('// password: none here\n' + text, CODE), []);
  });

  // The rule skips files in which no key can be a secret: keys that spell the
  // word only once decoded must still be found.
  for (const [raw, shown] of [
    ['p\\u0061ssword', '"p\\u0061ssword"'],
    ['pass\\qword', '"pass\\qword"'],
  ]) {
    it(`reports a key that spells a secret word through an escape: ${raw}`, () => {
      const text = `{ "credentials": [ { "name": "x", "${raw}": 1 } ] }`;
      assert.deepEqual(rangeTexts(text, CODE), [shown]);
    });
  }
});
