import * as assert from 'node:assert/strict';
import { parse } from 'jsonc-parser';
import { analyze } from '../../../server/src/core';
import { applyFix, assertEveryFixRepairs } from '../../support/fixtures';
import { readRepoFile } from '../../support/repo';
import { findingsOf, rangeTexts, withAppended, withValue } from '../../support/topology';

const CODE = 'smarthost-target';
const base = readRepoFile('test', 'fixtures', 'base.edgeflow.json');
const TO_ORG_HOSTS = ['sendConnectors', 1, 'smartHosts'];
const TO_EDGE_HOSTS = ['sendConnectors', 2, 'smartHosts'];
const EXTERNAL = ['servers', 0, 'adapters', 0];

const toEdgeHosts = (text: string) =>
  (parse(text) as { sendConnectors: { smartHosts: string[] }[] }).sendConnectors[2]?.smartHosts;
const errors = (text: string) => analyze(text).findings.filter((f) => f.severity === 'error');

describe(CODE, () => {
  it('accepts the reference design', () => {
    assert.deepEqual(findingsOf(base, CODE), []);
  });

  describe('Edge → organization', () => {
    it('warns on a smart host that is no known Mailbox server', () => {
      const text = withValue(base, TO_ORG_HOSTS, ['mbxserver01.contoso.com', 'mbx03.contoso.com']);
      assert.deepEqual(rangeTexts(text, CODE), ['"mbx03.contoso.com"']);
      const [finding] = findingsOf(text, CODE);
      assert.equal(finding?.severity, 'warning');
      assert.match(
        finding?.message ?? '',
        /'mbx03\.contoso\.com' of 'To Internal Org' is no known Mailbox server/,
      );
    });

    it('also on an accepted-domain connector, and on an Edge named as the target', () => {
      let text = withValue(base, ['sendConnectors', 1, 'addressSpaces'], ['contoso.com']);
      text = withValue(text, TO_ORG_HOSTS, ['edge01.contoso.net']);
      assert.deepEqual(rangeTexts(text, CODE), ['"edge01.contoso.net"']);
    });

    it("leaves a '--' smart host to dashdash-placement (one diagnostic per mistake)", () => {
      const text = withValue(base, TO_ORG_HOSTS, ['--']);
      assert.deepEqual(findingsOf(text, CODE), []);
      assert.equal(findingsOf(text, 'dashdash-placement').length, 1);
    });

    it('accepts Mailbox servers by name, FQDN in any case, or IP address', () => {
      const text = withValue(base, TO_ORG_HOSTS, [
        'MBX01',
        'MBXSERVER02.Contoso.com.',
        '192.168.5.20',
      ]);
      assert.deepEqual(findingsOf(text, CODE), []);
    });

    it('ignores Edge connectors to other destinations (internet, external-relay domains)', () => {
      let text = withAppended(base, ['organization', 'acceptedDomains'], {
        domainName: 'partner.contoso.com',
        domainType: 'ExternalRelay',
      });
      text = withAppended(text, ['sendConnectors'], {
        name: 'To Partner',
        server: 'EDGE01',
        addressSpaces: ['partner.contoso.com'],
        dnsRoutingEnabled: false,
        smartHosts: ['mx.partner.example'],
      });
      assert.deepEqual(findingsOf(text, CODE), []);
    });
  });

  describe('organization → Edge', () => {
    it('warns on a smart host that is no known Edge beside the Edge', () => {
      const text = withValue(base, TO_EDGE_HOSTS, [
        'edge01.contoso.net',
        'mbxserver01.contoso.com',
      ]);
      assert.deepEqual(rangeTexts(text, CODE), ['"mbxserver01.contoso.com"']);
      assert.match(findingsOf(text, CODE)[0]?.message ?? '', /no known Edge server/);
    });

    it("warns on an Edge address on the internet side and fixes it with the Edge's FQDN", () => {
      const text = withValue(base, TO_EDGE_HOSTS, ['10.1.1.1']);
      assert.deepEqual(rangeTexts(text, CODE), ['"10.1.1.1"']);
      assert.match(
        findingsOf(text, CODE)[0]?.message ?? '',
        /'10\.1\.1\.1' of 'To Edge' reaches EDGE01 on its internet side \(10\.1\.1\.1:25, 'From Internet'\)/,
      );
      const [fixTitle] =
        findingsOf(text, CODE)[0]
          ?.fixes?.()
          .map((f) => `${f.title}:${f.isPreferred}`) ?? [];
      assert.equal(fixTitle, 'Replace with edge01.contoso.net:true');
      const fixed = applyFix(text, CODE, 'Replace with edge01.contoso.net');
      assert.deepEqual(toEdgeHosts(fixed), ['edge01.contoso.net']);
      assert.deepEqual(analyze(fixed).findings, []);
    });

    it('warns when the Edge FQDN resolves to the internet adapter, and offers its internal address', () => {
      const text = withValue(base, [...EXTERNAL, 'dnsNames'], ['edge01.contoso.net']);
      assert.deepEqual(rangeTexts(text, CODE), ['"edge01.contoso.net"']);
      const fixes = findingsOf(text, CODE)[0]?.fixes?.() ?? [];
      assert.deepEqual(
        fixes.map((f) => [f.title, f.isPreferred]),
        [['Replace with 10.1.1.2', false]],
      );
      const fixed = applyFix(text, CODE, 'Replace with 10.1.1.2');
      assert.deepEqual(toEdgeHosts(fixed), ['10.1.1.2']);
      assert.deepEqual(findingsOf(fixed, CODE), []);
      assert.deepEqual(errors(fixed), []);
    });

    it('prefers a name of the internal adapter when the FQDN is on the internet side', () => {
      let text = withValue(base, [...EXTERNAL, 'dnsNames'], ['edge01.contoso.net']);
      text = withValue(text, ['servers', 0, 'adapters', 1, 'dnsNames'], ['edge01-int.contoso.net']);
      const fixed = applyFix(text, CODE, 'Replace with edge01-int.contoso.net');
      assert.deepEqual(toEdgeHosts(fixed), ['edge01-int.contoso.net']);
      assertEveryFixRepairs(text);
    });

    it('removes the internet-side host when the good one is already listed', () => {
      const text = withValue(base, TO_EDGE_HOSTS, ['edge01.contoso.net', '10.1.1.1']);
      const fixed = applyFix(text, CODE, /^Remove '10\.1\.1\.1'/);
      assert.deepEqual(toEdgeHosts(fixed), ['edge01.contoso.net']);
      assert.deepEqual(analyze(fixed).findings, []);
    });

    it('offers no fix that would leave a source outside the organization-facing ranges', () => {
      let text = withValue(base, TO_EDGE_HOSTS, ['10.1.1.1']);
      text = withValue(text, ['receiveConnectors', 1, 'remoteIPRanges'], ['192.168.5.10']);
      assert.equal(findingsOf(text, CODE).length, 1);
      assert.deepEqual(findingsOf(text, CODE)[0]?.fixes?.(), []);
    });

    it('does not warn where an organization-facing connector also listens', () => {
      // The Mailbox servers' ranges are the most specific match on 10.1.1.1:25.
      let text = withValue(base, TO_EDGE_HOSTS, ['10.1.1.1']);
      text = withValue(text, ['receiveConnectors', 1, 'bindings'], ['0.0.0.0:25']);
      assert.deepEqual(findingsOf(text, CODE), []);
    });

    it('warns on the internet adapter whatever the port', () => {
      let text = withValue(base, TO_EDGE_HOSTS, ['10.1.1.1']);
      text = withValue(text, ['sendConnectors', 2, 'port'], 587);
      assert.deepEqual(rangeTexts(text, CODE), ['"10.1.1.1"']);
      // Nothing listens there: the connection is refused, no anonymous connector takes it.
      assert.equal(
        findingsOf(text, CODE)[0]?.message,
        "The smart host '10.1.1.1' of 'To Edge' reaches EDGE01 on its internet side (10.1.1.1:587, where nothing listens): the Mailbox servers' connections would be refused. Name EDGE01 by an address of its internal adapter, where its organization-facing receive connector listens.",
      );
    });

    it('names the connector that would take the connection on the internet side', () => {
      const text = withValue(base, TO_EDGE_HOSTS, ['10.1.1.1']);
      assert.equal(
        findingsOf(text, CODE)[0]?.message,
        "The smart host '10.1.1.1' of 'To Edge' reaches EDGE01 on its internet side (10.1.1.1:25, 'From Internet'): the Mailbox servers would land on the anonymous internet connector, which offers no Basic authentication. Name EDGE01 by an address of its internal adapter, where its organization-facing receive connector listens.",
      );
    });

    it('does not say the internet-side connector lacks Basic authentication when it offers it', () => {
      let text = withValue(base, TO_EDGE_HOSTS, ['10.1.1.1']);
      text = withValue(
        text,
        ['receiveConnectors', 0, 'authMechanism'],
        ['Tls', 'BasicAuth', 'BasicAuthRequireTLS'],
      );
      assert.match(
        findingsOf(text, CODE)[0]?.message ?? '',
        /\(10\.1\.1\.1:25, 'From Internet'\): the Mailbox servers would land on a connector the internet reaches too\. Name EDGE01/,
      );
    });

    it("names the Edge's built-in default connector when the topology declares none", () => {
      const text = withValue(
        withValue(base, TO_EDGE_HOSTS, ['10.1.1.1']),
        ['receiveConnectors', 0],
        undefined,
      );
      assert.match(
        findingsOf(text, CODE)[0]?.message ?? '',
        /on its internet side \(10\.1\.1\.1:25, 'Default internal receive connector EDGE01'\): the Mailbox servers would land on the anonymous internet connector/,
      );
    });

    it('says what is unknown: a Mailbox server towards the organization, an Edge beside Edges', () => {
      const toOrg = withValue(base, TO_ORG_HOSTS, ['mbxserver01.contoso.com', 'mbx9.contoso.com']);
      assert.deepEqual(
        findingsOf(toOrg, CODE).map((f) => f.message),
        [
          "The smart host 'mbx9.contoso.com' of 'To Internal Org' is no known Mailbox server: the Edge delivers inbound mail to the organization through it. Use the FQDN of a Mailbox server declared in \"servers\", or declare it.",
        ],
      );
      const toEdge = withValue(base, TO_EDGE_HOSTS, ['edge01.contoso.net', 'relay.contoso.net']);
      assert.deepEqual(
        findingsOf(toEdge, CODE).map((f) => f.message),
        [
          "The smart host 'relay.contoso.net' of 'To Edge' is no known Edge server, while its other smart hosts are Edges: mail sent through it bypasses the Edge. Use the FQDN of an Edge declared in \"servers\", or declare it.",
        ],
      );
    });

    it('accepts the Edge by name, FQDN in any case, its internal address, IPv6 and dnsNames', () => {
      let text = withValue(
        base,
        ['servers', 0, 'adapters', 1, 'ipAddresses'],
        ['10.1.1.2', 'fd00::2'],
      );
      text = withValue(text, ['servers', 0, 'adapters', 1, 'dnsNames'], ['smtp-in.contoso.net']);
      text = withValue(text, ['receiveConnectors', 1, 'bindings'], ['10.1.1.2:25', '[fd00::2]:25']);
      text = withValue(text, TO_EDGE_HOSTS, [
        'EDGE01',
        'Edge01.Contoso.Net',
        '10.1.1.2',
        'fd00::2',
        'SMTP-IN.contoso.net',
      ]);
      assert.deepEqual(findingsOf(text, CODE), []);
    });

    it('ignores organization connectors that send to no Edge', () => {
      const text = withAppended(base, ['sendConnectors'], {
        name: 'To Partner',
        addressSpaces: ['partner.example'],
        dnsRoutingEnabled: false,
        smartHosts: ['mx.partner.example'],
      });
      assert.deepEqual(findingsOf(text, CODE), []);
    });
  });
});

describe('smarthost-target: IPv6', () => {
  it('names an IPv6 endpoint on the internet side as people write it ([fd00::1]:25)', () => {
    const base = readRepoFile('test', 'fixtures', 'base.edgeflow.json');
    let text = withValue(
      base,
      ['servers', 0, 'adapters', 0, 'ipAddresses'],
      ['10.1.1.1', 'fd00::1'],
    );
    text = withValue(text, ['receiveConnectors', 0, 'bindings'], ['10.1.1.1:25', '[fd00::1]:25']);
    text = withValue(text, ['sendConnectors', 2, 'smartHosts'], ['fd00::1']);
    const messages = findingsOf(text, 'smarthost-target').map((f) => f.message);
    assert.ok(
      messages.some((m) => m.includes('([fd00::1]:25')),
      messages.join('\n'),
    );
  });
});
