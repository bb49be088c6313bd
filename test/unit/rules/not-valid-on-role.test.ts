import * as assert from 'node:assert/strict';
import { parse } from 'jsonc-parser';
import { applyFix, assertEveryFixRepairs } from '../../support/fixtures';
import { readRepoFile } from '../../support/repo';
import { findingsOf, rangeTexts, withAppended, withValue } from '../../support/topology';

const CODE = 'not-valid-on-role';
const base = readRepoFile('test', 'fixtures', 'base.edgeflow.json');
const secured = readRepoFile('examples', 'externally-secured.edgeflow.json');
const EDGE_SEND = ['sendConnectors', 1];
const ORG_SEND = ['sendConnectors', 2];
const EDGE_RECEIVE = ['receiveConnectors', 1];

function fixTitles(text: string): string[] {
  return findingsOf(text, CODE).flatMap(
    (f) => f.fixes?.().map((x) => `${x.title}${x.isPreferred ? ' *' : ''}`) ?? [],
  );
}

function severities(text: string): string[] {
  return findingsOf(text, CODE).map((f) => f.severity);
}

const mailboxReceive = {
  name: 'From Edge',
  server: 'MBX01',
  default: true,
  bindings: ['192.168.5.10:2526'],
  remoteIPRanges: ['10.1.1.2'],
};

/** The same topology, whatever the layout (the test helpers reformat what they insert). */
function sameJson(actual: string, expected: string): void {
  assert.deepEqual(parse(actual), parse(expected));
}

describe(CODE, () => {
  it('accepts the base topology and the Externally Secured example (transportRole on a Mailbox connector)', () => {
    assert.deepEqual(findingsOf(base, CODE), []);
    assert.deepEqual(findingsOf(secured, CODE), []);
  });

  it('removes a property with a minimal edit that keeps the layout, also the last one', () => {
    const middle = base.replace(
      '"usage": "Internal",\n      "authMechanism"',
      '"usage": "Internal",\n      "transportRole": "HubTransport",\n      "authMechanism"',
    );
    assert.equal(applyFix(middle, CODE, "Remove 'transportRole'"), base);
    const last = base.replace(
      '"authenticationCredential": "OrgToEdge"\n',
      '"authenticationCredential": "OrgToEdge",\n      "sourceIPAddress": "0.0.0.0"\n',
    );
    assert.notEqual(last, base);
    assert.equal(applyFix(last, CODE, "Remove 'sourceIPAddress'"), base);
  });

  describe('send connectors', () => {
    it('reports sourceTransportServers on an Edge connector, on the key, and removes it', () => {
      const text = withValue(base, [...EDGE_SEND, 'sourceTransportServers'], ['MBX01']);
      assert.deepEqual(rangeTexts(text, CODE), ['"sourceTransportServers"']);
      assert.match(findingsOf(text, CODE)[0]?.message ?? '', /'To Internal Org'.*Edge EDGE01/);
      sameJson(applyFix(text, CODE, "Remove 'sourceTransportServers'"), base);
    });

    it('accepts an empty sourceTransportServers on an Edge connector (Exchange checks for entries)', () => {
      assert.deepEqual(
        findingsOf(withValue(base, [...EDGE_SEND, 'sourceTransportServers'], []), CODE),
        [],
      );
    });

    it('warns about frontendProxyEnabled true on an Edge connector, on the value; false is accepted', () => {
      const text = withValue(base, [...EDGE_SEND, 'frontendProxyEnabled'], true);
      assert.deepEqual(rangeTexts(text, CODE), ['true']);
      assert.deepEqual(severities(text), ['warning']);
      sameJson(applyFix(text, CODE, "Remove 'frontendProxyEnabled'"), base);
      assert.deepEqual(
        findingsOf(withValue(base, [...EDGE_SEND, 'frontendProxyEnabled'], false), CODE),
        [],
      );
      assert.deepEqual(
        findingsOf(withValue(base, [...ORG_SEND, 'frontendProxyEnabled'], true), CODE),
        [],
      );
    });

    it('warns on isScopedConnector true on an Edge connector (Mailbox-only in the reference), not on false', () => {
      const text = withValue(base, [...EDGE_SEND, 'isScopedConnector'], true);
      assert.deepEqual(rangeTexts(text, CODE), ['true']);
      assert.equal(severities(text)[0], 'warning');
      assert.match(findingsOf(text, CODE)[0]?.message ?? '', /Mailbox servers only/);
      assert.deepEqual(
        findingsOf(withValue(base, [...EDGE_SEND, 'isScopedConnector'], false), CODE),
        [],
      );
    });

    it('reports sourceIPAddress on an organization connector, on the key; accepts it on an Edge connector', () => {
      const text = withValue(base, [...ORG_SEND, 'sourceIPAddress'], '192.168.5.10');
      assert.deepEqual(rangeTexts(text, CODE), ['"sourceIPAddress"']);
      assert.equal(severities(text)[0], 'error');
      assert.match(
        findingsOf(text, CODE)[0]?.message ?? '',
        /'To Edge' is an organization connector/,
      );
      sameJson(applyFix(text, CODE, "Remove 'sourceIPAddress'"), base);
      for (const address of ['10.1.1.1', '::', '0.0.0.0']) {
        assert.deepEqual(
          findingsOf(withValue(base, [...EDGE_SEND, 'sourceIPAddress'], address), CODE),
          [],
        );
      }
    });

    it('says nothing about connectors whose server is a Mailbox server or unknown (other rules report those)', () => {
      const onMailbox = withValue(base, [...EDGE_SEND, 'server'], 'MBX01');
      assert.deepEqual(
        findingsOf(withValue(onMailbox, [...EDGE_SEND, 'sourceIPAddress'], '10.1.1.2'), CODE),
        [],
      );
      const unknown = withValue(base, [...EDGE_SEND, 'server'], 'EDGE09');
      assert.deepEqual(
        findingsOf(withValue(unknown, [...EDGE_SEND, 'sourceTransportServers'], ['MBX01']), CODE),
        [],
      );
    });
  });

  describe('receive connectors on an Edge', () => {
    it('reports transportRole, on the key', () => {
      const text = withValue(base, [...EDGE_RECEIVE, 'transportRole'], 'FrontendTransport');
      assert.deepEqual(rangeTexts(text, CODE), ['"transportRole"']);
      assert.match(findingsOf(text, CODE)[0]?.message ?? '', /'From Internal Org'.*EDGE01/);
      sameJson(applyFix(text, CODE, "Remove 'transportRole'"), base);
    });

    it('reports usage Client in any case, on the value, and removes it when the schema allows', () => {
      const text = withValue(base, [...EDGE_RECEIVE, 'usage'], 'client');
      assert.deepEqual(rangeTexts(text, CODE), ['"client"']);
      const fixed = applyFix(text, CODE, "Remove 'usage'");
      sameJson(fixed, withValue(base, [...EDGE_RECEIVE, 'usage'], undefined));
      assert.ok(assertEveryFixRepairs(text) > 0);
    });

    it('offers no removal of usage Client when the connector would then lack bindings', () => {
      const text = withValue(
        withValue(base, [...EDGE_RECEIVE, 'usage'], 'Client'),
        [...EDGE_RECEIVE, 'bindings'],
        undefined,
      );
      assert.deepEqual(rangeTexts(text, CODE), ['"Client"']);
      assert.deepEqual(fixTitles(text), []);
    });

    it('accepts the other usages', () => {
      for (const usage of ['Internal', 'Internet', 'Custom', 'Partner']) {
        assert.deepEqual(
          findingsOf(withValue(base, [...EDGE_RECEIVE, 'usage'], usage), CODE),
          [],
          usage,
        );
      }
    });

    it('reports the ExchangeLegacyServers permission group, on the element, and removes it', () => {
      const text = withValue(
        base,
        [...EDGE_RECEIVE, 'permissionGroups'],
        ['ExchangeServers', 'ExchangeLegacyServers'],
      );
      assert.deepEqual(rangeTexts(text, CODE), ['"ExchangeLegacyServers"']);
      assert.deepEqual(fixTitles(text), ["Remove 'ExchangeLegacyServers' *"]);
      const fixed = applyFix(text, CODE, "Remove 'ExchangeLegacyServers'");
      assert.equal(
        fixed,
        withValue(base, [...EDGE_RECEIVE, 'permissionGroups'], ['ExchangeServers']),
      );
    });

    it('removes a lone ExchangeLegacyServers with the whole list, not preferred, unless ExternalAuthoritative needs a group', () => {
      const text = withValue(
        base,
        [...EDGE_RECEIVE, 'permissionGroups'],
        ['exchangelegacyservers'],
      );
      assert.deepEqual(fixTitles(text), ["Remove 'permissionGroups'"]);
      sameJson(applyFix(text, CODE, "Remove 'permissionGroups'"), base);
      const external = withValue(
        secured,
        ['receiveConnectors', 1, 'permissionGroups'],
        ['ExchangeLegacyServers'],
      );
      assert.deepEqual(rangeTexts(external, CODE), ['"ExchangeLegacyServers"']);
      assert.deepEqual(fixTitles(external), []);
    });

    it('reports longAddressesEnabled true (error) and suppressXAnonymousTls true (warning), on the value', () => {
      const longAddresses = withValue(base, [...EDGE_RECEIVE, 'longAddressesEnabled'], true);
      assert.deepEqual(rangeTexts(longAddresses, CODE), ['true']);
      assert.deepEqual(severities(longAddresses), ['error']);
      sameJson(applyFix(longAddresses, CODE, "Remove 'longAddressesEnabled'"), base);
      const suppress = withValue(base, [...EDGE_RECEIVE, 'suppressXAnonymousTls'], true);
      assert.deepEqual(rangeTexts(suppress, CODE), ['true']);
      assert.deepEqual(severities(suppress), ['warning']);
      sameJson(applyFix(suppress, CODE, "Remove 'suppressXAnonymousTls'"), base);
    });

    it('accepts those booleans set to false', () => {
      let text = withValue(base, [...EDGE_RECEIVE, 'longAddressesEnabled'], false);
      text = withValue(text, [...EDGE_RECEIVE, 'suppressXAnonymousTls'], false);
      assert.deepEqual(findingsOf(text, CODE), []);
    });

    it("accepts the Edge's default connector", () => {
      assert.deepEqual(findingsOf(base, CODE), []);
    });
  });

  describe('receive connectors on a Mailbox server', () => {
    it('accepts what the Edge refuses', () => {
      const receive = {
        ...mailboxReceive,
        default: undefined,
        usage: 'Client',
        transportRole: 'FrontendTransport',
        permissionGroups: ['ExchangeUsers', 'ExchangeLegacyServers'],
        longAddressesEnabled: true,
        suppressXAnonymousTls: true,
      };
      assert.deepEqual(findingsOf(withAppended(base, ['receiveConnectors'], receive), CODE), []);
    });

    it('reports "default": true, on the value, and removes it when the connector has bindings and remote ranges', () => {
      const text = withAppended(base, ['receiveConnectors'], mailboxReceive);
      assert.deepEqual(rangeTexts(text, CODE), ['true']);
      assert.match(findingsOf(text, CODE)[0]?.message ?? '', /MBX01 is a Mailbox.*'From Edge'/);
      const fixed = applyFix(text, CODE, "Remove 'default'");
      assert.equal(
        fixed,
        withAppended(base, ['receiveConnectors'], { ...mailboxReceive, default: undefined }),
      );
      assert.ok(assertEveryFixRepairs(text) > 0);
    });

    it('offers no removal when the new connector would miss what its usage requires', () => {
      const noRanges = withAppended(base, ['receiveConnectors'], {
        ...mailboxReceive,
        remoteIPRanges: undefined,
      });
      assert.deepEqual(fixTitles(noRanges), []);
      const internet = withAppended(base, ['receiveConnectors'], {
        ...mailboxReceive,
        usage: 'Internet',
        remoteIPRanges: undefined,
      });
      assert.deepEqual(fixTitles(internet), ["Remove 'default' *"]);
    });

    it('accepts "default": false', () => {
      const text = withAppended(base, ['receiveConnectors'], { ...mailboxReceive, default: false });
      assert.deepEqual(findingsOf(text, CODE), []);
    });
  });
});

describe(`${CODE}: a fix that removes default or usage only when the schema is still met`, () => {
  const BINDINGS = ['192.168.5.10:2526'];
  const RANGES = ['10.0.0.5'];
  // The schema requires bindings for Internet, remote ranges for Internal and Client, both otherwise.
  const cases: [string, string, Record<string, unknown>, string | undefined][] = [
    [
      'Internet with bindings',
      'MBX01',
      { usage: 'Internet', bindings: BINDINGS },
      "Remove 'default'",
    ],
    ['Internet without bindings', 'MBX01', { usage: 'Internet' }, undefined],
    [
      'Internal with ranges',
      'MBX01',
      { usage: 'Internal', remoteIPRanges: RANGES },
      "Remove 'default'",
    ],
    ['Internal without ranges', 'MBX01', { usage: 'Internal', bindings: BINDINGS }, undefined],
    [
      'Client with ranges',
      'MBX01',
      { usage: 'Client', remoteIPRanges: RANGES },
      "Remove 'default'",
    ],
    [
      'Custom with both',
      'MBX01',
      { usage: 'Custom', bindings: BINDINGS, remoteIPRanges: RANGES },
      "Remove 'default'",
    ],
    ['Custom without ranges', 'MBX01', { usage: 'Custom', bindings: BINDINGS }, undefined],
    [
      'no usage, with both',
      'MBX01',
      { bindings: BINDINGS, remoteIPRanges: RANGES },
      "Remove 'default'",
    ],
    ['no usage, empty bindings', 'MBX01', { bindings: [], remoteIPRanges: RANGES }, undefined],
    [
      'no usage, ranges not a list',
      'MBX01',
      { bindings: BINDINGS, remoteIPRanges: '10.0.0.5' },
      undefined,
    ],
    [
      'an unknown usage',
      'MBX01',
      { usage: 'Bogus', bindings: BINDINGS, remoteIPRanges: RANGES },
      undefined,
    ],
    [
      'Client on an Edge, with both',
      'EDGE01',
      { usage: 'Client', bindings: ['10.1.1.2:587'], remoteIPRanges: RANGES },
      "Remove 'usage'",
    ],
    [
      'Client on an Edge, without ranges',
      'EDGE01',
      { usage: 'Client', bindings: ['10.1.1.2:587'] },
      undefined,
    ],
  ];
  for (const [what, server, values, offered] of cases) {
    it(`${what}: ${offered ?? 'no fix'}`, () => {
      const connector = {
        name: 'X',
        server,
        ...(server === 'MBX01' ? { default: true } : {}),
        ...values,
      };
      const text = withAppended(base, ['receiveConnectors'], connector);
      const findings = findingsOf(text, CODE);
      assert.equal(findings.length, 1);
      const titles = (findings[0]?.fixes?.() ?? []).map((f) => f.title);
      assert.deepEqual(titles, offered ? [offered] : []);
      if (offered) {
        const fixed = applyFix(text, CODE, offered);
        assert.deepEqual(findingsOf(fixed, 'schema'), []);
        assert.deepEqual(findingsOf(fixed, CODE), []);
      }
    });
  }
});
