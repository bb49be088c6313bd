import * as assert from 'node:assert/strict';
import { analyze } from '../../../server/src/core';
import { edgeGrants, localAccountOn, RELAY_RIGHTS } from '../../../server/src/core/flow/grants';
import { readRepoFile } from '../../support/repo';
import { withValue } from '../../support/topology';

const base = readRepoFile('test', 'fixtures', 'base.edgeflow.json');

function grantsOf(text: string) {
  const { index } = analyze(text);
  return edgeGrants(index).map((g) => ({
    edge: g.edge.name?.value,
    connector: g.connector.name?.value,
    account: g.account,
    credential: g.credential.name?.value,
    sendConnectors: g.sendConnectors.map((c) => c.name?.value),
  }));
}

describe('the rights the Edge script grants (flow/grants)', () => {
  it('grants the local account of the reference design on the organization-facing connector', () => {
    assert.deepEqual(grantsOf(base), [
      {
        edge: 'EDGE01',
        connector: 'From Internal Org',
        account: 'EDGE01\\mbxrelay',
        credential: 'OrgToEdge',
        sendConnectors: ['To Edge'],
      },
    ]);
  });

  it('grants the rights an Exchange server would use to send out, and only those', () => {
    assert.deepEqual([...RELAY_RIGHTS].sort(), [
      'ms-Exch-Accept-Headers-Routing',
      'ms-Exch-Bypass-Anti-Spam',
      'ms-Exch-SMTP-Accept-Any-Recipient',
      'ms-Exch-SMTP-Accept-Any-Sender',
      'ms-Exch-SMTP-Accept-Authoritative-Domain-Sender',
      'ms-Exch-SMTP-Submit',
    ]);
  });

  it('names the account on each Edge when the user name has no prefix (several Edges)', () => {
    const text = readRepoFile('examples', 'two-edges.edgeflow.json');
    assert.deepEqual(
      grantsOf(text).map((g) => [g.edge, g.connector, g.account]),
      [
        ['EDGE01', 'From Internal Org', 'EDGE01\\mbxrelay'],
        ['EDGE02', 'From Internal Org', 'EDGE02\\mbxrelay'],
      ],
    );
  });

  it('grants nothing for Externally Secured designs, which log on with no account', () => {
    assert.deepEqual(grantsOf(readRepoFile('examples', 'externally-secured.edgeflow.json')), []);
  });

  it('grants nothing to an Active Directory account, which cannot log on to an Edge', () => {
    const text = withValue(base, ['credentials', 1, 'scope'], 'activeDirectory');
    assert.deepEqual(grantsOf(text), []);
  });

  it('grants nothing where the connection lands on a connector without Basic authentication', () => {
    const text = withValue(
      base,
      ['receiveConnectors', 1, 'authMechanism'],
      ['Tls', 'ExchangeServer'],
    );
    assert.deepEqual(grantsOf(text), []);
  });

  it('grants nothing for a disabled organization connector', () => {
    const text = withValue(base, ['sendConnectors', 2, 'enabled'], false);
    assert.deepEqual(grantsOf(text), []);
  });

  describe('localAccountOn', () => {
    // Analysed in each test rather than once as the file loads: a mutation run
    // (npm run mutate) then sees which tests run the analysis.
    const edge = () => {
      const first = analyze(base).index.edges[0];
      assert.ok(first);
      return first;
    };
    const credential = (userName: string, scope = 'edgeLocal') =>
      ({
        userName: { value: userName },
        scope: { value: scope },
      }) as Parameters<typeof localAccountOn>[0];
    for (const [userName, expected] of [
      ['mbxrelay', 'EDGE01\\mbxrelay'],
      ['EDGE01\\mbxrelay', 'EDGE01\\mbxrelay'],
      ['edge01\\mbxrelay', 'EDGE01\\mbxrelay'],
      ['.\\mbxrelay', 'EDGE01\\mbxrelay'],
      ['EDGE02\\mbxrelay', undefined],
      ['mbxrelay@contoso.com', undefined],
      ['EDGE01\\', undefined],
    ] as const) {
      it(`${JSON.stringify(userName)} → ${String(expected)}`, () => {
        assert.equal(localAccountOn(credential(userName), edge()), expected);
      });
    }
    it('an activeDirectory account is no local account', () => {
      assert.equal(localAccountOn(credential('mbxrelay', 'activeDirectory'), edge()), undefined);
    });
  });
});
