import * as assert from 'node:assert/strict';
import { analyze } from '../../../server/src/core';
import { generateScripts } from '../../../server/src/core/generate/index';
import { bindingEntries, rangeEntries } from '../../../server/src/core/model/receiveConnectorFacts';
import { buildTopology } from '../../../server/src/core/model/topology';
import { TopologyIndex } from '../../../server/src/core/model/topologyIndex';
import { parseDocument } from '../../../server/src/core/parse/parseDocument';
import { readRepoFile } from '../../support/repo';
import { withValue } from '../../support/topology';

const base = readRepoFile('test', 'fixtures', 'base.edgeflow.json');
const ORGANIZATION_FACING = ['receiveConnectors', 1];

const summary = (text: string) =>
  analyze(text).findings.map((f) => `${f.severity} ${f.code}: ${f.message}`);

/**
 * Exchange trims a binding before parsing it, and so does binding-syntax: the
 * mail-path rules, the index and the scripts must read such a value exactly
 * as they read it without the spaces. (Spaces in a remote range get a
 * remote-range-syntax warning instead: Exchange's parser may refuse them.)
 */
describe('bindings and remote ranges, read alike by every part', () => {
  for (const binding of ['10.1.1.2:25 ', ' 10.1.1.2:25', ' 10.1.1.2:25\t']) {
    it(`reads the binding ${JSON.stringify(binding)} as 10.1.1.2:25`, () => {
      const text = withValue(base, [...ORGANIZATION_FACING, 'bindings'], [binding]);
      assert.deepEqual(summary(text), summary(base));
      const analysis = analyze(text);
      const result = generateScripts(analysis, 'base');
      assert.ok(result.ok, 'generated');
      const verify = result.files.map((f) => f.content).join('\n');
      assert.match(
        verify,
        /-HostName 'edge01\.contoso\.net' -ExpectedAddresses @\('10\.1\.1\.2'\)/,
      );
    });
  }

  it('gives the index the bindings and ranges the rules see, defaults included (0.0.0.0:587 for Client)', () => {
    const connectors = [
      { name: 'A', server: 'MBX01', usage: 'Client' },
      { name: 'B', server: 'MBX01', usage: 'Internal' },
      { name: 'C', server: 'EDGE01', default: true, usage: 'Client' },
      { name: 'D', server: 'EDGE01', bindings: ['10.1.1.2:25 ', 'nonsense', '[::]:2525'] },
      { name: 'E', server: 'EDGE01', remoteIPRanges: [' 10.0.0.0/8 ', 'x', '10.1.1.1-10.1.1.9'] },
    ];
    const topology = buildTopology(
      parseDocument(withValue(base, ['receiveConnectors'], connectors)).root,
    );
    const index = new TopologyIndex(topology);
    assert.equal(topology.receiveConnectors.length, connectors.length);
    for (const connector of topology.receiveConnectors) {
      const name = connector.name?.value ?? '';
      assert.deepEqual(
        index.bindingsOf(connector),
        bindingEntries(connector).map((e) => e.binding),
        name,
      );
      assert.deepEqual(
        index.remoteRangesOf(connector),
        rangeEntries(connector).map((e) => e.range),
        name,
      );
    }
    const [client, , defaultClient] = topology.receiveConnectors;
    assert.ok(client && defaultClient);
    assert.equal(index.bindingsOf(client)[0]?.port, 587);
    assert.equal(index.bindingsOf(defaultClient)[0]?.port, 25);
  });
});
