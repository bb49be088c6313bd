import * as assert from 'node:assert/strict';
import { applyFix, assertEveryFixRepairs } from '../../support/fixtures';
import { readRepoFile } from '../../support/repo';
import { findingsOf, rangeTexts, withValue } from '../../support/topology';

const CODE = 'binding-syntax';
const base = readRepoFile('test', 'fixtures', 'base.edgeflow.json');
const INTERNET = ['receiveConnectors', 0];
const ORG = ['receiveConnectors', 1];
const ADAPTERS = ['servers', 0, 'adapters'];

/** Base with the internal adapter also carrying fd00::2, and the organization connector's bindings replaced. */
function orgBindings(bindings: string[]): string {
  const withIpv6 = withValue(base, [...ADAPTERS, 1, 'ipAddresses'], ['10.1.1.2', 'fd00::2']);
  return withValue(withIpv6, [...ORG, 'bindings'], bindings);
}

describe(CODE, () => {
  it('reports a binding without a port, on the element, naming the connector', () => {
    const text = withValue(base, [...INTERNET, 'bindings'], ['10.1.1.1']);
    assert.deepEqual(rangeTexts(text, CODE), ['"10.1.1.1"']);
    const [finding] = findingsOf(text, CODE);
    assert.equal(finding?.severity, 'error');
    assert.match(finding?.message ?? '', /'From Internet'.*port/);
  });

  it('fixes an address without a port by adding port 25', () => {
    const text = withValue(base, [...INTERNET, 'bindings'], ['10.1.1.1']);
    const fixed = applyFix(text, CODE, "Change to '10.1.1.1:25'");
    assert.equal(fixed, withValue(base, [...INTERNET, 'bindings'], ['10.1.1.1:25']));
    assert.deepEqual(findingsOf(fixed, CODE), []);
  });

  it('fixes an IPv6 address without a port into [addr]:25', () => {
    const text = orgBindings(['10.1.1.2:25', 'fd00::2']);
    assert.deepEqual(rangeTexts(text, CODE), ['"fd00::2"']);
    const fixed = applyFix(text, CODE, "Change to '[fd00::2]:25'");
    assert.equal(fixed, orgBindings(['10.1.1.2:25', '[fd00::2]:25']));
  });

  it('reports an unbracketed IPv6 with a trailing number as ambiguous, without a fix', () => {
    const text = orgBindings(['10.1.1.2:25', 'fd00::2:25']);
    assert.deepEqual(rangeTexts(text, CODE), ['"fd00::2:25"']);
    const [finding] = findingsOf(text, CODE);
    assert.match(finding?.message ?? '', /\[fd00::2\]:25.*\[fd00::2:25\]:25/);
    assert.deepEqual(finding?.fixes?.() ?? [], []);
  });

  it('reports a port outside 1-65535 and text that is no binding, without a fix', () => {
    const text = withValue(
      base,
      [...INTERNET, 'bindings'],
      ['10.1.1.1:0', '10.1.1.1:65536', 'mail:25'],
    );
    assert.deepEqual(rangeTexts(text, CODE), ['"10.1.1.1:0"', '"10.1.1.1:65536"', '"mail:25"']);
    assert.match(findingsOf(text, CODE)[0]?.message ?? '', /port 0 is outside 1–65535/);
    assert.ok(findingsOf(text, CODE).every((f) => (f.fixes?.() ?? []).length === 0));
  });

  it('removes brackets around an IPv4 address and adds a port inside brackets', () => {
    const text = withValue(base, [...INTERNET, 'bindings'], ['[10.1.1.1]:25']);
    assert.equal(
      applyFix(text, CODE, /10\.1\.1\.1:25/),
      withValue(base, [...INTERNET, 'bindings'], ['10.1.1.1:25']),
    );
    const ipv6 = orgBindings(['10.1.1.2:25', '[fd00::2]']);
    assert.equal(
      applyFix(ipv6, CODE, /\[fd00::2\]:25/),
      orgBindings(['10.1.1.2:25', '[fd00::2]:25']),
    );
  });

  it('warns about a multicast or broadcast binding (Exchange 2013 code)', () => {
    const text = withValue(
      base,
      [...INTERNET, 'bindings'],
      ['10.1.1.1:25', '224.0.0.5:25', '255.255.255.255:25'],
    );
    const findings = findingsOf(text, CODE);
    assert.deepEqual(rangeTexts(text, CODE), ['"224.0.0.5:25"', '"255.255.255.255:25"']);
    assert.ok(findings.every((f) => f.severity === 'warning'));
  });

  it('accepts IPv4, bracketed IPv6 in any spelling, wildcards, loopback and surrounding spaces', () => {
    const text = orgBindings([
      '10.1.1.2:25',
      '[FD00:0:0:0:0:0:0:2]:2525',
      '[::]:25',
      '0.0.0.0:65535',
      '127.0.0.1:25',
      ' 10.1.1.2:587 ',
    ]);
    assert.deepEqual(findingsOf(text, CODE), []);
  });

  it('accepts the reference topology and a default connector without bindings', () => {
    assert.deepEqual(findingsOf(base, CODE), []);
    assert.deepEqual(findingsOf(withValue(base, [...INTERNET, 'bindings'], undefined), CODE), []);
  });

  it('offers only fixes that repair', () => {
    const text = orgBindings(['10.1.1.2:25', 'fd00::2', '[10.1.1.2]:587', '10.1.1.2:0']);
    assert.ok(assertEveryFixRepairs(text) >= 2);
  });
});

describe(`${CODE}: the one obvious repair, and none where two are possible`, () => {
  const fixesOf = (written: string) => {
    const text = withValue(base, ['receiveConnectors', 1, 'bindings'], [written]);
    return findingsOf(text, CODE).map((f) => (f.fixes?.() ?? []).map((x) => x.title).join(' | '));
  };
  const cases: [string, string][] = [
    ['10.1.1.2', "Change to '10.1.1.2:25'"],
    ['fd00::5', "Change to '[fd00::5]:25'"],
    // Port 25 of fd00::1, or the address fd00::1:25: the user decides.
    ['fd00::1:25', ''],
    ['[10.1.1.2]', "Change to '10.1.1.2:25'"],
    ['[10.1.1.2]:2525', "Change to '10.1.1.2:2525'"],
    ['[10.1.1.2]:99999', ''],
    ['[fd00::5]', "Change to '[fd00::5]:25'"],
    ['x[fd00::5]', ''],
    ['[fd00::5]x', ''],
    ['[fd00::5]:25x', ''],
    ['10.1.1.2:0', ''],
  ];
  for (const [written, fix] of cases) {
    it(`${JSON.stringify(written)}: ${fix || 'no fix'}`, () => {
      assert.deepEqual(fixesOf(written), [fix]);
    });
  }
});
