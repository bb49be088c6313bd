import * as assert from 'node:assert/strict';
import { applyFix, assertEveryFixRepairs } from '../../support/fixtures';
import { verdictOf } from '../../support/flow';
import { readRepoFile } from '../../support/repo';
import { findingsOf, rangeTexts, withAppended, withValue } from '../../support/topology';

const CODE = 'internal-relay';
const base = readRepoFile('test', 'fixtures', 'base.edgeflow.json');
const fixture = (name: string) =>
  readRepoFile('test', 'fixtures', 'rules', CODE, `${name}.edgeflow.json`);
const edgeSubnet = fixture('bad-subnet-on-organization-connector');
const mailboxSubnet = fixture('bad-mailbox-subnet');
const targets = (text: string) => rangeTexts(text, CODE).map((t) => JSON.parse(t) as unknown);
const RESTRICT = /^Restrict the remote IP ranges to the declared servers/;

describe(CODE, () => {
  it('accepts the reference design: internal hosts reach the accepted domain only', () => {
    assert.deepEqual(findingsOf(base, CODE), []);
    assert.equal(verdictOf(base, 'internal', 'user@example.org'), 'refused');
  });

  it("warns on the Edge's Externally Secured organization connector open to a /16", () => {
    const [finding] = findingsOf(edgeSubnet, CODE);
    assert.equal(finding?.severity, 'warning');
    assert.deepEqual(targets(edgeSubnet), [['192.168.0.0/16']]);
    assert.match(finding?.message ?? '', /'From Internal Org' on EDGE01 lets internal hosts relay/);
    assert.match(finding?.message ?? '', /for example 192\.168\.0\.1/);
    assert.equal(verdictOf(edgeSubnet, 'internal', 'user@example.org'), 'internet');
  });

  it('warns on a Mailbox connector open to 10.0.0.0/8: the mail goes on through the Edge', () => {
    assert.deepEqual(targets(mailboxSubnet), [['10.0.0.0/8']]);
    assert.match(
      findingsOf(mailboxSubnet, CODE)[0]?.message ?? '',
      /on MBX01 lets internal hosts relay/,
    );
  });

  it('restricts the ranges to the declared servers they hold, and the relay is gone', () => {
    for (const text of [edgeSubnet, mailboxSubnet]) {
      assert.ok(assertEveryFixRepairs(text) > 0);
      const fixed = applyFix(text, CODE, RESTRICT);
      assert.deepEqual(findingsOf(fixed, CODE), []);
      assert.equal(verdictOf(fixed, 'internal', 'user@example.org'), 'refused');
    }
    const fixed = applyFix(edgeSubnet, CODE, RESTRICT);
    assert.match(fixed, /"remoteIPRanges": \["192\.168\.5\.10", "192\.168\.5\.20"\]/);
    assert.equal(verdictOf(fixed, 'MBX01', 'user@example.org'), 'internet');
  });

  it('reads a start-end range and an address(mask) as the subnet they are', () => {
    const ranges = ['192.168.5.0-192.168.5.255', '192.168.5.0(255.255.255.0)'];
    for (const range of ranges) {
      const text = withValue(edgeSubnet, ['receiveConnectors', 1, 'remoteIPRanges'], [range]);
      assert.deepEqual(targets(text), [[range]], range);
    }
  });

  it('accepts ranges that hold only declared servers, in any notation', () => {
    for (const ranges of [
      ['192.168.5.10', '192.168.5.20'],
      ['192.168.5.10-192.168.5.10', '192.168.5.20/32'],
    ]) {
      const text = withValue(edgeSubnet, ['receiveConnectors', 1, 'remoteIPRanges'], ranges);
      assert.deepEqual(findingsOf(text, CODE), [], ranges.join(', '));
    }
  });

  it('warns for IPv6 subnets too', () => {
    let text = withValue(
      edgeSubnet,
      ['servers', 0, 'adapters', 1, 'ipAddresses'],
      ['10.1.1.2', 'fd00:1::2'],
    );
    text = withValue(text, ['receiveConnectors', 1, 'bindings'], ['10.1.1.2:25', '[fd00:1::2]:25']);
    text = withValue(
      text,
      ['receiveConnectors', 1, 'remoteIPRanges'],
      ['192.168.5.10', '192.168.5.20', 'fd00::/16'],
    );
    assert.deepEqual(targets(text), [['192.168.5.10', '192.168.5.20', 'fd00::/16']]);
    assert.match(findingsOf(text, CODE)[0]?.message ?? '', /fd00:/);
  });

  it('can be suppressed where a relay for application hosts is meant', () => {
    const text = edgeSubnet.replace(
      '"remoteIPRanges": ["192.168.0.0/16"]',
      '// edgeflow-disable-next-line internal-relay -- the scanners relay on purpose\n      "remoteIPRanges": ["192.168.0.0/16"]',
    );
    assert.notEqual(text, edgeSubnet);
    assert.deepEqual(findingsOf(text, CODE), []);
  });

  describe('says which hosts, as whom, where their mail goes, and what to restrict', () => {
    const TAIL =
      "are received as Externally Secured (ExternalAuthoritative), which grants ms-Exch-SMTP-Accept-Any-Recipient, so a message for user@example.org is accepted and 'To Internet' on EDGE01 sends it to the internet.";

    it('with the declared servers the ranges hold, offered as the restriction', () => {
      assert.deepEqual(
        findingsOf(edgeSubnet, CODE).map((f) => f.message),
        [
          `'From Internal Org' on EDGE01 lets internal hosts relay: hosts in 192.168.0.0/16 that are no declared server (for example 192.168.0.1) ${TAIL} If only the declared servers (192.168.5.10, 192.168.5.20) should use it, restrict the remote IP ranges to them; if application hosts must relay, list only their addresses beside those of the servers the connector is for.`,
        ],
      );
    });

    it('for ranges that hold no declared server: every range and an example of each, no fix', () => {
      const text = withAppended(base, ['receiveConnectors'], {
        name: 'Apps',
        server: 'EDGE01',
        usage: 'Custom',
        authMechanism: ['Tls', 'ExternalAuthoritative'],
        permissionGroups: ['ExchangeServers'],
        linkProtection: 'ipsec',
        bindings: ['10.1.1.2:25'],
        remoteIPRanges: ['10.50.0.0/16', '10.60.0.0/16'],
      });
      const findings = findingsOf(text, CODE);
      assert.deepEqual(
        findings.map((f) => f.message),
        [
          `'Apps' on EDGE01 lets internal hosts relay: hosts in 10.50.0.0/16, 10.60.0.0/16 that are no declared server (for example 10.50.0.1, 10.60.0.1) ${TAIL} If application hosts must relay, list only their addresses beside those of the servers the connector is for.`,
        ],
      );
      assert.deepEqual(findings[0]?.fixes?.() ?? [], []);
    });
  });
});
