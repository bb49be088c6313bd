import * as assert from 'node:assert/strict';
import {
  ALL_IPV4,
  compareRanges,
  isLoopback,
  isMulticastOrBroadcast,
  isWholeFamily,
  parseAddress,
  parseBinding,
  parseRange,
  rangeContainsAddress,
  type IpRange,
} from '../../../server/src/core/model/network';

/** The address, which the test expects to parse. */
function address(text: string) {
  const parsed = parseAddress(text);
  assert.ok(parsed, text);
  return parsed;
}

/** A range as `family start-end` in hexadecimal, or the error. */
function range(text: string): string {
  const parsed = parseRange(text);
  if (!parsed.ok) return `error: ${parsed.error}`;
  const { family, start, end } = parsed.value;
  return `${family} ${start.toString(16)}-${end.toString(16)}`;
}

function binding(text: string): string {
  const parsed = parseBinding(text);
  if (!parsed.ok) return `error: ${parsed.error}`;
  const { address: a, port, wildcard } = parsed.value;
  return `${a.family} ${a.value.toString(16)} ${port}${wildcard ? ' wildcard' : ''}`;
}

describe('addresses, bindings and ranges (model/network)', () => {
  describe('parseAddress', () => {
    it('reads an IPv4 address as four decimal parts, its text as its canonical spelling', () => {
      assert.deepEqual(parseAddress('10.1.1.2'), {
        family: 4,
        value: 0x0a010102n,
        canonical: '10.1.1.2',
      });
      assert.equal(address('0.0.0.0').value, 0n);
      assert.equal(address('255.255.255.255').value, 0xffffffffn);
      assert.equal(address('  192.168.5.10 ').canonical, '192.168.5.10');
    });

    it('refuses what is almost always a typo or a host name', () => {
      for (const text of [
        '10.1',
        '10.1.1',
        '10.1.1.2.3',
        '10.1.1.256',
        '10.01.1.2',
        '10.1.1.2000',
        '10..1.2',
        '.10.1.1',
        '10.1.1.',
        '10.1.1.a',
        'mbx01',
        '',
        '1e1.1.1.1',
        '10a1.1.1',
        '10.1.1.2 3',
      ])
        assert.equal(parseAddress(text), undefined, text);
    });

    it('reads IPv6, with its zone id left out of the value but kept in the spelling', () => {
      const plain = address('fd00:10::10');
      assert.equal(plain.family, 6);
      assert.equal(plain.value, 0xfd000010000000000000000000000010n);
      assert.equal(plain.canonical, 'fd00:10:0:0:0:0:0:10');
      const zoned = address('fe80::1%11');
      assert.equal(zoned.value, 0xfe800000000000000000000000000001n);
      assert.equal(zoned.canonical, 'fe80:0:0:0:0:0:0:1%11');
      assert.equal(address('::').value, 0n);
      assert.equal(parseAddress('fd00::zz'), undefined);
      assert.equal(parseAddress('[fd00::1]'), undefined);
    });
  });

  describe('kinds of address', () => {
    it('tells multicast and broadcast addresses', () => {
      assert.equal(isMulticastOrBroadcast(address('224.0.0.1')), true);
      assert.equal(isMulticastOrBroadcast(address('239.255.255.255')), true);
      assert.equal(isMulticastOrBroadcast(address('255.255.255.255')), true);
      assert.equal(isMulticastOrBroadcast(address('223.255.255.255')), false);
      assert.equal(isMulticastOrBroadcast(address('240.0.0.1')), false);
      assert.equal(isMulticastOrBroadcast(address('ff02::1')), true);
      assert.equal(isMulticastOrBroadcast(address('fe80::1')), false);
    });

    it('tells loopback addresses', () => {
      assert.equal(isLoopback(address('127.0.0.1')), true);
      assert.equal(isLoopback(address('127.255.0.9')), true);
      assert.equal(isLoopback(address('128.0.0.1')), false);
      assert.equal(isLoopback(address('126.255.255.255')), false);
      assert.equal(isLoopback(address('::1')), true);
      assert.equal(isLoopback(address('::2')), false);
    });
  });

  describe('parseBinding', () => {
    it('reads IPv4:port and [IPv6]:port, a zero address as every address of its family', () => {
      assert.equal(binding('10.1.1.2:25'), '4 a010102 25');
      assert.equal(binding('0.0.0.0:25'), '4 0 25 wildcard');
      assert.equal(binding('[::]:587'), '6 0 587 wildcard');
      assert.equal(binding('[fd00::5]:25'), '6 fd000000000000000000000000000005 25');
      assert.equal(binding('10.1.1.2:1'), '4 a010102 1');
      assert.equal(binding('10.1.1.2:65535'), '4 a010102 65535');
    });

    it('says what is wrong with a binding', () => {
      assert.equal(
        binding('10.1.1.2'),
        'error: a binding needs a port: write IP:port, for example 10.1.1.2:25',
      );
      assert.equal(
        binding('edge01:25x'),
        'error: a binding is IPv4:port (10.1.1.2:25) or [IPv6]:port ([::]:25)',
      );
      assert.equal(binding('edge01:25'), "error: 'edge01' is not an IP address");
      assert.equal(binding('[edge01]:25'), "error: 'edge01' is not an IP address");
      assert.equal(binding('[10.1.1.2]:25'), 'error: only IPv6 addresses go in brackets');
      assert.equal(
        binding('x[fd00::5]:25'),
        'error: a binding is IPv4:port (10.1.1.2:25) or [IPv6]:port ([::]:25)',
      );
      assert.equal(
        binding('[fd00::5]:25x'),
        'error: a binding is IPv4:port (10.1.1.2:25) or [IPv6]:port ([::]:25)',
      );
      assert.equal(binding('10.1.1.2:0'), 'error: port 0 is outside 1–65535');
      assert.equal(binding('10.1.1.2:65536'), 'error: port 65536 is outside 1–65535');
      // An IPv6 address is never taken for one with a port unless it is in brackets; the
      // example is of its family.
      assert.equal(
        binding('fd00::5:25'),
        'error: a binding needs a port: write [IPv6]:port, for example [fd00::5]:25',
      );
    });
  });

  describe('parseRange', () => {
    it('reads one address as a range of one', () => {
      assert.equal(range('192.168.5.10'), '4 c0a8050a-c0a8050a');
      assert.equal(
        range(' fd00::1 '),
        '6 fd000000000000000000000000000001-fd000000000000000000000000000001',
      );
    });

    it('reads CIDR, from the network address whatever host part is written', () => {
      assert.equal(range('10.20.0.0/24'), '4 a140000-a1400ff');
      assert.equal(range('10.20.0.77/24'), '4 a140000-a1400ff');
      assert.equal(range('0.0.0.0/0'), '4 0-ffffffff');
      assert.equal(range('10.1.1.2/32'), '4 a010102-a010102');
      assert.equal(
        range('fd00::/8'),
        '6 fd000000000000000000000000000000-fdffffffffffffffffffffffffffffff',
      );
      assert.equal(range('::/128'), '6 0-0');
    });

    it('says what is wrong with a CIDR range', () => {
      assert.equal(range('10.20.0.0/33'), 'error: a prefix length must be 0–32 for IPv4');
      assert.equal(range('fd00::/129'), 'error: a prefix length must be 0–128 for IPv6');
      assert.equal(range('10.20.0.0/-1'), 'error: a prefix length must be 0–32 for IPv4');
      assert.equal(range('10.20.0.0/'), 'error: a prefix length must be 0–32 for IPv4');
      assert.equal(range('10.20.0.0/2x'), 'error: a prefix length must be 0–32 for IPv4');
      assert.equal(range('10.20.0/24'), "error: '10.20.0' is not an IP address");
      assert.equal(range('/24'), "error: '' is not an IP address");
      assert.equal(range('10.20.0.0/1e1'), 'error: a prefix length must be 0–32 for IPv4');
      assert.equal(range('10.20.0.0/ 24'), 'error: a prefix length must be 0–32 for IPv4');
      // Spaces around the whole range are no part of it.
      assert.equal(range(' 10.20.0.0/24 '), '4 a140000-a1400ff');
    });

    it('reads address(mask)', () => {
      assert.equal(range('10.20.0.0(255.255.255.0)'), '4 a140000-a1400ff');
      assert.equal(range('10.20.0.9(255.255.0.0)'), '4 a140000-a14ffff');
      assert.equal(
        range('fd00::(ffff::)'),
        '6 fd000000000000000000000000000000-fd00ffffffffffffffffffffffffffff',
      );
      assert.equal(range('10.20.0.0(ffff::)'), 'error: write a netmask range as address(mask)');
      assert.equal(range('10.20.0.0(255.255.0)'), 'error: write a netmask range as address(mask)');
      assert.equal(range('mbx(255.255.0.0)'), 'error: write a netmask range as address(mask)');
      // Only the whole text in that form: anything before or after makes it no range.
      assert.equal(
        range('a(b)10.20.0.0(255.255.0.0)'),
        "error: 'a(b)10.20.0.0(255.255.0.0)' is not an IP address, a range or CIDR",
      );
      assert.equal(
        range('10.20.0.0(255.255.0.0)x'),
        "error: '10.20.0.0(255.255.0.0)x' is not an IP address, a range or CIDR",
      );
    });

    it('reads start-end of one family, the start not above the end', () => {
      assert.equal(range('10.1.1.1-10.1.1.9'), '4 a010101-a010109');
      assert.equal(range('10.1.1.1-10.1.1.1'), '4 a010101-a010101');
      assert.equal(range('10.1.1.9-10.1.1.1'), 'error: the start of the range is above its end');
      assert.equal(
        range('10.1.1.1-fd00::1'),
        'error: both ends of a range must be of the same address family',
      );
      assert.equal(range('10.1.1.1-x'), 'error: a range is start-end, two addresses of one family');
      assert.equal(range('x-10.1.1.1'), 'error: a range is start-end, two addresses of one family');
      assert.equal(range('-10.1.1.1'), 'error: a range is start-end, two addresses of one family');
    });

    it('names what is neither an address, a range nor CIDR', () => {
      assert.equal(range('mbx01'), "error: 'mbx01' is not an IP address, a range or CIDR");
    });
  });

  describe('comparing ranges', () => {
    const r = (text: string): IpRange => {
      const parsed = parseRange(text);
      assert.ok(parsed.ok, text);
      return parsed.value;
    };

    it('tells every relation of two ranges', () => {
      assert.equal(compareRanges(r('10.0.0.0/24'), r('10.0.1.0/24')), 'disjoint');
      assert.equal(compareRanges(r('10.0.1.0/24'), r('10.0.0.0/24')), 'disjoint');
      assert.equal(compareRanges(r('10.0.0.0/24'), r('fd00::/8')), 'disjoint');
      // The same numbers in two families are no overlap.
      assert.equal(compareRanges(r('0.0.0.0/0'), r('::/96')), 'disjoint');
      assert.equal(compareRanges(r('10.0.0.0/24'), r('10.0.0.0-10.0.0.255')), 'equal');
      assert.equal(compareRanges(r('10.0.0.0/16'), r('10.0.5.0/24')), 'contains');
      assert.equal(compareRanges(r('10.0.0.0/24'), r('10.0.0.0/25')), 'contains');
      assert.equal(compareRanges(r('10.0.0.0/24'), r('10.0.0.128/25')), 'contains');
      assert.equal(compareRanges(r('10.0.0.128/25'), r('10.0.0.0/24')), 'inside');
      assert.equal(compareRanges(r('10.0.0.0/25'), r('10.0.0.0/24')), 'inside');
      assert.equal(compareRanges(r('10.0.0.0-10.0.0.9'), r('10.0.0.5-10.0.0.20')), 'partial');
      assert.equal(compareRanges(r('10.0.0.5-10.0.0.20'), r('10.0.0.0-10.0.0.9')), 'partial');
      // Touching at one address overlaps.
      assert.equal(compareRanges(r('10.0.0.0-10.0.0.9'), r('10.0.0.9-10.0.0.20')), 'partial');
    });

    it('tells whether a range holds an address, of its family only', () => {
      const net = r('10.0.0.0/24');
      assert.equal(rangeContainsAddress(net, address('10.0.0.0')), true);
      assert.equal(rangeContainsAddress(net, address('10.0.0.255')), true);
      assert.equal(rangeContainsAddress(net, address('10.0.1.0')), false);
      assert.equal(rangeContainsAddress(net, address('9.255.255.255')), false);
      assert.equal(rangeContainsAddress(r('::/0'), address('10.0.0.1')), false);
    });

    it('tells a range of every address of its family', () => {
      assert.equal(isWholeFamily(ALL_IPV4), true);
      assert.equal(isWholeFamily(r('0.0.0.0-255.255.255.255')), true);
      assert.equal(isWholeFamily(r('0.0.0.0/1')), false);
      assert.equal(isWholeFamily(r('0.0.0.1-255.255.255.255')), false);
      assert.equal(isWholeFamily(r('::/0')), true);
      assert.equal(isWholeFamily(r('0.0.0.0-255.255.255.254')), false);
      assert.equal(isWholeFamily(r('::/1')), false);
    });
  });
});
