import * as assert from 'node:assert/strict';
import { analyze } from '../../server/src/core';
import { describeFinding } from '../support/fixtures';
import { readRepoFile } from '../support/repo';
import { withAppended, withValue } from '../support/topology';

/**
 * Valid designs that must produce no error and no warning: the "no false
 * positives" promise, checked on variations of the reference that Exchange
 * accepts.
 */
const base = readRepoFile('test', 'fixtures', 'base.edgeflow.json');
const EDGE = ['servers', 0];
const TO_ORG = ['sendConnectors', 1];
const TO_EDGE = ['sendConnectors', 2];
const FROM_ORG = ['receiveConnectors', 1];

type Edit = (text: string) => string;
const set =
  (path: (string | number)[], value: unknown): Edit =>
  (text) =>
    withValue(text, path, value);

const VARIATIONS: Record<string, Edit[]> = {
  'comments and trailing commas': [
    (t) =>
      t
        .replace('"version": 1,', '"version": 1, /* v1 */')
        .replace('["contoso.com"]', '["contoso.com",]'),
  ],
  'IPv6 addresses, bindings and ranges': [
    set([...EDGE, 'adapters', 1, 'ipAddresses'], ['10.1.1.2', 'fd00:1::2']),
    set([...FROM_ORG, 'bindings'], ['10.1.1.2:25', '[fd00:1::2]:25']),
    set(['servers', 1, 'ipAddresses'], ['192.168.5.10', 'fd00:5::10']),
    set([...FROM_ORG, 'remoteIPRanges'], ['192.168.5.10', '192.168.5.20', 'fd00:5::/64']),
  ],
  'a CIDR and a range instead of single addresses': [
    set([...FROM_ORG, 'remoteIPRanges'], ['192.168.5.0/24']),
  ],
  'a start-end range': [set([...FROM_ORG, 'remoteIPRanges'], ['192.168.5.10-192.168.5.20'])],
  'a fully contained remote range on the same binding': [
    (t) =>
      withAppended(t, ['receiveConnectors'], {
        name: 'From Monitoring',
        server: 'EDGE01',
        usage: 'Internal',
        bindings: ['10.1.1.2:25'],
        remoteIPRanges: ['192.168.5.10'],
        authMechanism: ['Tls', 'BasicAuth', 'BasicAuthRequireTLS', 'ExchangeServer'],
      }),
    set([...FROM_ORG, 'remoteIPRanges'], ['192.168.5.0/24']),
  ],
  'the same ranges on another port': [
    (t) =>
      withAppended(t, ['receiveConnectors'], {
        name: 'From Internal Org 587',
        server: 'EDGE01',
        usage: 'Internal',
        bindings: ['10.1.1.2:587'],
        remoteIPRanges: ['192.168.5.10', '192.168.5.20'],
      }),
  ],
  'names in other letter cases': [
    set([...TO_EDGE, 'sourceTransportServers'], ['mbx01', 'Mbx02']),
    set([...TO_ORG, 'server'], 'edge01'),
    set([...TO_EDGE, 'authenticationCredential'], 'orgtoedge'),
  ],
  'smart hosts as FQDNs in any case with a trailing dot': [
    set([...TO_EDGE, 'smartHosts'], ['EDGE01.contoso.net.']),
  ],
  'accepted domains instead of --': [set([...TO_ORG, 'addressSpaces'], ['contoso.com'])],
  'an address space with type and cost': [
    set(['sendConnectors', 0, 'addressSpaces'], ['SMTP:*;10']),
  ],
  'optional parameters of every kind': [
    set([...TO_ORG, 'port'], 25),
    set([...TO_ORG, 'useExternalDNSServersEnabled'], false),
    set(['sendConnectors', 0, 'maxMessageSize'], '35 MB'),
    set([...FROM_ORG, 'maxMessageSize'], '36 MB'),
    set([...FROM_ORG, 'connectionTimeout'], '00:10:00'),
    set([...FROM_ORG, 'comment'], 'Mail from the organization'),
  ],
  'no usage on the internet connector': [set(['sendConnectors', 0, 'usage'], undefined)],
  'dnsRoutingEnabled left out beside smart hosts (Exchange derives it)': [
    set([...TO_ORG, 'dnsRoutingEnabled'], undefined),
  ],
  'a third-party certificate with a thumbprint': [
    set([...EDGE, 'certificate'], {
      type: 'thirdParty',
      thumbprint: '0123456789ABCDEF0123456789ABCDEF01234567',
    }),
  ],
  // Its recipients that are not in Exchange need a connector of their own (accepted-domains.md),
  // or they loop between the Mailbox servers and the Edge (mail-loop).
  'an accepted domain in object form, internal relay, with its own send connector': [
    set(
      ['organization', 'acceptedDomains'],
      [{ domainName: 'contoso.com', domainType: 'InternalRelay', name: 'Contoso' }],
    ),
    set(['sendConnectors', 3], {
      name: 'To Legacy',
      usage: 'Internal',
      addressSpaces: ['contoso.com'],
      dnsRoutingEnabled: false,
      smartHosts: ['legacy.contoso.com'],
      sourceTransportServers: ['MBX01', 'MBX02'],
    }),
  ],
};

describe('valid variations of the reference', () => {
  it('the base itself is clean', () => {
    assert.deepEqual(analyze(base).findings, []);
  });

  for (const [name, edits] of Object.entries(VARIATIONS)) {
    it(`${name}: no error, no warning`, () => {
      const text = edits.reduce((t, edit) => edit(t), base);
      const problems = analyze(text).findings.filter(
        (f) => f.severity === 'error' || f.severity === 'warning',
      );
      assert.deepEqual(
        problems.map((f) => describeFinding(text, f)),
        [],
      );
    });
  }
});
