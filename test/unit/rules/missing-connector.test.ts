import * as assert from 'node:assert/strict';
import { parse } from 'jsonc-parser';
import { analyze } from '../../../server/src/core';
import { applyFix, assertEveryFixRepairs } from '../../support/fixtures';
import { readRepoFile } from '../../support/repo';
import { findingsOf, rangeTexts, withAppended, withValue } from '../../support/topology';

const CODE = 'missing-connector';
const base = readRepoFile('test', 'fixtures', 'base.edgeflow.json');

type Json = Record<string, unknown>;
const SEND = (text: string) => (parse(text) as { sendConnectors: Json[] }).sendConnectors;
const RECEIVE = (text: string) => (parse(text) as { receiveConnectors: Json[] }).receiveConnectors;
const CREDENTIALS = (text: string) => (parse(text) as { credentials: Json[] }).credentials;
const last = <T>(list: readonly T[]): T | undefined => list[list.length - 1];
const errors = (text: string) => analyze(text).findings.filter((f) => f.severity === 'error');

/** The base without the element at `path`. */
const without = (...path: (string | number)[]) => withValue(base, path, undefined);

describe(CODE, () => {
  it('accepts the reference design', () => {
    assert.deepEqual(findingsOf(base, CODE), []);
  });

  describe('each missing connector, on the Edge name, with a fix that inserts it', () => {
    it('(a) the internet send connector', () => {
      const text = without('sendConnectors', 0);
      assert.deepEqual(rangeTexts(text, CODE), ['"EDGE01"']);
      assert.match(
        findingsOf(text, CODE)[0]?.message ?? '',
        /^EDGE01 has no send connector to the internet \(address space \*\)/,
      );
      const fixed = applyFix(text, CODE, "Add the send connector 'To Internet' on EDGE01");
      assert.deepEqual(last(SEND(fixed)), {
        name: 'To Internet',
        server: 'EDGE01',
        usage: 'Internet',
        addressSpaces: ['*'],
        dnsRoutingEnabled: true,
      });
      assert.deepEqual(analyze(fixed).findings, []);
    });

    it('(b) the organization send connector', () => {
      const text = without('sendConnectors', 1);
      assert.deepEqual(rangeTexts(text, CODE), ['"EDGE01"']);
      assert.match(
        findingsOf(text, CODE)[0]?.message ?? '',
        /EDGE01 has no send connector to the organization/,
      );
      const fixed = applyFix(text, CODE, /To Internal Org/);
      assert.deepEqual(last(SEND(fixed)), {
        name: 'To Internal Org',
        server: 'EDGE01',
        usage: 'Internal',
        addressSpaces: ['--'],
        dnsRoutingEnabled: false,
        smartHosts: ['mbxserver01.contoso.com', 'mbxserver02.contoso.com'],
        smartHostAuthMechanism: 'BasicAuthRequireTLS',
        authenticationCredential: 'EdgeToOrg',
      });
      assert.deepEqual(analyze(fixed).findings, []);
    });

    it('(c) the internet-facing receive connector: the default one, rebound to the internet adapter', () => {
      const text = without('receiveConnectors', 0);
      assert.deepEqual(rangeTexts(text, CODE), ['"EDGE01"']);
      assert.match(
        findingsOf(text, CODE)[0]?.message ?? '',
        /EDGE01 has no internet-facing receive connector/,
      );
      const fixed = applyFix(text, CODE, /From Internet/);
      assert.deepEqual(last(RECEIVE(fixed)), {
        name: 'From Internet',
        server: 'EDGE01',
        default: true,
        bindings: ['10.1.1.1:25'],
      });
      assert.deepEqual(analyze(fixed).findings, []);
    });

    it('(d) the organization-facing receive connector', () => {
      const text = without('receiveConnectors', 1);
      assert.deepEqual(rangeTexts(text, CODE), ['"EDGE01"']);
      assert.match(
        findingsOf(text, CODE)[0]?.message ?? '',
        /EDGE01 has no organization-facing receive connector/,
      );
      const fixed = applyFix(text, CODE, /From Internal Org/);
      assert.deepEqual(last(RECEIVE(fixed)), {
        name: 'From Internal Org',
        server: 'EDGE01',
        usage: 'Internal',
        authMechanism: ['Tls', 'BasicAuth', 'BasicAuthRequireTLS', 'ExchangeServer'],
        bindings: ['10.1.1.2:25'],
        remoteIPRanges: ['192.168.5.10', '192.168.5.20'],
      });
      assert.deepEqual(analyze(fixed).findings, []);
    });

    it('(e) the organization send connector to the Edge', () => {
      const text = without('sendConnectors', 2);
      assert.deepEqual(rangeTexts(text, CODE), ['"EDGE01"']);
      assert.match(
        findingsOf(text, CODE)[0]?.message ?? '',
        /No organization send connector sends to EDGE01/,
      );
      const fixed = applyFix(text, CODE, "Add the organization send connector 'To Edge' to EDGE01");
      assert.deepEqual(last(SEND(fixed)), {
        name: 'To Edge',
        usage: 'Internal',
        addressSpaces: ['*'],
        dnsRoutingEnabled: false,
        smartHosts: ['edge01.contoso.net'],
        sourceTransportServers: ['MBX01', 'MBX02'],
        smartHostAuthMechanism: 'BasicAuthRequireTLS',
        authenticationCredential: 'OrgToEdge',
      });
      assert.deepEqual(analyze(fixed).findings, []);
    });
  });

  it('recognises connectors by structure: other names, cost, accepted domains, IPv6 and case are fine', () => {
    let text = base;
    for (const [path, value] of [
      [['sendConnectors', 0, 'name'], 'Out'],
      [['sendConnectors', 0, 'addressSpaces'], ['SMTP:*;5']],
      [['sendConnectors', 1, 'name'], 'In'],
      [['sendConnectors', 1, 'addressSpaces'], ['CONTOSO.com']],
      [['sendConnectors', 1, 'server'], 'edge01'],
      [['sendConnectors', 2, 'smartHosts'], ['EDGE01.contoso.net']],
      [['receiveConnectors', 0, 'name'], 'Public'],
      [['receiveConnectors', 1, 'name'], 'Private'],
      [['receiveConnectors', 1, 'remoteIPRanges'], ['192.168.5.0/24']],
    ] as const) {
      text = withValue(text, [...path], value);
    }
    assert.deepEqual(findingsOf(text, CODE), []);
  });

  it('accepts an organization connector with an undeclared smart host (smarthost-target warns instead)', () => {
    const text = withValue(base, ['sendConnectors', 1, 'smartHosts'], ['mail.contoso.com']);
    assert.deepEqual(findingsOf(text, CODE), []);
    assert.equal(findingsOf(text, 'smarthost-target').length, 1);
  });

  it('points at an organization smart host that names no declared server', () => {
    const text = withValue(base, ['sendConnectors', 2, 'smartHosts'], ['edge01.contoso.com']);
    assert.deepEqual(rangeTexts(text, CODE), ['"EDGE01"']);
    assert.match(
      findingsOf(text, CODE)[0]?.message ?? '',
      /'To Edge' sends to 'edge01\.contoso\.com', which is no declared server/,
    );
  });

  it('is an error when only the default connector, bound to both adapters, receives the Mailbox servers', () => {
    let text = withValue(base, ['receiveConnectors', 1], undefined);
    text = withValue(text, ['receiveConnectors', 0, 'bindings'], ['10.1.1.1:25', '10.1.1.2:25']);
    assert.deepEqual(
      findingsOf(text, CODE).map((f) => f.severity),
      ['error'],
    );
  });

  it('reports nothing when the topology has no Edge server at all', () => {
    assert.deepEqual(findingsOf(without('servers', 0), CODE), []);
  });

  it('still checks an Edge marked as subscribed (edge-subscribed reports that)', () => {
    const text = withValue(without('sendConnectors', 0), ['servers', 0, 'subscribed'], true);
    assert.deepEqual(rangeTexts(text, CODE), ['"EDGE01"']);
  });

  it('reports every connector of a second Edge that has none, once each', () => {
    const edge02 = {
      name: 'EDGE02',
      role: 'Edge',
      fqdn: 'edge02.contoso.net',
      adapters: [
        { network: 'internet', ipAddresses: ['10.1.2.1'] },
        { network: 'internal', ipAddresses: ['fd00::2', '10.1.2.2'] },
      ],
      certificate: { type: 'thirdParty' },
    };
    const text = withAppended(base, ['servers'], edge02);
    const findings = findingsOf(text, CODE);
    assert.deepEqual(rangeTexts(text, CODE), [
      '"EDGE02"',
      '"EDGE02"',
      '"EDGE02"',
      '"EDGE02"',
      '"EDGE02"',
    ]);
    assert.ok(findings.every((f) => f.message.includes('EDGE02') && !f.message.includes('EDGE01')));
    // IPv6 bindings are written in brackets.
    assert.deepEqual(
      last(RECEIVE(applyFix(text, CODE, "Add the receive connector 'From Internal Org' on EDGE02")))
        ?.bindings,
      ['[fd00::2]:25'],
    );
    // "To Edge" is taken: the connector is named after the Edge; the EDGE01 credential is not EDGE02's.
    const toEdge = applyFix(text, CODE, /to EDGE02$/);
    assert.deepEqual(last(SEND(toEdge))?.name, 'To EDGE02');
    assert.deepEqual(last(CREDENTIALS(toEdge)), {
      name: 'OrgToEdge 2',
      userName: 'mbxrelay',
      scope: 'edgeLocal',
    });
    assert.ok(assertEveryFixRepairs(text) >= 5);
  });

  it('ignores a second server of the same name (duplicate-name reports it)', () => {
    const text = withAppended(base, ['servers'], {
      name: 'edge01',
      role: 'Edge',
      fqdn: 'x.contoso.net',
      adapters: [],
    });
    assert.deepEqual(findingsOf(text, CODE), []);
  });

  describe('fix values derived from the topology', () => {
    it('makes the inserted name unique on that Edge', () => {
      const text = withValue(
        without('sendConnectors', 0),
        ['sendConnectors', 0, 'name'],
        'To Internet',
      );
      assert.equal(last(SEND(applyFix(text, CODE, /To Internet 2/)))?.name, 'To Internet 2');
    });

    it('adds the Active Directory credential when none exists', () => {
      const text = withValue(without('sendConnectors', 1), ['credentials', 0], undefined);
      const fixed = applyFix(text, CODE, /To Internal Org/);
      assert.equal(last(SEND(fixed))?.authenticationCredential, 'EdgeToOrg');
      assert.deepEqual(last(CREDENTIALS(fixed)), {
        name: 'EdgeToOrg',
        userName: 'CONTOSO\\edgerelay',
        scope: 'activeDirectory',
      });
      assert.deepEqual(errors(fixed), []);
    });

    it('adds the Edge local credential when none exists', () => {
      const text = withValue(without('sendConnectors', 2), ['credentials', 1], undefined);
      const fixed = applyFix(text, CODE, /To Edge/);
      assert.deepEqual(last(CREDENTIALS(fixed)), {
        name: 'OrgToEdge',
        userName: 'EDGE01\\mbxrelay',
        scope: 'edgeLocal',
        server: 'EDGE01',
      });
      assert.deepEqual(errors(fixed), []);
    });

    it('creates both arrays when neither the connectors nor the credentials exist (one edit)', () => {
      // Both are new properties at the same place in the root object: the fix makes them one
      // edit, since the edits of one fix must not overlap.
      const text = withValue(
        withValue(base, ['sendConnectors'], undefined),
        ['credentials'],
        undefined,
      );
      const [fix] = findingsOf(text, CODE)
        .flatMap((f) => f.fixes?.() ?? [])
        .filter((f) => /To Internal Org/.test(f.title));
      assert.equal(fix?.edits.length, 1);
      const fixed = applyFix(text, CODE, /To Internal Org/);
      assert.deepEqual(
        SEND(fixed).map((c) => [c.name, c.authenticationCredential]),
        [['To Internal Org', 'EdgeToOrg']],
      );
      assert.deepEqual(
        CREDENTIALS(fixed).map((c) => c.name),
        ['EdgeToOrg'],
      );
    });

    it('adds the credential beside an absent connector array as a second edit', () => {
      // Only the Edge's local credential exists: the Active Directory one is added to it.
      const text = withValue(
        withValue(base, ['sendConnectors'], undefined),
        ['credentials', 0],
        undefined,
      );
      const [fix] = findingsOf(text, CODE)
        .flatMap((f) => f.fixes?.() ?? [])
        .filter((f) => /To Internal Org/.test(f.title));
      assert.equal(fix?.edits.length, 2);
      const fixed = applyFix(text, CODE, /To Internal Org/);
      assert.deepEqual(
        CREDENTIALS(fixed).map((c) => c.name),
        ['OrgToEdge', 'EdgeToOrg'],
      );
      assert.equal(last(SEND(fixed))?.authenticationCredential, 'EdgeToOrg');
    });

    it('creates a connector array that is absent', () => {
      const text = withValue(base, ['sendConnectors'], undefined);
      assert.equal(findingsOf(text, CODE).length, 3);
      assert.deepEqual(SEND(applyFix(text, CODE, /To Internet/)).length, 1);
      assertEveryFixRepairs(text);
    });

    it('sends only from the Mailbox servers the organization-facing connector accepts', () => {
      const narrowed = withValue(
        without('sendConnectors', 2),
        ['receiveConnectors', 1, 'remoteIPRanges'],
        ['192.168.5.10'],
      );
      const fixed = applyFix(narrowed, CODE, /To Edge/);
      assert.deepEqual(last(SEND(fixed))?.sourceTransportServers, ['MBX01']);
      assert.deepEqual(errors(fixed), []);
    });

    it('offers no fix when a needed fact is missing', () => {
      const noFix = (text: string) =>
        assert.deepEqual(
          findingsOf(text, CODE).flatMap((f) => f.fixes?.() ?? []),
          [],
        );
      // No accepted domain: "--" would route nothing, and a domain guessed from a server FQDN is no fact.
      noFix(withValue(without('sendConnectors', 1), ['organization', 'acceptedDomains'], []));
      // No internet adapter to bind.
      noFix(
        withValue(
          without('receiveConnectors', 0),
          ['servers', 0, 'adapters', 0, 'network'],
          'internal',
        ),
      );
      // No internal adapter to bind.
      noFix(withValue(without('receiveConnectors', 1), ['servers', 0, 'adapters', 1], undefined));
    });
  });

  describe('a receive connector on the internal adapter open to every address', () => {
    const text = withValue(
      base,
      ['receiveConnectors', 1, 'remoteIPRanges'],
      ['0.0.0.0-255.255.255.255'],
    );

    it('is only a warning: it does receive the Mailbox servers', () => {
      const [finding] = findingsOf(text, CODE);
      assert.equal(finding?.severity, 'warning');
      assert.match(
        finding?.message ?? '',
        /'From Internal Org' is bound to the internal adapter but accepts every remote address/,
      );
    });

    it('is fixed by restricting its ranges to the Mailbox servers', () => {
      const fixed = applyFix(text, CODE, 'Restrict the remote IP ranges to the Mailbox servers');
      assert.deepEqual(RECEIVE(fixed)[1]?.remoteIPRanges, ['192.168.5.10', '192.168.5.20']);
      assert.deepEqual(analyze(fixed).findings, []);
    });
  });
});
