import * as assert from 'node:assert/strict';
import { applyFix, assertEveryFixRepairs } from '../../support/fixtures';
import { verdictOf } from '../../support/flow';
import { readRepoFile } from '../../support/repo';
import { findingsOf, rangeTexts, withAppended, withValue } from '../../support/topology';

const CODE = 'open-relay';
const base = readRepoFile('test', 'fixtures', 'base.edgeflow.json');
const FROM_INTERNET = ['receiveConnectors', 0];
/** The values the findings point at, whatever their layout. */
const targets = (text: string) => rangeTexts(text, CODE).map((t) => JSON.parse(t) as unknown);

/** 'From Internet' with ExternalAuthoritative and the given remote ranges. */
function externallySecured(text: string, ranges: string[]): string {
  let result = withValue(
    text,
    [...FROM_INTERNET, 'authMechanism'],
    ['Tls', 'ExternalAuthoritative'],
  );
  result = withValue(result, [...FROM_INTERNET, 'permissionGroups'], ['ExchangeServers']);
  result = withValue(result, [...FROM_INTERNET, 'linkProtection'], 'ipsec');
  return withValue(result, [...FROM_INTERNET, 'remoteIPRanges'], ranges);
}

describe(CODE, () => {
  it('accepts the reference design: the internet reaches contoso.com and relays nowhere', () => {
    assert.deepEqual(findingsOf(base, CODE), []);
    assert.equal(verdictOf(base, 'internet', 'user@contoso.com'), 'delivered');
    assert.equal(verdictOf(base, 'internet', 'user@example.org'), 'refused');
  });

  it('reports an internet-facing Externally Secured connector open to every address', () => {
    const text = externallySecured(base, ['0.0.0.0/0']);
    assert.deepEqual(targets(text), [['0.0.0.0/0']]);
    const [finding] = findingsOf(text, CODE);
    assert.equal(finding?.severity, 'error');
    assert.match(finding?.message ?? '', /'From Internet' on EDGE01 is an open relay/);
    assert.match(finding?.message ?? '', /Externally Secured/);
    assert.match(finding?.message ?? '', /'To Internet' on EDGE01 sends it to the internet/);
    assert.equal(verdictOf(text, 'internet', 'user@example.org'), 'internet');
  });

  it('fixes it so that the internet still reaches the accepted domain, anonymously', () => {
    const text = externallySecured(base, ['0.0.0.0/0']);
    assert.ok(assertEveryFixRepairs(text) > 0);
    const fixed = applyFix(text, CODE, /Remove ExternalAuthoritative/);
    assert.deepEqual(findingsOf(fixed, CODE), []);
    assert.match(fixed, /"authMechanism": \["Tls"\]/);
    assert.match(fixed, /"permissionGroups": \["ExchangeServers", "AnonymousUsers"\]/);
    assert.equal(verdictOf(fixed, 'internet', 'user@contoso.com'), 'delivered');
    assert.equal(verdictOf(fixed, 'internet', 'user@example.org'), 'refused');
  });

  it('reads every range notation: start-end, address(mask), CIDR', () => {
    for (const range of ['0.0.0.0-255.255.255.255', '203.0.113.0(255.255.255.0)', '203.0.0.0/8']) {
      const text = externallySecured(base, [range]);
      assert.deepEqual(targets(text), [[range]], range);
    }
  });

  it('follows IPv6: an internet adapter address, a bracketed binding and ::/0', () => {
    let text = withValue(
      base,
      ['servers', 0, 'adapters', 0, 'ipAddresses'],
      ['10.1.1.1', '2001:db8::25'],
    );
    text = withValue(text, [...FROM_INTERNET, 'bindings'], ['10.1.1.1:25', '[2001:db8::25]:25']);
    assert.deepEqual(findingsOf(text, CODE), []);
    text = externallySecured(text, ['::/0']);
    assert.deepEqual(targets(text), [['::/0']]);
    assert.match(findingsOf(text, CODE)[0]?.message ?? '', /\[2001:db8::25\]:25/);
  });

  it('reports a second Edge whose internet connector is open, and only it', () => {
    let text = withAppended(base, ['servers'], {
      name: 'EDGE02',
      role: 'Edge',
      fqdn: 'edge02.contoso.net',
      adapters: [
        { name: 'External', network: 'internet', ipAddresses: ['10.1.2.1'] },
        { name: 'Internal', network: 'internal', ipAddresses: ['10.1.2.2'] },
      ],
      certificate: { type: 'thirdParty' },
    });
    text = withAppended(text, ['receiveConnectors'], {
      name: 'From Internet',
      server: 'EDGE02',
      default: true,
      bindings: ['10.1.2.1:25'],
      authMechanism: ['Tls', 'ExternalAuthoritative'],
      permissionGroups: ['ExchangeServers'],
      linkProtection: 'vpn',
      remoteIPRanges: ['0.0.0.0/0'],
    });
    text = withAppended(text, ['sendConnectors'], {
      name: 'To Internet',
      server: 'EDGE02',
      usage: 'Internet',
      addressSpaces: ['*'],
      dnsRoutingEnabled: true,
    });
    const findings = findingsOf(text, CODE);
    assert.equal(findings.length, 1);
    assert.match(findings[0]?.message ?? '', /on EDGE02 is an open relay/);
  });

  it('does not report a disabled connector: nothing listens', () => {
    const text = withValue(
      externallySecured(base, ['0.0.0.0/0']),
      [...FROM_INTERNET, 'enabled'],
      false,
    );
    assert.deepEqual(findingsOf(text, CODE), []);
  });

  it('leaves a connector that Exchange refuses to create to its own error', () => {
    // ExternalAuthoritative with BasicAuth: auth-mechanism-combination's error is the root cause.
    let text = externallySecured(base, ['0.0.0.0/0']);
    text = withValue(
      text,
      [...FROM_INTERNET, 'authMechanism'],
      ['Tls', 'BasicAuth', 'ExternalAuthoritative'],
    );
    if (findingsOf(text, 'auth-mechanism-combination').some((f) => f.severity === 'error'))
      assert.deepEqual(findingsOf(text, CODE), []);
    else
      assert.fail(
        'expected auth-mechanism-combination to refuse BasicAuth with ExternalAuthoritative',
      );
  });

  it('does not call anonymous internet access to the accepted domain a relay', () => {
    const text = withValue(base, [...FROM_INTERNET, 'remoteIPRanges'], ['0.0.0.0/0', '::/0']);
    assert.deepEqual(findingsOf(text, CODE), []);
  });
});
