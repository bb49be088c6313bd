import * as assert from 'node:assert/strict';
import { parse } from 'jsonc-parser';
import { applyFix } from '../../support/fixtures';
import { readRepoFile } from '../../support/repo';
import { findingsOf, rangeTexts, withAppended, withValue } from '../../support/topology';

const CODE = 'unknown-reference';
const base = readRepoFile('test', 'fixtures', 'base.edgeflow.json');
const twoEdges = readRepoFile('examples', 'two-edges.edgeflow.json');
const TO_EDGE = ['sendConnectors', 2];

function fixTitles(text: string): string[] {
  return findingsOf(text, CODE).flatMap(
    (f) => f.fixes?.().map((x) => `${x.title}${x.isPreferred ? ' *' : ''}`) ?? [],
  );
}

/** The same topology, whatever the layout (the test helpers reformat what they insert). */
function sameJson(actual: string, expected: string): void {
  assert.deepEqual(parse(actual), parse(expected));
}

describe(CODE, () => {
  it('accepts the base topology and the examples', () => {
    assert.deepEqual(findingsOf(base, CODE), []);
    assert.deepEqual(findingsOf(twoEdges, CODE), []);
  });

  it('reports a source server that names nothing, and offers the close Mailbox name', () => {
    const text = withValue(base, [...TO_EDGE, 'sourceTransportServers', 1], 'MBX2');
    assert.deepEqual(rangeTexts(text, CODE), ['"MBX2"']);
    assert.match(findingsOf(text, CODE)[0]?.message ?? '', /'MBX2'.*'To Edge'.*Mailbox server/);
    assert.deepEqual(fixTitles(text), ["Change to 'MBX02' *"]);
    sameJson(applyFix(text, CODE, "Change to 'MBX02'"), base);
  });

  it('does not suggest a source server that is already listed', () => {
    const text = withValue(base, [...TO_EDGE, 'sourceTransportServers', 1], 'MBX0');
    assert.deepEqual(fixTitles(text), ["Change to 'MBX02' *"]);
  });

  it('reports an authenticationCredential that names no credential and fixes the typo', () => {
    const text = withValue(base, [...TO_EDGE, 'authenticationCredential'], 'OrgToEdg');
    assert.deepEqual(rangeTexts(text, CODE), ['"OrgToEdg"']);
    assert.match(findingsOf(text, CODE)[0]?.message ?? '', /credentials/);
    sameJson(applyFix(text, CODE, "Change to 'OrgToEdge'"), base);
  });

  it("reports a send connector's server that names nothing and suggests only Edges", () => {
    const text = withValue(base, ['sendConnectors', 0, 'server'], 'EDGE1');
    assert.deepEqual(rangeTexts(text, CODE), ['"EDGE1"']);
    sameJson(applyFix(text, CODE, "Change to 'EDGE01'"), base);
    const mailboxTypo = withValue(base, ['sendConnectors', 0, 'server'], 'MBX1');
    assert.deepEqual(rangeTexts(mailboxTypo, CODE), ['"MBX1"']);
    assert.deepEqual(fixTitles(mailboxTypo), []);
  });

  it('does not suggest an Edge that already has a send connector of that name', () => {
    const text = withAppended(base, ['sendConnectors'], {
      name: 'To Internet',
      server: 'EDGE1',
      addressSpaces: ['*'],
    });
    assert.deepEqual(rangeTexts(text, CODE), ['"EDGE1"']);
    assert.deepEqual(fixTitles(text), []);
  });

  it("reports a receive connector's server and suggests only servers that hold its bindings", () => {
    const text = withValue(twoEdges, ['receiveConnectors', 1, 'server'], 'EDGE0');
    assert.deepEqual(rangeTexts(text, CODE), ['"EDGE0"']);
    assert.deepEqual(fixTitles(text), ["Change to 'EDGE01' *"]);
    sameJson(applyFix(text, CODE, "Change to 'EDGE01'"), twoEdges);
  });

  it('reads a binding with spaces around it as Exchange does when choosing the servers to suggest', () => {
    // A name EDGE02 has no connector of, so that only the binding rules EDGE02 out.
    let text = withValue(twoEdges, ['receiveConnectors', 1, 'name'], 'From Internal Org 2');
    text = withValue(text, ['receiveConnectors', 1, 'server'], 'EDGE0');
    const bound = (binding: string) =>
      withValue(text, ['receiveConnectors', 1, 'bindings'], [binding]);
    assert.deepEqual(fixTitles(bound('172.16.0.10:25')), ["Change to 'EDGE01' *"]);
    // Exchange trims a binding: with spaces around it, it is still EDGE01's address only.
    assert.deepEqual(fixTitles(bound(' 172.16.0.10:25 ')), ["Change to 'EDGE01' *"]);
    // An address of neither: no server to suggest.
    assert.deepEqual(fixTitles(bound('172.16.9.9:25')), []);
  });

  it("reports a credential's server that names nothing and suggests the Edge", () => {
    const text = withValue(base, ['credentials', 1, 'server'], 'EDGE1');
    assert.deepEqual(rangeTexts(text, CODE), ['"EDGE1"']);
    assert.match(findingsOf(text, CODE)[0]?.message ?? '', /credential 'OrgToEdge'.*Edge server/);
    sameJson(applyFix(text, CODE, "Change to 'EDGE01'"), base);
  });

  it('ignores the entries of sourceTransportServers on an Edge connector (not-valid-on-role reports the key)', () => {
    const text = withValue(base, ['sendConnectors', 1, 'sourceTransportServers'], ['MBX2']);
    assert.deepEqual(findingsOf(text, CODE), []);
    assert.deepEqual(rangeTexts(text, 'not-valid-on-role'), ['"sourceTransportServers"']);
  });

  it('offers no fix when no defined name is close', () => {
    const text = withValue(base, [...TO_EDGE, 'sourceTransportServers', 1], 'EXCHANGE-SERVER-3');
    assert.deepEqual(rangeTexts(text, CODE), ['"EXCHANGE-SERVER-3"']);
    assert.deepEqual(fixTitles(text), []);
  });

  it('matches names without regard to case', () => {
    let text = withValue(base, [...TO_EDGE, 'sourceTransportServers'], ['mbx01', 'Mbx02']);
    text = withValue(text, [...TO_EDGE, 'authenticationCredential'], 'orgtoedge');
    text = withValue(text, ['sendConnectors', 0, 'server'], 'edge01');
    text = withValue(text, ['receiveConnectors', 1, 'server'], 'Edge01');
    text = withValue(text, ['credentials', 1, 'server'], 'edge01');
    assert.deepEqual(findingsOf(text, CODE), []);
  });

  it('warns about a Mailbox FQDN in sourceTransportServers (Exchange accepts it) and offers the name', () => {
    const text = withValue(
      base,
      [...TO_EDGE, 'sourceTransportServers', 1],
      'MBXSERVER02.contoso.com',
    );
    const [finding] = findingsOf(text, CODE);
    assert.deepEqual(rangeTexts(text, CODE), ['"MBXSERVER02.contoso.com"']);
    assert.equal(finding?.severity, 'warning');
    assert.match(finding?.message ?? '', /FQDN of MBX02/);
    sameJson(applyFix(text, CODE, "Change to 'MBX02'"), base);
  });

  it('leaves an Edge FQDN in sourceTransportServers to wrong-role', () => {
    const text = withValue(base, [...TO_EDGE, 'sourceTransportServers', 1], 'edge01.contoso.net');
    assert.deepEqual(findingsOf(text, CODE), []);
    assert.deepEqual(rangeTexts(text, 'wrong-role'), ['"edge01.contoso.net"']);
  });

  it('reports an FQDN as the server of a connector as an error, with the name as fix', () => {
    const text = withValue(base, ['receiveConnectors', 1, 'server'], 'edge01.contoso.net');
    const [finding] = findingsOf(text, CODE);
    assert.equal(finding?.severity, 'error');
    assert.match(finding?.message ?? '', /FQDN of EDGE01/);
    sameJson(applyFix(text, CODE, "Change to 'EDGE01'"), base);
  });

  it("offers no fix for the FQDN of a server of the wrong role as a send connector's server", () => {
    const text = withValue(base, ['sendConnectors', 0, 'server'], 'mbxserver01.contoso.com');
    assert.deepEqual(rangeTexts(text, CODE), ['"mbxserver01.contoso.com"']);
    assert.deepEqual(fixTitles(text), []);
  });
});

describe(`${CODE}: a server written by its FQDN`, () => {
  const reported = (text: string) =>
    findingsOf(text, CODE).map((f) => [
      f.severity,
      text.slice(f.range.start, f.range.end),
      f.message,
      (f.fixes?.() ?? []).map((x) => x.title),
    ]);

  it("as a connector's server: an error, changed to the name", () => {
    const text = withValue(base, ['sendConnectors', 0, 'server'], 'edge01.contoso.net');
    assert.deepEqual(reported(text), [
      [
        'error',
        '"edge01.contoso.net"',
        "'edge01.contoso.net' (server of 'To Internet') is the FQDN of EDGE01, but EdgeFlow refers to servers by name: write EDGE01.",
        ["Change to 'EDGE01'"],
      ],
    ]);
  });

  it('among the source servers: a warning (Exchange accepts it), changed to the name', () => {
    const text = withValue(
      base,
      ['sendConnectors', 2, 'sourceTransportServers'],
      ['mbxserver01.contoso.com', 'MBX02'],
    );
    assert.deepEqual(reported(text), [
      [
        'warning',
        '"mbxserver01.contoso.com"',
        "'mbxserver01.contoso.com' is the FQDN of MBX01: Exchange accepts it here, but EdgeFlow refers to servers by name and cannot check what it does not recognise. Write MBX01.",
        ["Change to 'MBX01'"],
      ],
    ]);
  });

  it('of a server of the wrong role: an error naming the role, without a fix', () => {
    const text = withValue(base, ['credentials', 1, 'server'], 'mbxserver01.contoso.com');
    assert.deepEqual(reported(text), [
      [
        'error',
        '"mbxserver01.contoso.com"',
        "'mbxserver01.contoso.com' (server of credential 'OrgToEdge') is the FQDN of MBX01, but EdgeFlow refers to servers by name: write the name of an Edge server.",
        [],
      ],
    ]);
  });

  it('of an Edge among the source servers: left to wrong-role', () => {
    const text = withValue(
      base,
      ['sendConnectors', 2, 'sourceTransportServers'],
      ['MBX01', 'MBX02', 'edge01.contoso.net'],
    );
    assert.deepEqual(reported(text), []);
    assert.equal(findingsOf(text, 'wrong-role').length, 1);
  });
});

describe(`${CODE}: a suggestion only where the corrected reference would be sound`, () => {
  const misnamedReceive = (values: Record<string, unknown>) =>
    withAppended(base, ['receiveConnectors'], {
      name: 'Extra',
      server: 'EDGE1',
      usage: 'Internal',
      remoteIPRanges: ['192.168.5.10'],
      ...values,
    });
  const fixesOf = (text: string) =>
    findingsOf(text, CODE).flatMap((f) =>
      (f.fixes?.() ?? []).map((x) => `${x.title}${x.isPreferred ? ' *' : ''}`),
    );

  it("a receive connector bound to the server's addresses, or to a wildcard", () => {
    for (const bindings of [['10.1.1.2:2525'], ['0.0.0.0:2525']])
      assert.deepEqual(fixesOf(misnamedReceive({ bindings })), ["Change to 'EDGE01' *"]);
  });

  it('not one with a binding on an address the server does not have', () => {
    const text = misnamedReceive({ bindings: ['10.1.1.2:2525', '10.9.9.9:2525'] });
    assert.deepEqual(fixesOf(text), []);
    assert.equal(
      findingsOf(text, CODE)[0]?.message,
      "'EDGE1' (server of 'Extra') names no server defined in servers: it must be the name of a server. Correct the name or add the server.",
    );
  });

  it('not one whose name the server already has, for receive and send connectors', () => {
    assert.deepEqual(
      fixesOf(misnamedReceive({ name: 'From Internal Org', bindings: ['10.1.1.2:2526'] })),
      [],
    );
    let send = withValue(base, ['sendConnectors', 0, 'server'], 'EDGE1');
    send = withValue(send, ['sendConnectors', 0, 'name'], 'To Internal Org');
    assert.deepEqual(fixesOf(send), []);
    assert.match(
      findingsOf(send, CODE)[0]?.message ?? '',
      /it must be the name of an Edge server\./,
    );
  });

  it('every close credential name, the closest preferred', () => {
    let text = withAppended(base, ['credentials'], {
      name: 'OrgToEdgf',
      userName: 'EDGE01\\x',
      scope: 'edgeLocal',
    });
    text = withValue(text, ['sendConnectors', 2, 'authenticationCredential'], 'OrgToEdgx');
    assert.deepEqual(fixesOf(text), ["Change to 'OrgToEdge' *", "Change to 'OrgToEdgf'"]);
    assert.equal(
      findingsOf(text, CODE)[0]?.message,
      "'OrgToEdgx' (authenticationCredential of 'To Edge') names no entry of credentials: correct the name or declare the credential.",
    );
  });
});
