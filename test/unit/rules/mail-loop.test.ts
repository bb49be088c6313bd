import * as assert from 'node:assert/strict';
import { applyFix, assertEveryFixRepairs } from '../../support/fixtures';
import { cellsOf, verdictOf } from '../../support/flow';
import { readRepoFile } from '../../support/repo';
import { findingsOf, rangeTexts, withValue } from '../../support/topology';

const CODE = 'mail-loop';
const base = readRepoFile('test', 'fixtures', 'base.edgeflow.json');
const fixture = (name: string) =>
  readRepoFile('test', 'fixtures', 'rules', CODE, `${name}.edgeflow.json`);
const wildcard = fixture('bad-wildcard-instead-of-dashdash');
const internalRelay = fixture('bad-internal-relay-without-connector');

describe(CODE, () => {
  it('accepts the reference design', () => {
    assert.deepEqual(findingsOf(base, CODE), []);
  });

  it("reports '*' on the Edge's connector to the organization once, whichever server sends", () => {
    assert.deepEqual(rangeTexts(wildcard, CODE), ['"*"']);
    const message = findingsOf(wildcard, CODE)[0]?.message ?? '';
    assert.match(message, /ties with 'To Internet' on EDGE01 and wins by name/);
    assert.match(message, /a loop \(MBX0[12] → EDGE01 → MBX0[12]\)/);
    for (const server of ['MBX01', 'MBX02'])
      assert.equal(verdictOf(wildcard, server, 'user@example.org'), 'loop', server);
  });

  it("replaces the address spaces with '--': mail goes out again and comes in", () => {
    assert.equal(assertEveryFixRepairs(wildcard), 1);
    const fixed = applyFix(wildcard, CODE, /with --$/);
    assert.deepEqual(findingsOf(fixed, CODE), []);
    assert.equal(verdictOf(fixed, 'MBX01', 'user@example.org'), 'internet');
    assert.equal(verdictOf(fixed, 'internet', 'user@contoso.com'), 'delivered');
  });

  it('sees the same loop from each Mailbox server, whatever the order of the analysis', () => {
    // The model keeps what follows a server once per message; a loop found from one server must
    // not be kept as the other's path.
    for (const server of ['MBX02', 'MBX01']) {
      const [cell] = cellsOf(wildcard, server, 'user@example.org');
      const hops = cell?.paths[0]?.hops.map((h) => h.server) ?? [];
      assert.equal(hops[0], server);
      assert.equal(hops[1], 'EDGE01');
      assert.ok(hops.length >= 3, `${server}: ${hops.join(' → ')}`);
    }
  });

  it('reports an InternalRelay domain without a connector of its own on the domain', () => {
    assert.deepEqual(rangeTexts(internalRelay, CODE), ['"contoso.com"']);
    assert.match(findingsOf(internalRelay, CODE)[0]?.message ?? '', /InternalRelay domain/);
    assert.deepEqual(findingsOf(fixture('good-internal-relay-with-connector'), CODE), []);
  });

  it('does not call a cost that sends outbound mail to the organization a route to the internet', () => {
    // 'To Internal Org' with '*' and a lower cost than the internet connector: it wins by cost.
    let text = withValue(base, ['sendConnectors', 1, 'addressSpaces'], ['*;1']);
    text = withValue(text, ['sendConnectors', 0, 'addressSpaces'], ['*;5']);
    assert.deepEqual(rangeTexts(text, CODE), ['"*;1"']);
    assert.match(
      findingsOf(text, CODE)[0]?.message ?? '',
      /has a lower cost than 'To Internet' on EDGE01 \(1 against 5\)/,
    );
  });
});
