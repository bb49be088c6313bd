import * as assert from 'node:assert/strict';
import { readRepoFile } from '../../support/repo';
import { findingsOf, rangeTexts, withValue } from '../../support/topology';

const CODE = 'server-name-length';
const base = readRepoFile('test', 'fixtures', 'base.edgeflow.json');
const twoEdges = readRepoFile('examples', 'two-edges.edgeflow.json');

describe(CODE, () => {
  it('accepts the base topology, the example with two Edges, and a name of exactly 15 characters', () => {
    assert.deepEqual(findingsOf(base, CODE), []);
    assert.deepEqual(findingsOf(twoEdges, CODE), []);
    assert.deepEqual(
      findingsOf(withValue(base, ['servers', 1, 'name'], 'MBX-CONTOSO-001'), CODE),
      [],
    );
  });

  it('reports an Edge name of 16 characters, saying which name Windows will have', () => {
    const text = withValue(base, ['servers', 0, 'name'], 'EDGE-CONTOSO-001');
    assert.deepEqual(rangeTexts(text, CODE), ['"EDGE-CONTOSO-001"']);
    const [finding] = findingsOf(text, CODE);
    assert.equal(finding?.severity, 'error');
    assert.match(finding?.message ?? '', /16 characters.*15.*'EDGE-CONTOSO-00'/);
    assert.match(finding?.message ?? '', /COMPUTERNAME/);
    assert.deepEqual(finding?.fixes?.() ?? [], []);
  });

  it('reports a Mailbox server name as long too', () => {
    const text = withValue(base, ['servers', 1, 'name'], 'mailbox-server-01');
    assert.deepEqual(rangeTexts(text, CODE), ['"mailbox-server-01"']);
    assert.match(findingsOf(text, CODE)[0]?.message ?? '', /'mailbox-server-'/);
  });

  it('says to write the computer name, not the FQDN, when the long name has a dot', () => {
    const text = withValue(base, ['servers', 1, 'name'], 'mbx01.contoso.com');
    assert.match(findingsOf(text, CODE)[0]?.message ?? '', /fqdn/);
  });

  it('counts characters, not UTF-16 code units', () => {
    const name = 'EDGE-\u{1F600}\u{1F600}\u{1F600}\u{1F600}\u{1F600}-01'; // 13 characters, 18 code units
    assert.deepEqual(findingsOf(withValue(base, ['servers', 1, 'name'], name), CODE), []);
  });

  for (const character of ['\\', '/', ':', '*', '?', '"', '<', '>', '|']) {
    it(`reports ${JSON.stringify(character)}, which no NetBIOS computer name can contain`, () => {
      const text = withValue(base, ['servers', 1, 'name'], `MBX${character}01`);
      const [finding] = findingsOf(text, CODE);
      assert.ok(finding, character);
      assert.ok(finding.message.includes(`'${character}'`), finding.message);
    });
  }

  it('accepts a hyphen and digits', () => {
    assert.deepEqual(findingsOf(withValue(base, ['servers', 1, 'name'], 'MBX-01'), CODE), []);
  });
});
