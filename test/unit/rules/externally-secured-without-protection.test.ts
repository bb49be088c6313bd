import * as assert from 'node:assert/strict';
import { parse } from 'jsonc-parser';
import { applyFix, assertEveryFixRepairs } from '../../support/fixtures';
import { readRepoFile } from '../../support/repo';
import { findingsOf, rangeTexts, withValue } from '../../support/topology';

const CODE = 'externally-secured-without-protection';
const base = readRepoFile('test', 'fixtures', 'base.edgeflow.json');
const TO_EDGE = ['sendConnectors', 2];
const FROM_ORG = ['receiveConnectors', 1];

const sendSecured = withValue(
  base,
  [...TO_EDGE, 'smartHostAuthMechanism'],
  'ExternalAuthoritative',
);
const receiveSecured = withValue(
  withValue(base, [...FROM_ORG, 'authMechanism'], ['Tls', 'ExternalAuthoritative']),
  [...FROM_ORG, 'permissionGroups'],
  ['ExchangeServers'],
);
type Json = {
  sendConnectors: Record<string, unknown>[];
  receiveConnectors: Record<string, unknown>[];
};

describe(CODE, () => {
  it('accepts connectors that do not use Externally Secured authentication', () => {
    assert.deepEqual(findingsOf(base, CODE), []);
  });

  it('warns on a send connector, on the ExternalAuthoritative value', () => {
    assert.deepEqual(rangeTexts(sendSecured, CODE), ['"ExternalAuthoritative"']);
    const [finding] = findingsOf(sendSecured, CODE);
    assert.equal(finding?.severity, 'warning');
    assert.match(finding?.message ?? '', /^'To Edge' uses Externally Secured authentication/);
    assert.match(finding?.message ?? '', /"linkProtection": "ipsec" or "vpn"/);
  });

  it('warns on a receive connector, on the ExternalAuthoritative element', () => {
    assert.deepEqual(rangeTexts(receiveSecured, CODE), ['"ExternalAuthoritative"']);
    assert.match(findingsOf(receiveSecured, CODE)[0]?.message ?? '', /^'From Internal Org'/);
  });

  it('reads the mechanism in any letter case', () => {
    const text = withValue(base, [...TO_EDGE, 'smartHostAuthMechanism'], 'externalAuthoritative');
    assert.deepEqual(rangeTexts(text, CODE), ['"externalAuthoritative"']);
  });

  it('offers IPsec and VPN, neither preferred, each setting linkProtection', () => {
    const fixes = findingsOf(sendSecured, CODE)[0]?.fixes?.() ?? [];
    assert.deepEqual(
      fixes.map((f) => [f.title, f.isPreferred]),
      [
        ['Declare the link protected by IPsec', false],
        ['Declare the link protected by a VPN', false],
      ],
    );
    const ipsec = applyFix(sendSecured, CODE, /IPsec/);
    assert.equal((parse(ipsec) as Json).sendConnectors[2]?.linkProtection, 'ipsec');
    assert.deepEqual(findingsOf(ipsec, CODE), []);
    const vpn = applyFix(receiveSecured, CODE, /VPN/);
    assert.equal((parse(vpn) as Json).receiveConnectors[1]?.linkProtection, 'vpn');
    assert.deepEqual(findingsOf(vpn, CODE), []);
    assertEveryFixRepairs(sendSecured);
    assertEveryFixRepairs(receiveSecured);
  });

  it('accepts a declared IPsec or VPN', () => {
    assert.deepEqual(
      findingsOf(withValue(sendSecured, [...TO_EDGE, 'linkProtection'], 'vpn'), CODE),
      [],
    );
    assert.deepEqual(
      findingsOf(withValue(receiveSecured, [...FROM_ORG, 'linkProtection'], 'ipsec'), CODE),
      [],
    );
  });

  it('leaves a linkProtection value outside the enum to the schema rule', () => {
    const text = withValue(sendSecured, [...TO_EDGE, 'linkProtection'], 'tls');
    assert.deepEqual(findingsOf(text, CODE), []);
    assert.ok(findingsOf(text, 'schema').length > 0);
  });

  it('accepts the Externally Secured example', () => {
    const text = readRepoFile('examples', 'externally-secured.edgeflow.json');
    assert.deepEqual(findingsOf(text, CODE), []);
  });
});
