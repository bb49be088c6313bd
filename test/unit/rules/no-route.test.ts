import * as assert from 'node:assert/strict';
import { applyFix, assertEveryFixRepairs } from '../../support/fixtures';
import { verdictOf } from '../../support/flow';
import { readRepoFile } from '../../support/repo';
import { findingsOf, rangeTexts, withAppended, withValue } from '../../support/topology';

const CODE = 'no-route';
const base = readRepoFile('test', 'fixtures', 'base.edgeflow.json');
const fixture = (name: string) =>
  readRepoFile('test', 'fixtures', 'rules', CODE, `${name}.edgeflow.json`);
const targets = (text: string) => rangeTexts(text, CODE).map((t) => JSON.parse(t) as unknown);
const TO_INTERNET_SPACES = ['sendConnectors', 0, 'addressSpaces'];
const TO_ORG_SPACES = ['sendConnectors', 1, 'addressSpaces'];

describe(CODE, () => {
  it('accepts the reference design: inbound is delivered, outbound reaches the internet', () => {
    assert.deepEqual(findingsOf(base, CODE), []);
    assert.equal(verdictOf(base, 'internet', 'user@contoso.com'), 'delivered');
    for (const server of ['MBX01', 'MBX02'])
      assert.equal(verdictOf(base, server, 'user@example.org'), 'internet', server);
  });

  describe("an accepted domain the Edge's connector to the organization does not cover", () => {
    const text = fixture('bad-second-domain-not-covered');

    it('is reported on those address spaces, naming the domain', () => {
      assert.deepEqual(targets(text), [['contoso.com']]);
      const message = findingsOf(text, CODE)[0]?.message ?? '';
      assert.match(message, /does not cover fabrikam\.com/);
      assert.match(message, /back to the internet/);
      assert.equal(verdictOf(text, 'internet', 'user@fabrikam.com'), 'internet');
      assert.equal(verdictOf(text, 'internet', 'user@contoso.com'), 'delivered');
    });

    it("is fixed with '--' (preferred) or by adding the domain", () => {
      assert.equal(assertEveryFixRepairs(text), 2);
      for (const title of [/with --$/, /^Add fabrikam\.com to the address spaces$/]) {
        const fixed = applyFix(text, CODE, title);
        assert.deepEqual(findingsOf(fixed, CODE), [], String(title));
        assert.equal(verdictOf(fixed, 'internet', 'user@fabrikam.com'), 'delivered');
      }
    });

    it('is reported on the Edge that lacks it when there are two', () => {
      let two = withValue(
        base,
        ['organization', 'acceptedDomains'],
        ['contoso.com', 'fabrikam.com'],
      );
      two = withAppended(two, ['servers'], {
        name: 'EDGE02',
        role: 'Edge',
        fqdn: 'edge02.contoso.net',
        adapters: [
          { name: 'External', network: 'internet', ipAddresses: ['10.1.2.1'] },
          { name: 'Internal', network: 'internal', ipAddresses: ['10.1.2.2'] },
        ],
        certificate: { type: 'thirdParty' },
      });
      two = withAppended(two, ['sendConnectors'], {
        name: 'To Internet',
        server: 'EDGE02',
        usage: 'Internet',
        addressSpaces: ['*'],
        dnsRoutingEnabled: true,
      });
      two = withAppended(two, ['sendConnectors'], {
        name: 'To Internal Org',
        server: 'EDGE02',
        usage: 'Internal',
        addressSpaces: ['contoso.com'],
        dnsRoutingEnabled: false,
        smartHosts: ['mbxserver01.contoso.com'],
        smartHostAuthMechanism: 'BasicAuthRequireTLS',
        authenticationCredential: 'EdgeToOrg',
      });
      two = withAppended(two, ['receiveConnectors'], {
        name: 'From Internet',
        server: 'EDGE02',
        default: true,
        bindings: ['10.1.2.1:25'],
      });
      const findings = findingsOf(two, CODE);
      assert.equal(findings.length, 1);
      assert.match(
        findings[0]?.message ?? '',
        /'To Internal Org' on EDGE02 does not cover fabrikam\.com/,
      );
    });
  });

  it("reports '*' towards the organization that ties with the internet connector and loses by name", () => {
    const text = fixture('bad-wildcard-loses-to-internet');
    assert.deepEqual(targets(text), [['*']]);
    assert.match(
      findingsOf(text, CODE)[0]?.message ?? '',
      /ties with 'To Internet' on EDGE01 and loses by name/,
    );
    const fixed = applyFix(text, CODE, /with --$/);
    assert.deepEqual(findingsOf(fixed, CODE), []);
  });

  it('follows costs: the lower cost wins between equally specific address spaces', () => {
    assert.deepEqual(findingsOf(fixture('good-cost-decides'), CODE), []);
    let text = withValue(base, TO_INTERNET_SPACES, ['*', 'contoso.com;5']);
    text = withValue(text, TO_ORG_SPACES, ['contoso.com;10']);
    // The internet connector's cheaper contoso.com takes it: that address space is the cause.
    assert.deepEqual(targets(text), ['contoso.com;5']);
    assert.match(
      findingsOf(text, CODE)[0]?.message ?? '',
      /^'To Internet' on EDGE01 is chosen over 'To Internal Org' on EDGE01 for contoso\.com \(address space contoso\.com;5 against contoso\.com;10/,
    );
    assert.equal(verdictOf(text, 'internet', 'user@contoso.com'), 'internet');
    const dearer = withValue(base, TO_ORG_SPACES, ['*;10']);
    assert.match(
      findingsOf(dearer, CODE)[0]?.message ?? '',
      /has a higher cost than 'To Internet' on EDGE01 \(10 against 1\)/,
    );
  });

  it('reports an organization connector to the Edge that covers one outside domain only', () => {
    const text = fixture('bad-to-edge-one-domain');
    assert.deepEqual(targets(text), [['fabrikam.com']]);
    assert.match(findingsOf(text, CODE)[0]?.message ?? '', /Unreachable queue/);
    assert.equal(verdictOf(text, 'MBX01', 'user@example.org'), 'no-route');
    const fixed = applyFix(text, CODE, /^Add \* to the address spaces/);
    assert.deepEqual(findingsOf(fixed, CODE), []);
    assert.equal(verdictOf(fixed, 'MBX01', 'user@example.org'), 'internet');
  });

  it('reports a disabled internet connector and enables it', () => {
    const text = fixture('bad-internet-connector-disabled');
    assert.match(findingsOf(text, CODE)[0]?.message ?? '', /is disabled/);
    assert.equal(assertEveryFixRepairs(text), 1);
    assert.deepEqual(findingsOf(applyFix(text, CODE, /^Enable/), CODE), []);
  });

  describe('another connector of the Edge chosen over the one to the organization', () => {
    const two = withValue(
      base,
      ['organization', 'acceptedDomains'],
      ['contoso.com', 'fabrikam.com'],
    );
    const rival = (spaces: string[]) =>
      withAppended(two, ['sendConnectors'], {
        name: 'To Fabrikam',
        server: 'EDGE01',
        usage: 'Custom',
        addressSpaces: spaces,
        dnsRoutingEnabled: true,
      });

    it("is the cause, not the '--' it wins over: reported on its address space", () => {
      // '--' covers fabrikam.com; 'To Fabrikam' names it exactly, so it wins and sends it out.
      const text = rival(['fabrikam.com']);
      assert.equal(verdictOf(text, 'internet', 'user@fabrikam.com'), 'internet');
      assert.deepEqual(targets(text), ['fabrikam.com']);
      const [finding] = findingsOf(text, CODE);
      assert.match(
        finding?.message ?? '',
        /^'To Fabrikam' on EDGE01 is chosen over 'To Internal Org' on EDGE01 for fabrikam\.com \(address space fabrikam\.com against --/,
      );
      assert.doesNotMatch(finding?.message ?? '', /does not cover/);
    });

    it('by a lower cost on an equally specific address space', () => {
      let text = withValue(two, TO_ORG_SPACES, ['contoso.com;5', 'fabrikam.com;5']);
      text = withAppended(text, ['sendConnectors'], {
        name: 'To Fabrikam',
        server: 'EDGE01',
        usage: 'Custom',
        addressSpaces: ['fabrikam.com;1'],
        dnsRoutingEnabled: true,
      });
      assert.deepEqual(targets(text), ['fabrikam.com;1']);
      assert.match(
        findingsOf(text, CODE)[0]?.message ?? '',
        /address space fabrikam\.com;1 against fabrikam\.com;5/,
      );
    });
  });

  it('says so when an accepted domain the organization connector misses finds no connector at all', () => {
    let text = withValue(
      base,
      ['organization', 'acceptedDomains'],
      ['contoso.com', 'fabrikam.com'],
    );
    text = withValue(text, TO_ORG_SPACES, ['contoso.com']);
    // The internet connector no longer takes * (missing-connector says so): nothing takes fabrikam.com.
    text = withValue(text, TO_INTERNET_SPACES, ['example.org']);
    assert.equal(
      findingsOf(text, CODE)[0]?.message,
      '\'To Internal Org\' on EDGE01 does not cover fabrikam.com (its address spaces: contoso.com): mail from the internet for it finds no send connector and stays in the Unreachable queue instead of reaching the Mailbox servers. Use "--", which stands for every Authoritative and InternalRelay accepted domain, or add it.',
    );
  });

  describe('a disabled connector that would carry the mail is the cause, on its enabled: false', () => {
    const disabled = (i: number) => withValue(base, ['sendConnectors', i, 'enabled'], false);
    const cases: [string, number, RegExp][] = [
      [
        "the Edge's connector to the organization ('--')",
        1,
        /^'To Internal Org' on EDGE01 is disabled \(enabled: false\), and it is the connector for contoso\.com:/,
      ],
      [
        "the organization's connector to the Edge ('*')",
        2,
        /^'To Edge' is disabled \(enabled: false\), and it is the connector for example\.org:/,
      ],
    ];
    for (const [what, i, message] of cases) {
      it(what, () => {
        const text = disabled(i);
        assert.deepEqual(rangeTexts(text, CODE), ['false']);
        assert.match(findingsOf(text, CODE)[0]?.message ?? '', message);
        assert.deepEqual(findingsOf(applyFix(text, CODE, /^Enable/), CODE), []);
      });
    }

    it("a disabled '--' on a Mailbox-side connector carries nothing: dashdash-placement says why", () => {
      let text = withValue(base, ['sendConnectors', 2, 'addressSpaces'], ['--']);
      text = withValue(text, ['sendConnectors', 2, 'enabled'], false);
      assert.deepEqual(findingsOf(text, CODE), []);
      assert.deepEqual(rangeTexts(text, 'dashdash-placement'), ['"--"']);
    });
  });

  it('leaves a missing connector to missing-connector (one finding per mistake)', () => {
    const text = withValue(base, ['sendConnectors', 0], undefined);
    assert.ok(findingsOf(text, 'missing-connector').length > 0);
    assert.deepEqual(findingsOf(text, CODE), []);
  });
});
