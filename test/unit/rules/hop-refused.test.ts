import * as assert from 'node:assert/strict';
import { analyze } from '../../../server/src/core';
import { cellsOf, verdictOf } from '../../support/flow';
import { readRepoFile } from '../../support/repo';
import { findingsOf, rangeTexts, withAppended, withValue } from '../../support/topology';

const CODE = 'hop-refused';
const base = readRepoFile('test', 'fixtures', 'base.edgeflow.json');
const fixture = (name: string) =>
  readRepoFile('test', 'fixtures', 'rules', CODE, `${name}.edgeflow.json`);
const messageOf = (text: string) => findingsOf(text, CODE)[0]?.message ?? '';

describe(CODE, () => {
  it('accepts the reference design, counting the rights the Edge script grants', () => {
    assert.deepEqual(findingsOf(base, CODE), []);
    assert.equal(verdictOf(base, 'MBX01', 'user@example.org'), 'internet');
  });

  it('refuses Basic authentication that the Edge does not offer', () => {
    const text = fixture('bad-basic-not-offered');
    assert.deepEqual(rangeTexts(text, CODE), ['["Tls", "ExchangeServer"]']);
    assert.match(messageOf(text), /does not offer Basic authentication/);
    assert.equal(verdictOf(text, 'MBX01', 'user@example.org'), 'refused');
  });

  it('refuses Exchange Server authentication between the organization and an Edge without EdgeSync', () => {
    const text = fixture('bad-exchange-server-authentication');
    assert.match(messageOf(text), /needs an Edge Subscription/);
  });

  it('names the missing right of an anonymous session on the organization connector', () => {
    const text = fixture('bad-anonymous-to-organization-connector');
    assert.match(messageOf(text), /\(anonymous\) lacks ms-Exch-SMTP-Submit/);
  });

  it('lists the rights a session has when it lacks one: anonymous relaying through AnonymousUsers', () => {
    let text = withValue(base, ['receiveConnectors', 1, 'permissionGroups'], ['AnonymousUsers']);
    text = withValue(text, ['receiveConnectors', 1, 'authMechanism'], ['Tls']);
    text = withValue(text, ['sendConnectors', 2, 'smartHostAuthMechanism'], 'None');
    text = withValue(text, ['sendConnectors', 2, 'authenticationCredential'], undefined);
    // receive-connectors.md, "Receive connector permission groups": AnonymousUsers grants
    // Submit, Accept-Any-Sender, Accept-Authoritative-Domain-Sender and Accept-Headers-Routing.
    assert.deepEqual(
      findingsOf(text, CODE).map((f) => f.message),
      [
        "'From Internal Org' on EDGE01 refuses the hop MBX01 → EDGE01 (10.1.1.2:25) through 'To Edge', for user@example.org from MBX01: the session (anonymous) lacks ms-Exch-SMTP-Accept-Any-Recipient (the recipient is in no accepted domain, and relaying needs it). Its permission groups (AnonymousUsers) grant it ms-Exch-Accept-Headers-Routing, ms-Exch-SMTP-Accept-Any-Sender, ms-Exch-SMTP-Accept-Authoritative-Domain-Sender, ms-Exch-SMTP-Submit. No permission group gives this session every right the message needs: authenticate the sender differently (for example Basic authentication over TLS, or ExternalAuthoritative on a protected link).",
      ],
    );
  });

  it('reports a port where nothing listens, and accepts it once a connector does', () => {
    const text = fixture('bad-nothing-listens');
    assert.deepEqual(rangeTexts(text, CODE), ['"mbxserver01.contoso.com"']);
    assert.match(
      messageOf(text),
      /no receive connector of MBX01 accepts a connection from 10\.1\.1\.2 to 192\.168\.5\.10:2526/,
    );
    assert.deepEqual(findingsOf(fixture('good-own-port-with-connector'), CODE), []);
  });

  it('knows the built-in Client Frontend on 587: it proxies a Basic logon to Client Proxy', () => {
    // configure-without-edgesync.md: mail from the Edge to port 587 is accepted in the backend.
    const proxied = fixture('good-client-frontend-proxied');
    assert.deepEqual(findingsOf(proxied, CODE), []);
    assert.equal(verdictOf(proxied, 'internet', 'user@contoso.com'), 'delivered');
    const text = fixture('bad-client-frontend-anonymous');
    assert.deepEqual(rangeTexts(text, CODE), ['587']);
    assert.match(messageOf(text), /^The built-in 'Client Frontend MBX01' refuses/);
    assert.match(
      messageOf(text),
      /Adding the permission group AnonymousUsers would let this message through/,
    );
  });

  it('names only permission groups that let the whole message through', () => {
    // Anonymous relay from the organization: AnonymousUsers would give Submit, not relaying.
    const text = fixture('bad-anonymous-to-organization-connector');
    assert.match(messageOf(text), /lacks ms-Exch-SMTP-Submit/);
    assert.match(
      messageOf(text),
      /No permission group gives this session every right the message needs/,
    );
  });

  it('accepts Exchange Server authentication between two Mailbox servers', () => {
    // A smart host inside the organization: Kerberos gives the Exchange Servers principal.
    let text = withValue(base, ['sendConnectors', 2, 'smartHosts'], ['mbxserver02.contoso.com']);
    text = withValue(text, ['sendConnectors', 2, 'sourceTransportServers'], ['MBX01']);
    text = withValue(text, ['sendConnectors', 2, 'smartHostAuthMechanism'], 'ExchangeServer');
    text = withValue(text, ['sendConnectors', 2, 'authenticationCredential'], undefined);
    assert.deepEqual(
      findingsOf(text, CODE).filter((f) => /MBX01 → MBX02/.test(f.message)),
      [],
    );
    const cells = cellsOf(text, 'MBX01', 'user@example.org');
    const arrival = cells[0]?.paths[0]?.hops[1]?.arrival;
    assert.equal(arrival?.authentication, 'Exchange Server authentication');
    assert.equal(arrival?.refused, undefined);
  });

  it('takes the most specific remote range: a narrower connector on the same binding wins', () => {
    // A second Edge connector for MBX01 alone, offering no Basic authentication: MBX01's hop is
    // refused there, MBX02's still goes to 'From Internal Org'.
    let text = withValue(base, ['receiveConnectors', 1, 'remoteIPRanges'], ['192.168.5.0/24']);
    text = withValue(text, ['receiveConnectors', 2], {
      name: 'From MBX01',
      server: 'EDGE01',
      usage: 'Internal',
      authMechanism: ['Tls', 'ExchangeServer'],
      bindings: ['10.1.1.2:25'],
      remoteIPRanges: ['192.168.5.10'],
    });
    assert.equal(verdictOf(text, 'MBX01', 'user@example.org'), 'refused');
    assert.equal(verdictOf(text, 'MBX02', 'user@example.org'), 'internet');
    assert.match(messageOf(text), /'From MBX01' on EDGE01/);
  });

  it('reads IPv6 endpoints: the Edge reaches a Mailbox server by an IPv6 address', () => {
    // The Edge's internal adapter is dual-stack; the Mailbox servers have IPv6 only.
    let text = withValue(
      base,
      ['servers', 0, 'adapters', 1, 'ipAddresses'],
      ['10.1.1.2', 'fd00:1::2'],
    );
    text = withValue(text, ['receiveConnectors', 1, 'bindings'], ['10.1.1.2:25', '[fd00:1::2]:25']);
    text = withValue(text, ['servers', 1, 'ipAddresses'], ['fd00:5::10']);
    text = withValue(text, ['servers', 2, 'ipAddresses'], ['fd00:5::20']);
    text = withValue(text, ['receiveConnectors', 1, 'remoteIPRanges'], ['fd00:5::/64']);
    assert.deepEqual(findingsOf(text, CODE), []);
    assert.equal(verdictOf(text, 'internet', 'user@contoso.com'), 'delivered');
    assert.equal(verdictOf(text, 'MBX01', 'user@example.org'), 'internet');
    // Without the Edge's IPv6 address, the Mailbox servers cannot reach it at all.
    const ipv4Edge = withValue(text, ['servers', 0, 'adapters', 1, 'ipAddresses'], ['10.1.1.2']);
    assert.match(messageOf(ipv4Edge), /has no IPv(4|6) address to connect to/);
  });
});

describe(`${CODE}: the permission groups that would let the message through`, () => {
  const related = (text: string) =>
    (findingsOf(text, CODE)[0]?.related ?? []).map(
      (r) => `${text.slice(r.range.start, r.range.end)}: ${r.message}`,
    );

  it('names the one group an anonymous internet host needs, on the connector that refuses it', () => {
    const text = withValue(base, ['receiveConnectors', 0, 'permissionGroups'], ['ExchangeServers']);
    assert.deepEqual(rangeTexts(text, CODE), ['[\n        "ExchangeServers"\n      ]']);
    assert.match(
      messageOf(text),
      /^'From Internet' on EDGE01 refuses the hop the internet \(hosts in 0\.0\.0\.0-255\.255\.255\.255\) → EDGE01 \(10\.1\.1\.1:25\), for user@contoso\.com: the session \(anonymous\) lacks ms-Exch-SMTP-Submit .*Its permission groups \(ExchangeServers\) grant it no right\. Adding the permission group AnonymousUsers would let this message through; or authenticate the sender differently\.$/,
    );
    // A host has no send connector: only the receiving side is related.
    assert.deepEqual(related(text), [
      '"From Internet": the receive connector that takes the connection',
    ]);
  });

  it('says to replace None (the empty set of groups) rather than to add beside it', () => {
    const text = withValue(base, ['receiveConnectors', 0, 'permissionGroups'], ['None']);
    assert.match(
      messageOf(text),
      /Its permission groups \(None\) grant it no right\. Replacing None with the permission group AnonymousUsers would let this message through/,
    );
  });
});

describe(`${CODE}: TLS that one side requires and the other does not use`, () => {
  const said = (text: string) =>
    findingsOf(text, CODE).map((f) => ({
      at: text.slice(f.range.start, f.range.end).replace(/\s+/g, ' '),
      message: f.message,
      related: (f.related ?? []).map(
        (r) => `${text.slice(r.range.start, r.range.end)}: ${r.message}`,
      ),
    }));
  const RELATED = [
    '"BasicAuthRequireTLS": the sending side of the hop',
    '"From Internal Org": the receive connector that takes the connection',
  ];
  const HOP =
    "The hop MBX01 → EDGE01 (10.1.1.2:25) through 'To Edge', for user@example.org from MBX01 is refused:";

  it('the receive connector requires TLS and the sender ignores STARTTLS: on its mechanisms', () => {
    let text = withValue(base, ['receiveConnectors', 1, 'requireTLS'], true);
    text = withValue(text, ['sendConnectors', 2, 'ignoreSTARTTLS'], true);
    assert.deepEqual(said(text), [
      {
        at: '["Tls", "BasicAuth", "BasicAuthRequireTLS", "ExchangeServer"]',
        message: `${HOP} 'From Internal Org' on EDGE01 requires TLS, and 'To Edge' does not start it.`,
        related: RELATED,
      },
    ]);
  });

  it('the sender requires TLS and the receive connector does not offer it: on its mechanisms', () => {
    let text = withValue(
      base,
      ['receiveConnectors', 1, 'authMechanism'],
      ['BasicAuth', 'ExchangeServer'],
    );
    text = withValue(text, ['sendConnectors', 2, 'requireTLS'], true);
    assert.deepEqual(said(text), [
      {
        at: '[ "BasicAuth", "ExchangeServer" ]',
        message: `${HOP} 'To Edge' requires TLS, and 'From Internal Org' on EDGE01 does not offer STARTTLS (authMechanism without Tls).`,
        related: RELATED,
      },
    ]);
  });
});

describe(`${CODE}: a receive connector whose server misspells the Edge`, () => {
  // unknown-reference corrects 'EDGE1' to 'EDGE01'; until then nothing listens where the
  // Mailbox servers connect, which is that error's consequence, not a second mistake.
  for (const bindings of [['10.1.1.2:25'], ['0.0.0.0:25']]) {
    it(`leaves the refused hop to unknown-reference (bound to ${bindings[0]})`, () => {
      let text = withValue(base, ['receiveConnectors', 1, 'server'], 'EDGE1');
      text = withValue(text, ['receiveConnectors', 1, 'bindings'], bindings);
      assert.equal(verdictOf(text, 'MBX01', 'user@example.org'), 'refused');
      assert.deepEqual(findingsOf(text, CODE), []);
      const errors = (t: string) =>
        analyze(t)
          .findings.filter((f) => f.severity === 'error')
          .map((f) => f.code);
      assert.deepEqual(errors(text), ['unknown-reference']);
      // (Bound to 0.0.0.0, adapter-crossover then warns: a second mistake, of its own.)
      assert.deepEqual(errors(withValue(text, ['receiveConnectors', 1, 'server'], 'EDGE01')), []);
    });
  }

  it('still reports a hop whose sender the misnamed connector would not accept', () => {
    // The Edge's own connector listens on 2525; the misnamed one on 25 takes another subnet.
    let text = withValue(base, ['receiveConnectors', 1, 'bindings'], ['10.1.1.2:2525']);
    text = withAppended(text, ['receiveConnectors'], {
      name: 'From Branch',
      server: 'EDGE1',
      usage: 'Internal',
      bindings: ['10.1.1.2:25'],
      remoteIPRanges: ['192.168.9.0/24'],
    });
    assert.deepEqual(rangeTexts(text, CODE), ['"edge01.contoso.net"']);
  });

  it('still reports a hop that the corrected connector would refuse too', () => {
    // Bound to another port: correcting the name leaves nothing on port 25 of the internal adapter.
    let text = withValue(base, ['receiveConnectors', 1, 'server'], 'EDGE1');
    text = withValue(text, ['receiveConnectors', 1, 'bindings'], ['10.1.1.2:2525']);
    assert.deepEqual(rangeTexts(text, CODE), ['"edge01.contoso.net"']);
  });
});

/**
 * Refusals another rule explains at their root (credential-scope,
 * credential-required) are not reported by default; with reportConsequences
 * they are, and say where and why as any other.
 */
describe(`${CODE}: consequences of another finding`, () => {
  const consequences = (text: string) =>
    analyze(text, { reportConsequences: true })
      .findings.filter((f) => f.code === CODE)
      .map((f) => ({
        target: text.slice(f.range.start, f.range.end),
        related: (f.related ?? []).map(
          (r) => `${text.slice(r.range.start, r.range.end)}: ${r.message}`,
        ),
        message: f.message,
      }));

  it('an Active Directory account logging on to the Edge: on the credential', () => {
    const text = withValue(base, ['sendConnectors', 2, 'authenticationCredential'], 'EdgeToOrg');
    assert.deepEqual(findingsOf(text, CODE), []);
    assert.deepEqual(consequences(text), [
      {
        target: '"EdgeToOrg"',
        related: [
          '"BasicAuthRequireTLS": the sending side of the hop',
          '"From Internal Org": the receive connector that takes the connection',
        ],
        message:
          "The hop MBX01 → EDGE01 (10.1.1.2:25) through 'To Edge', for user@example.org from MBX01 is refused: 'To Edge' logs on to 'From Internal Org' on EDGE01 as 'CONTOSO\\edgerelay', which is no local account of EDGE01: an Edge without EdgeSync is not in the domain and knows only its own accounts.",
      },
    ]);
  });

  it('a local Edge account logging on to a Mailbox server: on the credential', () => {
    const text = withValue(base, ['sendConnectors', 1, 'authenticationCredential'], 'OrgToEdge');
    assert.deepEqual(consequences(text), [
      {
        target: '"OrgToEdge"',
        related: ['"BasicAuthRequireTLS": the sending side of the hop'],
        message:
          "The hop EDGE01 → MBX01 (192.168.5.10:25) through 'To Internal Org' on EDGE01, for user@contoso.com from the internet is refused: 'To Internal Org' logs on to 'Default Frontend MBX01' on MBX01 as 'EDGE01\\mbxrelay', a local account of an Edge, which a server in the domain does not know.",
      },
    ]);
  });

  it('no credential to log on with, at a built-in connector: on how the sender logs on', () => {
    const text = withValue(base, ['sendConnectors', 1, 'authenticationCredential'], undefined);
    assert.deepEqual(consequences(text), [
      {
        target: '"BasicAuthRequireTLS"',
        related: [],
        message:
          "The hop EDGE01 → MBX01 (192.168.5.10:25) through 'To Internal Org' on EDGE01, for user@contoso.com from the internet is refused: 'To Internal Org' has no credential to log on with.",
      },
    ]);
  });
});
