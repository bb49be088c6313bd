import * as assert from 'node:assert/strict';
import { applyFix, assertEveryFixRepairs } from '../../support/fixtures';
import { readRepoFile } from '../../support/repo';
import { findingsOf, rangeTexts, withValue } from '../../support/topology';

const CODE = 'auth-mechanism-combination';
const base = readRepoFile('test', 'fixtures', 'base.edgeflow.json');
const INTERNET = ['receiveConnectors', 0];
const ORG = ['receiveConnectors', 1];
const AUTH = [...ORG, 'authMechanism'];

const withAuth = (auth: string[] | undefined, extra: Record<string, unknown> = {}) => {
  let text = withValue(base, AUTH, auth);
  for (const [key, value] of Object.entries(extra)) text = withValue(text, [...ORG, key], value);
  return text;
};
const titles = (text: string) =>
  findingsOf(text, CODE).flatMap((f) =>
    (f.fixes?.() ?? []).map((x) => `${x.isPreferred ? '*' : ''}${x.title}`),
  );

describe(CODE, () => {
  it('reports None with other mechanisms on None, naming the connector, and removes it', () => {
    const text = withAuth(['None', 'Tls', 'ExchangeServer']);
    assert.deepEqual(rangeTexts(text, CODE), ['"None"']);
    assert.equal(findingsOf(text, CODE)[0]?.severity, 'error');
    assert.match(findingsOf(text, CODE)[0]?.message ?? '', /'From Internal Org' lists None/);
    const fixed = applyFix(text, CODE, 'Remove None');
    assert.match(fixed, /"authMechanism": \["Tls", "ExchangeServer"\]/);
    assert.deepEqual(findingsOf(fixed, CODE), []);
  });

  it('reports BasicAuthRequireTLS without Tls and adds it', () => {
    const text = withAuth(['BasicAuth', 'BasicAuthRequireTLS', 'ExchangeServer']);
    assert.deepEqual(rangeTexts(text, CODE), ['"BasicAuthRequireTLS"']);
    assert.match(findingsOf(text, CODE)[0]?.message ?? '', /without Tls/);
    const fixed = applyFix(text, CODE, 'Add Tls');
    assert.deepEqual(findingsOf(fixed, CODE), []);
    assert.match(
      fixed,
      /"authMechanism": \["BasicAuth", "BasicAuthRequireTLS", "ExchangeServer", "Tls"\]/,
    );
  });

  it('reports BasicAuthRequireTLS without BasicAuth and Tls in one finding and adds both', () => {
    const text = withAuth(['BasicAuthRequireTLS']);
    assert.deepEqual(rangeTexts(text, CODE), ['"BasicAuthRequireTLS"']);
    assert.match(findingsOf(text, CODE)[0]?.message ?? '', /without BasicAuth and Tls/);
    assert.match(
      applyFix(text, CODE, 'Add BasicAuth and Tls'),
      /\["BasicAuthRequireTLS", "BasicAuth", "Tls"\]/,
    );
  });

  it('reports ExternalAuthoritative with anything but Tls and keeps only Tls and ExternalAuthoritative', () => {
    const text = withAuth(['Tls', 'ExternalAuthoritative', 'BasicAuth', 'Integrated'], {
      linkProtection: 'ipsec',
    });
    assert.deepEqual(rangeTexts(text, CODE), ['"ExternalAuthoritative"']);
    assert.match(
      findingsOf(text, CODE)[0]?.message ?? '',
      /ExternalAuthoritative with BasicAuth, Integrated/,
    );
    assert.deepEqual(titles(text), [
      '*Keep only Tls and ExternalAuthoritative',
      'Remove ExternalAuthoritative',
    ]);
    assert.match(
      applyFix(text, CODE, /Keep only/),
      /"authMechanism": \["Tls", "ExternalAuthoritative"\]/,
    );
    assert.match(
      applyFix(text, CODE, 'Remove ExternalAuthoritative'),
      /"authMechanism": \["Tls", "BasicAuth", "Integrated"\]/,
    );
  });

  it('keeps the spelling of the values it keeps', () => {
    const text = withAuth(['tls', 'externalauthoritative', 'exchangeserver'], {
      linkProtection: 'ipsec',
    });
    assert.match(
      applyFix(text, CODE, /Keep only/),
      /"authMechanism": \["tls", "externalauthoritative"\]/,
    );
  });

  it('reports requireTLS without Tls on the value, and adds Tls (replacing None)', () => {
    const text = withAuth(['BasicAuth', 'ExchangeServer'], { requireTLS: true });
    assert.deepEqual(rangeTexts(text, CODE), ['true']);
    assert.match(applyFix(text, CODE, 'Add Tls'), /\["BasicAuth", "ExchangeServer", "Tls"\]/);
    const none = withAuth(['None'], { requireTLS: true });
    assert.deepEqual(rangeTexts(none, CODE), ['true']);
    assert.match(applyFix(none, CODE, 'Replace None with Tls'), /"authMechanism": \["Tls"\]/);
  });

  it('warns (Exchange 2013 code) about domain security without Tls or with ExternalAuthoritative', () => {
    const noTls = withAuth(['BasicAuth'], { domainSecureEnabled: true });
    assert.deepEqual(rangeTexts(noTls, CODE), ['true']);
    assert.equal(findingsOf(noTls, CODE)[0]?.severity, 'warning');
    assert.deepEqual(titles(noTls), ['*Add Tls']);
    const external = withAuth(['Tls', 'ExternalAuthoritative'], {
      domainSecureEnabled: true,
      linkProtection: 'ipsec',
    });
    assert.deepEqual(rangeTexts(external, CODE), ['true']);
    assert.equal(findingsOf(external, CODE)[0]?.severity, 'warning');
    assert.deepEqual(titles(external), [
      'Set domainSecureEnabled to false',
      'Remove ExternalAuthoritative',
    ]);
  });

  it('uses the usage default when authMechanism is left out: it always has Tls', () => {
    assert.deepEqual(
      findingsOf(withAuth(undefined, { requireTLS: true, domainSecureEnabled: true }), CODE),
      [],
    );
    assert.deepEqual(findingsOf(withValue(base, [...INTERNET, 'requireTLS'], true), CODE), []);
  });

  it('accepts valid combinations in any letter case', () => {
    for (const auth of [
      ['None'],
      ['Tls'],
      ['TLS', 'basicauth', 'BasicAuthRequireTLS'],
      ['Tls', 'ExternalAuthoritative'],
      ['ExternalAuthoritative'],
      ['Tls', 'Integrated', 'BasicAuth', 'BasicAuthRequireTLS', 'ExchangeServer'],
    ]) {
      assert.deepEqual(
        findingsOf(
          withAuth(auth, { requireTLS: auth.some((a) => a.toLowerCase() === 'tls') }),
          CODE,
        ),
        [],
        auth.join(','),
      );
    }
    assert.deepEqual(findingsOf(base, CODE), []);
  });

  it('says nothing about requireTLS when authMechanism holds a value it does not know', () => {
    assert.deepEqual(findingsOf(withAuth(['Tsl'], { requireTLS: true }), CODE), []);
  });

  it('offers only fixes that repair without a new error', () => {
    const text = withAuth(['None', 'BasicAuthRequireTLS', 'ExternalAuthoritative'], {
      requireTLS: true,
      domainSecureEnabled: true,
      linkProtection: 'ipsec',
      permissionGroups: ['ExchangeServers'],
    });
    assert.ok(assertEveryFixRepairs(text) >= 4);
  });

  describe('says what is wrong and what to do, for each combination Exchange refuses', () => {
    const N = "'From Internal Org'";
    const cases: [string[], Record<string, unknown>, string][] = [
      [
        ['None', 'Tls'],
        {},
        `${N} lists None with other authentication mechanisms: None means no authentication and must be used alone. Remove None, or keep only None.`,
      ],
      [
        ['BasicAuthRequireTLS'],
        {},
        `${N} offers BasicAuthRequireTLS without BasicAuth and Tls: BasicAuthRequireTLS needs both BasicAuth and Tls. Add BasicAuth and Tls.`,
      ],
      [
        ['ExternalAuthoritative', 'BasicAuth', 'ExchangeServer', 'Tls'],
        {},
        `${N} combines ExternalAuthoritative with BasicAuth, ExchangeServer: an Externally Secured connector can only be combined with Tls. Keep only Tls and ExternalAuthoritative, or remove ExternalAuthoritative to authenticate the senders.`,
      ],
      [
        ['ExchangeServer'],
        { requireTLS: true },
        `${N} requires TLS but its authMechanism has no Tls, so it would never offer STARTTLS: add Tls to authMechanism.`,
      ],
      [
        ['ExchangeServer'],
        { domainSecureEnabled: true },
        `${N} turns on domain security (mutual TLS) but its authMechanism has no Tls: add Tls to authMechanism.`,
      ],
      [
        ['Tls', 'ExternalAuthoritative'],
        { domainSecureEnabled: true },
        `${N} turns on domain security (mutual TLS) on an Externally Secured connector (ExternalAuthoritative): the two exclude each other. Turn domain security off, or remove ExternalAuthoritative.`,
      ],
    ];
    for (const [auth, extra, message] of cases) {
      it(`${auth.join(', ')}${Object.keys(extra).length > 0 ? ` with ${Object.keys(extra).join(', ')}` : ''}`, () => {
        assert.deepEqual(
          findingsOf(withAuth(auth, extra), CODE).map((f) => f.message),
          [message],
        );
      });
    }

    it('offers no fix that would leave authMechanism empty', () => {
      // ExternalAuthoritative alone with domain security: removing it leaves nothing.
      const text = withAuth(['ExternalAuthoritative'], { domainSecureEnabled: true });
      assert.deepEqual(titles(text), ['*Add Tls', 'Set domainSecureEnabled to false']);
    });
  });
});
