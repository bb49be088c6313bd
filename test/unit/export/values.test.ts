import { defined } from '../../support/exportFixtures';
import * as assert from 'node:assert/strict';
import {
  keySet,
  sameValue,
  sizeBytes,
  timeSpanTicks,
} from '../../../server/src/core/export/values';
import { toTopologyValue } from '../../../server/src/core/export/topologyValues';
import { receiveParameter, sendParameter } from '../../../server/src/core/generate/parameters';

/** The normalisation must agree with the verification script's ConvertTo-EdgeFlowKey (verifyPrelude.ts). */
describe("normalising Exchange's printed values", () => {
  it('sizes: the bytes Exchange prints, or the unit written', () => {
    assert.equal(sizeBytes('36 MB (37,748,736 bytes)'), 37_748_736n);
    assert.equal(sizeBytes('36 MB'), 37_748_736n);
    assert.equal(sizeBytes('256KB'), 262_144n);
    assert.equal(sizeBytes('1.5 KB'), 1536n);
    assert.ok(sameValue('size', 'Unlimited', 'unlimited'));
    assert.ok(!sameValue('size', '35 MB (36,700,160 bytes)', '36 MB'));
  });

  it('time spans, in the invariant culture', () => {
    assert.equal(timeSpanTicks('00:05:00'), 3_000_000_000n);
    assert.ok(sameValue('timeSpan', '1.00:00:00', '24:00:00') === false, '24 hours is no hh:mm:ss');
    assert.ok(sameValue('timeSpan', '1.00:00:00', '1'));
    assert.ok(sameValue('timeSpan', '00:00:05', '0:0:5'));
  });

  it('ranges as address intervals, however they are written', () => {
    assert.ok(sameValue('range', ['10.0.0.0/24'], ['10.0.0.0-10.0.0.255']));
    assert.ok(sameValue('range', ['10.0.0.5'], ['10.0.0.5/32']));
    assert.ok(sameValue('range', ['10.0.0.0(255.255.255.0)'], ['10.0.0.0/24']));
    assert.ok(sameValue('range', ['fd00:20::/64'], ['FD00:20:0:0::-fd00:20::ffff:ffff:ffff:ffff']));
    assert.ok(!sameValue('range', ['10.0.0.0/24'], ['10.0.0.0/25']));
  });

  it('bindings, address spaces, smart hosts, flags and names', () => {
    assert.ok(sameValue('binding', ['[FD00:10:0::10]:25'], ['[fd00:10::10]:25']));
    assert.ok(!sameValue('binding', ['10.1.1.2:25'], ['10.1.1.2:2525']));
    assert.ok(sameValue('addressSpace', ['SMTP:*;1'], ['*']));
    assert.ok(!sameValue('addressSpace', ['SMTP:*;5'], ['*']));
    assert.ok(sameValue('addressSpace', ['smtp:contoso.com;2'], ['contoso.com;2']));
    assert.ok(sameValue('smartHost', ['[10.0.0.1]'], ['10.0.0.1']));
    assert.ok(sameValue('smartHost', ['MBX01.contoso.com.'], ['mbx01.contoso.com']));
    assert.ok(sameValue('flags', 'Tls, BasicAuth', ['BasicAuth', 'tls']));
    assert.ok(sameValue('name', ['MBX01', 'MBX02'], ['mbx02', 'mbx01', 'MBX01']));
    assert.deepEqual(keySet('flags', 'Tls, ExchangeServer'), ['exchangeserver', 'tls']);
  });

  it("converts to the topology's forms", () => {
    const spec = (key: string) => sendParameter(key) ?? receiveParameter(key);
    const value = (key: string, printed: string | string[]) =>
      toTopologyValue(defined(spec(key)), printed)?.value;
    assert.equal(value('maxMessageSize', '35 MB (36,700,160 bytes)'), '35 MB');
    assert.equal(value('maxMessageSize', 'Unlimited'), 'unlimited');
    assert.equal(value('maxHeaderSize', '256 KB (262,144 bytes)'), '256 KB');
    assert.equal(value('maxHeaderSize', '1,000 B (1,000 bytes)'), '1000 B');
    assert.deepEqual(
      value('addressSpaces', ['SMTP:*;1', 'SMTP:contoso.com;5', 'X400:c=US;a= ;1']),
      ['*', 'contoso.com;5', 'X400:c=US;a= ;1'],
    );
    assert.deepEqual(value('authMechanism', 'Tls, BasicAuth'), ['Tls', 'BasicAuth']);
    assert.equal(value('requireTLS', 'True'), true);
    assert.equal(value('port', '587'), 587);
    assert.equal(value('messageRateLimit', 'Unlimited'), 'unlimited');
    assert.deepEqual(value('smartHosts', ['[10.0.0.1]']), ['10.0.0.1']);
    assert.equal(value('connectionTimeout', '1.02:03:04'), '1.02:03:04');
    assert.ok(
      toTopologyValue(defined(spec('connectionTimeout')), '00:00:01.5000000')?.unexpressible,
    );
    assert.ok(toTopologyValue(defined(spec('requireTLS')), 'Maybe')?.unexpressible);
    assert.equal(toTopologyValue(defined(spec('comment')), null), undefined);
  });
});
