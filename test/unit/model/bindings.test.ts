import * as assert from 'node:assert/strict';
import { analyze } from '../../../server/src/core';
import { generateScripts } from '../../../server/src/core/generate/index';
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
      // The Edge's verification checks that the binding is one of its addresses, trimmed.
      assert.match(
        verify,
        /binding 10\.1\.1\.2:25 is an address of this server' -Object \(Get-NetIPAddress -ErrorAction SilentlyContinue \| Where-Object \{ \(ConvertTo-EdgeFlowKey -Kind 'address' -Item \$_\.IPAddress\) -eq \(ConvertTo-EdgeFlowKey -Kind 'address' -Item '10\.1\.1\.2'\) \}/,
      );
    });
  }

  it('fills in what Exchange uses when none are declared: 0.0.0.0:587 for Client, else 0.0.0.0:25; all of IPv4', () => {
    const connectors = [
      { name: 'A', server: 'MBX01', usage: 'Client' },
      { name: 'B', server: 'MBX01', usage: 'Internal' },
      { name: 'C', server: 'EDGE01', default: true, usage: 'Client' },
    ];
    const topology = buildTopology(
      parseDocument(withValue(base, ['receiveConnectors'], connectors)).root,
    );
    const index = new TopologyIndex(topology);
    assert.deepEqual(
      topology.receiveConnectors.map((c) => index.bindingEntriesOf(c).map((e) => e.text)),
      [['0.0.0.0:587'], ['0.0.0.0:25'], ['0.0.0.0:25']],
    );
    assert.deepEqual(
      topology.receiveConnectors.map((c) => index.rangeEntriesOf(c).map((e) => e.text)),
      [['0.0.0.0-255.255.255.255'], ['0.0.0.0-255.255.255.255'], ['0.0.0.0-255.255.255.255']],
    );
  });
});
