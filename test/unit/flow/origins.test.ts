import * as assert from 'node:assert/strict';
import { analyze } from '../../../server/src/core';
import { originsOf } from '../../../server/src/core/flow/origins';
import { cellsOf } from '../../support/flow';
import { readRepoFile } from '../../support/repo';
import { withAppended, withValue } from '../../support/topology';

/**
 * Where hosts that are no declared server connect, and the one address that
 * stands for each group of them (flow/origins): a witness the range holds,
 * that no narrower range takes and no declared server has.
 */
const base = readRepoFile('test', 'fixtures', 'base.edgeflow.json');

/**
 * EDGE01's internet adapter with four connectors: 5.5.5.0/29, a narrower
 * 5.5.5.2-5.5.5.3 on the same binding, a single address on another port, and
 * a single address that MBX02 has (declared: it stands for no other host).
 * The default connector is no longer declared, so the built-in one listens too.
 */
function design(): string {
  let text = withValue(base, ['receiveConnectors', 0, 'remoteIPRanges'], ['5.5.5.0/29']);
  text = withValue(text, ['receiveConnectors', 0, 'default'], undefined);
  text = withValue(text, ['receiveConnectors', 0, 'usage'], 'Internet');
  const partner = (name: string, binding: string, range: string) => ({
    name,
    server: 'EDGE01',
    usage: 'Partner',
    bindings: [binding],
    remoteIPRanges: [range],
  });
  text = withAppended(
    text,
    ['receiveConnectors'],
    partner('Partners', '10.1.1.1:25', '5.5.5.2-5.5.5.3'),
  );
  text = withAppended(text, ['receiveConnectors'], partner('One', '10.1.1.1:2525', '5.5.5.9'));
  text = withAppended(text, ['receiveConnectors'], partner('Taken', '10.1.1.1:2526', '5.5.5.1'));
  return withValue(text, ['servers', 2, 'ipAddresses'], ['192.168.5.20', '5.5.5.1']);
}

describe('origins of hosts on the internet (flow/origins)', () => {
  const text = design();

  it('one witness per connector and range, outside narrower ranges and declared addresses', () => {
    const origins = originsOf(analyze(text).index, 'internet').map(
      (o) =>
        `${o.point.name} ${o.endpoint.address.canonical}:${o.endpoint.port} ${o.range.text} ← ${o.source.canonical}${o.typical ? ' (typical)' : ''}`,
    );
    assert.deepEqual(origins, [
      // A documentation address where the range allows one; 203.0.113.1 is not EDGE01's here.
      'Default internal receive connector EDGE01 10.1.1.1:25 0.0.0.0-255.255.255.255 ← 203.0.113.1 (typical)',
      // 5.5.5.1 is MBX02's, 5.5.5.2-5.5.5.3 the narrower connector's: 5.5.5.4.
      'From Internet 10.1.1.1:25 5.5.5.0/29 ← 5.5.5.4',
      // The address after the range's first.
      'Partners 10.1.1.1:25 5.5.5.2-5.5.5.3 ← 5.5.5.3',
      // A range of one address is that address.
      'One 10.1.1.1:2525 5.5.5.9 ← 5.5.5.9',
      // 'Taken' holds only MBX02's address: no host stands for it.
    ]);
  });

  it('takes a documentation address when the range holds a free one', () => {
    const open = withValue(base, ['receiveConnectors', 0, 'remoteIPRanges'], ['198.51.100.0/24']);
    const [origin] = originsOf(analyze(open).index, 'internet');
    assert.equal(origin?.source.canonical, '198.51.100.1');
  });

  it('traces one host from its address to the connector that takes it', () => {
    const firstArrival = (from: string) =>
      cellsOf(text, from, 'user@contoso.com').flatMap((cell) =>
        cell.paths.map(
          (p) => `${p.hops[0]?.arrival?.receiveConnector} ${p.hops[0]?.arrival?.endpoint}`,
        ),
      );
    assert.deepEqual(firstArrival('5.5.5.4'), [
      'From Internet 10.1.1.1:25',
      'From Internet 10.1.1.1:25',
    ]);
    assert.deepEqual(firstArrival('5.5.5.2'), ['Partners 10.1.1.1:25']);
    // Port 2525 is no port an MX delivers to: 5.5.5.9 arrives on port 25, where the built-in takes it.
    assert.deepEqual(
      new Set(firstArrival('5.5.5.9')),
      new Set(['Default internal receive connector EDGE01 10.1.1.1:25']),
    );
    assert.deepEqual(
      new Set(firstArrival('8.8.8.8')),
      new Set(['Default internal receive connector EDGE01 10.1.1.1:25']),
    );
  });
});
