import * as assert from 'node:assert/strict';
import { applyFix, assertEveryFixRepairs } from '../../support/fixtures';
import { cellsOf, verdictOf } from '../../support/flow';
import { readRepoFile } from '../../support/repo';
import { findingsOf, rangeTexts, withAppended, withValue } from '../../support/topology';

const CODE = 'mail-loop';
const base = readRepoFile('test', 'fixtures', 'base.edgeflow.json');
const fixture = (name: string) =>
  readRepoFile('test', 'fixtures', 'rules', CODE, `${name}.edgeflow.json`);
const wildcard = fixture('bad-wildcard-instead-of-dashdash');
const internalRelay = fixture('bad-internal-relay-without-connector');

describe(CODE, () => {
  it('accepts the reference design', () => {
    assert.deepEqual(findingsOf(base, CODE), []);
  });

  it("reports '*' on the Edge's connector to the organization once, whichever server sends", () => {
    assert.deepEqual(rangeTexts(wildcard, CODE), ['"*"']);
    const message = findingsOf(wildcard, CODE)[0]?.message ?? '';
    assert.match(message, /ties with 'To Internet' on EDGE01 and wins by name/);
    assert.match(message, /a loop \(MBX0[12] → EDGE01 → MBX0[12]\)/);
    for (const server of ['MBX01', 'MBX02'])
      assert.equal(verdictOf(wildcard, server, 'user@example.org'), 'loop', server);
  });

  it("replaces the address spaces with '--': mail goes out again and comes in", () => {
    assert.equal(assertEveryFixRepairs(wildcard), 1);
    const fixed = applyFix(wildcard, CODE, /with --$/);
    assert.deepEqual(findingsOf(fixed, CODE), []);
    assert.equal(verdictOf(fixed, 'MBX01', 'user@example.org'), 'internet');
    assert.equal(verdictOf(fixed, 'internet', 'user@contoso.com'), 'delivered');
  });

  it('sees the same loop from each Mailbox server, whatever the order of the analysis', () => {
    // The model keeps what follows a server once per message; a loop found from one server must
    // not be kept as the other's path.
    for (const server of ['MBX02', 'MBX01']) {
      const [cell] = cellsOf(wildcard, server, 'user@example.org');
      const hops = cell?.paths[0]?.hops.map((h) => h.server) ?? [];
      assert.equal(hops[0], server);
      assert.equal(hops[1], 'EDGE01');
      assert.ok(hops.length >= 3, `${server}: ${hops.join(' → ')}`);
    }
  });

  it('reports an InternalRelay domain without a connector of its own on the domain', () => {
    assert.deepEqual(rangeTexts(internalRelay, CODE), ['"contoso.com"']);
    assert.match(findingsOf(internalRelay, CODE)[0]?.message ?? '', /InternalRelay domain/);
    assert.deepEqual(findingsOf(fixture('good-internal-relay-with-connector'), CODE), []);
  });

  it('does not call a cost that sends outbound mail to the organization a route to the internet', () => {
    // 'To Internal Org' with '*' and a lower cost than the internet connector: it wins by cost.
    let text = withValue(base, ['sendConnectors', 1, 'addressSpaces'], ['*;1']);
    text = withValue(text, ['sendConnectors', 0, 'addressSpaces'], ['*;5']);
    assert.deepEqual(rangeTexts(text, CODE), ['"*;1"']);
    assert.match(
      findingsOf(text, CODE)[0]?.message ?? '',
      /has a lower cost than 'To Internet' on EDGE01 \(1 against 5\)/,
    );
  });

  describe("the Edge's connector to the organization: why it wins, and when '--' repairs it", () => {
    const edgeSpaces = (spaces: string[]) =>
      withValue(wildcard, ['sendConnectors', 1, 'addressSpaces'], spaces);
    const fixTitles = (text: string) =>
      findingsOf(text, CODE).map((f) => (f.fixes?.() ?? []).map((x) => x.title));

    it("explains a domain's loop by that address space, not by the '*' beside it", () => {
      // fabrikam.com is no accepted domain: the Edge sends it inside because that address space
      // is more specific than the internet connector's *, not because of its own *.
      const text = edgeSpaces(['*', 'fabrikam.com']);
      const messages = new Map(
        findingsOf(text, CODE).map((f) => [text.slice(f.range.start, f.range.end), f.message]),
      );
      assert.deepEqual([...messages.keys()], ['"*"', '"fabrikam.com"']);
      assert.match(
        messages.get('"*"') ?? '',
        /because its address space \* ties with 'To Internet'/,
      );
      assert.doesNotMatch(messages.get('"fabrikam.com"') ?? '', /because its address space \*/);
      assert.match(
        messages.get('"fabrikam.com"') ?? '',
        /sends mail for user@fabrikam.com to the Mailbox servers, and they/,
      );
    });

    it("offers '--' only when every address space is *, -- or an accepted domain", () => {
      assert.deepEqual(fixTitles(edgeSpaces(['contoso.com', '*'])), [
        ["Replace the address spaces of 'To Internal Org' on EDGE01 with --"],
      ]);
      // Written with its type and cost, * is still *.
      assert.deepEqual(fixTitles(edgeSpaces(['SMTP:*;1'])), [
        ["Replace the address spaces of 'To Internal Org' on EDGE01 with --"],
      ]);
      // A domain outside the organization: '--' would drop it, which may be the partner route.
      assert.deepEqual(fixTitles(edgeSpaces(['*', 'fabrikam.com'])), [[], []]);
    });

    it("offers nothing when every accepted domain is ExternalRelay ('--' would cover none)", () => {
      const text = withValue(
        wildcard,
        ['organization', 'acceptedDomains'],
        [{ domainName: 'contoso.com', domainType: 'ExternalRelay' }],
      );
      assert.match(findingsOf(text, CODE)[0]?.message ?? '', /\(EDGE01 → MBX0[12] → EDGE01\)/);
      assert.deepEqual(fixTitles(text), [[]]);
    });

    it('leaves the loop to an error inside the connector that causes it', () => {
      const text = withValue(wildcard, ['sendConnectors', 1, 'port'], 99999);
      assert.deepEqual(findingsOf(text, CODE), []);
      assert.deepEqual(
        findingsOf(text, 'schema').map((f) => f.message),
        ["'port' must be <= 65535. For example: 25."],
      );
    });
  });

  it('names the connector that sends mail back, for a loop between Mailbox servers', () => {
    // 'To Edge', sourced on MBX01 only, sends to MBX02, which hands it back to MBX01 to send.
    let text = withValue(base, ['sendConnectors', 2, 'smartHosts'], ['mbxserver02.contoso.com']);
    text = withValue(text, ['sendConnectors', 2, 'sourceTransportServers'], ['MBX01']);
    text = withValue(
      text,
      ['sendConnectors', 2, 'smartHostAuthMechanism'],
      'ExternalAuthoritative',
    );
    text = withValue(text, ['sendConnectors', 2, 'authenticationCredential'], undefined);
    text = withAppended(text, ['receiveConnectors'], {
      name: 'From MBX01',
      server: 'MBX02',
      transportRole: 'FrontendTransport',
      usage: 'Custom',
      authMechanism: ['Tls', 'ExternalAuthoritative'],
      permissionGroups: ['ExchangeServers'],
      linkProtection: 'ipsec',
      bindings: ['0.0.0.0:25'],
      remoteIPRanges: ['192.168.5.10'],
    });
    assert.deepEqual(rangeTexts(text, CODE), ['"*"']);
    assert.equal(
      findingsOf(text, CODE)[0]?.message,
      "Mail for user@example.org loops (MBX01 → MBX02 → MBX01 → MBX02): 'To Edge' sends it (address space *) back towards a server it came from. Give the connector that should carry it a more specific address space.",
    );
  });
});
