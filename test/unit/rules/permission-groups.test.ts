import * as assert from 'node:assert/strict';
import { applyFix, assertEveryFixRepairs } from '../../support/fixtures';
import { readRepoFile } from '../../support/repo';
import { findingsOf, rangeTexts, withAppended, withValue } from '../../support/topology';

const CODE = 'permission-groups';
const base = readRepoFile('test', 'fixtures', 'base.edgeflow.json');
const ORG = ['receiveConnectors', 1];
const EXTERNAL = ['Tls', 'ExternalAuthoritative'];

/** "From Internal Org" with other values (undefined removes a key). */
function org(values: Record<string, unknown>): string {
  let text = base;
  for (const [key, value] of Object.entries(values)) text = withValue(text, [...ORG, key], value);
  return text;
}
const external = (values: Record<string, unknown>) =>
  org({ authMechanism: EXTERNAL, linkProtection: 'ipsec', ...values });
const titles = (text: string) =>
  findingsOf(text, CODE).flatMap((f) =>
    (f.fixes?.() ?? []).map((x) => `${x.isPreferred ? '*' : ''}${x.title}`),
  );

describe(CODE, () => {
  describe('ExternalAuthoritative', () => {
    it('reports declared groups without ExchangeServers on the groups, and adds it', () => {
      const text = external({ permissionGroups: ['Partners'] });
      assert.deepEqual(rangeTexts(text, CODE), ['[\n        "Partners"\n      ]']);
      const [finding] = findingsOf(text, CODE);
      assert.equal(finding?.severity, 'error');
      assert.match(
        finding?.message ?? '',
        /'From Internal Org' uses ExternalAuthoritative.*\(Partners\)/,
      );
      const fixed = applyFix(text, CODE, 'Add ExchangeServers to permissionGroups');
      assert.match(fixed, /"permissionGroups": \["Partners", "ExchangeServers"\]/);
      assert.deepEqual(findingsOf(fixed, CODE), []);
    });

    it('reports a usage default without ExchangeServers on ExternalAuthoritative, and sets the groups', () => {
      const text = external({ usage: 'Internet' });
      assert.deepEqual(rangeTexts(text, CODE), ['"ExternalAuthoritative"']);
      assert.match(
        findingsOf(text, CODE)[0]?.message ?? '',
        /default permission groups of its usage \(AnonymousUsers\)/,
      );
      const fixed = applyFix(
        text,
        CODE,
        'Set permissionGroups to [AnonymousUsers, ExchangeServers]',
      );
      assert.deepEqual(findingsOf(fixed, CODE), []);
      assert.deepEqual(titles(external({ usage: 'Custom' })), [
        '*Set permissionGroups to [ExchangeServers]',
      ]);
      assert.deepEqual(titles(external({ usage: 'Partner' })), [
        '*Set permissionGroups to [Partners, ExchangeServers]',
      ]);
    });

    it('replaces None and Custom with ExchangeServers', () => {
      const text = external({ permissionGroups: ['None', 'Custom'] });
      const fixed = applyFix(text, CODE, 'Replace None and Custom with ExchangeServers');
      assert.match(fixed, /"permissionGroups": \["ExchangeServers"\]/);
      assert.deepEqual(findingsOf(fixed, CODE), []);
    });

    it('accepts the usage defaults that include ExchangeServers', () => {
      assert.deepEqual(findingsOf(external({}), CODE), []); // Internal
      assert.deepEqual(findingsOf(external({ usage: undefined }), CODE), []); // Edge without usage
      assert.deepEqual(findingsOf(external({ permissionGroups: ['exchangeservers'] }), CODE), []);
      const onDefault = withValue(
        withValue(base, ['receiveConnectors', 0, 'authMechanism'], EXTERNAL),
        ['receiveConnectors', 0, 'linkProtection'],
        'ipsec',
      );
      assert.deepEqual(findingsOf(onDefault, CODE), []);
    });

    it('knows the Mailbox defaults', () => {
      const text = withAppended(base, ['receiveConnectors'], {
        name: 'From Edge',
        server: 'MBX01',
        transportRole: 'FrontendTransport',
        usage: 'Client',
        bindings: ['0.0.0.0:25'],
        remoteIPRanges: ['10.1.1.2'],
        authMechanism: EXTERNAL,
        linkProtection: 'ipsec',
      });
      assert.deepEqual(titles(text), ['*Set permissionGroups to [ExchangeUsers, ExchangeServers]']);
    });
  });

  describe('Custom', () => {
    it('reports Custom on the element and removes it', () => {
      const text = org({ permissionGroups: ['ExchangeServers', 'Custom'] });
      assert.deepEqual(rangeTexts(text, CODE), ['"Custom"']);
      assert.match(
        findingsOf(text, CODE)[0]?.message ?? '',
        /'From Internal Org' lists the permission group Custom/,
      );
      const fixed = applyFix(text, CODE, 'Remove Custom');
      assert.match(fixed, /"permissionGroups": \["ExchangeServers"\]/);
      assert.deepEqual(findingsOf(fixed, CODE), []);
    });

    it('removes the property when Custom was the only group, so the usage default applies', () => {
      const text = org({ permissionGroups: ['custom'] });
      const fixed = applyFix(text, CODE, 'Remove Custom (use the usage default)');
      assert.equal(fixed, withValue(text, [...ORG, 'permissionGroups'], undefined));
      assert.deepEqual(findingsOf(fixed, CODE), []);
    });

    it('replaces a lone Custom with ExchangeServers when ExternalAuthoritative needs it', () => {
      const text = external({ usage: 'Custom', permissionGroups: ['Custom'] });
      assert.equal(findingsOf(text, CODE).length, 2);
      const fixed = applyFix(text, CODE, 'Replace Custom with ExchangeServers');
      assert.deepEqual(findingsOf(fixed, CODE), []);
    });
  });

  describe('None', () => {
    it('warns about None with other groups (no source says Exchange refuses it) and removes it', () => {
      const text = org({ permissionGroups: ['None', 'ExchangeServers'] });
      assert.deepEqual(rangeTexts(text, CODE), ['"None"']);
      assert.equal(findingsOf(text, CODE)[0]?.severity, 'warning');
      assert.match(
        applyFix(text, CODE, 'Remove None'),
        /"permissionGroups": \["ExchangeServers"\]/,
      );
    });

    it('accepts None alone', () => {
      assert.deepEqual(findingsOf(org({ permissionGroups: ['None'] }), CODE), []);
    });
  });

  it('accepts the reference topology and the examples', () => {
    assert.deepEqual(findingsOf(base, CODE), []);
    for (const example of ['contoso', 'two-edges', 'externally-secured']) {
      assert.deepEqual(
        findingsOf(readRepoFile('examples', `${example}.edgeflow.json`), CODE),
        [],
        example,
      );
    }
  });

  it('offers only fixes that repair without a new error', () => {
    assert.equal(
      assertEveryFixRepairs(
        external({ usage: 'Custom', permissionGroups: ['None', 'Custom', 'Partners'] }),
      ),
      3,
    );
  });
});

describe(`${CODE}: Custom or None alone`, () => {
  const RECEIVE = ['receiveConnectors', 1];
  const EXTERNAL = ['Tls', 'ExternalAuthoritative'];
  const design = (usage: string, auth: string[] | undefined, groups: string[]) => {
    let text = readRepoFile('test', 'fixtures', 'base.edgeflow.json');
    text = withValue(text, [...RECEIVE, 'usage'], usage);
    if (auth) text = withValue(text, [...RECEIVE, 'authMechanism'], auth);
    return withValue(text, [...RECEIVE, 'permissionGroups'], groups);
  };
  const fixes = (text: string) =>
    findingsOf(text, CODE).map((f) => [
      text.slice(f.range.start, f.range.end).replace(/\s+/g, ''),
      (f.fixes?.() ?? []).map((x) => x.title),
    ]);

  it('Custom alone with ExternalAuthoritative, where the usage gives no ExchangeServers: replaced', () => {
    assert.deepEqual(fixes(design('Custom', EXTERNAL, ['Custom'])), [
      ['["Custom"]', ['Replace Custom with ExchangeServers']],
      ['"Custom"', ['Replace Custom with ExchangeServers']],
    ]);
  });

  it('Custom alone with ExternalAuthoritative, where the usage gives ExchangeServers: removed', () => {
    assert.deepEqual(fixes(design('Internal', EXTERNAL, ['Custom'])), [
      ['["Custom"]', ['Replace Custom with ExchangeServers']],
      ['"Custom"', ['Remove Custom (use the usage default)']],
    ]);
  });

  it('Custom alone without ExternalAuthoritative: removed', () => {
    assert.deepEqual(fixes(design('Custom', undefined, ['Custom'])), [
      ['"Custom"', ['Remove Custom (use the usage default)']],
    ]);
  });

  it('None alone with ExternalAuthoritative: replaced', () => {
    assert.deepEqual(fixes(design('Custom', EXTERNAL, ['None'])), [
      ['["None"]', ['Replace None with ExchangeServers']],
    ]);
  });
});
