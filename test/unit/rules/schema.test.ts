import * as assert from 'node:assert/strict';
import { analyze } from '../../../server/src/core';
import { applyFix } from '../../support/fixtures';
import { readRepoFile } from '../../support/repo';
import { findingsOf, rangeTexts, withValue } from '../../support/topology';

const CODE = 'schema';
const base = readRepoFile('test', 'fixtures', 'base.edgeflow.json');
const TO_INTERNET = ['sendConnectors', 0];

describe(CODE, () => {
  it('accepts the base topology and ignores the value of $schema', () => {
    assert.deepEqual(findingsOf(base, CODE), []);
    assert.deepEqual(
      findingsOf(withValue(base, ['$schema'], 'https://example.invalid/other.json'), CODE),
      [],
    );
  });

  it('warns about an unknown property, on its key, and offers the close parameter name', () => {
    const text = withValue(base, [...TO_INTERNET, 'dnsRoutingEnable'], true);
    const [finding] = findingsOf(text, CODE);
    assert.equal(finding?.severity, 'warning');
    assert.deepEqual(rangeTexts(text, CODE), ['"dnsRoutingEnable"']);
    assert.match(finding?.message ?? '', /Did you mean 'dnsRoutingEnabled'/);
  });

  it('removes an unknown property on request', () => {
    const text = withValue(base, [...TO_INTERNET, 'colour'], 'blue');
    assert.equal(applyFix(text, CODE, "Remove 'colour'"), base);
  });

  it('reports an unknown enum value as an error and suggests the closest', () => {
    const text = withValue(base, [...TO_INTERNET, 'usage'], 'Internets');
    const [finding] = findingsOf(text, CODE);
    assert.equal(finding?.severity, 'error');
    assert.deepEqual(rangeTexts(text, CODE), ['"Internets"']);
    assert.match(finding?.message ?? '', /Custom, Internal, Internet, Partner/);
    assert.equal(applyFix(text, CODE, "Change to 'Internet'"), base);
  });

  it('accepts any letter case for an enum (PowerShell does) with a warning and a fix', () => {
    const text = withValue(base, [...TO_INTERNET, 'usage'], 'internet');
    const [finding] = findingsOf(text, CODE);
    assert.equal(finding?.severity, 'warning');
    assert.equal(applyFix(text, CODE, "Change to 'Internet'"), base);
    assert.ok(!analyze(text).findings.some((f) => f.severity === 'error'));
  });

  it('reports a wrong type and repairs the obvious cases', () => {
    const asString = withValue(base, [...TO_INTERNET, 'dnsRoutingEnabled'], 'true');
    assert.deepEqual(rangeTexts(asString, CODE), ['"true"']);
    assert.match(findingsOf(asString, CODE)[0]?.message ?? '', /true or false/);
    assert.equal(applyFix(asString, CODE, 'Change to true'), base);

    const notAList = withValue(base, [...TO_INTERNET, 'addressSpaces'], '*');
    assert.equal(applyFix(notAList, CODE, 'Put the value in a list'), base);
  });

  describe('offers to put a lone value in a list only when the list accepts it as an item', () => {
    const fixesOf = (path: (string | number)[], value: unknown) =>
      findingsOf(withValue(base, path, value), CODE)
        .flatMap((f) => f.fixes?.() ?? [])
        .map((f) => f.title);
    const RECEIVE = ['receiveConnectors', 1];
    const cases: [string, (string | number)[], unknown, boolean][] = [
      // An anyOf of a string and an object, through a $ref.
      [
        'a domain name for acceptedDomains',
        ['organization', 'acceptedDomains'],
        'contoso.com',
        true,
      ],
      ['a number for acceptedDomains', ['organization', 'acceptedDomains'], 7, false],
      // An enum, through a $ref.
      ['a known mechanism for authMechanism', [...RECEIVE, 'authMechanism'], 'Tls', true],
      ['an unknown mechanism for authMechanism', [...RECEIVE, 'authMechanism'], 'Bogus', false],
      [
        'a known group for permissionGroups',
        [...RECEIVE, 'permissionGroups'],
        'ExchangeServers',
        true,
      ],
      // A string type.
      ['a binding for bindings', [...RECEIVE, 'bindings'], '10.1.1.2:25', true],
      ['true for bindings', [...RECEIVE, 'bindings'], true, false],
      ['a number for remoteIPRanges', [...RECEIVE, 'remoteIPRanges'], 3.5, false],
      [
        'a server name for sourceTransportServers',
        ['sendConnectors', 2, 'sourceTransportServers'],
        'MBX01',
        true,
      ],
    ];
    for (const [what, path, value, offered] of cases) {
      it(`${offered ? 'offers it' : 'offers nothing'} for ${what}`, () => {
        assert.equal(fixesOf(path, value).includes('Put the value in a list'), offered);
      });
    }
  });

  it('removes a value in the wrong case when the list already holds it in the right one', () => {
    const at = ['receiveConnectors', 1, 'authMechanism'];
    const text = withValue(base, at, ['Tls', 'BasicAuth', 'tls']);
    const titles = findingsOf(text, CODE).flatMap((f) => (f.fixes?.() ?? []).map((x) => x.title));
    assert.deepEqual(titles, ["Remove 'tls' ('Tls' is already listed)"]);
    assert.equal(
      applyFix(text, CODE, "Remove 'tls' ('Tls' is already listed)"),
      withValue(base, at, ['Tls', 'BasicAuth']),
    );
  });

  it('judges an accepted domain written as an object by the object form only', () => {
    // The string form of the anyOf does not fit an object: "must be a string" would mislead.
    const text = withValue(base, ['organization', 'acceptedDomains', 0], {
      domainName: 'contoso.com',
      domainType: 'Relay',
    });
    assert.deepEqual(
      findingsOf(text, CODE).map((f) => f.message),
      ["'domainType' must be one of: Authoritative, InternalRelay, ExternalRelay."],
    );
  });

  it('names a value listed twice, on the second, and removes it', () => {
    const at = ['receiveConnectors', 1, 'authMechanism'];
    const twice = withValue(base, at, ['Tls', 'BasicAuth', 'Tls']);
    assert.deepEqual(
      findingsOf(twice, CODE).map((f) => [twice.slice(f.range.start, f.range.end), f.message]),
      [['"Tls"', '\'authMechanism\' lists "Tls" twice: remove the second.']],
    );
    assert.equal(
      applyFix(twice, CODE, 'Remove the second "Tls"'),
      withValue(base, at, ['Tls', 'BasicAuth']),
    );
  });

  it('reports a missing required property and adds version when it is missing', () => {
    const text = withValue(base, ['version'], undefined);
    assert.match(
      findingsOf(text, CODE)[0]?.message ?? '',
      /missing the required property 'version'/,
    );
    const fixed = applyFix(text, CODE, 'Add "version": 1');
    assert.deepEqual(findingsOf(fixed, CODE), []);
  });

  it('requires the adapters of an Edge and the addresses of a Mailbox server', () => {
    const noAdapters = withValue(base, ['servers', 0, 'adapters'], undefined);
    assert.match(findingsOf(noAdapters, CODE)[0]?.message ?? '', /'adapters'/);
    const noAddresses = withValue(base, ['servers', 1, 'ipAddresses'], undefined);
    assert.match(findingsOf(noAddresses, CODE)[0]?.message ?? '', /'ipAddresses'/);
  });

  it('reports a value of the wrong version', () => {
    const text = withValue(base, ['version'], 2);
    assert.deepEqual(rangeTexts(text, CODE), ['2']);
    assert.equal(applyFix(text, CODE, 'Change to 1'), base);
  });

  it('reports a document that is not an object', () => {
    assert.equal(findingsOf('[]', CODE).length > 0, true);
  });

  it('leaves secret keys to secret-in-topology (one diagnostic, an error)', () => {
    const text = withValue(base, ['credentials', 0, 'password'], 'x');
    assert.deepEqual(findingsOf(text, CODE), []);
    assert.equal(findingsOf(text, 'secret-in-topology').length, 1);
  });
});
