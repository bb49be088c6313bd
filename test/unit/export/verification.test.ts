import { defined } from '../../support/exportFixtures';
import * as assert from 'node:assert/strict';
import { analyze } from '../../../server/src/core/analyze';
import {
  driftFromVerification,
  isVerificationOutput,
  readVerificationResults,
} from '../../../server/src/core/drift/verification';
import { applyEdits } from '../../../server/src/core/fix/edits';
import { readRepoFile } from '../../support/repo';

/**
 * The verification scripts' -Json output as drift input: the check names are
 * those verifyScript.ts writes (see test/golden/contoso/contoso.EDGE01.verify.ps1).
 */
const EDGE_OUTPUT = [
  {
    name: 'This computer is the Edge Transport server of this script',
    status: 'PASS',
    expected: 'EDGE01',
    actual: 'EDGE01',
  },
  {
    name: 'Receive connector "EDGE01\\From Internal Org": Bindings',
    status: 'FAIL',
    expected: '10.1.1.2:25',
    actual: '10.1.1.2:2525',
  },
  {
    name: 'Send connector "To Internal Org"',
    status: 'FAIL',
    expected: 'present',
    actual: 'missing',
  },
  {
    name: 'Send connector "Extra" is not in the topology',
    status: 'FAIL',
    expected: 'only the send connectors of the topology',
    actual: "present; if it is not needed, remove it: Remove-SendConnector -Identity 'Extra'",
  },
  {
    name: 'Send connector "To Internet": smart host x, TCP port 25',
    status: 'FAIL',
    expected: 'connection accepted',
    actual: 'no answer within 5 seconds',
  },
  {
    name: 'Send connector "To Internet": Usage',
    status: 'INFO',
    expected: 'Internet',
    actual: 'not readable',
  },
];

describe('drift from verification output', () => {
  const text = readRepoFile('examples', 'contoso.edgeflow.json');

  it('reads the JSON, a bare object too (PowerShell 5.1 prints a one-element array so), and tells it from an export', () => {
    const read = readVerificationResults(`\uFEFF${JSON.stringify(EDGE_OUTPUT)}`, 'verify.json');
    assert.equal(read.results?.length, EDGE_OUTPUT.length);
    assert.equal(
      readVerificationResults(JSON.stringify(EDGE_OUTPUT[1]), 'v.json').results?.length,
      1,
    );
    assert.ok(isVerificationOutput(EDGE_OUTPUT));
    assert.ok(!isVerificationOutput({ format: 'edgeflow-export', version: 1 }));
    assert.match(
      readVerificationResults('[{"name": 1}]', 'v.json').problem ?? '',
      /^v\.json: \$\[0\]: expected "name" and "status" strings$/,
    );
  });

  it('turns each FAIL about the configuration into its drift finding, on the right text', () => {
    const { findings, unmatched } = driftFromVerification(analyze(text), EDGE_OUTPUT);
    assert.deepEqual(
      findings.map((f) => [f.code, text.slice(f.range.start, f.range.end)]),
      [
        ['drift-extra', '"EDGE01"'],
        ['drift-missing', '"To Internal Org"'],
        ['drift-property', '["10.1.1.2:25"]'],
      ],
    );
    assert.match(
      defined(findings[2]).message,
      /Bindings is 10\.1\.1\.2:2525 on the server, 10\.1\.1\.2:25 in the topology/,
    );
    assert.deepEqual(
      unmatched.map((u) => u.name),
      ['Send connector "To Internet": smart host x, TCP port 25'],
    );
  });

  it("takes the server's value from the output", () => {
    const finding = defined(driftFromVerification(analyze(text), EDGE_OUTPUT).findings[2]);
    const take = finding.fixes?.().find((f) => f.title.startsWith("Take the server's value"));
    assert.ok(take);
    const taken = applyEdits(text, take.edits);
    assert.match(taken, /"bindings": \["10\.1\.1\.2:2525"\]/);
    const again = driftFromVerification(analyze(taken), [
      defined(EDGE_OUTPUT[0]),
      { ...defined(EDGE_OUTPUT[1]), status: 'PASS', expected: '10.1.1.2:2525' },
    ]);
    assert.deepEqual(again.findings, []);
  });
});
