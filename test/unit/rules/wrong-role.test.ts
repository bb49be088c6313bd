import * as assert from 'node:assert/strict';
import { parse } from 'jsonc-parser';
import { applyFix, assertEveryFixRepairs } from '../../support/fixtures';
import { readRepoFile } from '../../support/repo';
import { findingsOf, rangeTexts, withAppended, withValue } from '../../support/topology';

const CODE = 'wrong-role';
const base = readRepoFile('test', 'fixtures', 'base.edgeflow.json');
const twoEdges = readRepoFile('examples', 'two-edges.edgeflow.json');
const SOURCES = ['sendConnectors', 2, 'sourceTransportServers'];

function fixTitles(text: string): string[] {
  return findingsOf(text, CODE).flatMap(
    (f) => f.fixes?.().map((x) => `${x.title}${x.isPreferred ? ' *' : ''}`) ?? [],
  );
}

const partnerConnector = { name: 'To Fabrikam', server: 'MBX01', addressSpaces: ['fabrikam.com'] };

/** The same topology, whatever the layout (the test helpers reformat what they insert). */
function sameJson(actual: string, expected: string): void {
  assert.deepEqual(parse(actual), parse(expected));
}

describe(CODE, () => {
  it('accepts the base topology and the examples', () => {
    assert.deepEqual(findingsOf(base, CODE), []);
    assert.deepEqual(findingsOf(twoEdges, CODE), []);
  });

  it('reports an Edge among the source servers of an organization connector, on the element', () => {
    const text = withAppended(base, SOURCES, 'EDGE01');
    assert.deepEqual(rangeTexts(text, CODE), ['"EDGE01"']);
    assert.match(findingsOf(text, CODE)[0]?.message ?? '', /EDGE01 is an Edge.*'To Edge'.*Mailbox/);
    assert.deepEqual(fixTitles(text), ["Remove 'EDGE01' *"]);
    sameJson(applyFix(text, CODE, "Remove 'EDGE01'"), base);
  });

  it('removes the element with a minimal edit that keeps the layout, wherever it stands', () => {
    for (const list of [
      '"EDGE01", "MBX01", "MBX02"',
      '"MBX01", "EDGE01", "MBX02"',
      '"MBX01", "MBX02", "EDGE01"',
    ]) {
      const text = base.replace('"MBX01", "MBX02"', list);
      assert.equal(applyFix(text, CODE, "Remove 'EDGE01'"), base, list);
    }
  });

  it('reports an Edge named by its FQDN or in another case', () => {
    const text = withValue(base, SOURCES, ['MBX01', 'edge01.contoso.net', 'edge01']);
    assert.deepEqual(rangeTexts(text, CODE), ['"edge01.contoso.net"', '"edge01"']);
    assert.equal(assertEveryFixRepairs(text), 2);
  });

  it('removes the whole list, not preferred, when the Edge is the only source', () => {
    const text = withValue(base, SOURCES, ['EDGE01']);
    assert.deepEqual(fixTitles(text), [
      'Remove sourceTransportServers (Exchange then uses the Mailbox server the script runs on)',
    ]);
    const fixed = applyFix(text, CODE, /^Remove sourceTransportServers/);
    assert.deepEqual(findingsOf(fixed, CODE), []);
    sameJson(fixed, withValue(base, SOURCES, undefined));
  });

  it('leaves sourceTransportServers on an Edge connector to not-valid-on-role (one diagnostic)', () => {
    const text = withValue(base, ['sendConnectors', 1, 'sourceTransportServers'], ['EDGE01']);
    assert.deepEqual(findingsOf(text, CODE), []);
    assert.deepEqual(rangeTexts(text, 'not-valid-on-role'), ['"sourceTransportServers"']);
  });

  it("reports a send connector whose server is a Mailbox server, with 'remove server' as a non-preferred fix", () => {
    const text = withAppended(base, ['sendConnectors'], partnerConnector);
    assert.deepEqual(rangeTexts(text, CODE), ['"MBX01"']);
    assert.match(
      findingsOf(text, CODE)[0]?.message ?? '',
      /MBX01 is a Mailbox.*'To Fabrikam' an organization connector/,
    );
    assert.deepEqual(fixTitles(text), ['Remove server (make it an organization connector)']);
    const fixed = applyFix(text, CODE, /^Remove server/);
    assert.equal(
      fixed,
      withAppended(base, ['sendConnectors'], { ...partnerConnector, server: undefined }),
    );
    assert.ok(assertEveryFixRepairs(text) > 0);
  });

  it('does not offer to make it an organization connector when that would break it', () => {
    // "--" is valid only on an Edge.
    const dashdash = withValue(base, ['sendConnectors', 1, 'server'], 'MBX01');
    assert.deepEqual(rangeTexts(dashdash, CODE), ['"MBX01"']);
    assert.deepEqual(fixTitles(dashdash), []);
    // The organization already has a connector of that name.
    const clash = withAppended(base, ['sendConnectors'], { ...partnerConnector, name: 'TO EDGE' });
    assert.deepEqual(fixTitles(clash), []);
    // sourceIPAddress is valid only on an Edge.
    const sourceIp = withAppended(base, ['sendConnectors'], {
      ...partnerConnector,
      sourceIPAddress: '0.0.0.0',
    });
    assert.deepEqual(fixTitles(sourceIp), []);
  });

  it("reports a credential's server that is a Mailbox server and fixes it to the only Edge", () => {
    const text = withValue(base, ['credentials', 1, 'server'], 'MBX01');
    assert.deepEqual(rangeTexts(text, CODE), ['"MBX01"']);
    assert.match(findingsOf(text, CODE)[0]?.message ?? '', /credential 'OrgToEdge'/);
    assert.deepEqual(fixTitles(text), ["Change to 'EDGE01' *", 'Remove server']);
    sameJson(applyFix(text, CODE, "Change to 'EDGE01'"), base);
    assert.equal(
      applyFix(text, CODE, 'Remove server'),
      base.replace(', "server": "EDGE01" }', ' }'),
    );
  });

  it('does not offer an Edge whose name another server already has (found by npm run fuzz)', () => {
    // The only Edge is "mbx01", but that name (case aside) is MBX01's, a Mailbox
    // server declared first: the credential would still name a Mailbox server.
    const mailboxOnly = withValue(base, ['servers', 0, 'role'], 'Mailbox');
    const text = withAppended(mailboxOnly, ['servers'], {
      name: 'mbx01',
      role: 'Edge',
      fqdn: 'mbxserver03.contoso.com',
      ipAddresses: ['192.168.5.30'],
    });
    const credential = findingsOf(text, CODE).find((f) => /credential 'OrgToEdge'/.test(f.message));
    assert.ok(credential);
    assert.deepEqual(
      credential.fixes?.().map((f) => f.title),
      ['Remove server'],
    );
  });

  it('offers only the removal with several Edges', () => {
    const text = withValue(twoEdges, ['credentials', 1, 'server'], 'MBX02');
    assert.deepEqual(fixTitles(text), ['Remove server']);
    sameJson(applyFix(text, CODE, 'Remove server'), twoEdges);
  });

  it('ignores names that match no server (unknown-reference) and servers without a role', () => {
    assert.deepEqual(findingsOf(withAppended(base, SOURCES, 'EDGE09'), CODE), []);
    const roleless = withValue(base, ['servers', 1, 'role'], undefined);
    assert.deepEqual(
      findingsOf(withValue(roleless, ['sendConnectors', 0, 'server'], 'MBX01'), CODE),
      [],
    );
  });
});
