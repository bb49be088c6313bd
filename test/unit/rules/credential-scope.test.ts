import * as assert from 'node:assert/strict';
import { parse } from 'jsonc-parser';
import { applyFix } from '../../support/fixtures';
import { readRepoFile } from '../../support/repo';
import { findingsOf, rangeTexts, withAppended, withValue } from '../../support/topology';

const CODE = 'credential-scope';
const base = readRepoFile('test', 'fixtures', 'base.edgeflow.json');
const twoEdges = readRepoFile('examples', 'two-edges.edgeflow.json');
const EDGE_TO_ORG = ['sendConnectors', 1];
const TO_EDGE = ['sendConnectors', 2];
const ORG_TO_EDGE_CREDENTIAL = ['credentials', 1];
const TWO_EDGES_TO_EDGE = ['sendConnectors', 4];

function fixTitles(text: string): string[] {
  return findingsOf(text, CODE).flatMap(
    (f) => f.fixes?.().map((x) => `${x.title}${x.isPreferred ? ' *' : ''}`) ?? [],
  );
}

function relatedTexts(text: string): string[] {
  return findingsOf(text, CODE).flatMap((f) =>
    (f.related ?? []).map((r) => text.slice(r.range.start, r.range.end)),
  );
}

const edge02 = {
  name: 'EDGE02',
  role: 'Edge',
  fqdn: 'edge02.contoso.net',
  adapters: [
    { name: 'External', network: 'internet', ipAddresses: ['10.2.1.1'] },
    { name: 'Internal', network: 'internal', ipAddresses: ['10.2.1.2'] },
  ],
  certificate: { type: 'thirdParty' },
};

/** The same topology, whatever the layout (the test helpers reformat what they insert). */
function sameJson(actual: string, expected: string): void {
  assert.deepEqual(parse(actual), parse(expected));
}

describe(CODE, () => {
  it('accepts the base topology and the example with two Edges', () => {
    assert.deepEqual(findingsOf(base, CODE), []);
    assert.deepEqual(findingsOf(twoEdges, CODE), []);
  });

  it("warns when the Edge's organization connector uses a local Edge account, and switches to the AD one", () => {
    const text = withValue(base, [...EDGE_TO_ORG, 'authenticationCredential'], 'OrgToEdge');
    assert.deepEqual(rangeTexts(text, CODE), ['"OrgToEdge"']);
    const [finding] = findingsOf(text, CODE);
    assert.equal(finding?.severity, 'warning');
    assert.match(
      finding?.message ?? '',
      /'To Internal Org'.*OrgToEdge is a local Edge account.*activeDirectory/,
    );
    assert.deepEqual(relatedTexts(text), ['"edgeLocal"']);
    assert.deepEqual(fixTitles(text), ["Use credential 'EdgeToOrg' *"]);
    sameJson(applyFix(text, CODE, "Use credential 'EdgeToOrg'"), base);
  });

  it('warns when the connector to the Edge uses an AD account, and switches to the local one', () => {
    const text = withValue(base, [...TO_EDGE, 'authenticationCredential'], 'EdgeToOrg');
    assert.deepEqual(rangeTexts(text, CODE), ['"EdgeToOrg"']);
    assert.match(findingsOf(text, CODE)[0]?.message ?? '', /'To Edge'.*edgeLocal/);
    sameJson(applyFix(text, CODE, "Use credential 'OrgToEdge'"), base);
  });

  it('prefers no replacement when several fit equally', () => {
    let text = withAppended(base, ['credentials'], {
      name: 'EdgeToOrg2',
      userName: 'CONTOSO\\edgerelay2',
      scope: 'activeDirectory',
    });
    text = withValue(text, [...EDGE_TO_ORG, 'authenticationCredential'], 'OrgToEdge');
    assert.deepEqual(fixTitles(text), [
      "Use credential 'EdgeToOrg'",
      "Use credential 'EdgeToOrg2'",
    ]);
  });

  it('prefers the one local account that works on every target Edge', () => {
    let text = withAppended(twoEdges, ['credentials'], {
      name: 'Edge01Only',
      userName: 'EDGE01\\relay',
      scope: 'edgeLocal',
      server: 'EDGE01',
    });
    text = withValue(text, [...TWO_EDGES_TO_EDGE, 'authenticationCredential'], 'EdgeToOrg');
    assert.deepEqual(fixTitles(text), [
      "Use credential 'OrgToEdge' *",
      "Use credential 'Edge01Only'",
    ]);
  });

  it('also checks BasicAuth without TLS, and accepts the case-insensitive scope spelling', () => {
    const basic = withValue(
      withValue(base, [...TO_EDGE, 'smartHostAuthMechanism'], 'BasicAuth'),
      [...TO_EDGE, 'authenticationCredential'],
      'EdgeToOrg',
    );
    assert.deepEqual(rangeTexts(basic, CODE), ['"EdgeToOrg"']);
    assert.deepEqual(
      findingsOf(withValue(base, [...ORG_TO_EDGE_CREDENTIAL, 'scope'], 'EdgeLocal'), CODE),
      [],
    );
  });

  it('does not check connectors without Basic authentication, nor credentials without a known scope', () => {
    const external = withValue(
      withValue(base, [...TO_EDGE, 'smartHostAuthMechanism'], 'ExternalAuthoritative'),
      [...TO_EDGE, 'authenticationCredential'],
      'EdgeToOrg',
    );
    assert.deepEqual(findingsOf(external, CODE), []);
    const noScope = withValue(
      withValue(base, [...TO_EDGE, 'authenticationCredential'], 'EdgeToOrg'),
      ['credentials', 0, 'scope'],
      undefined,
    );
    assert.deepEqual(findingsOf(noScope, CODE), []);
  });

  describe('an organization connector to several Edges', () => {
    it("warns about a server on its credential, on the credential's server, and removes it", () => {
      const text = withValue(twoEdges, [...ORG_TO_EDGE_CREDENTIAL, 'server'], 'EDGE01');
      assert.deepEqual(rangeTexts(text, CODE), ['"EDGE01"']);
      assert.match(
        findingsOf(text, CODE)[0]?.message ?? '',
        /OrgToEdge.*'To Edge'.*EDGE01, EDGE02/,
      );
      assert.deepEqual(relatedTexts(text), ['"OrgToEdge"']);
      sameJson(applyFix(text, CODE, 'Remove server'), twoEdges);
    });

    it('warns about a computer prefix on the user name and removes it', () => {
      const text = withValue(twoEdges, [...ORG_TO_EDGE_CREDENTIAL, 'userName'], 'EDGE01\\mbxrelay');
      assert.deepEqual(rangeTexts(text, CODE), ['"EDGE01\\\\mbxrelay"']);
      sameJson(applyFix(text, CODE, "Change to 'mbxrelay'"), twoEdges);
    });

    it('reports both, once each, even when two connectors share the credential', () => {
      let text = withValue(twoEdges, [...ORG_TO_EDGE_CREDENTIAL, 'userName'], 'FABRIKAM\\mbxrelay');
      text = withValue(text, [...ORG_TO_EDGE_CREDENTIAL, 'server'], 'EDGE02');
      text = withAppended(text, ['sendConnectors'], {
        name: 'To Edge (partners)',
        addressSpaces: ['partner.example'],
        smartHosts: ['edge02.fabrikam.net', 'edge01.fabrikam.net'],
        smartHostAuthMechanism: 'BasicAuthRequireTLS',
        authenticationCredential: 'OrgToEdge',
      });
      assert.deepEqual(rangeTexts(text, CODE).sort(), ['"EDGE02"', '"FABRIKAM\\\\mbxrelay"']);
    });

    it('accepts a local user name written as .\\user or as a UPN', () => {
      for (const userName of ['.\\mbxrelay', 'mbxrelay@fabrikam.com']) {
        assert.deepEqual(
          findingsOf(withValue(twoEdges, [...ORG_TO_EDGE_CREDENTIAL, 'userName'], userName), CODE),
          [],
        );
      }
    });
  });

  describe('an organization connector to one Edge', () => {
    const withEdge02 = withAppended(base, ['servers'], edge02);

    it('warns about a credential tied to another Edge, and fixes it to the target', () => {
      const text = withValue(withEdge02, [...ORG_TO_EDGE_CREDENTIAL, 'server'], 'EDGE02');
      assert.deepEqual(rangeTexts(text, CODE), ['"EDGE02"']);
      assert.match(
        findingsOf(text, CODE)[0]?.message ?? '',
        /local account on EDGE02.*'To Edge' sends to EDGE01/,
      );
      sameJson(applyFix(text, CODE, "Change to 'EDGE01'"), withEdge02);
    });

    it('accepts a prefix and a server that name the target, or no server at all', () => {
      assert.deepEqual(findingsOf(withEdge02, CODE), []);
      assert.deepEqual(
        findingsOf(withValue(base, [...ORG_TO_EDGE_CREDENTIAL, 'server'], undefined), CODE),
        [],
      );
    });

    it("leaves a credential's server that is unknown or a Mailbox server to the reference rules", () => {
      assert.deepEqual(
        findingsOf(withValue(base, [...ORG_TO_EDGE_CREDENTIAL, 'server'], 'MBX01'), CODE),
        [],
      );
      assert.deepEqual(
        findingsOf(withValue(base, [...ORG_TO_EDGE_CREDENTIAL, 'server'], 'EDGE09'), CODE),
        [],
      );
    });
  });
});

describe(`${CODE}: which replacement credential the fixes prefer`, () => {
  /** The fix titles of the finding on the connector's credential, the preferred one marked. */
  const offered = (text: string) =>
    findingsOf(text, CODE).flatMap((f) =>
      (f.fixes?.() ?? []).map((x) => `${x.title}${x.isPreferred ? ' (preferred)' : ''}`),
    );

  it('prefers the only local account of the Edge it sends to', () => {
    // "To Edge" logs on with the Active Directory account; two local accounts exist, one on
    // another server.
    let text = withValue(base, [...TO_EDGE, 'authenticationCredential'], 'EdgeToOrg');
    text = withAppended(text, ['credentials'], {
      name: 'Elsewhere',
      userName: 'EDGE09\\mbxrelay',
      scope: 'edgeLocal',
      server: 'EDGE09',
    });
    assert.deepEqual(offered(text), [
      "Use credential 'OrgToEdge' (preferred)",
      "Use credential 'Elsewhere'",
    ]);
  });

  it('with several Edges, prefers the local account that names no server and no computer', () => {
    let text = withValue(twoEdges, [...TWO_EDGES_TO_EDGE, 'authenticationCredential'], 'EdgeToOrg');
    text = withAppended(text, ['credentials'], {
      name: 'Tied',
      userName: 'EDGE01\\mbxrelay',
      scope: 'edgeLocal',
    });
    assert.deepEqual(offered(text), [
      "Use credential 'OrgToEdge' (preferred)",
      "Use credential 'Tied'",
    ]);
  });

  it('prefers none when two would do', () => {
    let text = withValue(base, [...TO_EDGE, 'authenticationCredential'], 'EdgeToOrg');
    text = withAppended(text, ['credentials'], {
      name: 'Another',
      userName: 'EDGE01\\other',
      scope: 'edgeLocal',
      server: 'EDGE01',
    });
    assert.deepEqual(offered(text), ["Use credential 'OrgToEdge'", "Use credential 'Another'"]);
  });

  it('says where a local account cannot log on, with the connector that uses it, and one preferred fix', () => {
    const withEdge02 = withAppended(base, ['servers'], edge02);
    const cases: [string, string, string][] = [
      [
        withValue(twoEdges, [...ORG_TO_EDGE_CREDENTIAL, 'server'], 'EDGE01'),
        "OrgToEdge is used by 'To Edge', which sends to several Edges (EDGE01, EDGE02): it must be a local account of the same name on every Edge, not tied to EDGE01. Remove server.",
        'Remove server *',
      ],
      [
        withValue(twoEdges, [...ORG_TO_EDGE_CREDENTIAL, 'userName'], 'EDGE01\\mbxrelay'),
        "OrgToEdge is used by 'To Edge', which sends to several Edges (EDGE01, EDGE02): write the user name without 'EDGE01\\' so that each Edge logs it on as its own local account.",
        "Change to 'mbxrelay' *",
      ],
      [
        withValue(withEdge02, [...ORG_TO_EDGE_CREDENTIAL, 'server'], 'EDGE02'),
        "OrgToEdge is a local account on EDGE02, but 'To Edge' sends to EDGE01, which cannot log it on: name EDGE01 as its server.",
        "Change to 'EDGE01' *",
      ],
    ];
    for (const [text, message, fixTitle] of cases) {
      const findings = findingsOf(text, CODE);
      assert.deepEqual(
        findings.map((f) => f.message),
        [message],
      );
      assert.deepEqual(
        findings.flatMap((f) =>
          (f.related ?? []).map((r) => `${text.slice(r.range.start, r.range.end)}: ${r.message}`),
        ),
        ['"OrgToEdge": used by \'To Edge\''],
      );
      assert.deepEqual(fixTitles(text), [fixTitle]);
    }
  });
});
