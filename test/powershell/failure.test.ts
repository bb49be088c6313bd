import * as assert from 'node:assert/strict';
import { readRepoFile } from '../support/repo';
import { requirePwsh, runScenarios, type Step, type StepResult } from './support/pwsh';
import { configureSteps, describe as describeStep, generateInto } from './support/scenario';

/**
 * A cmdlet that fails mid-script (as Exchange fails when a domain controller
 * is lost) must stop the script at once with a non-zero exit code, on an Edge
 * (local cmdlets) and on a Mailbox server (implicit-remoting proxies, which a
 * script-scope $ErrorActionPreference does not reach: PowerShell#4568).
 */

/** Each change cmdlet the contoso scripts call, on the server whose script calls it. */
const FAILURES: readonly { cmdlet: string; role: 'Edge' | 'Mailbox' }[] = [
  { cmdlet: 'New-AcceptedDomain', role: 'Edge' },
  { cmdlet: 'New-SendConnector', role: 'Edge' },
  { cmdlet: 'Set-ReceiveConnector', role: 'Edge' },
  { cmdlet: 'New-ReceiveConnector', role: 'Edge' },
  { cmdlet: 'Add-ADPermission', role: 'Edge' },
  { cmdlet: 'New-SendConnector', role: 'Mailbox' },
];

describe('PowerShell: a failing cmdlet stops the script', function () {
  // Every case is a scenario of its own (a fresh world), all run in one PowerShell process.
  let results: (StepResult | undefined)[] = [];
  before(async function () {
    requirePwsh(this);
    const scenarios = FAILURES.map((failure) => {
      const scripts = generateInto(readRepoFile('examples', 'contoso.edgeflow.json'), 'contoso');
      const [edgeStep, mailboxStep] = configureSteps(scripts, 'run') as [Step, Step];
      // The mailbox script needs the certificate file the Edge script writes.
      const steps: Step[] =
        failure.role === 'Edge'
          ? [{ ...edgeStep, failOn: { cmdlet: failure.cmdlet } }]
          : [edgeStep, { ...mailboxStep, failOn: { cmdlet: failure.cmdlet } }];
      return { world: scripts.world, steps, workDirectory: scripts.directory };
    });
    results = (await runScenarios(scenarios)).map((steps) => steps[steps.length - 1]);
  });

  FAILURES.forEach((failure, index) => {
    it(`${failure.cmdlet} failing on the ${failure.role} server`, () => {
      const result = results[index];
      assert.ok(result);
      const failedAt = result.calls.findIndex((c) => c.cmdlet === failure.cmdlet);
      assert.ok(failedAt >= 0, `${failure.cmdlet} was not called\n${describeStep(result)}`);
      assert.notEqual(result.exitCode, 0, describeStep(result));
      assert.deepEqual(
        result.calls.slice(failedAt + 1).map((c) => c.cmdlet),
        [],
        `the script went on after ${failure.cmdlet} failed\n${describeStep(result)}`,
      );
    });
  });
});
