import * as assert from 'node:assert/strict';
import { applyFix } from '../../support/fixtures';
import { readRepoFile } from '../../support/repo';
import { findingsOf, rangeTexts, withAppended, withValue } from '../../support/topology';

const CODE = 'credential-required';
const base = readRepoFile('test', 'fixtures', 'base.edgeflow.json');
const ORG = ['sendConnectors', 1];
const TO_EDGE = ['sendConnectors', 2];

const without = (connector: (string | number)[], text = base) =>
  withValue(text, [...connector, 'authenticationCredential'], undefined);
const fixesOf = (text: string) => findingsOf(text, CODE)[0]?.fixes?.() ?? [];

describe(CODE, () => {
  it('reports BasicAuthRequireTLS without a credential, on the mechanism, naming the connector', () => {
    const text = without(ORG);
    assert.deepEqual(rangeTexts(text, CODE), ['"BasicAuthRequireTLS"']);
    const [finding] = findingsOf(text, CODE);
    assert.equal(finding?.severity, 'error');
    assert.match(
      finding?.message ?? '',
      /'To Internal Org' uses BasicAuthRequireTLS but names no authenticationCredential/,
    );
  });

  it('says that Exchange refuses Basic authentication without an account, and what to set', () => {
    assert.deepEqual(
      findingsOf(without(ORG), CODE).map((f) => f.message),
      [
        "'To Internal Org' uses BasicAuthRequireTLS but names no authenticationCredential: Exchange refuses Basic authentication without an account. Set authenticationCredential to an entry of credentials.",
      ],
    );
  });

  it('sets the only Active Directory credential on the Edge connector (preferred)', () => {
    const text = without(ORG);
    assert.deepEqual(
      fixesOf(text).map((f) => [f.title, f.isPreferred]),
      [["Set authenticationCredential to 'EdgeToOrg'", true]],
    );
    assert.equal(applyFix(text, CODE, "Set authenticationCredential to 'EdgeToOrg'"), base);
  });

  it('sets the local Edge credential on the organization connector (preferred)', () => {
    const text = without(TO_EDGE);
    assert.deepEqual(rangeTexts(text, CODE), ['"BasicAuthRequireTLS"']);
    assert.equal(applyFix(text, CODE, "Set authenticationCredential to 'OrgToEdge'"), base);
  });

  it('reports BasicAuth too, in any letter case', () => {
    const text = withValue(without(ORG), [...ORG, 'smartHostAuthMechanism'], 'basicauth');
    assert.deepEqual(rangeTexts(text, CODE), ['"basicauth"']);
  });

  it('offers one fix per fitting credential, none preferred, when several fit', () => {
    let text = without(ORG);
    text = withAppended(text, ['credentials'], {
      name: 'EdgeToOrg2',
      userName: 'edgerelay2@contoso.com',
      scope: 'ActiveDirectory',
    });
    const fixes = fixesOf(text);
    assert.deepEqual(
      fixes.map((f) => f.title),
      [
        "Set authenticationCredential to 'EdgeToOrg'",
        "Set authenticationCredential to 'EdgeToOrg2'",
      ],
    );
    assert.ok(fixes.every((f) => !f.isPreferred));
  });

  it('does not offer a local account tied to another Edge, nor a credential of the wrong scope', () => {
    let text = without(TO_EDGE);
    text = withValue(text, ['credentials', 1, 'server'], 'EDGE02');
    assert.deepEqual(fixesOf(text), []);
    const adOnly = withValue(without(TO_EDGE), ['credentials', 1, 'scope'], 'activeDirectory');
    assert.deepEqual(
      fixesOf(adOnly).map((f) => f.title),
      [],
    );
  });

  it('offers an untied local account to a connector that sends to several Edges', () => {
    let text = without(TO_EDGE);
    text = withValue(text, ['credentials', 1, 'server'], undefined);
    text = withValue(
      text,
      [...TO_EDGE, 'smartHosts'],
      ['edge01.contoso.net', 'edge02.contoso.net'],
    );
    assert.deepEqual(
      fixesOf(text).map((f) => f.title),
      ["Set authenticationCredential to 'OrgToEdge'"],
    );
  });

  it('does not offer a local account tied to one Edge to a connector that sends to two', () => {
    const two = readRepoFile('examples', 'two-edges.edgeflow.json');
    // "To Edge" (sendConnectors[4]) sends to EDGE01 and EDGE02; tie OrgToEdge to EDGE01.
    const text = withValue(
      without(['sendConnectors', 4], two),
      ['credentials', 1, 'server'],
      'EDGE01',
    );
    assert.deepEqual(rangeTexts(text, CODE), ['"BasicAuthRequireTLS"']);
    assert.deepEqual(fixesOf(text), []);
  });

  it('offers a credential name once, even when two credentials share it (duplicate-name reports them)', () => {
    const text = withAppended(without(TO_EDGE), ['credentials'], {
      name: 'OrgToEdge',
      userName: 'EDGE01\\other',
      scope: 'edgeLocal',
      server: 'EDGE01',
    });
    assert.deepEqual(
      fixesOf(text).map((f) => [f.title, f.isPreferred]),
      [["Set authenticationCredential to 'OrgToEdge'", true]],
    );
  });

  it('offers an Active Directory account whatever server it names, and skips a credential without name', () => {
    const tied = withValue(without(ORG), ['credentials', 0, 'server'], 'EDGE01');
    assert.deepEqual(
      fixesOf(tied).map((f) => [f.title, f.isPreferred]),
      [["Set authenticationCredential to 'EdgeToOrg'", true]],
    );
    const unnamed = withAppended(without(ORG), ['credentials'], {
      userName: 'CONTOSO\\other',
      scope: 'activeDirectory',
    });
    assert.deepEqual(
      fixesOf(unnamed).map((f) => [f.title, f.isPreferred]),
      [["Set authenticationCredential to 'EdgeToOrg'", true]],
    );
  });

  it('offers nothing to a connector whose server is no Edge (wrong-role reports it)', () => {
    const text = withValue(without(TO_EDGE), [...TO_EDGE, 'server'], 'MBX01');
    assert.deepEqual(rangeTexts(text, CODE), ['"BasicAuthRequireTLS"']);
    assert.deepEqual(fixesOf(text), []);
  });

  it('accepts other mechanisms and any credential reference (unknown-reference checks it)', () => {
    assert.deepEqual(findingsOf(base, CODE), []);
    for (const mechanism of ['None', 'ExchangeServer', 'ExternalAuthoritative']) {
      assert.deepEqual(
        findingsOf(withValue(without(ORG), [...ORG, 'smartHostAuthMechanism'], mechanism), CODE),
        [],
        mechanism,
      );
    }
    assert.deepEqual(
      findingsOf(withValue(base, [...ORG, 'authenticationCredential'], 'Nobody'), CODE),
      [],
    );
    assert.deepEqual(
      findingsOf(withValue(base, [...ORG, 'authenticationCredential'], 7), CODE),
      [],
    );
  });
});
