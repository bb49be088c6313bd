import * as assert from 'node:assert/strict';
import { parse } from 'jsonc-parser';
import { applyFix, assertEveryFixRepairs } from '../../support/fixtures';
import { readRepoFile } from '../../support/repo';
import { findingsOf, rangeTexts, withAppended, withValue } from '../../support/topology';

const CODE = 'duplicate-name';
const base = readRepoFile('test', 'fixtures', 'base.edgeflow.json');
const twoEdges = readRepoFile('examples', 'two-edges.edgeflow.json');

function relatedTexts(text: string): string[] {
  return findingsOf(text, CODE).flatMap((f) =>
    (f.related ?? []).map((r) => text.slice(r.range.start, r.range.end)),
  );
}

const mailbox = (name: string) => ({
  name,
  role: 'Mailbox',
  fqdn: 'mbxserver03.contoso.com',
  ipAddresses: ['192.168.5.30'],
});

/** The same topology, whatever the layout (the test helpers reformat what they insert). */
function sameJson(actual: string, expected: string): void {
  assert.deepEqual(parse(actual), parse(expected));
}

describe(CODE, () => {
  it('accepts the base topology and the example with two Edges (same connector names on different Edges)', () => {
    assert.deepEqual(findingsOf(base, CODE), []);
    assert.deepEqual(findingsOf(twoEdges, CODE), []);
  });

  it('reports a server named like another except for case, on the later name, pointing at the first', () => {
    const text = withAppended(base, ['servers'], mailbox('mbx01'));
    assert.deepEqual(rangeTexts(text, CODE), ['"mbx01"']);
    assert.deepEqual(relatedTexts(text), ['"MBX01"']);
    const [finding] = findingsOf(text, CODE);
    assert.equal(finding?.severity, 'error');
    assert.match(finding?.message ?? '', /'MBX01'.*case/);
    assert.deepEqual(finding?.fixes?.() ?? [], []);
  });

  it('reports each further duplicate once', () => {
    const text = withAppended(
      withAppended(base, ['servers'], mailbox('MBX02')),
      ['servers'],
      mailbox('Mbx02'),
    );
    assert.deepEqual(rangeTexts(text, CODE), ['"MBX02"', '"Mbx02"']);
    assert.deepEqual(relatedTexts(text), ['"MBX02"', '"MBX02"']);
  });

  it('reports duplicate credentials', () => {
    const text = withAppended(base, ['credentials'], {
      name: 'EDGETOORG',
      userName: 'CONTOSO\\other',
      scope: 'activeDirectory',
    });
    assert.deepEqual(rangeTexts(text, CODE), ['"EDGETOORG"']);
    assert.match(findingsOf(text, CODE)[0]?.message ?? '', /credential.*'EdgeToOrg'/);
  });

  it('reports duplicate adapter names on one server as a warning', () => {
    const text = withValue(base, ['servers', 0, 'adapters', 1, 'name'], 'external');
    assert.deepEqual(rangeTexts(text, CODE), ['"external"']);
    const [finding] = findingsOf(text, CODE);
    assert.equal(finding?.severity, 'warning');
    assert.match(finding?.message ?? '', /EDGE01.*'External'/);
  });

  it('points every duplicate at its first definition, in each scope, as related information', () => {
    const cases: [string, string][] = [
      [
        withAppended(base, ['credentials'], {
          name: 'EDGETOORG',
          userName: 'CONTOSO\\other',
          scope: 'activeDirectory',
        }),
        '"EdgeToOrg"',
      ],
      [withValue(base, ['servers', 0, 'adapters', 1, 'name'], 'external'), '"External"'],
      [
        withAppended(base, ['sendConnectors'], {
          name: 'to edge',
          addressSpaces: ['fabrikam.com'],
        }),
        '"To Edge"',
      ],
      [
        withAppended(base, ['receiveConnectors'], {
          name: 'from internet',
          server: 'EDGE01',
          usage: 'Internal',
          bindings: ['10.1.1.2:587'],
          remoteIPRanges: ['192.168.5.10'],
        }),
        '"From Internet"',
      ],
    ];
    for (const [text, first] of cases) {
      assert.deepEqual(relatedTexts(text), [first]);
      const related = findingsOf(text, CODE)[0]?.related ?? [];
      assert.match(related[0]?.message ?? '', /is first defined here/);
    }
  });

  it('accepts the same adapter names on two Edges', () => {
    assert.deepEqual(findingsOf(twoEdges, CODE), []);
  });

  it('reports two send connectors with one name on one Edge, whatever the case of server', () => {
    const text = withAppended(base, ['sendConnectors'], {
      name: 'TO INTERNET',
      server: 'edge01',
      addressSpaces: ['fabrikam.com'],
    });
    assert.deepEqual(rangeTexts(text, CODE), ['"TO INTERNET"']);
    assert.deepEqual(relatedTexts(text), ['"To Internet"']);
    assert.match(findingsOf(text, CODE)[0]?.message ?? '', /edge01.*send connector.*'To Internet'/);
  });

  it('accepts an organization connector named like an Edge connector (different directories)', () => {
    const text = withValue(base, ['sendConnectors', 2, 'name'], 'To Internet');
    assert.deepEqual(findingsOf(text, CODE), []);
  });

  it('reports two organization connectors with one name', () => {
    const text = withAppended(base, ['sendConnectors'], {
      name: 'to edge',
      addressSpaces: ['fabrikam.com'],
    });
    assert.deepEqual(rangeTexts(text, CODE), ['"to edge"']);
    assert.match(findingsOf(text, CODE)[0]?.message ?? '', /organization/);
  });

  it('reports two receive connectors with one name on one server', () => {
    const text = withAppended(base, ['receiveConnectors'], {
      name: 'from internet',
      server: 'EDGE01',
      usage: 'Internal',
      bindings: ['10.1.1.2:587'],
      remoteIPRanges: ['192.168.5.10'],
    });
    assert.deepEqual(rangeTexts(text, CODE), ['"from internet"']);
    assert.match(findingsOf(text, CODE)[0]?.message ?? '', /EDGE01\\From Internet/);
  });

  it('accepts receive connectors of one name on different servers', () => {
    const text = withAppended(base, ['receiveConnectors'], {
      name: 'From Internal Org',
      server: 'MBX01',
      bindings: ['192.168.5.10:2526'],
      remoteIPRanges: ['10.1.1.2'],
    });
    assert.deepEqual(findingsOf(text, CODE), []);
  });

  it('reports an accepted domain declared twice and removes the later one', () => {
    const text = withAppended(base, ['organization', 'acceptedDomains'], 'CONTOSO.com');
    assert.deepEqual(rangeTexts(text, CODE), ['"CONTOSO.com"']);
    assert.deepEqual(relatedTexts(text), ['"contoso.com"']);
    const fixed = applyFix(text, CODE, 'Remove the duplicate accepted domain');
    assert.deepEqual(findingsOf(fixed, CODE), []);
    sameJson(fixed, base);
  });

  it('reports an object-form accepted domain of a declared domain; the removal is not preferred when the types differ', () => {
    const text = withAppended(base, ['organization', 'acceptedDomains'], {
      domainName: 'contoso.com',
      domainType: 'InternalRelay',
    });
    assert.deepEqual(rangeTexts(text, CODE), ['"contoso.com"']);
    const [finding] = findingsOf(text, CODE);
    assert.match(finding?.message ?? '', /Authoritative or InternalRelay/);
    assert.deepEqual(
      finding?.fixes?.().map((f) => f.isPreferred),
      [false],
    );
    assert.ok(assertEveryFixRepairs(text) > 0);
  });

  it('accepts different accepted domains, including subdomains', () => {
    const text = withAppended(base, ['organization', 'acceptedDomains'], 'sub.contoso.com');
    assert.deepEqual(findingsOf(text, CODE), []);
  });
});
