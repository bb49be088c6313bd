import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { exportFiles, defined } from '../support/exportFixtures';
import { REPO_ROOT } from '../support/repo';
import { edgeflow, REFERENCE, temporaryDirectory, write } from './run';

const CONTOSO = exportFiles('contoso');

/** The contoso export with the organization-facing binding changed on EDGE01. */
function drifted(dir: string): string {
  const edge = JSON.parse(fs.readFileSync(defined(CONTOSO[0]), 'utf8')) as {
    receiveConnectors: { properties: Record<string, unknown> }[];
  };
  defined(edge.receiveConnectors[1]).properties['Bindings'] = ['10.1.1.2:2525'];
  return write(dir, 'EDGE01.json', JSON.stringify(edge));
}

describe('edgeflow drift', () => {
  it('exits 0 when the servers match the topology', () => {
    const run = edgeflow(REPO_ROOT, 'drift', 'examples/contoso.edgeflow.json', ...CONTOSO);
    assert.equal(run.status, 0, run.stdout + run.stderr);
    assert.equal(run.stdout, '');
    assert.match(run.stderr, /no problems in 1 file/);
  });

  it('reports each difference compiler-style, on its line, and exits 1', () => {
    const dir = temporaryDirectory();
    write(dir, 'contoso.edgeflow.json', REFERENCE);
    drifted(dir);
    const run = edgeflow(dir, 'drift', 'contoso.edgeflow.json', 'EDGE01.json', defined(CONTOSO[1]));
    assert.equal(run.status, 1);
    const line =
      REFERENCE.split('\n').findIndex((l) => l.includes('"bindings": ["10.1.1.2:25"]')) + 1;
    assert.equal(
      run.stdout,
      `contoso.edgeflow.json:${line}:19: error drift-property: Receive connector "From Internal Org" on EDGE01: Bindings is 10.1.1.2:2525 on the server, 10.1.1.2:25 in the topology.\n`,
    );
  });

  it("prints check's JSON and SARIF, fixes included", () => {
    const dir = temporaryDirectory();
    write(dir, 'contoso.edgeflow.json', REFERENCE);
    drifted(dir);
    const json = edgeflow(dir, 'drift', 'contoso.edgeflow.json', 'EDGE01.json', '--format', 'json');
    assert.equal(json.status, 1);
    const report = JSON.parse(json.stdout) as {
      files: { path: string; diagnostics: { code: string; fixes: { title: string }[] }[] }[];
    };
    assert.equal(report.files[0]?.path, 'contoso.edgeflow.json');
    assert.deepEqual(
      report.files[0]?.diagnostics.map((d) => d.code),
      ['drift-property'],
    );
    assert.deepEqual(
      report.files[0]?.diagnostics[0]?.fixes.map((f) => f.title),
      [
        'Take the server\'s value: bindings ["10.1.1.2:2525"]',
        "Keep the file's bindings: the generated script sets 10.1.1.2:25 on the server when it runs",
      ],
    );
    const sarif = edgeflow(
      dir,
      'drift',
      'contoso.edgeflow.json',
      'EDGE01.json',
      '--format',
      'sarif',
    );
    assert.equal(sarif.status, 1);
    const log = JSON.parse(sarif.stdout) as {
      runs: {
        tool: { driver: { rules: { id: string }[] } };
        results: {
          ruleId: string;
          ruleIndex: number;
          fixes?: { artifactChanges: { replacements: unknown[] }[] }[];
        }[];
      }[];
    };
    const run = defined(log.runs[0]);
    const result = defined(run.results[0]);
    assert.equal(result.ruleId, 'drift-property');
    assert.equal(run.tool.driver.rules[result.ruleIndex]?.id, 'drift-property');
    // Only the fix that edits: a SARIF fix needs a replacement.
    assert.equal(result.fixes?.length, 1);
    assert.ok(
      result.fixes?.every((f) => f.artifactChanges.every((c) => c.replacements.length > 0)),
    );
  });

  it('names the servers it could not compare', () => {
    const run = edgeflow(REPO_ROOT, 'drift', 'examples/contoso.edgeflow.json', defined(CONTOSO[0]));
    assert.equal(run.status, 0);
    assert.match(run.stderr, /edgeflow: not compared \(no export given\): MBX01, MBX02/);
  });

  it('takes verification output too', () => {
    const dir = temporaryDirectory();
    write(dir, 'contoso.edgeflow.json', REFERENCE);
    write(
      dir,
      'verify.json',
      JSON.stringify([
        {
          name: 'This computer is the Edge Transport server of this script',
          status: 'PASS',
          expected: 'EDGE01',
          actual: 'EDGE01',
        },
        {
          name: 'Send connector "To Internet"',
          status: 'FAIL',
          expected: 'present',
          actual: 'missing',
        },
      ]),
    );
    const run = edgeflow(dir, 'drift', 'contoso.edgeflow.json', 'verify.json');
    assert.equal(run.status, 1);
    assert.match(
      run.stdout,
      /error drift-missing: Send connector "To Internet" on EDGE01 is declared/,
    );
  });

  it('exits 2 on a usage problem or a file it cannot read', () => {
    const dir = temporaryDirectory();
    write(dir, 'contoso.edgeflow.json', REFERENCE);
    assert.equal(edgeflow(dir, 'drift', 'contoso.edgeflow.json').status, 2);
    assert.equal(
      edgeflow(dir, 'drift', 'contoso.edgeflow.json', 'x.json', '--format', 'xml').status,
      2,
    );
    const missing = edgeflow(dir, 'drift', 'contoso.edgeflow.json', 'missing.json');
    assert.equal(missing.status, 2);
    assert.match(missing.stderr, /edgeflow: missing\.json: no such file/);
    assert.equal(edgeflow(dir, 'drift', 'nothing.edgeflow.json', defined(CONTOSO[0])).status, 2);
  });
});
