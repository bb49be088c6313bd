import * as assert from 'node:assert/strict';
import { analyze } from '../../../server/src/core';
import { trace } from '../../../server/src/core/flow/trace';
import { cellsOf } from '../../support/flow';
import { readRepoFile } from '../../support/repo';
import { withValue } from '../../support/topology';

/** Every verdict of a path in the words `edgeflow trace` prints (flow/trace explainVerdict). */
const base = readRepoFile('test', 'fixtures', 'base.edgeflow.json');

const explained = (text: string, from: string, to: string) =>
  cellsOf(text, from, to).flatMap((cell) =>
    cell.paths.map((path) => `${path.verdict}: ${path.explanation}`),
  );

describe('verdicts in words (flow/trace)', () => {
  it('delivered, to the internet, refused with the right missing, no route', () => {
    assert.deepEqual(explained(base, 'internet', 'user@contoso.com'), [
      'delivered: accepted by MBX01 for delivery in the organization',
      'delivered: accepted by MBX02 for delivery in the organization',
    ]);
    assert.deepEqual(explained(base, 'MBX01', 'user@example.org'), [
      'internet: sent to the internet by EDGE01 (DNS)',
    ]);
    assert.deepEqual(explained(base, 'internet', 'user@example.org'), [
      'refused: refused by EDGE01: the session lacks ms-Exch-SMTP-Accept-Any-Recipient (the recipient is in no accepted domain, and relaying needs it)',
    ]);
    const nowhere = withValue(base, ['sendConnectors', 2, 'addressSpaces'], ['contoso.net']);
    assert.deepEqual(explained(nowhere, 'MBX01', 'user@example.org'), [
      'no-route: no send connector of MBX01 matches example.org: the message stays in the Unreachable queue',
    ]);
  });

  it('a smart host outside the topology, and a server without an address', () => {
    const outside = withValue(base, ['sendConnectors', 1, 'smartHosts'], ['relay.partner.net']);
    assert.deepEqual(explained(outside, 'internet', 'user@contoso.com'), [
      'smart-host: handed by EDGE01 to relay.partner.net, which is no server of the topology',
    ]);
    const noAddress = withValue(
      withValue(base, ['sendConnectors', 1, 'smartHosts'], ['MBX03']),
      ['servers', 3],
      { name: 'MBX03', role: 'Mailbox', fqdn: 'mbx03.contoso.com', ipAddresses: [] },
    );
    assert.deepEqual(explained(noAddress, 'internet', 'user@contoso.com'), [
      'unresolved: MBX03 names a server of the topology with no address to connect to',
    ]);
  });

  it('takes an address or a domain for --to, and nothing else', () => {
    const index = analyze(base).index;
    const accepted = (to: string) => trace(index, { from: 'internet', to }).ok;
    for (const to of ['user@contoso.com', 'contoso.com', ' Ann@Example.org '])
      assert.equal(accepted(to), true, to);
    for (const to of ['a b', '@x', 'user@localhost', '.com', 'x@.com', 'a@b@c.com'])
      assert.equal(accepted(to), false, to);
  });
});
