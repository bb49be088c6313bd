import * as assert from 'node:assert/strict';
import { analyze } from '../../../server/src/core';
import { applyFix } from '../../support/fixtures';
import { readRepoFile } from '../../support/repo';
import { findingsOf, rangeTexts, withValue } from '../../support/topology';

const CODE = 'tls-combination';
const base = readRepoFile('test', 'fixtures', 'base.edgeflow.json');
const INTERNET = ['sendConnectors', 0];
const ORG = ['sendConnectors', 1];
const FROM_ORG = ['receiveConnectors', 1];

/** The base with these properties set on one connector. */
function withProps(path: (string | number)[], props: Record<string, unknown>, text = base): string {
  return Object.entries(props).reduce(
    (t, [key, value]) => withValue(t, [...path, key], value),
    text,
  );
}
const severities = (text: string) => findingsOf(text, CODE).map((f) => f.severity);
const errors = (text: string) => analyze(text).findings.filter((f) => f.severity === 'error');

describe(CODE, () => {
  describe('send connectors', () => {
    it('reports ignoreSTARTTLS true with requireTLS true, on ignoreSTARTTLS, and sets it to false', () => {
      const text = withProps(INTERNET, { requireTLS: true, ignoreSTARTTLS: true });
      const [finding] = findingsOf(text, CODE);
      assert.equal(finding && text.slice(finding.range.start, finding.range.end), 'true');
      assert.equal(
        finding?.range.start,
        text.indexOf('"ignoreSTARTTLS": true') + '"ignoreSTARTTLS": '.length,
      );
      assert.equal(finding?.severity, 'error');
      assert.match(
        finding?.message ?? '',
        /'To Internet' sets requireTLS true, so ignoreSTARTTLS must be false/,
      );
      assert.equal(finding?.related?.length, 1);
      const fixed = applyFix(text, CODE, 'Set ignoreSTARTTLS to false');
      assert.deepEqual(findingsOf(fixed, CODE), []);
      assert.match(fixed, /"ignoreSTARTTLS": false/);
    });

    it('reports tlsAuthLevel without requireTLS, on the level, and sets requireTLS (preferred)', () => {
      for (const requireTLS of [undefined, false]) {
        const text = withProps(INTERNET, { requireTLS, tlsAuthLevel: 'CertificateValidation' });
        assert.deepEqual(rangeTexts(text, CODE), ['"CertificateValidation"']);
        assert.match(
          findingsOf(text, CODE)[0]?.message ?? '',
          /tlsAuthLevel CertificateValidation.*requireTLS true/,
        );
        assert.equal(findingsOf(text, CODE)[0]?.fixes?.()[0]?.isPreferred, true);
        const fixed = applyFix(text, CODE, 'Set requireTLS to true');
        assert.deepEqual(findingsOf(fixed, CODE), []);
        assert.deepEqual(errors(fixed), []);
      }
    });

    it('reports tlsAuthLevel with ignoreSTARTTLS true, and the fix clears every TLS conflict at once', () => {
      const text = withProps(INTERNET, { tlsAuthLevel: 'encryptiononly', ignoreSTARTTLS: true });
      assert.deepEqual(rangeTexts(text, CODE), ['"encryptiononly"']);
      const fixed = applyFix(text, CODE, 'Set requireTLS to true and ignoreSTARTTLS to false');
      assert.deepEqual(findingsOf(fixed, CODE), []);
    });

    it('reports both ignoreSTARTTLS and tlsAuthLevel when all three are set', () => {
      const text = withProps(INTERNET, {
        requireTLS: true,
        ignoreSTARTTLS: true,
        tlsAuthLevel: 'EncryptionOnly',
      });
      assert.deepEqual(rangeTexts(text, CODE), ['true', '"EncryptionOnly"']);
      assert.deepEqual(findingsOf(applyFix(text, CODE, 'Set ignoreSTARTTLS to false'), CODE), []);
    });

    it('warns about tlsDomain without DomainValidation and removes it', () => {
      const text = withProps(INTERNET, {
        requireTLS: true,
        tlsAuthLevel: 'CertificateValidation',
        tlsDomain: 'contoso.com',
      });
      assert.deepEqual(rangeTexts(text, CODE), ['"contoso.com"']);
      assert.deepEqual(severities(text), ['warning']);
      const fixed = applyFix(text, CODE, 'Remove tlsDomain');
      assert.deepEqual(findingsOf(fixed, CODE), []);
      assert.equal(
        fixed,
        withProps(INTERNET, { requireTLS: true, tlsAuthLevel: 'CertificateValidation' }),
      );
      assert.deepEqual(rangeTexts(withProps(INTERNET, { tlsDomain: '*.contoso.com' }), CODE), [
        '"*.contoso.com"',
      ]);
    });

    it('warns about DomainValidation on a smart-host connector without tlsDomain', () => {
      const text = withProps(ORG, { requireTLS: true, tlsAuthLevel: 'DomainValidation' });
      assert.deepEqual(rangeTexts(text, CODE), ['"DomainValidation"']);
      assert.deepEqual(severities(text), ['warning']);
      assert.match(findingsOf(text, CODE)[0]?.message ?? '', /'To Internal Org'.*tlsDomain/);
      assert.deepEqual(findingsOf(withProps(ORG, { tlsDomain: 'contoso.com' }, text), CODE), []);
      assert.deepEqual(
        findingsOf(
          withProps(INTERNET, { requireTLS: true, tlsAuthLevel: 'DomainValidation' }),
          CODE,
        ),
        [],
      );
    });

    it('reports domainSecureEnabled on a smart-host connector and turns it off', () => {
      const text = withProps(ORG, { domainSecureEnabled: true });
      assert.deepEqual(rangeTexts(text, CODE), ['true']);
      assert.deepEqual(severities(text), ['error']);
      assert.match(
        findingsOf(text, CODE)[0]?.message ?? '',
        /'To Internal Org' sets domainSecureEnabled true.*DNS routing/,
      );
      const fixed = applyFix(text, CODE, 'Set domainSecureEnabled to false');
      assert.deepEqual(findingsOf(fixed, CODE), []);
    });

    it('reports domainSecureEnabled with ignoreSTARTTLS, on ignoreSTARTTLS', () => {
      const text = withProps(INTERNET, { domainSecureEnabled: true, ignoreSTARTTLS: true });
      const [finding] = findingsOf(text, CODE);
      assert.equal(
        finding?.range.start,
        text.indexOf('"ignoreSTARTTLS": true') + '"ignoreSTARTTLS": '.length,
      );
      assert.match(
        finding?.message ?? '',
        /domainSecureEnabled true, so ignoreSTARTTLS must be false/,
      );
    });

    it('warns about tlsAuthLevel together with domainSecureEnabled', () => {
      const text = withProps(INTERNET, {
        requireTLS: true,
        tlsAuthLevel: 'CertificateValidation',
        domainSecureEnabled: true,
      });
      assert.deepEqual(rangeTexts(text, CODE), ['"CertificateValidation"']);
      assert.deepEqual(severities(text), ['warning']);
    });

    it('accepts valid combinations, omitted fields and values of the wrong type', () => {
      assert.deepEqual(findingsOf(base, CODE), []);
      const valid = [
        withProps(INTERNET, { requireTLS: true, tlsAuthLevel: 'EncryptionOnly' }),
        withProps(INTERNET, {
          requireTLS: true,
          ignoreSTARTTLS: false,
          tlsAuthLevel: 'DomainValidation',
          tlsDomain: '*.contoso.com',
        }),
        withProps(INTERNET, { ignoreSTARTTLS: true }),
        withProps(INTERNET, { requireTLS: false, ignoreSTARTTLS: true }),
        withProps(INTERNET, { domainSecureEnabled: true, requireTLS: true }),
        withProps(ORG, { requireTLS: true, domainSecureEnabled: false }),
        withProps(INTERNET, { requireTLS: 'yes', tlsAuthLevel: 'EncryptionOnly' }),
        withProps(INTERNET, { requireTLS: true, tlsAuthLevel: 'Strict', tlsDomain: 'contoso.com' }),
      ];
      for (const text of valid) assert.deepEqual(findingsOf(text, CODE), []);
    });
  });

  describe('receive connectors', () => {
    it('warns about extendedProtectionPolicy without requireTLS and sets requireTLS', () => {
      const text = withProps(FROM_ORG, { extendedProtectionPolicy: 'Require' });
      assert.deepEqual(rangeTexts(text, CODE), ['"Require"']);
      assert.deepEqual(severities(text), ['warning']);
      assert.match(
        findingsOf(text, CODE)[0]?.message ?? '',
        /'From Internal Org' sets extendedProtectionPolicy Require/,
      );
      const fixed = applyFix(text, CODE, 'Set requireTLS to true');
      assert.deepEqual(findingsOf(fixed, CODE), []);
      assert.deepEqual(errors(fixed), []);
      assert.deepEqual(
        rangeTexts(
          withProps(FROM_ORG, { extendedProtectionPolicy: 'allow', requireTLS: false }),
          CODE,
        ),
        ['"allow"'],
      );
    });

    it('offers no fix when the connector does not offer Tls (requireTLS would need it)', () => {
      const text = withProps(FROM_ORG, {
        extendedProtectionPolicy: 'Allow',
        authMechanism: ['ExchangeServer'],
      });
      assert.deepEqual(rangeTexts(text, CODE), ['"Allow"']);
      assert.deepEqual(findingsOf(text, CODE)[0]?.fixes?.(), []);
    });

    it('accepts None, requireTLS true, and the default connector without the policy', () => {
      assert.deepEqual(
        findingsOf(withProps(FROM_ORG, { extendedProtectionPolicy: 'None' }), CODE),
        [],
      );
      assert.deepEqual(
        findingsOf(
          withProps(FROM_ORG, { extendedProtectionPolicy: 'Require', requireTLS: true }),
          CODE,
        ),
        [],
      );
      assert.deepEqual(
        findingsOf(withProps(['receiveConnectors', 0], { requireTLS: true }), CODE),
        [],
      );
    });
  });
});

describe(`${CODE}: values the schema reports`, () => {
  it('stays silent about an unknown tlsAuthLevel, even beside tlsDomain (the schema reports it)', () => {
    const text = withProps(ORG, { tlsAuthLevel: 'Bogus', tlsDomain: 'contoso.com' });
    assert.deepEqual(findingsOf(text, CODE), []);
    assert.ok(findingsOf(text, 'schema').length > 0);
  });

  it('stays silent about an unknown extendedProtectionPolicy', () => {
    const text = withProps(FROM_ORG, { extendedProtectionPolicy: 'Bogus' });
    assert.deepEqual(findingsOf(text, CODE), []);
  });
});

describe(`${CODE}: what each finding says, where it points and what it offers`, () => {
  const on = (path: readonly (string | number)[], values: Record<string, unknown>) =>
    Object.entries(values).reduce((t, [key, value]) => withValue(t, [...path, key], value), base);
  const describeAll = (text: string) =>
    findingsOf(text, CODE).map((f) => ({
      at: text.slice(f.range.start, f.range.end),
      severity: f.severity,
      message: f.message,
      related: (f.related ?? []).map(
        (r) => `${text.slice(r.range.start, r.range.end)}: ${r.message}`,
      ),
      fixes: (f.fixes?.() ?? []).map((x) => `${x.title}${x.isPreferred ? ' *' : ''}`),
    }));
  const SMART_HOSTS = '["mbxserver01.contoso.com", "mbxserver02.contoso.com"]';
  const cases: [string, string, ReturnType<typeof describeAll>][] = [
    [
      'ignoreSTARTTLS against both requireTLS and domainSecureEnabled',
      on(INTERNET, { requireTLS: true, domainSecureEnabled: true, ignoreSTARTTLS: true }),
      [
        {
          at: 'true',
          severity: 'error',
          message:
            "'To Internet' sets requireTLS true and domainSecureEnabled true, so ignoreSTARTTLS must be false: a connector cannot both require TLS and ignore STARTTLS. Remove ignoreSTARTTLS or set it to false.",
          related: ['true: requireTLS', 'true: domainSecureEnabled'],
          fixes: ['Set ignoreSTARTTLS to false *'],
        },
      ],
    ],
    [
      'tlsAuthLevel without requireTLS',
      on(INTERNET, { tlsAuthLevel: 'CertificateValidation' }),
      [
        {
          at: '"CertificateValidation"',
          severity: 'error',
          message:
            "'To Internet' sets tlsAuthLevel CertificateValidation, which Exchange accepts only with requireTLS true and ignoreSTARTTLS false: set requireTLS to true, or remove tlsAuthLevel.",
          related: [],
          fixes: ['Set requireTLS to true *'],
        },
      ],
    ],
    [
      'tlsDomain with another level',
      on(INTERNET, {
        tlsDomain: 'contoso.com',
        tlsAuthLevel: 'CertificateValidation',
        requireTLS: true,
      }),
      [
        {
          at: '"contoso.com"',
          severity: 'warning',
          message:
            "'To Internet' sets tlsDomain, which is used only with tlsAuthLevel DomainValidation (this connector uses CertificateValidation); Exchange refuses it otherwise. Remove tlsDomain, or set tlsAuthLevel to DomainValidation.",
          related: ['"CertificateValidation": the TLS authentication level'],
          fixes: ['Remove tlsDomain *'],
        },
      ],
    ],
    [
      'DomainValidation through smart hosts without tlsDomain',
      on(ORG, { tlsAuthLevel: 'DomainValidation', requireTLS: true }),
      [
        {
          at: '"DomainValidation"',
          severity: 'warning',
          message:
            "'To Internal Org' validates the domain of its smart hosts' certificates (DomainValidation) but sets no tlsDomain: Exchange requires tlsDomain on a smart-host connector. Add tlsDomain with the domain the certificates must carry.",
          related: [`${SMART_HOSTS}: the smart hosts`],
          fixes: [],
        },
      ],
    ],
    [
      'Domain Secure through smart hosts',
      on(ORG, { domainSecureEnabled: true }),
      [
        {
          at: 'true',
          severity: 'error',
          message:
            "'To Internal Org' sets domainSecureEnabled true, but Domain Secure (mutual TLS) works only with DNS routing, not through smart hosts. Set domainSecureEnabled to false, or route by DNS.",
          related: [`${SMART_HOSTS}: smart-host routing`],
          fixes: ['Set domainSecureEnabled to false *'],
        },
      ],
    ],
    [
      'tlsAuthLevel beside Domain Secure',
      on(INTERNET, {
        tlsAuthLevel: 'CertificateValidation',
        requireTLS: true,
        domainSecureEnabled: true,
      }),
      [
        {
          at: '"CertificateValidation"',
          severity: 'warning',
          message:
            "'To Internet' sets both tlsAuthLevel and domainSecureEnabled true, which Exchange refuses: Domain Secure already validates the certificates. Remove tlsAuthLevel, or set domainSecureEnabled to false.",
          related: ['true: Domain Secure'],
          fixes: [],
        },
      ],
    ],
    [
      'extendedProtectionPolicy with requireTLS false',
      on(FROM_ORG, { extendedProtectionPolicy: 'Allow', requireTLS: false }),
      [
        {
          at: '"Allow"',
          severity: 'warning',
          message:
            "'From Internal Org' sets extendedProtectionPolicy Allow, which Exchange accepts only with requireTLS true. Set requireTLS to true, or extendedProtectionPolicy to None.",
          related: ['false: requireTLS'],
          fixes: ['Set requireTLS to true *'],
        },
      ],
    ],
  ];
  for (const [what, text, expected] of cases) {
    it(what, () => {
      assert.deepEqual(describeAll(text), expected);
    });
  }
});
