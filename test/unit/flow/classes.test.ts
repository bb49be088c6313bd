import * as assert from 'node:assert/strict';
import { analyze } from '../../../server/src/core';
import { mailFlow } from '../../../server/src/core/flow/mailFlow';
import { unmetPaths } from '../../../server/src/core/flow/unmet';
import { readRepoFile } from '../../support/repo';
import { withAppended, withValue } from '../../support/topology';

const base = readRepoFile('test', 'fixtures', 'base.edgeflow.json');

/** The failing paths of each Mailbox server's mail to the internet, in the order asked. */
function failingToInternet(text: string, order: readonly string[]) {
  const flow = mailFlow(analyze(text).index);
  const outside = flow.recipients().find((r) => r.kind === 'NotAccepted');
  assert.ok(outside);
  return order.map((name) => {
    const sender = flow.senders().find((s) => s.server?.name?.value === name);
    assert.ok(sender, name);
    return flow.failingPaths(sender, outside).map((p) => `${name}: ${p.verdict.kind}`);
  });
}

describe('senders that the mail-flow model follows once for several (flow/paths)', () => {
  // MBX02's address is no longer in the Edge connector's remote range: its
  // connection is refused, MBX01's is not, although both send through the
  // same connector to the same Edge.
  const narrowed = () =>
    withValue(base, ['receiveConnectors', 1, 'remoteIPRanges'], ['192.168.5.10']);

  it('follows a sender whose address a remote range tells apart, after one that passes', () => {
    assert.deepEqual(failingToInternet(narrowed(), ['MBX01', 'MBX02']), [[], ['MBX02: refused']]);
  });

  it('whatever the order they are asked in', () => {
    assert.deepEqual(failingToInternet(narrowed(), ['MBX02', 'MBX01']), [['MBX02: refused'], []]);
  });

  it('reports the refused sender among the unmet paths of the analysis', () => {
    const refused = unmetPaths(analyze(narrowed()).index)
      .filter((u) => u.cell.sender.kind === 'mailbox')
      .map((u) => `${u.code} ${u.cell.sender.server?.name?.value}`);
    assert.deepEqual(refused, ['hop-refused MBX02']);
  });

  it('judges a hop to a server whose own connector listens apart from built-in ones', () => {
    // MBX02's Default Frontend connector, declared and left to Exchange users only, refuses
    // the Edge's anonymous session; MBX01's built-in one, met first, takes it.
    const text = withAppended(base, ['receiveConnectors'], {
      name: 'Default Frontend MBX02',
      server: 'MBX02',
      bindings: ['0.0.0.0:25'],
      permissionGroups: ['ExchangeUsers'],
    });
    const refused = unmetPaths(analyze(text).index)
      .filter((u) => u.cell.sender.kind === 'internet')
      .map((u) => {
        const last = u.path.stops[u.path.stops.length - 1];
        return `${u.code} ${last?.server.name?.value} ${last?.hop?.reception?.point.name}`;
      });
    assert.deepEqual([...new Set(refused)], ['hop-refused MBX02 Default Frontend MBX02']);
  });
});
