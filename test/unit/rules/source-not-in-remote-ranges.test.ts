import * as assert from 'node:assert/strict';
import { parse } from 'jsonc-parser';
import { analyze } from '../../../server/src/core';
import { applyFix, assertEveryFixRepairs } from '../../support/fixtures';
import { readRepoFile } from '../../support/repo';
import { findingsOf, rangeTexts, withAppended, withValue } from '../../support/topology';

const CODE = 'source-not-in-remote-ranges';
const base = readRepoFile('test', 'fixtures', 'base.edgeflow.json');
const MBX02_IPS = ['servers', 2, 'ipAddresses'];
const TO_EDGE = ['sendConnectors', 2];
const FROM_INTERNET = ['receiveConnectors', 0];
const FROM_ORG = ['receiveConnectors', 1];
/** MBX02 moved outside the remote ranges of "From Internal Org". */
const moved = withValue(base, MBX02_IPS, ['192.168.5.30']);

const ranges = (text: string) =>
  (parse(text) as { receiveConnectors: { remoteIPRanges: string[] }[] }).receiveConnectors[1]
    ?.remoteIPRanges;

describe(CODE, () => {
  it('accepts the reference design', () => {
    assert.deepEqual(findingsOf(base, CODE), []);
  });

  it('reports a Mailbox source outside the ranges, on its sourceTransportServers element', () => {
    const [finding] = findingsOf(moved, CODE);
    assert.deepEqual(rangeTexts(moved, CODE), ['"MBX02"']);
    // The element of sourceTransportServers, not the server's own name.
    assert.ok((finding?.range.start ?? 0) > moved.indexOf('"sourceTransportServers"'));
    assert.equal(
      finding?.message,
      "MBX02 (192.168.5.30) sends to EDGE01 through 'To Edge' but is outside the remote IP ranges of 'From Internal Org': EDGE01 refuses its connection on 10.1.1.2:25 (no receive connector accepts it). Add 192.168.5.30 to the remoteIPRanges of 'From Internal Org'.",
    );
    const related = finding?.related?.[0];
    assert.equal(
      moved.slice(related?.range.start, related?.range.end),
      '["192.168.5.10", "192.168.5.20"]',
    );
  });

  it('names the connector the mail lands on when another one accepts it', () => {
    // The internet connector also listens on every IPv4 address of port 25.
    const text = withValue(moved, [...FROM_INTERNET, 'bindings'], ['0.0.0.0:25']);
    assert.match(
      findingsOf(text, CODE)[0]?.message ?? '',
      /outside the remote IP ranges of 'From Internal Org': its mail would land on 'From Internet' \(anonymous, no Basic authentication\)/,
    );
  });

  it('does not say "no Basic authentication" of a connector that offers it', () => {
    let text = withValue(moved, [...FROM_INTERNET, 'bindings'], ['0.0.0.0:25']);
    text = withValue(
      text,
      [...FROM_INTERNET, 'authMechanism'],
      ['Tls', 'BasicAuth', 'BasicAuthRequireTLS'],
    );
    assert.equal(
      findingsOf(text, CODE)[0]?.message,
      "MBX02 (192.168.5.30) sends to EDGE01 through 'To Edge' but is outside the remote IP ranges of 'From Internal Org': its mail would land on 'From Internet'. Add 192.168.5.30 to the remoteIPRanges of 'From Internal Org'.",
    );
  });

  it('applies the most specific range: a narrower range on the internet connector wins', () => {
    let text = withValue(base, [...FROM_INTERNET, 'bindings'], ['0.0.0.0:25']);
    text = withValue(text, [...FROM_INTERNET, 'remoteIPRanges'], ['192.168.5.0/24']);
    text = withValue(text, [...FROM_ORG, 'remoteIPRanges'], ['192.168.0.0/16']);
    assert.deepEqual(rangeTexts(text, CODE), ['"MBX01"', '"MBX02"']);
    assert.match(
      findingsOf(text, CODE)[0]?.message ?? '',
      /through 'To Edge' but a narrower remote IP range of 'From Internet' takes its connection from 'From Internal Org': its mail would land on 'From Internet'.*Add 192\.168\.5\.10 .*most specific range wins/,
    );
    const fixed = applyFix(text, CODE, /Add 192\.168\.5\.10/);
    assert.deepEqual(ranges(fixed), ['192.168.0.0/16', '192.168.5.10']);
    assert.deepEqual(rangeTexts(fixed, CODE), ['"MBX02"']);
    // The other way round, the organization-facing connector wins.
    text = withValue(text, [...FROM_INTERNET, 'remoteIPRanges'], ['192.168.0.0/16']);
    text = withValue(text, [...FROM_ORG, 'remoteIPRanges'], ['192.168.5.0/24']);
    assert.deepEqual(findingsOf(text, CODE), []);
  });

  it('fixes it by adding the address to the ranges of the organization-facing connector', () => {
    const fixed = applyFix(
      moved,
      CODE,
      "Add 192.168.5.30 to the remote IP ranges of 'From Internal Org'",
    );
    assert.deepEqual(ranges(fixed), ['192.168.5.10', '192.168.5.20', '192.168.5.30']);
    assert.deepEqual(analyze(fixed).findings, []);
    assertEveryFixRepairs(moved);
  });

  it('follows the smart host to the adapter its name resolves to, and the port', () => {
    // The FQDN resolves to a second internal address where the ranges are different.
    let text = withValue(
      base,
      ['servers', 0, 'adapters', 1, 'ipAddresses'],
      ['10.1.1.2', '10.1.1.3'],
    );
    text = withValue(text, ['servers', 0, 'adapters', 1, 'dnsNames'], ['edge01-int.contoso.net']);
    text = withValue(text, [...TO_EDGE, 'smartHosts'], ['edge01-int.contoso.net']);
    text = withAppended(text, ['receiveConnectors'], {
      name: 'From MBX01',
      server: 'EDGE01',
      usage: 'Internal',
      authMechanism: ['Tls', 'BasicAuth', 'BasicAuthRequireTLS', 'ExchangeServer'],
      bindings: ['10.1.1.3:2525'],
      remoteIPRanges: ['192.168.5.10'],
    });
    assert.deepEqual(findingsOf(text, CODE), []);
    // On port 2525, only 'From MBX01' listens: MBX02 is refused.
    text = withValue(text, [...TO_EDGE, 'port'], 2525);
    assert.deepEqual(rangeTexts(text, CODE), ['"MBX02"']);
    assert.match(findingsOf(text, CODE)[0]?.message ?? '', /'From MBX01'.*10\.1\.1\.3:2525/);
  });

  describe('does not report', () => {
    const none = (text: string) => assert.deepEqual(findingsOf(text, CODE), []);

    it('a CIDR range, a Mailbox server with one address inside, or names in another case', () => {
      none(withValue(moved, [...FROM_ORG, 'remoteIPRanges'], ['192.168.5.0/24']));
      none(withValue(moved, MBX02_IPS, ['192.168.5.30', '192.168.5.20']));
      none(withValue(base, [...TO_EDGE, 'sourceTransportServers'], ['mbx01', 'Mbx02']));
    });

    it('IPv6 sources, bindings and ranges', () => {
      let text = withValue(base, ['servers', 0, 'adapters', 1, 'ipAddresses'], ['fd00::2']);
      text = withValue(text, [...FROM_ORG, 'bindings'], ['[fd00::2]:25']);
      text = withValue(text, ['servers', 1, 'ipAddresses'], ['fd00:5::10']);
      text = withValue(text, MBX02_IPS, ['fd00:5::20']);
      text = withValue(text, [...FROM_ORG, 'remoteIPRanges'], ['fd00:5::/64']);
      none(text);
      assert.deepEqual(
        rangeTexts(withValue(text, [...FROM_ORG, 'remoteIPRanges'], ['fd00:5::10']), CODE),
        ['"MBX02"'],
      );
    });

    it('without sourceTransportServers (the source is the server the cmdlet runs on)', () => {
      none(withValue(moved, [...TO_EDGE, 'sourceTransportServers'], undefined));
    });

    it('a disabled organization connector (it sends nothing)', () => {
      none(withValue(moved, [...TO_EDGE, 'enabled'], false));
    });

    it('when the Edge has no organization-facing receive connector (missing-connector says it)', () => {
      none(withValue(moved, FROM_ORG, undefined));
    });

    it('when the smart host reaches an address the organization-facing connector does not listen on', () => {
      // smarthost-target's business: the smart host is wrong, not the ranges.
      none(withValue(moved, [...TO_EDGE, 'smartHosts'], ['10.1.1.1']));
    });

    it('a source that is no Mailbox server (wrong-role and unknown-reference report those)', () => {
      none(withValue(moved, [...TO_EDGE, 'sourceTransportServers'], ['MBX01', 'EDGE01', 'MBX09']));
    });
  });

  it('checks every Edge a connector sends to', () => {
    let text = withAppended(moved, ['servers'], {
      name: 'EDGE02',
      role: 'Edge',
      fqdn: 'edge02.contoso.net',
      adapters: [{ network: 'internal', ipAddresses: ['10.1.2.2'] }],
    });
    text = withValue(text, [...FROM_ORG, 'remoteIPRanges'], ['192.168.5.0/24']);
    text = withValue(
      text,
      [...TO_EDGE, 'smartHosts'],
      ['edge01.contoso.net', 'edge02.contoso.net'],
    );
    text = withAppended(text, ['receiveConnectors'], {
      name: 'From Internal Org',
      server: 'EDGE02',
      bindings: ['10.1.2.2:25'],
      remoteIPRanges: ['192.168.5.10'],
    });
    assert.deepEqual(rangeTexts(text, CODE), ['"MBX02"']);
    assert.match(findingsOf(text, CODE)[0]?.message ?? '', /sends to EDGE02/);
  });
});

describe(`${CODE}: IPv6`, () => {
  it('names an IPv6 endpoint as people write it ([fd00::2]:25)', () => {
    let text = withValue(
      base,
      ['servers', 0, 'adapters', 1, 'ipAddresses'],
      ['10.1.1.2', 'fd00::2'],
    );
    text = withValue(text, [...FROM_ORG, 'bindings'], ['10.1.1.2:25', '[fd00::2]:25']);
    text = withValue(text, MBX02_IPS, ['fd00::20']);
    const [finding] = findingsOf(text, CODE);
    assert.match(finding?.message ?? '', /refuses its connection on \[fd00::2\]:25 /);
  });
});
