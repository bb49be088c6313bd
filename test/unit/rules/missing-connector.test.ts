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

/** The fix that adds the Edge's connector to the organization. */
const toInternalOrgFix = (text: string) =>
  findingsOf(text, CODE)
    .flatMap((f) => f.fixes?.() ?? [])
    .find((f) => /To Internal Org/.test(f.title));

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
      const fix = toInternalOrgFix(text);
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
      const fix = toInternalOrgFix(text);
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

    it("whichever family its catch-all ranges or the Mailbox servers' addresses are", () => {
      const warningOf = (t: string) =>
        findingsOf(t, CODE).map((f) => [
          f.severity,
          /accepts every remote address/.test(f.message),
        ]);
      const bothFamilies = withValue(
        base,
        ['receiveConnectors', 1, 'remoteIPRanges'],
        ['0.0.0.0-255.255.255.255', '::-ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff'],
      );
      assert.deepEqual(warningOf(bothFamilies), [['warning', true]]);
      // One Mailbox server also has an IPv6 address, which an IPv4 catch-all does not hold.
      const dualStack = withValue(
        text,
        ['servers', 1, 'ipAddresses'],
        ['192.168.5.10', 'fd00::10'],
      );
      assert.deepEqual(warningOf(dualStack), [['warning', true]]);
    });

    it('names the connector, or says "the internal connector" when it has no name', () => {
      const unnamed = withValue(text, ['receiveConnectors', 1, 'name'], undefined);
      assert.match(
        findingsOf(unnamed, CODE)[0]?.message ?? '',
        /: 'the internal connector' is bound to the internal adapter/,
      );
    });

    it('is fixed by restricting its ranges to the Mailbox servers', () => {
      const fixed = applyFix(text, CODE, 'Restrict the remote IP ranges to the Mailbox servers');
      assert.deepEqual(RECEIVE(fixed)[1]?.remoteIPRanges, ['192.168.5.10', '192.168.5.20']);
      assert.deepEqual(analyze(fixed).findings, []);
    });
  });

  describe('a connector whose server misspells the Edge counts as its own, by its structure', () => {
    // unknown-reference corrects 'EDGE1'; missing-connector must not ask for a second connector
    // meanwhile, and must still ask for the ones the misnamed connector is not.
    const S = (i: number, key: string, value: unknown) => (t: string) =>
      withValue(t, ['sendConnectors', i, key], value);
    const R = (i: number, key: string, value: unknown) => (t: string) =>
      withValue(t, ['receiveConnectors', i, key], value);
    const misnamed = (kind: 'send' | 'receive', i: number) =>
      kind === 'send' ? S(i, 'server', 'EDGE1') : R(i, 'server', 'EDGE1');
    const missing = (...edits: ((t: string) => string)[]) =>
      findingsOf(
        edits.reduce((t, edit) => edit(t), base),
        CODE,
      ).map(
        (f) =>
          /^(?:EDGE01 has no|No organization send connector sends to EDGE01)[^(:]*/.exec(
            f.message,
          )?.[0],
      );
    const ALL_REMOTE = R(0, 'remoteIPRanges', ['0.0.0.0-255.255.255.255']);
    const cases: [string, string[], ...((t: string) => string)[]][] = [
      ['the internet connector (*, DNS)', [], misnamed('send', 0)],
      [
        'a * connector through the Mailbox servers is no internet connector',
        ['EDGE01 has no send connector to the internet '],
        misnamed('send', 0),
        S(0, 'dnsRoutingEnabled', false),
        S(0, 'smartHosts', ['mbxserver01.contoso.com']),
      ],
      ['the organization connector (--)', [], misnamed('send', 1)],
      [
        'a connector through the Mailbox servers for another domain',
        [],
        misnamed('send', 1),
        S(1, 'addressSpaces', ['fabrikam.com']),
      ],
      ['the default receive connector', [], misnamed('receive', 0)],
      [
        'the default receive connector on 0.0.0.0 (internet-facing as the default, whatever its binding)',
        [],
        misnamed('receive', 0),
        R(0, 'bindings', ['0.0.0.0:25']),
      ],
      [
        'a receive connector bound to the internet adapter',
        [],
        misnamed('receive', 0),
        R(0, 'default', false),
        ALL_REMOTE,
      ],
      [
        'a receive connector on the internal adapter for the Mailbox servers',
        [],
        misnamed('receive', 1),
      ],
      [
        'one on 0.0.0.0 for the Mailbox servers',
        [],
        misnamed('receive', 1),
        R(1, 'bindings', ['0.0.0.0:25']),
      ],
      [
        'one on the internal adapter for another subnet',
        ['EDGE01 has no organization-facing receive connector '],
        misnamed('receive', 1),
        R(1, 'remoteIPRanges', ['192.168.9.0/24']),
      ],
      [
        'one bound to an address the Edge does not have',
        ['EDGE01 has no organization-facing receive connector '],
        misnamed('receive', 1),
        R(1, 'bindings', ['10.9.9.9:25']),
      ],
    ];
    for (const [what, expected, ...edits] of cases) {
      it(what, () => {
        assert.deepEqual(missing(...edits), expected);
      });
    }

    it('but a declared connector of the Edge for another domain is no organization connector', () => {
      assert.deepEqual(missing(S(1, 'addressSpaces', ['fabrikam.com'])), [
        'EDGE01 has no send connector to the organization ',
      ]);
    });
  });
});
