import * as assert from 'node:assert/strict';
import { applyFix, assertEveryFixRepairs } from '../../support/fixtures';
import { readRepoFile } from '../../support/repo';
import { findingsOf, rangeTexts, withValue } from '../../support/topology';

const CODE = 'remote-range-syntax';
const base = readRepoFile('test', 'fixtures', 'base.edgeflow.json');
const RANGES = ['receiveConnectors', 1, 'remoteIPRanges'];
const MAILBOXES = ['192.168.5.10', '192.168.5.20'];

const withRanges = (...extra: string[]) => withValue(base, RANGES, [...MAILBOXES, ...extra]);

describe(CODE, () => {
  it('reports a reversed range on the element, naming the connector, and swaps its ends', () => {
    const text = withRanges('192.168.5.40-192.168.5.30');
    assert.deepEqual(rangeTexts(text, CODE), ['"192.168.5.40-192.168.5.30"']);
    const [finding] = findingsOf(text, CODE);
    assert.equal(finding?.severity, 'error');
    assert.match(
      finding?.message ?? '',
      /'From Internal Org'.*start of the range is above its end/,
    );
    const fixed = applyFix(text, CODE, "Swap the ends: '192.168.5.30-192.168.5.40'");
    assert.equal(fixed, withRanges('192.168.5.30-192.168.5.40'));
  });

  it('swaps a reversed IPv6 range', () => {
    const text = withRanges('fd00::20-fd00::10');
    assert.equal(applyFix(text, CODE, /Swap/), withRanges('fd00::10-fd00::20'));
  });

  it('reports ranges of two families, bad prefix lengths, bad masks and text that is no address', () => {
    const bad = [
      '10.0.0.1-fd00::1',
      '192.168.6.0/33',
      'fd00::/129',
      '192.168.6.0/x',
      '10.0.0.0(255.255.255.0.1)',
      'mbx01',
    ];
    const text = withRanges(...bad);
    assert.deepEqual(
      rangeTexts(text, CODE),
      bad.map((b) => JSON.stringify(b)),
    );
    assert.ok(
      findingsOf(text, CODE).every(
        (f) => f.severity === 'error' && (f.fixes?.() ?? []).length === 0,
      ),
    );
    assert.match(findingsOf(text, CODE)[0]?.message ?? '', /same address family/);
  });

  it('reports a range that only its spaces break as an error, and removes them', () => {
    const cases: [string, string][] = [
      ['192.168.7.0/ 24', '192.168.7.0/24'],
      ['fd00:: 1', 'fd00::1'],
    ];
    for (const [written, compact] of cases) {
      const text = withRanges(written);
      assert.equal(findingsOf(text, CODE)[0]?.severity, 'error', written);
      assert.equal(applyFix(text, CODE, /Remove the spaces/), withRanges(compact), written);
    }
  });

  it('suggests no swap when the ends are of two families or not both addresses', () => {
    for (const written of ['fd00::1-10.0.0.1', 'mbx01-10.0.0.1', '10.0.0.9-mbx01']) {
      const [finding] = findingsOf(withRanges(written), CODE);
      assert.equal(finding?.suggestion, undefined, written);
      assert.doesNotMatch(finding?.message ?? '', /Did you mean/, written);
      assert.deepEqual(finding?.fixes?.(), [], written);
    }
  });

  it('accepts a range whose two ends are the same address', () => {
    assert.deepEqual(findingsOf(withRanges('10.0.0.5-10.0.0.5'), CODE), []);
  });

  it('warns about spaces, which Exchange may not accept, and removes them', () => {
    const text = withRanges('192.168.7.1 - 192.168.7.9');
    assert.deepEqual(rangeTexts(text, CODE), ['"192.168.7.1 - 192.168.7.9"']);
    assert.equal(findingsOf(text, CODE)[0]?.severity, 'warning');
    assert.equal(applyFix(text, CODE, /Remove the spaces/), withRanges('192.168.7.1-192.168.7.9'));
  });

  it('removes spaces and swaps the ends of a reversed range written with spaces', () => {
    const text = withRanges('192.168.7.9 - 192.168.7.1');
    assert.equal(findingsOf(text, CODE)[0]?.severity, 'error');
    assert.equal(applyFix(text, CODE, /Swap/), withRanges('192.168.7.1-192.168.7.9'));
  });

  it('accepts every form Exchange accepts', () => {
    const good = [
      '192.168.5.0/24',
      '192.168.5.10-192.168.5.10',
      '192.168.6.0(255.255.255.0)',
      'fd00:20::/64',
      'FD00::1-fd00::ffff',
      'fe80::39bd:88f7:6969:d223%11',
      '0.0.0.0-255.255.255.255',
      '0.0.0.0/0',
    ];
    assert.deepEqual(findingsOf(withRanges(...good), CODE), []);
    assert.deepEqual(findingsOf(base, CODE), []);
    assert.deepEqual(findingsOf(withValue(base, RANGES, undefined), CODE), []);
  });

  it('offers only fixes that repair', () => {
    assert.equal(
      assertEveryFixRepairs(withRanges('192.168.5.40-192.168.5.30', '10.0.0.1 - 10.0.0.2')),
      2,
    );
  });
});
