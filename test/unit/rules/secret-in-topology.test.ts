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

  // Every key whose name means a secret, whatever its case and separators.
  for (const key of [
    'pass',
    'Pass',
    'adminPass',
    'smtp_pass',
    'passwd',
    'credentialValue',
    'credential_value',
    'token',
    'accessToken',
    'auth-token',
    'TOKEN',
    'tokenValue',
    'apiKey',
    'api_key',
    'X-API-KEY',
    'APIKey',
    'privateKey',
    'private_key',
    'clientSecret',
    'passcode',
    'sharedKey',
  ]) {
    it(`reports a '${key}' key`, () => {
      const text = withValue(base, ['credentials', 0, key], 'hunter2');
      assert.deepEqual(rangeTexts(text, CODE), [JSON.stringify(key)]);
    });
  }

  // Words that only contain one of those letters: no secret, no finding.
  for (const key of [
    'passive',
    'bypass',
    'compass',
    'passThrough',
    'tokenizer',
    'tokenEndpoint',
    'keyUsage',
    'key',
    'value',
    'credential',
    'authenticationCredential',
    'userName',
  ]) {
    it(`does not report a '${key}' key`, () => {
      const text = withValue(base, ['credentials', 0, key], 'x');
      assert.deepEqual(findingsOf(text, CODE), []);
    });
  }

  it('reports a password written after the user name (user:password), without repeating it', () => {
    const text = withValue(
      base,
      ['credentials', 0, 'userName'],
      'CONTOSO\\edgerelay:Hunter2-unique',
    );
    assert.deepEqual(rangeTexts(text, CODE), [JSON.stringify('CONTOSO\\edgerelay:Hunter2-unique')]);
    const [finding] = findingsOf(text, CODE);
    assert.equal(finding?.severity, 'error');
    assert.ok(finding && !finding.message.includes('Hunter2'), finding?.message);
    assert.match(finding?.message ?? '', /userName/);
    const fixes = finding?.fixes?.() ?? [];
    assert.ok(fixes.every((f) => !f.title.includes('Hunter2')));
    const fixed = applyFix(text, CODE, /user name/);
    assert.equal(fixed, withValue(base, ['credentials', 0, 'userName'], 'CONTOSO\\edgerelay'));
    assert.deepEqual(findingsOf(fixed, CODE), []);
  });

  it('does not report a user name without a colon', () => {
    for (const userName of ['CONTOSO\\edgerelay', 'edgerelay@contoso.com', 'EDGE01\\mbxrelay']) {
      const text = withValue(base, ['credentials', 0, 'userName'], userName);
      assert.deepEqual(findingsOf(text, CODE), [], userName);
    }
  });

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
