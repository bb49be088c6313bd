import * as assert from 'node:assert/strict';
import { applyFix, assertEveryFixRepairs } from '../../support/fixtures';
import { readRepoFile } from '../../support/repo';
import { findingsOf, rangeTexts, withAppended, withValue } from '../../support/topology';

const CODE = 'receive-connector-conflict';
const base = readRepoFile('test', 'fixtures', 'base.edgeflow.json');
const RC = ['receiveConnectors'];
const MAILBOXES = ['192.168.5.10', '192.168.5.20'];

/** Base with one more receive connector. */
function plus(connector: Record<string, unknown>): string {
  return withAppended(base, RC, connector);
}

function onEdge(bindings: string[] | undefined, remoteIPRanges: string[] | undefined): string {
  return plus({
    name: 'From Partner',
    server: 'EDGE01',
    usage: 'Custom',
    bindings,
    remoteIPRanges,
  });
}

function onMailbox(extra: Record<string, unknown>): string {
  return plus({
    name: 'From Edge',
    server: 'MBX01',
    usage: 'Custom',
    permissionGroups: ['ExchangeServers'],
    ...extra,
  });
}

const related = (text: string) =>
  findingsOf(text, CODE).flatMap((f) =>
    (f.related ?? []).map((r) => text.slice(r.range.start, r.range.end)),
  );

describe(CODE, () => {
  describe('the same IP:port', () => {
    it('reports equal remote ranges on the later connector, related to the earlier one', () => {
      const text = onEdge(['10.1.1.2:25'], ['192.168.5.20']);
      assert.deepEqual(rangeTexts(text, CODE), ['"10.1.1.2:25"']);
      const [finding] = findingsOf(text, CODE);
      assert.equal(finding?.severity, 'error');
      assert.match(
        finding?.message ?? '',
        /'From Partner' and 'From Internal Org' both listen on 10\.1\.1\.2:25.*192\.168\.5\.20 and 192\.168\.5\.20 are the same/,
      );
      assert.equal(text.slice(finding?.range.start, finding?.range.end), '"10.1.1.2:25"');
      assert.ok(finding && finding.range.start > text.indexOf('From Partner'));
      assert.deepEqual(related(text), ['"10.1.1.2:25"']);
    });

    it('reports partly overlapping ranges', () => {
      const first = withValue(base, [...RC, 1, 'remoteIPRanges'], ['192.168.5.0-192.168.5.20']);
      const text = withAppended(first, RC, {
        name: 'From Partner',
        server: 'EDGE01',
        usage: 'Custom',
        bindings: ['10.1.1.2:25'],
        remoteIPRanges: ['192.168.5.15-192.168.5.30'],
      });
      assert.deepEqual(rangeTexts(text, CODE), ['"10.1.1.2:25"']);
      assert.match(
        findingsOf(text, CODE)[0]?.message ?? '',
        /192\.168\.5\.15-192\.168\.5\.30 and 192\.168\.5\.0-192\.168\.5\.20 partly overlap/,
      );
    });

    it('reports the conflict once per pair, on the later connector', () => {
      const text = withAppended(onEdge(['10.1.1.2:25'], ['192.168.5.20']), RC, {
        name: 'Third',
        server: 'EDGE01',
        usage: 'Custom',
        bindings: ['10.1.1.2:25'],
        remoteIPRanges: ['192.168.5.20'],
      });
      // Third conflicts with 'From Internal Org' and with 'From Partner'.
      assert.equal(findingsOf(text, CODE).length, 3);
      assert.ok(
        findingsOf(text, CODE).every((f) => f.range.start > text.indexOf('"From Partner"')),
      );
    });

    it('compares IPv6 bindings canonically', () => {
      const ipv6 = withValue(
        base,
        ['servers', 0, 'adapters', 1, 'ipAddresses'],
        ['10.1.1.2', 'fd00::2'],
      );
      const first = withValue(ipv6, [...RC, 1, 'bindings'], ['10.1.1.2:25', '[fd00::2]:25']);
      const text = withAppended(first, RC, {
        name: 'From Partner',
        server: 'EDGE01',
        usage: 'Custom',
        bindings: ['[FD00:0:0:0:0:0:0:2]:25'],
        remoteIPRanges: ['fd00:20::/64'],
      });
      const both = withValue(text, [...RC, 1, 'remoteIPRanges'], [...MAILBOXES, 'fd00:20::/64']);
      assert.deepEqual(rangeTexts(both, CODE), ['"[FD00:0:0:0:0:0:0:2]:25"']);
    });

    it('accepts nested ranges, disjoint ranges, and the same ranges on another port', () => {
      assert.deepEqual(findingsOf(onEdge(['10.1.1.2:25'], ['192.168.0.0/16']), CODE), []);
      assert.deepEqual(findingsOf(onEdge(['10.1.1.2:25'], ['192.168.6.0/24']), CODE), []);
      assert.deepEqual(findingsOf(onEdge(['10.1.1.2:587'], MAILBOXES), CODE), []);
      assert.deepEqual(findingsOf(onEdge(['10.1.1.1:25'], MAILBOXES), CODE), []);
    });
  });

  describe('overlap through a wildcard', () => {
    it('accepts equal ranges', () => {
      assert.deepEqual(findingsOf(onEdge(['0.0.0.0:25'], MAILBOXES), CODE), []);
    });

    it('reports partly overlapping ranges', () => {
      const text = withValue(
        onEdge(['0.0.0.0:25'], ['192.168.5.15-192.168.5.30']),
        [...RC, 1, 'remoteIPRanges'],
        ['192.168.5.0-192.168.5.20'],
      );
      assert.deepEqual(rangeTexts(text, CODE), ['"0.0.0.0:25"']);
      assert.match(
        findingsOf(text, CODE)[0]?.message ?? '',
        /through a wildcard \(0\.0\.0\.0:25 and 10\.1\.1\.2:25\).*partly overlap/,
      );
    });

    it('does not mix address families', () => {
      const text = withValue(
        onEdge(['[::]:25'], ['192.168.5.15-192.168.5.30']),
        [...RC, 1, 'remoteIPRanges'],
        ['192.168.5.0-192.168.5.20'],
      );
      assert.deepEqual(findingsOf(text, CODE), []);
    });

    it('follows the order of Exchange\'s scan: a wildcard pair found first is not "the same IP:port"', () => {
      // 'From Partner' lists 0.0.0.0:25 first: whichever connector is saved, the scan meets the
      // wildcard pair before 10.1.1.2:25, so equal ranges are accepted, as Exchange does.
      assert.deepEqual(findingsOf(onEdge(['0.0.0.0:25', '10.1.1.2:25'], MAILBOXES), CODE), []);
    });
  });

  describe('built-in connectors', () => {
    it("includes the Edge's built-in default connector when no connector is `default: true`", () => {
      const noDefault = withValue(base, [...RC, 0], {
        name: 'From Partner',
        server: 'EDGE01',
        usage: 'Internet',
        bindings: ['10.1.1.1:25'],
        remoteIPRanges: ['0.0.0.0-10.0.0.0', '9.0.0.0-11.0.0.0'],
      });
      const text = withValue(noDefault, [...RC, 0, 'remoteIPRanges'], ['0.0.0.0-255.255.255.255']);
      // Equal to the built-in's range but only through its wildcard: accepted.
      assert.deepEqual(findingsOf(text, CODE), []);
      const onWildcard = withValue(noDefault, [...RC, 0, 'bindings'], ['0.0.0.0:25']);
      assert.deepEqual(findingsOf(onWildcard, CODE), []);
      const equal = withValue(
        onWildcard,
        [...RC, 0, 'remoteIPRanges'],
        ['0.0.0.0-255.255.255.255'],
      );
      assert.deepEqual(rangeTexts(equal, CODE), ['"0.0.0.0:25"']);
      const [finding] = findingsOf(equal, CODE);
      assert.match(
        finding?.message ?? '',
        /the built-in 'Default internal receive connector EDGE01'/,
      );
      assert.deepEqual(related(equal), ['"EDGE01"']);
    });

    it('reports a Mailbox connector left in HubTransport on port 25, and sets FrontendTransport', () => {
      const text = onMailbox({ bindings: ['0.0.0.0:25'], remoteIPRanges: ['10.1.1.2'] });
      assert.deepEqual(rangeTexts(text, CODE), ['"0.0.0.0:25"']);
      const [finding] = findingsOf(text, CODE);
      assert.match(
        finding?.message ?? '',
        /'From Edge' runs in HubTransport \(the default\).*'Default Frontend MBX01' \(FrontendTransport, 0\.0\.0\.0:25 and \[::\]:25\)/,
      );
      assert.deepEqual(related(text), ['"MBX01"']);
      const fixed = applyFix(text, CODE, "Set transportRole of 'From Edge' to FrontendTransport");
      assert.deepEqual(findingsOf(fixed, CODE), []);
      assert.match(fixed, /"transportRole": "FrontendTransport"/);
    });

    it('does not advise the service where its remote ranges would conflict in turn', () => {
      // In FrontendTransport, ranges equal to Default Frontend's would be the next refusal.
      for (const remoteIPRanges of [['0.0.0.0-255.255.255.255'], undefined]) {
        const text = onMailbox({ bindings: ['0.0.0.0:25'], remoteIPRanges });
        const [finding] = findingsOf(text, CODE);
        assert.match(
          finding?.message ?? '',
          /Exchange refuses overlapping bindings in different transport services\. Listen on another IP:port: in FrontendTransport its remote IP ranges would be refused beside the built-in 'Default Frontend MBX01' \(FrontendTransport, 0\.0\.0\.0:25 and \[::\]:25\)\.$/,
          String(remoteIPRanges),
        );
        assert.deepEqual(finding?.fixes?.() ?? [], []);
      }
    });

    it("advises the built-in connector's service when it would work there, fix or not", () => {
      // FrontendTransport on 2525 overlaps the Transport service's Default MBX01: HubTransport works.
      const text = onMailbox({
        transportRole: 'FrontendTransport',
        bindings: ['0.0.0.0:2525'],
        remoteIPRanges: ['10.1.1.2'],
      });
      assert.match(
        findingsOf(text, CODE)[0]?.message ?? '',
        /Set transportRole to HubTransport, or listen on another IP:port\.$/,
      );
    });

    it('reports an explicit HubTransport on a specific address of port 25', () => {
      const text = onMailbox({
        transportRole: 'hubtransport',
        bindings: ['192.168.5.10:25'],
        remoteIPRanges: ['10.1.1.2'],
      });
      assert.deepEqual(rangeTexts(text, CODE), ['"192.168.5.10:25"']);
      assert.doesNotMatch(findingsOf(text, CODE)[0]?.message ?? '', /the default/);
    });

    it('reports a FrontendTransport connector that equals Default Frontend, without a role fix', () => {
      const text = onMailbox({
        transportRole: 'FrontendTransport',
        bindings: ['0.0.0.0:25'],
        remoteIPRanges: ['0.0.0.0-255.255.255.255'],
      });
      assert.deepEqual(rangeTexts(text, CODE), ['"0.0.0.0:25"']);
      assert.deepEqual(findingsOf(text, CODE)[0]?.fixes?.() ?? [], []);
    });

    it('reports a FrontendTransport connector on 2525 against the Transport service', () => {
      const text = onMailbox({
        transportRole: 'FrontendTransport',
        bindings: ['0.0.0.0:2525'],
        remoteIPRanges: ['10.1.1.2'],
      });
      assert.match(findingsOf(text, CODE)[0]?.message ?? '', /'Default MBX01' \(HubTransport/);
    });

    it('reports a Client connector without bindings (0.0.0.0:587) on its name', () => {
      const text = plus({
        name: 'Submission',
        server: 'MBX01',
        usage: 'Client',
        remoteIPRanges: ['10.0.0.0/8'],
      });
      assert.deepEqual(rangeTexts(text, CODE), ['"Submission"']);
      assert.match(
        findingsOf(text, CODE)[0]?.message ?? '',
        /no bindings, so 0\.0\.0\.0:587.*'Client Frontend MBX01'/,
      );
    });

    it('accepts a FrontendTransport connector inside Default Frontend, and HubTransport on other ports', () => {
      assert.deepEqual(
        findingsOf(
          onMailbox({
            transportRole: 'FrontendTransport',
            bindings: ['0.0.0.0:25'],
            remoteIPRanges: ['10.1.1.2'],
          }),
          CODE,
        ),
        [],
      );
      assert.deepEqual(
        findingsOf(
          onMailbox({ bindings: ['192.168.5.10:2526'], remoteIPRanges: ['10.1.1.2'] }),
          CODE,
        ),
        [],
      );
      assert.deepEqual(
        findingsOf(onMailbox({ bindings: ['0.0.0.0:2525'], remoteIPRanges: ['10.1.1.2'] }), CODE),
        [],
      );
    });

    it('treats a declared connector named like a built-in one as that connector', () => {
      const text = plus({
        name: 'Default Frontend mbx01',
        server: 'MBX01',
        bindings: ['0.0.0.0:25'],
        remoteIPRanges: ['0.0.0.0-255.255.255.255'],
      });
      assert.deepEqual(findingsOf(text, CODE), []);
    });
  });

  describe('declared connectors in different services', () => {
    it('reports them and moves the HubTransport one to FrontendTransport', () => {
      const first = plus({
        name: 'A',
        server: 'MBX01',
        transportRole: 'HubTransport',
        usage: 'Custom',
        bindings: ['192.168.5.10:2626'],
        remoteIPRanges: ['10.0.0.0/8'],
      });
      const text = withAppended(first, RC, {
        name: 'B',
        server: 'MBX01',
        transportRole: 'FrontendTransport',
        usage: 'Custom',
        bindings: ['0.0.0.0:2626'],
        remoteIPRanges: ['10.1.0.0/16'],
      });
      assert.deepEqual(rangeTexts(text, CODE), ['"0.0.0.0:2626"']);
      assert.deepEqual(related(text), ['"192.168.5.10:2626"']);
      assert.equal(
        findingsOf(text, CODE)[0]?.message,
        "'B' runs in FrontendTransport and listens on 0.0.0.0:2626, which overlaps 'A' on 192.168.5.10:2626 in HubTransport: Exchange refuses overlapping bindings in different transport services. Run both in the same service (transportRole), or listen on another IP:port.",
      );
      const fixed = applyFix(text, CODE, "Set transportRole of 'A' to FrontendTransport");
      assert.deepEqual(findingsOf(fixed, CODE), []);
    });
  });

  it('never compares connectors of different servers', () => {
    const text = plus({
      name: 'From Internal Org',
      server: 'MBX01',
      transportRole: 'FrontendTransport',
      usage: 'Custom',
      bindings: ['0.0.0.0:25'],
      remoteIPRanges: MAILBOXES,
    });
    assert.deepEqual(findingsOf(text, CODE), []);
  });

  it('accepts the reference topology and the examples', () => {
    assert.deepEqual(findingsOf(base, CODE), []);
    for (const example of ['contoso', 'two-edges', 'externally-secured']) {
      assert.deepEqual(
        findingsOf(readRepoFile('examples', `${example}.edgeflow.json`), CODE),
        [],
        example,
      );
    }
  });

  it('offers only fixes that repair', () => {
    const text = onMailbox({ bindings: ['0.0.0.0:25'], remoteIPRanges: ['10.1.1.2'] });
    assert.equal(assertEveryFixRepairs(text), 1);
  });
});
