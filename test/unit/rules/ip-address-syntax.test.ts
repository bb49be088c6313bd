import * as assert from 'node:assert/strict';
import { analyze } from '../../../server/src/core';
import { applyFix, assertEveryFixRepairs } from '../../support/fixtures';
import { readRepoFile } from '../../support/repo';
import { findingsOf, rangeTexts, withValue } from '../../support/topology';

const CODE = 'ip-address-syntax';
const base = readRepoFile('test', 'fixtures', 'base.edgeflow.json');
const INTERNAL = ['servers', 0, 'adapters', 1, 'ipAddresses'];
const MBX01 = ['servers', 1, 'ipAddresses'];

function codesOf(text: string): string[] {
  return analyze(text).findings.map((f) => f.code);
}

describe(CODE, () => {
  it('accepts the base topology, IPv6 with or without a zone, and surrounding spaces (Exchange trims)', () => {
    assert.deepEqual(findingsOf(base, CODE), []);
    const text = withValue(base, INTERNAL, ['10.1.1.2', 'fd00::2', 'fe80::1%11', ' 10.1.1.3 ']);
    assert.deepEqual(findingsOf(text, CODE), []);
  });

  for (const [written, why] of [
    ['banana', /not an IP address.*dnsNames/],
    ['10.1.1.2222', /2222.*0.*255/],
    ['10.1.1', /four parts.*3/],
    ['10.01.1.2', /leading zero/],
    ['fd00:::2', /not an IP address/],
    ['', /empty/],
  ] as const) {
    it(`reports ${JSON.stringify(written)} on an Edge adapter, without a fix`, () => {
      const text = withValue(base, INTERNAL, [written]);
      assert.deepEqual(rangeTexts(text, CODE), [JSON.stringify(written)]);
      const [finding] = findingsOf(text, CODE);
      assert.equal(finding?.severity, 'error');
      assert.match(finding?.message ?? '', /EDGE01.*'Internal'/);
      assert.match(finding?.message ?? '', why);
      assert.deepEqual(finding?.fixes?.() ?? [], []);
    });
  }

  it('reports a truncated address of a Mailbox server, naming the server', () => {
    const text = withValue(base, MBX01, ['192.168.5']);
    assert.deepEqual(rangeTexts(text, CODE), ['"192.168.5"']);
    assert.match(findingsOf(text, CODE)[0]?.message ?? '', /MBX01.*four parts/);
  });

  // The internal adapter keeps 10.1.1.2 (bound by the base) unless that is the address repaired.
  for (const [addresses, written, repaired, why] of [
    [['10.1.1.2', '[fd00::2]'], '[fd00::2]', 'fd00::2', /brackets.*bindings/],
    [['[10.1.1.2]'], '[10.1.1.2]', '10.1.1.2', /brackets/],
    [['10.1.1.2:25'], '10.1.1.2:25', '10.1.1.2', /port.*bindings/],
    [['10.1.1.2', '[fd00::2]:25'], '[fd00::2]:25', 'fd00::2', /port.*bindings/],
    [['10.1.1.2/24'], '10.1.1.2/24', '10.1.1.2', /prefix/],
  ] as const) {
    it(`fixes ${JSON.stringify(written)} into ${JSON.stringify(repaired)}`, () => {
      const text = withValue(base, INTERNAL, addresses);
      assert.deepEqual(rangeTexts(text, CODE), [JSON.stringify(written)]);
      assert.match(findingsOf(text, CODE)[0]?.message ?? '', why);
      const fixed = applyFix(text, CODE, `Change to '${repaired}'`);
      assert.deepEqual(findingsOf(fixed, CODE), []);
      assertEveryFixRepairs(text);
    });
  }

  it('offers no fix for a network address with a prefix: the adapter has some other address of it', () => {
    const text = withValue(base, INTERNAL, ['10.1.1.0/24']);
    assert.match(findingsOf(text, CODE)[0]?.message ?? '', /range/);
    assert.deepEqual(findingsOf(text, CODE)[0]?.fixes?.() ?? [], []);
  });

  it('is the only finding for a malformed address: the bindings on it are not reported a second time', () => {
    for (const written of ['banana', '10.1.1.2222', '10.1.1', '[10.1.1.2]']) {
      const text = withValue(base, INTERNAL, [written]);
      assert.deepEqual(codesOf(text), [CODE], written);
    }
  });

  it('is the only finding for a malformed Mailbox address: the mail path from it is not reported', () => {
    assert.deepEqual(codesOf(withValue(base, MBX01, ['192.168.5'])), [CODE]);
  });

  it('still reports a binding to an address of none of the adapters once the addresses are well formed', () => {
    const text = withValue(base, INTERNAL, ['10.1.1.3']);
    assert.ok(codesOf(text).includes('binding-not-local'));
  });
});

describe(`${CODE}: how a malformed address is explained`, () => {
  const messageOf = (text: string) => findingsOf(text, CODE)[0]?.message;
  const ADAPTER = ['servers', 0, 'adapters', 0];

  it('an empty part between the dots', () => {
    assert.equal(
      messageOf(withValue(base, MBX01, ['192.168..10'])),
      "'192.168..10' in the ipAddresses of MBX01 is not an address: a part between the dots is empty.",
    );
  });

  it('an adapter without a name, by its network; without either, as "adapter"', () => {
    const unnamed = withValue(
      withValue(base, [...ADAPTER, 'name'], undefined),
      [...ADAPTER, 'ipAddresses'],
      ['10.1.1.01'],
    );
    assert.equal(
      messageOf(unnamed),
      "'10.1.1.01' in the ipAddresses of EDGE01's adapter 'internet' is not an address: '01' has a leading zero: write each part without one.",
    );
    const anonymous = withValue(unnamed, [...ADAPTER, 'network'], undefined);
    assert.match(
      messageOf(anonymous) ?? '',
      /^'10\.1\.1\.01' in the ipAddresses of EDGE01's adapter 'adapter' /,
    );
  });
});

describe(`${CODE}: every way an address can be wrong, said once and right`, () => {
  const saidOf = (written: string) => {
    const text = withValue(base, ['servers', 1, 'ipAddresses'], [written]);
    const [finding] = findingsOf(text, CODE);
    return [
      finding?.message.replace(`'${written}' in the ipAddresses of MBX01 is not an address: `, ''),
      (finding?.fixes?.() ?? []).map((f) => f.title).join(' | '),
    ];
  };
  const HOST = 'ipAddresses holds IP addresses (a host name goes in fqdn).';
  const cases: [string, string, string][] = [
    [
      '[fd00::5]',
      "brackets belong to bindings ([IPv6]:port): write the address alone, 'fd00::5'.",
      "Change to 'fd00::5'",
    ],
    [
      '[fd00::5]:25',
      "an address with a port is a binding, and brackets and ports belong to bindings: write the address alone, 'fd00::5'.",
      "Change to 'fd00::5'",
    ],
    [
      '[ fd00::5 ]',
      "brackets belong to bindings ([IPv6]:port): write the address alone, 'fd00::5'.",
      "Change to 'fd00::5'",
    ],
    ['x[fd00::5]', "'x[fd00::5]' is not an IP address: it reads as neither IPv4 nor IPv6.", ''],
    ['[fd00::5]x', "'[fd00::5]x' is not an IP address: it reads as neither IPv4 nor IPv6.", ''],
    ['[banana]', `'[banana]' is not an IP address: ${HOST}`, ''],
    [
      '10.1.1.2:25',
      "an address with a port is a binding, and ports belong to bindings: write the address alone, '10.1.1.2'.",
      "Change to '10.1.1.2'",
    ],
    [
      '10.1.1.0/24',
      "'10.1.1.0/24' is a range: ipAddresses lists the server's own addresses, one per element (ranges belong to remoteIPRanges).",
      '',
    ],
    ['/24', `'/24' is not an IP address: ${HOST}`, ''],
    [
      '10.1.1.1-10.1.1.9',
      "'10.1.1.1-10.1.1.9' is a range: ipAddresses lists the server's own addresses, one per element (ranges belong to remoteIPRanges).",
      '',
    ],
    ['10.1.1', "an IPv4 address has four parts, and '10.1.1' has 3: a part is missing.", ''],
    ['10.1.1.1.1', "an IPv4 address has four parts, and '10.1.1.1.1' has 5: one too many.", ''],
    ['10.1.1.1.1.1', "an IPv4 address has four parts, and '10.1.1.1.1.1' has 6: 2 too many.", ''],
    ['255.1.1.01', "'01' has a leading zero: write each part without one.", ''],
    ['0.1.1.01', "'01' has a leading zero: write each part without one.", ''],
    ['10.1.1.256', "'256' is above 255: each part is 0 to 255.", ''],
    ['fd00::zz', "'fd00::zz' is not an IP address: it reads as neither IPv4 nor IPv6.", ''],
    ['10.1.1.2a', `'10.1.1.2a' is not an IP address: ${HOST}`, ''],
  ];
  for (const [written, said, fixes] of cases) {
    it(JSON.stringify(written), () => {
      assert.deepEqual(saidOf(written), [said, fixes]);
    });
  }
});
