import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { analyze, exportScript } from '../../server/src/core';
import { exampleNames } from '../support/generation';
import { hostile, topology } from '../support/hostileTopology';
import { readRepoFile } from '../support/repo';
import { exportAll, type ExportRun, type ExportedServerRun } from './support/export';
import { assertDescribes } from './support/exportAssert';
import { requirePwsh, runScenario } from './support/pwsh';
import { describe as describeStep, generateInto, type Generated } from './support/scenario';

/**
 * The export script (issue 19) run on the simulated Exchange: on each Edge
 * (cmdlets local) and on the first Mailbox server (implicit remoting, values
 * deserialized to strings), after the generated scripts configured an empty
 * one. The documents must describe exactly what was configured, be valid
 * JSON whatever the names hold, change nothing, and be the same twice.
 */

function withoutExportedAt(text: string): string {
  return text.replace(/"exportedAt":\s*"[^"]*"/, '"exportedAt": ""');
}

function assertReadOnly(runs: readonly ExportedServerRun[]): void {
  for (const run of runs) {
    const label = `export on ${JSON.stringify(run.server)}`;
    assert.equal(run.result.changed, false, `${label} changed the simulated Exchange`);
    const calls = run.result.calls.map((c) => c.cmdlet);
    assert.ok(calls.length > 0, `${label} read nothing`);
    assert.deepEqual(
      calls.filter((cmdlet) => !cmdlet.startsWith('Get-')),
      [],
      `${label} called a cmdlet that is not Get-*`,
    );
    // On a Mailbox server the shell's preference does not reach the proxies: each call says Stop.
    assert.deepEqual(
      run.result.calls.filter((c) => c.errorAction !== 'Stop').map((c) => c.cmdlet),
      [],
      `${label}: a call without -ErrorAction Stop`,
    );
  }
}

interface Case {
  readonly label: string;
  readonly text: string;
  readonly generated: Generated;
}

function exampleCase(name: string): Case {
  const text = readRepoFile('examples', `${name}.edgeflow.json`);
  return { label: name, text, generated: generateInto(text, name) };
}

describe('PowerShell: the export script describes the simulated servers', function () {
  before(function () {
    requirePwsh(this);
  });

  const cases = [...exampleNames().map(exampleCase)];
  cases.push({
    label: 'hostile names',
    text: topology(hostile),
    generated: generateInto(topology(hostile), 'hostile'),
  });

  for (const { label, text, generated } of cases) {
    describe(label, () => {
      let run: ExportRun & { readonly repeats: readonly (readonly ExportedServerRun[])[] };
      before(async () => {
        run = await exportAll(generated, { repeat: 1 });
        for (const step of run.configured) {
          assert.equal(step.exitCode, 0, describeStep(step));
        }
      });

      it('each Edge and the first Mailbox server: exactly what the scripts configured', () => {
        const analysis = analyze(text);
        assert.deepEqual(
          run.exports.map((e) => e.document.server.role),
          [...generated.edges.map(() => 'Edge'), 'Mailbox'],
        );
        for (const exported of run.exports) assertDescribes(analysis, generated.world, exported);
      });

      it('calls only Get-* cmdlets, each with -ErrorAction Stop, and changes nothing', () => {
        assertReadOnly(run.exports);
      });

      it('writes the same bytes twice, apart from exportedAt', () => {
        const [again] = run.repeats;
        assert.ok(again);
        assert.deepEqual(
          again.map((e) => withoutExportedAt(e.text)),
          run.exports.map((e) => withoutExportedAt(e.text)),
        );
      });
    });
  }

  it('writes <server>.edgeflow-export.json in the current folder without -OutFile', async () => {
    const { generated } = cases[0] ?? exampleCase('contoso');
    const edge = generated.edges[0] ?? '';
    const script = path.join(generated.directory, 'edgeflow-export.ps1');
    fs.writeFileSync(script, exportScript());
    const [result] = await runScenario(
      generated.world,
      [{ name: 'export', server: edge, role: 'Edge', kind: 'script', path: script }],
      generated.directory,
    );
    assert.ok(result);
    assert.equal(result.exitCode, 0, describeStep(result));
    const file = path.join(generated.directory, `${edge}.edgeflow-export.json`);
    assert.ok(fs.existsSync(file), `${file} was not written`);
    assert.equal(
      (JSON.parse(fs.readFileSync(file, 'utf8')) as { server: { name: string } }).server.name,
      edge,
    );
    assert.ok(
      result.output.some((line) => line.includes(file)),
      result.output.join('\n'),
    );
  });
});
