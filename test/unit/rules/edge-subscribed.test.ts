import * as assert from 'node:assert/strict';
import { parse } from 'jsonc-parser';
import { applyFix } from '../../support/fixtures';
import { readRepoFile } from '../../support/repo';
import { findingsOf, rangeTexts, withValue } from '../../support/topology';

const CODE = 'edge-subscribed';
const base = readRepoFile('test', 'fixtures', 'base.edgeflow.json');
const twoEdges = readRepoFile('examples', 'two-edges.edgeflow.json');
const SUBSCRIBED = ['servers', 0, 'subscribed'];

/** The same topology, whatever the layout (the test helpers reformat what they insert). */
function sameJson(actual: string, expected: string): void {
  assert.deepEqual(parse(actual), parse(expected));
}

describe(CODE, () => {
  it('reports "subscribed": true on an Edge, on the value', () => {
    const text = withValue(base, SUBSCRIBED, true);
    assert.deepEqual(rangeTexts(text, CODE), ['true']);
    const [finding] = findingsOf(text, CODE);
    assert.equal(finding?.severity, 'error');
    assert.match(finding?.message ?? '', /EDGE01.*Remove-EdgeSubscription/);
  });

  it('fixes it by setting false (preferred) or removing the key', () => {
    const text = withValue(base, SUBSCRIBED, true);
    const titles = findingsOf(text, CODE)[0]
      ?.fixes?.()
      .map((f) => `${f.title}${f.isPreferred ? ' *' : ''}`);
    assert.deepEqual(titles, [
      'Set subscribed to false *',
      "Remove 'subscribed' (the default is false)",
    ]);
    assert.equal(
      applyFix(text, CODE, 'Set subscribed to false'),
      withValue(base, SUBSCRIBED, false),
    );
    sameJson(applyFix(text, CODE, /^Remove/), base);
  });

  it('reports each subscribed Edge of several', () => {
    const text = withValue(
      withValue(twoEdges, SUBSCRIBED, true),
      ['servers', 1, 'subscribed'],
      true,
    );
    assert.equal(findingsOf(text, CODE).length, 2);
    assert.match(findingsOf(text, CODE)[1]?.message ?? '', /EDGE02/);
  });

  it('accepts false, an absent key, and a value that is not a boolean (the schema reports that)', () => {
    assert.deepEqual(findingsOf(base, CODE), []);
    assert.deepEqual(findingsOf(withValue(base, SUBSCRIBED, false), CODE), []);
    assert.deepEqual(findingsOf(withValue(base, SUBSCRIBED, 'true'), CODE), []);
  });

  it('ignores the key on a Mailbox server (not an Edge; the schema reports the unknown property)', () => {
    assert.deepEqual(findingsOf(withValue(base, ['servers', 1, 'subscribed'], true), CODE), []);
  });
});
