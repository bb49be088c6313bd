import * as assert from 'node:assert/strict';
import { applyFix, assertEveryFixRepairs } from '../../support/fixtures';
import { readRepoFile } from '../../support/repo';
import { findingsOf, rangeTexts, withAppended, withValue } from '../../support/topology';

const CODE = 'adapter-crossover';
const base = readRepoFile('test', 'fixtures', 'base.edgeflow.json');
const INTERNET = ['receiveConnectors', 0];
const ORG = ['receiveConnectors', 1];
const ADAPTERS = ['servers', 0, 'adapters'];

describe(CODE, () => {
  it('warns when the internet-facing connector is also bound to the internal adapter', () => {
    const text = withValue(base, [...INTERNET, 'bindings'], ['10.1.1.1:25', '10.1.1.2:2525']);
    assert.deepEqual(rangeTexts(text, CODE), ['"10.1.1.2:2525"']);
    const [finding] = findingsOf(text, CODE);
    assert.equal(finding?.severity, 'warning');
    assert.match(
      finding?.message ?? '',
      /'From Internet' is the internet-facing receive connector of EDGE01.*10\.1\.1\.2:2525 of the internal adapter Internal/,
    );
  });

  it('fixes it by rebinding to the internet address, keeping the port', () => {
    const text = withValue(base, [...INTERNET, 'bindings'], ['10.1.1.1:25', '10.1.1.2:2525']);
    const fixed = applyFix(text, CODE, 'Bind to 10.1.1.1:2525 (External)');
    assert.equal(
      fixed,
      withValue(base, [...INTERNET, 'bindings'], ['10.1.1.1:25', '10.1.1.1:2525']),
    );
  });

  it('removes the internal binding when the internet one on that port is already there', () => {
    const text = withValue(base, [...INTERNET, 'bindings'], ['10.1.1.1:25', '10.1.1.2:25']);
    const fixed = applyFix(text, CODE, 'Remove the binding 10.1.1.2:25');
    assert.deepEqual(findingsOf(fixed, CODE), []);
    assert.match(fixed, /"bindings": \[\s*"10\.1\.1\.1:25"\s*\]/);
  });

  it('warns about the default connector on a wildcard, and fixes it to the internet address', () => {
    const text = withValue(base, [...INTERNET, 'bindings'], ['0.0.0.0:25']);
    assert.deepEqual(rangeTexts(text, CODE), ['"0.0.0.0:25"']);
    assert.match(
      findingsOf(text, CODE)[0]?.message ?? '',
      /0\.0\.0\.0:25, every IPv4 address of EDGE01 including the internal adapter's 10\.1\.1\.2/,
    );
    assert.equal(
      applyFix(text, CODE, 'Bind to 10.1.1.1:25 (External)'),
      withValue(base, [...INTERNET, 'bindings'], ['10.1.1.1:25']),
    );
  });

  it('warns about a default connector without bindings on its "default" value, and adds the binding', () => {
    const text = withValue(base, [...INTERNET, 'bindings'], undefined);
    assert.deepEqual(rangeTexts(text, CODE), ['true']);
    assert.match(
      findingsOf(text, CODE)[0]?.message ?? '',
      /no bindings, so it keeps 0\.0\.0\.0:25/,
    );
    const fixed = applyFix(text, CODE, 'Add bindings ["10.1.1.1:25"]');
    assert.deepEqual(findingsOf(fixed, CODE), []);
    assert.match(fixed, /"default": true,\s*"bindings": \[\s*"10\.1\.1\.1:25"\s*\]/);
  });

  it('warns when the connector for the Mailbox servers is bound to the internet adapter', () => {
    const text = withValue(base, [...ORG, 'bindings'], ['10.1.1.2:25', '10.1.1.1:2525']);
    assert.deepEqual(rangeTexts(text, CODE), ['"10.1.1.1:2525"']);
    assert.match(
      findingsOf(text, CODE)[0]?.message ?? '',
      /'From Internal Org' accepts the Mailbox servers/,
    );
    assert.equal(
      applyFix(text, CODE, 'Bind to 10.1.1.2:2525 (Internal)'),
      withValue(base, [...ORG, 'bindings'], ['10.1.1.2:25', '10.1.1.2:2525']),
    );
  });

  it('warns when the connector for the Mailbox servers listens on a wildcard that reaches the internet adapter', () => {
    const text = withValue(base, [...ORG, 'bindings'], ['0.0.0.0:25']);
    assert.deepEqual(rangeTexts(text, CODE), ['"0.0.0.0:25"']);
    assert.match(findingsOf(text, CODE)[0]?.message ?? '', /internet adapter's 10\.1\.1\.1/);
  });

  it('warns about an Internal connector without bindings (0.0.0.0:25) on its usage, and adds the binding', () => {
    const text = withValue(base, [...ORG, 'bindings'], undefined);
    assert.deepEqual(rangeTexts(text, CODE), ['"Internal"']);
    assert.match(findingsOf(text, CODE)[0]?.message ?? '', /no bindings, so it gets 0\.0\.0\.0:25/);
    const fixed = applyFix(text, CODE, 'Add bindings ["10.1.1.2:25"]');
    assert.deepEqual(findingsOf(fixed, CODE), []);
  });

  it('does not warn about a wildcard of a family the other adapter does not have', () => {
    assert.deepEqual(
      findingsOf(withValue(base, [...ORG, 'bindings'], ['10.1.1.2:25', '[::]:25']), CODE),
      [],
    );
  });

  it('ignores catch-all remote ranges, which say nothing about the Mailbox servers', () => {
    // An internet-style connector on the internet adapter with the default ranges: nothing to say.
    const text = withAppended(base, ['receiveConnectors'], {
      name: 'From Partners',
      server: 'EDGE01',
      usage: 'Internet',
      bindings: ['10.1.1.1:587'],
    });
    assert.deepEqual(findingsOf(text, CODE), []);
  });

  it('offers no rebinding when the right adapter has several addresses', () => {
    const twoExternal = withValue(base, [...ADAPTERS, 0, 'ipAddresses'], ['10.1.1.1', '10.1.1.5']);
    const text = withValue(
      twoExternal,
      [...INTERNET, 'bindings'],
      ['10.1.1.1:25', '10.1.1.2:2525'],
    );
    assert.equal(findingsOf(text, CODE).length, 1);
    assert.deepEqual(findingsOf(text, CODE)[0]?.fixes?.(), []);
  });

  it('accepts the reference topology, Mailbox connectors and every Edge of a two-Edge topology', () => {
    assert.deepEqual(findingsOf(base, CODE), []);
    for (const example of ['two-edges', 'externally-secured']) {
      assert.deepEqual(
        findingsOf(readRepoFile('examples', `${example}.edgeflow.json`), CODE),
        [],
        example,
      );
    }
  });

  it('offers only fixes that repair', () => {
    const text = withValue(
      withValue(base, [...INTERNET, 'bindings'], ['0.0.0.0:25']),
      [...ORG, 'bindings'],
      ['10.1.1.2:25', '[::]:25', '0.0.0.0:2525'],
    );
    assert.equal(findingsOf(text, CODE).length, 2);
    assert.equal(assertEveryFixRepairs(text), 2);
  });
});

describe(`${CODE}: no rebinding that Exchange would refuse`, () => {
  // 'Partner' takes every address on the internet adapter's 10.1.1.1:25: moving 'From Internet'
  // there would give two connectors the same binding and the same remote ranges.
  const partner = (text: string) =>
    withAppended(text, ['receiveConnectors'], {
      name: 'Partner',
      server: 'EDGE01',
      usage: 'Custom',
      bindings: ['10.1.1.1:25'],
      remoteIPRanges: ['0.0.0.0-255.255.255.255'],
    });
  const offered = (text: string) =>
    findingsOf(text, CODE).map((f) => [
      text.slice(f.range.start, f.range.end),
      (f.fixes?.() ?? []).map((x) => x.title),
    ]);

  it('when the binding to replace is written', () => {
    const text = partner(withValue(base, [...INTERNET, 'bindings'], ['10.1.1.2:25']));
    assert.deepEqual(offered(text), [['"10.1.1.2:25"', []]]);
    // Without 'Partner', the same finding is fixed by rebinding.
    const alone = withValue(base, [...INTERNET, 'bindings'], ['10.1.1.2:25']);
    assert.deepEqual(offered(alone), [['"10.1.1.2:25"', ['Bind to 10.1.1.1:25 (External)']]]);
  });

  it('when the default connector has no bindings', () => {
    const text = partner(withValue(base, [...INTERNET, 'bindings'], undefined));
    assert.deepEqual(offered(text), [['true', []]]);
  });
});

describe(`${CODE}: which binding crosses, what the message says, and how it is rebound`, () => {
  const orgBindings = (bindings: string[]) =>
    withValue(base, ['receiveConnectors', 1, 'bindings'], bindings);
  const withEdgeAddresses = (text: string, external: string[], internal: string[]) =>
    withValue(
      withValue(text, ['servers', 0, 'adapters', 0, 'ipAddresses'], external),
      ['servers', 0, 'adapters', 1, 'ipAddresses'],
      internal,
    );
  const summary = (text: string) =>
    findingsOf(text, CODE).map((f) => ({
      at: text.slice(f.range.start, f.range.end),
      says: /but it (.*)\. Bind it to the (internal|internet) adapter only/
        .exec(f.message)
        ?.slice(1),
      fixes: (f.fixes?.() ?? []).map((x) => x.title),
    }));
  const INTERNAL_ONLY = 'Bind it to the internal adapter only';

  it('removes a wildcard binding whose rebinding would repeat a binding it already has', () => {
    assert.deepEqual(summary(orgBindings(['0.0.0.0:25', '10.1.1.2:25'])), [
      {
        at: '"0.0.0.0:25"',
        says: [
          "listens on 0.0.0.0:25, every IPv4 address of EDGE01 including the internet adapter's 10.1.1.1",
          'internal',
        ],
        fixes: ['Remove the binding 0.0.0.0:25'],
      },
    ]);
    assert.deepEqual(
      findingsOf(
        applyFix(orgBindings(['0.0.0.0:25', '10.1.1.2:25']), CODE, 'Remove the binding 0.0.0.0:25'),
        CODE,
      ),
      [],
    );
  });

  it('rebinds it when the internal binding it has is on another port', () => {
    assert.deepEqual(
      summary(orgBindings(['0.0.0.0:25', '10.1.1.2:2525'])).map((s) => s.fixes),
      [['Bind to 10.1.1.2:25 (Internal)']],
    );
  });

  it('names the adapter of a binding on the wrong side', () => {
    const text = orgBindings(['10.1.1.1:25']);
    assert.deepEqual(summary(text)[0]?.says, [
      'listens on 10.1.1.1:25 of the internet adapter External',
      'internal',
    ]);
    assert.match(findingsOf(text, CODE)[0]?.message ?? '', new RegExp(INTERNAL_ONLY));
  });

  it('judges [::] by the IPv6 addresses of the other side only', () => {
    const dual = orgBindings(['10.1.1.2:25', '[::]:25']);
    // Only the internal adapter has IPv6: [::] reaches nothing on the internet side.
    assert.deepEqual(summary(withEdgeAddresses(dual, ['10.1.1.1'], ['10.1.1.2', 'fd00::2'])), []);
    assert.deepEqual(
      summary(withEdgeAddresses(dual, ['10.1.1.1', '2001:db8::1'], ['10.1.1.2', 'fd00::2'])),
      [
        {
          at: '"[::]:25"',
          says: [
            "listens on [::]:25, every IPv6 address of EDGE01 including the internet adapter's 2001:db8::1",
            'internal',
          ],
          fixes: ['Bind to [fd00::2]:25 (Internal)'],
        },
      ],
    );
  });

  it('sends the internet-facing connector back to the internet adapter, on its port', () => {
    const text = withValue(base, ['receiveConnectors', 0, 'bindings'], ['10.1.1.2:2525']);
    assert.deepEqual(summary(text), [
      {
        at: '"10.1.1.2:2525"',
        says: ['listens on 10.1.1.2:2525 of the internal adapter Internal', 'internet'],
        fixes: ['Bind to 10.1.1.1:2525 (External)'],
      },
    ]);
  });
});
