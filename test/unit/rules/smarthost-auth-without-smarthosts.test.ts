import * as assert from 'node:assert/strict';
import { applyFix } from '../../support/fixtures';
import { readRepoFile } from '../../support/repo';
import { findingsOf, rangeTexts, withValue } from '../../support/topology';

const CODE = 'smarthost-auth-without-smarthosts';
const base = readRepoFile('test', 'fixtures', 'base.edgeflow.json');
const INTERNET = ['sendConnectors', 0];
const ORG = ['sendConnectors', 1];

const internetWith = (mechanism: string, credential?: string) =>
  withValue(
    withValue(base, [...INTERNET, 'smartHostAuthMechanism'], mechanism),
    [...INTERNET, 'authenticationCredential'],
    credential,
  );

describe(CODE, () => {
  it('reports a mechanism on a DNS-routed connector, on the value, naming the connector', () => {
    const text = internetWith('BasicAuthRequireTLS', 'EdgeToOrg');
    assert.deepEqual(rangeTexts(text, CODE), ['"BasicAuthRequireTLS"']);
    const [finding] = findingsOf(text, CODE);
    assert.equal(finding?.severity, 'error');
    assert.match(
      finding?.message ?? '',
      /'To Internet' has no smart hosts.*authenticationCredential/,
    );
  });

  it('says what the mechanism means without smart hosts and what to remove, credential or not', () => {
    assert.deepEqual(
      findingsOf(internetWith('BasicAuthRequireTLS', 'EdgeToOrg'), CODE).map((f) => f.message),
      [
        "'To Internet' has no smart hosts, so smartHostAuthMechanism BasicAuthRequireTLS means nothing (Exchange refuses it or resets it to None). Remove it and authenticationCredential, or add smartHosts with dnsRoutingEnabled false.",
      ],
    );
    assert.deepEqual(
      findingsOf(internetWith('ExternalAuthoritative'), CODE).map((f) => f.message),
      [
        "'To Internet' has no smart hosts, so smartHostAuthMechanism ExternalAuthoritative means nothing (Exchange refuses it or resets it to None). Remove it, or add smartHosts with dnsRoutingEnabled false.",
      ],
    );
  });

  it('removes the mechanism and the credential in one preferred fix', () => {
    const text = internetWith('BasicAuthRequireTLS', 'EdgeToOrg');
    assert.equal(findingsOf(text, CODE)[0]?.fixes?.()[0]?.isPreferred, true);
    assert.equal(
      applyFix(text, CODE, 'Remove smartHostAuthMechanism and authenticationCredential'),
      base,
    );
  });

  it('removes only the mechanism when there is no credential', () => {
    const text = internetWith('ExternalAuthoritative');
    assert.deepEqual(rangeTexts(text, CODE), ['"ExternalAuthoritative"']);
    assert.equal(applyFix(text, CODE, 'Remove smartHostAuthMechanism'), base);
  });

  it('reports any letter case, and an empty smartHosts list', () => {
    assert.deepEqual(rangeTexts(internetWith('basicauth', 'EdgeToOrg'), CODE), ['"basicauth"']);
    const empty = withValue(
      withValue(base, [...ORG, 'smartHosts'], []),
      [...ORG, 'dnsRoutingEnabled'],
      undefined,
    );
    assert.deepEqual(rangeTexts(empty, CODE), ['"BasicAuthRequireTLS"']);
    assert.deepEqual(findingsOf(applyFix(empty, CODE, /Remove/), CODE), []);
  });

  it('accepts None, smart-host connectors, and a smartHosts value of the wrong type', () => {
    assert.deepEqual(findingsOf(base, CODE), []);
    assert.deepEqual(findingsOf(internetWith('None'), CODE), []);
    assert.deepEqual(
      findingsOf(withValue(base, [...ORG, 'smartHosts'], 'mbxserver01.contoso.com'), CODE),
      [],
    );
    assert.deepEqual(findingsOf(withValue(base, [...ORG, 'smartHosts'], [42]), CODE), []);
  });
});
