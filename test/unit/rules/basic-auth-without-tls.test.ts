import * as assert from 'node:assert/strict';
import { applyFix } from '../../support/fixtures';
import { readRepoFile } from '../../support/repo';
import { findingsOf, rangeTexts, withValue } from '../../support/topology';

const CODE = 'basic-auth-without-tls';
const base = readRepoFile('test', 'fixtures', 'base.edgeflow.json');
const ORG = ['sendConnectors', 1];
const FROM_ORG = ['receiveConnectors', 1];

const receiving = (...mechanisms: string[]) =>
  withValue(base, [...FROM_ORG, 'authMechanism'], mechanisms);
const mechanismsOf = (text: string): unknown =>
  (
    JSON.parse(text.replace(/^\s*\/\/.*$/gm, '')) as {
      receiveConnectors: { authMechanism?: unknown }[];
    }
  ).receiveConnectors[1]?.authMechanism;

describe(CODE, () => {
  it('warns about BasicAuth on a send connector, on the value, and switches to BasicAuthRequireTLS', () => {
    const text = withValue(base, [...ORG, 'smartHostAuthMechanism'], 'BasicAuth');
    assert.deepEqual(rangeTexts(text, CODE), ['"BasicAuth"']);
    const [finding] = findingsOf(text, CODE);
    assert.equal(finding?.severity, 'warning');
    assert.match(finding?.message ?? '', /'To Internal Org'.*clear text.*BasicAuthRequireTLS/);
    assert.equal(finding?.fixes?.()[0]?.isPreferred, true);
    assert.equal(applyFix(text, CODE, 'Change to BasicAuthRequireTLS'), base);
  });

  it('warns in any letter case', () => {
    assert.deepEqual(
      rangeTexts(withValue(base, [...ORG, 'smartHostAuthMechanism'], 'BASICAUTH'), CODE),
      ['"BASICAUTH"'],
    );
  });

  it('warns about a receive connector offering BasicAuth without BasicAuthRequireTLS, and adds it', () => {
    const text = receiving('Tls', 'BasicAuth', 'ExchangeServer');
    assert.deepEqual(rangeTexts(text, CODE), ['"BasicAuth"']);
    assert.match(
      findingsOf(text, CODE)[0]?.message ?? '',
      /'From Internal Org' offers BasicAuth before TLS/,
    );
    const fixed = applyFix(text, CODE, 'Add BasicAuthRequireTLS to authMechanism');
    assert.deepEqual(mechanismsOf(fixed), [
      'Tls',
      'BasicAuth',
      'ExchangeServer',
      'BasicAuthRequireTLS',
    ]);
    assert.deepEqual(findingsOf(fixed, CODE), []);
  });

  it('adds Tls as well when it is missing (BasicAuthRequireTLS needs it)', () => {
    const fixed = applyFix(
      receiving('BasicAuth', 'ExchangeServer'),
      CODE,
      'Add Tls and BasicAuthRequireTLS to authMechanism',
    );
    assert.deepEqual(mechanismsOf(fixed), [
      'BasicAuth',
      'ExchangeServer',
      'Tls',
      'BasicAuthRequireTLS',
    ]);
  });

  it('offers no fix when the list is already invalid (None, ExternalAuthoritative)', () => {
    for (const other of ['None', 'ExternalAuthoritative']) {
      const text = receiving('Tls', 'BasicAuth', other);
      assert.deepEqual(rangeTexts(text, CODE), ['"BasicAuth"'], other);
      assert.deepEqual(findingsOf(text, CODE)[0]?.fixes?.(), []);
    }
  });

  it('accepts BasicAuthRequireTLS, requireTLS receive connectors, and connectors without Basic', () => {
    assert.deepEqual(findingsOf(base, CODE), []);
    assert.deepEqual(
      findingsOf(withValue(receiving('Tls', 'BasicAuth'), [...FROM_ORG, 'requireTLS'], true), CODE),
      [],
    );
    assert.deepEqual(findingsOf(receiving('Tls', 'ExchangeServer'), CODE), []);
    assert.deepEqual(
      findingsOf(withValue(base, [...FROM_ORG, 'authMechanism'], undefined), CODE),
      [],
    );
    assert.deepEqual(findingsOf(receiving('tls', 'basicauth', 'basicauthrequiretls'), CODE), []);
  });
});
