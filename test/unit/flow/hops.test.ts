import * as assert from 'node:assert/strict';
import { analyze } from '../../../server/src/core';
import { chooseHop, hopBetween } from '../../../server/src/core/flow/hops';
import { messageOf, recipientClassOf } from '../../../server/src/core/flow/messages';
import { readRepoFile } from '../../support/repo';
import { withAppended, withValue } from '../../support/topology';
import { mailFlow } from '../../../server/src/core/flow/mailFlow';
import { cellsOf } from '../../support/flow';

const base = readRepoFile('test', 'fixtures', 'base.edgeflow.json');

/**
 * The Edge with none of its connectors declared (only its built-in default
 * connector listens, on 0.0.0.0:25, IPv4 only) and an IPv6 address beside
 * each IPv4 one; the Mailbox servers' connector logs on anonymously.
 */
function builtInEdge(): string {
  let text = withValue(base, ['receiveConnectors'], []);
  text = withValue(text, ['servers', 0, 'adapters', 1, 'ipAddresses'], ['10.1.1.2', 'fd00::2']);
  text = withValue(text, ['servers', 1, 'ipAddresses'], ['192.168.5.10', 'fd00::10']);
  text = withValue(text, ['sendConnectors', 2, 'smartHostAuthMechanism'], 'None');
  return withValue(text, ['sendConnectors', 2, 'authenticationCredential'], undefined);
}

describe('hops judged once for several (flow/hops chooseHop)', () => {
  // Each case asks for the shared answer first with one message or family, then with the
  // other: the second must not be taken from the first.
  /**
   * From `hop`'s sender through its connector to its smart host, for each
   * (family, recipient) in turn: refused when shared, when not, and hop by hop.
   */
  function judge(
    order: readonly (readonly [4 | 6, string])[],
    hop = { from: 'MBX01', connector: 'To Edge', to: 'EDGE01', host: 'edge01.contoso.net' },
    text = builtInEdge(),
  ) {
    const { index } = analyze(text);
    const from = index.server(hop.from);
    const to = index.server(hop.to);
    const connector = index.topology.sendConnectors.find((c) => c.name?.value === hop.connector);
    assert.ok(from && to && connector);
    return order.map(([family, recipient]) => {
      const endpoints = index
        .resolve(hop.host)
        .filter((address) => address.family === family)
        .map((address) => ({ address, port: 25 }));
      const message = messageOf(recipientClassOf(index, recipient), true);
      const shared = chooseHop(index, from, connector, to, endpoints, message, true);
      const alone = chooseHop(index, from, connector, to, endpoints, message, false);
      const direct = endpoints.map(
        (e) => hopBetween(index, from, connector, to, e, message).refusal !== undefined,
      );
      return [shared?.refused, alone?.refused, direct.every(Boolean)];
    });
  }

  it('tells a message for an accepted domain from one to relay (the anonymous session may not relay)', () => {
    assert.deepEqual(
      judge([
        [4, 'user@example.org'],
        [4, 'user@contoso.com'],
      ]),
      [
        [true, true, true],
        [false, false, false],
      ],
    );
  });

  it('tells IPv6 from IPv4 (the built-in connector listens on IPv4 only)', () => {
    assert.deepEqual(
      judge([
        [4, 'user@contoso.com'],
        [6, 'user@contoso.com'],
      ]),
      [
        [false, false, false],
        [true, true, true],
      ],
    );
  });

  it('tells IPv6 from IPv4 where the same built-in connectors listen on both', () => {
    // MBX01 listens on 0.0.0.0:25 and [::]:25 alike; the Edge has no IPv6 address to send from.
    const toMailbox = {
      from: 'EDGE01',
      connector: 'To Internal Org',
      to: 'MBX01',
      host: 'mbxserver01.contoso.com',
    };
    assert.deepEqual(
      judge(
        [
          [4, 'user@contoso.com'],
          [6, 'user@contoso.com'],
        ],
        toMailbox,
        withValue(base, ['servers', 1, 'ipAddresses'], ['192.168.5.10', 'fd00::10']),
      ),
      [
        [false, false, false],
        [true, true, true],
      ],
    );
  });
});

describe('two connectors of one server naming the same smart hosts (flow/paths planOf)', () => {
  // "To Partner" names the same Mailbox servers as "To Internal Org", in the same order, but
  // logs on anonymously: the two connectors share how their smart hosts resolve, never a hop.
  const text = withAppended(
    withValue(
      base,
      ['organization', 'acceptedDomains'],
      ['contoso.com', { domainName: 'partner.com', domainType: 'ExternalRelay' }],
    ),
    ['sendConnectors'],
    {
      name: 'To Partner',
      server: 'EDGE01',
      usage: 'Custom',
      addressSpaces: ['partner.com'],
      dnsRoutingEnabled: false,
      smartHosts: ['mbxserver01.contoso.com', 'mbxserver02.contoso.com'],
    },
  );

  /** The hop to each Mailbox server, per recipient, the recipients followed in `order` in one analysis. */
  const firstHops = (order: readonly string[]) => {
    const flow = mailFlow(analyze(text).index);
    const internet = flow.senders().find((s) => s.kind === 'internet');
    assert.ok(internet);
    return order.map((recipient) => {
      const domain = flow.recipients().find((r) => r.domain === recipient);
      assert.ok(domain);
      return flow.cell(internet, domain).paths.map((p) => {
        const hop = p.stops[1]?.hop;
        return `${hop?.connector?.name?.value} -> ${p.stops[1]?.server.name?.value}: ${hop?.session?.authentication.kind}`;
      });
    });
  };

  it('logs on as each connector says, whichever domain is followed first', () => {
    const internalOrg = ['To Internal Org -> MBX01: basic', 'To Internal Org -> MBX02: basic'];
    const partner = ['To Partner -> MBX01: anonymous', 'To Partner -> MBX02: anonymous'];
    assert.deepEqual(firstHops(['contoso.com', 'partner.com']), [internalOrg, partner]);
    assert.deepEqual(firstHops(['partner.com', 'contoso.com']), [partner, internalOrg]);
  });
});

describe("an Edge connector's sourceIPAddress (flow/hops)", () => {
  // A connector on MBX01 for the Edge's internal address only: which address the Edge sends from
  // decides whether its hop lands there or on Default Frontend.
  const forEdge = withAppended(base, ['receiveConnectors'], {
    name: 'From Edge',
    server: 'MBX01',
    transportRole: 'FrontendTransport',
    usage: 'Custom',
    authMechanism: ['Tls', 'BasicAuth', 'BasicAuthRequireTLS'],
    permissionGroups: ['ExchangeServers'],
    bindings: ['0.0.0.0:25'],
    remoteIPRanges: ['10.1.1.2'],
  });
  const arrivalAtMbx01 = (sourceIPAddress: string | undefined) => {
    const text =
      sourceIPAddress === undefined
        ? forEdge
        : withValue(forEdge, ['sendConnectors', 1, 'sourceIPAddress'], sourceIPAddress);
    const [cell] = cellsOf(text, 'internet', 'user@contoso.com');
    const hop = cell?.paths[0]?.hops.find((h) => h.server === 'MBX01');
    return `${hop?.arrival?.from} → ${hop?.arrival?.receiveConnector}`;
  };

  it('sends from its internal adapter by default', () => {
    assert.equal(arrivalAtMbx01(undefined), 'EDGE01 (10.1.1.2) → From Edge');
  });

  it('sends from sourceIPAddress when it is an address of the endpoint family', () => {
    assert.equal(arrivalAtMbx01('10.1.1.1'), 'EDGE01 (10.1.1.1) → Default Frontend MBX01');
  });

  it('reads 0.0.0.0, and an address of the other family, as no choice', () => {
    assert.equal(arrivalAtMbx01('0.0.0.0'), 'EDGE01 (10.1.1.2) → From Edge');
    assert.equal(arrivalAtMbx01('fd00::9'), 'EDGE01 (10.1.1.2) → From Edge');
  });
});

describe('smart hosts that name one endpoint (flow/paths)', () => {
  const paths = (hosts: string[]) => {
    const text = withValue(base, ['sendConnectors', 1, 'smartHosts'], hosts);
    const [cell] = cellsOf(text, 'internet', 'user@contoso.com');
    return (cell?.paths ?? []).map((p) =>
      p.hops
        .map((h) => `${h.server}${h.departure?.smartHost ? `[${h.departure.smartHost}]` : ''}`)
        .join(' > '),
    );
  };

  it('are one path, whether named by FQDN, name or address', () => {
    assert.deepEqual(paths(['mbxserver01.contoso.com', 'MBX01', '192.168.5.10']), [
      'EDGE01[mbxserver01.contoso.com] > MBX01',
    ]);
  });

  it('while two servers are two paths', () => {
    assert.deepEqual(paths(['mbxserver01.contoso.com', 'mbxserver02.contoso.com', 'mbx01']), [
      'EDGE01[mbxserver01.contoso.com] > MBX01',
      'EDGE01[mbxserver02.contoso.com] > MBX02',
    ]);
  });
});
