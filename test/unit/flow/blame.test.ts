import * as assert from 'node:assert/strict';
import { analyze } from '../../../server/src/core';
import { sendLabel, serverName, wildcardContest } from '../../../server/src/core/flow/blame';
import { readRepoFile } from '../../support/repo';
import { withAppended, withValue } from '../../support/topology';

/**
 * wildcardContest: how an Edge connector's `*` fares against the other `*`
 * connectors of its server (connector-selection.md: equally specific, then
 * the lowest cost, then the name), in the words no-route and mail-loop use.
 */
const base = readRepoFile('test', 'fixtures', 'base.edgeflow.json');
const TO_INTERNET = ['sendConnectors', 0, 'addressSpaces'];
const TO_ORG = ['sendConnectors', 1, 'addressSpaces'];

function contest(text: string, wins: boolean): string | undefined {
  const { index, topology } = analyze(text);
  const edge = index.edges[0];
  const own = topology.sendConnectors[1];
  assert.ok(edge && own);
  return wildcardContest(index, edge, own, wins);
}

const spaces = (own: string[], rival: string[] = ['*']) =>
  withValue(withValue(base, TO_ORG, own), TO_INTERNET, rival);

describe('wildcardContest (flow/blame)', () => {
  it('an equal cost: a tie decided by the name', () => {
    assert.equal(
      contest(spaces(['*']), true),
      "ties with 'To Internet' on EDGE01 and wins by name",
    );
    assert.equal(
      contest(spaces(['*']), false),
      "ties with 'To Internet' on EDGE01 and loses by name",
    );
    // No cost written is cost 1.
    assert.equal(
      contest(spaces(['*;1'], ['*']), true),
      "ties with 'To Internet' on EDGE01 and wins by name",
    );
  });

  it('a lower cost when it wins, a higher one when it loses, with both costs', () => {
    assert.equal(
      contest(spaces(['*;1'], ['*;5']), true),
      "has a lower cost than 'To Internet' on EDGE01 (1 against 5)",
    );
    assert.equal(
      contest(spaces(['*;5'], ['*;1']), false),
      "has a higher cost than 'To Internet' on EDGE01 (5 against 1)",
    );
    // The rival does not fit what is to be explained: nothing to say.
    assert.equal(contest(spaces(['*;5'], ['*;1']), true), undefined);
    assert.equal(contest(spaces(['*;1'], ['*;5']), false), undefined);
  });

  it("takes the connector's cheapest * and skips a * whose cost is not a number", () => {
    assert.equal(
      contest(spaces(['*;9', '*;2', 'contoso.com;1'], ['*;5']), true),
      "has a lower cost than 'To Internet' on EDGE01 (2 against 5)",
    );
    assert.equal(
      contest(spaces(['*;x', '*;7'], ['*;5']), false),
      "has a higher cost than 'To Internet' on EDGE01 (7 against 5)",
    );
  });

  it('has nothing to say without a * of its own, or without a rival *', () => {
    assert.equal(contest(spaces(['--']), true), undefined);
    assert.equal(contest(spaces(['*'], ['example.org']), true), undefined);
  });

  it('leaves out a disabled rival and a rival without *, and compares with the next', () => {
    let text = spaces(['*;3'], ['*;1']);
    text = withValue(text, ['sendConnectors', 0, 'enabled'], false);
    text = withAppended(text, ['sendConnectors'], {
      name: 'To Partners',
      server: 'EDGE01',
      addressSpaces: ['partner.example'],
      dnsRoutingEnabled: true,
    });
    text = withAppended(text, ['sendConnectors'], {
      name: 'Backup',
      server: 'EDGE01',
      addressSpaces: ['*;8'],
      dnsRoutingEnabled: true,
    });
    assert.equal(contest(text, true), "has a lower cost than 'Backup' on EDGE01 (3 against 8)");
  });
});

describe('names in messages (flow/blame)', () => {
  it('falls back to neutral words for a server or connector without a name', () => {
    assert.equal(serverName(undefined), 'the server');
    const text = withValue(base, ['sendConnectors', 2, 'name'], undefined);
    const { index, topology } = analyze(text);
    const connector = topology.sendConnectors[2];
    assert.ok(connector);
    assert.equal(sendLabel(index, connector), "'the send connector'");
    const edgeConnector = topology.sendConnectors[0];
    assert.ok(edgeConnector);
    assert.equal(sendLabel(index, edgeConnector), "'To Internet' on EDGE01");
  });
});
