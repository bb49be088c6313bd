import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { analyze } from '../../../server/src/core';
import { BUILT_IN_RECEIVE_CONNECTORS } from '../../../server/src/core/model/builtInReceiveConnectors';
import { builtInMask, listenersAt } from '../../../server/src/core/flow/receivers';
import { exampleNames } from '../../support/generation';
import { readRepoFile, repoPath } from '../../support/repo';
import { withValue } from '../../support/topology';

/**
 * builtInMask answers for a server that declares no receive connector
 * without making its points. Its answer must be the one its listeners give
 * (every built-in connector listening there, as computePoints makes them),
 * at every address of every server and on every port a built-in connector
 * uses, on every example and rule fixture and on designs made for it.
 */
const PORTS = [...new Set(BUILT_IN_RECEIVE_CONNECTORS.map((c) => c.port)), 2526];

function disagreements(text: string): string[] {
  const index = analyze(text).index;
  const wrong: string[] = [];
  for (const server of index.topology.servers) {
    if (index.receiveConnectorsOn(server).length > 0) continue;
    for (const address of index.addressesOf(server)) {
      for (const port of PORTS) {
        const endpoint = { address, port };
        let expected = 0;
        for (const { point } of listenersAt(index, server, endpoint)) {
          assert.ok(point.builtIn, 'a server without declared connectors has only built-in ones');
          expected |= 1 << BUILT_IN_RECEIVE_CONNECTORS.indexOf(point.builtIn);
        }
        const actual = builtInMask(index, server, endpoint);
        if (actual !== expected)
          wrong.push(`${server.name?.value} ${address.canonical}:${port}: ${actual} ≠ ${expected}`);
      }
    }
  }
  return wrong;
}

const base = readRepoFile('test', 'fixtures', 'base.edgeflow.json');

describe('the built-in connectors listening where nothing is declared (flow/receivers builtInMask)', () => {
  it('agree with the listeners on every example and rule fixture', () => {
    const texts = exampleNames().map((e) => readRepoFile('examples', `${e}.edgeflow.json`));
    const root = repoPath('test', 'fixtures', 'rules');
    for (const code of fs.readdirSync(root))
      for (const file of fs.readdirSync(path.join(root, code)))
        if (file.endsWith('.edgeflow.json'))
          texts.push(fs.readFileSync(path.join(root, code, file), 'utf8'));
    assert.deepEqual(texts.flatMap(disagreements), []);
  });

  it('agree on IPv6, where some built-in connectors do not listen', () => {
    const text = withValue(base, ['servers', 1, 'ipAddresses'], ['192.168.5.10', 'fd00::10']);
    assert.deepEqual(disagreements(text), []);
    const index = analyze(text).index;
    const mbx01 = index.server('MBX01');
    const v6 = mbx01 && index.addressesOf(mbx01).find((a) => a.family === 6);
    assert.ok(mbx01 && v6);
    // Something listens on port 25 over IPv6 (Default Frontend), and the mask says which.
    assert.notEqual(builtInMask(index, mbx01, { address: v6, port: 25 }), 0);
  });

  it('agree on an Edge that declares nothing, over IPv6 too, and on a server without a name', () => {
    // The Edge's built-in connector listens on IPv4 only.
    let text = withValue(base, ['receiveConnectors'], []);
    text = withValue(text, ['servers', 0, 'adapters', 1, 'ipAddresses'], ['10.1.1.2', 'fd00::2']);
    text = withValue(text, ['servers', 2, 'name'], undefined);
    assert.deepEqual(disagreements(text), []);
  });
});
