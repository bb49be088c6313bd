import * as assert from 'node:assert/strict';
import { readRepoFile } from '../support/repo';
import { pwshExecutable, runScenario, type Step } from './support/pwsh';
import { configureSteps, describe as describeStep, generateInto } from './support/scenario';

/**
 * A cmdlet that fails mid-script (as Exchange fails when a domain controller
 * is lost) must stop the script at once with a non-zero exit code, on an Edge
 * (local cmdlets) and on a Mailbox server (implicit-remoting proxies, which a
 * script-scope $ErrorActionPreference does not reach: PowerShell#4568).
 */
const pwsh = pwshExecutable();

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
  before(function () {
    if (!pwsh.path) this.skip();
  });

  const generated = () =>
    generateInto(readRepoFile('examples', 'contoso.edgeflow.json'), 'contoso');

  for (const failure of FAILURES) {
    it(`${failure.cmdlet} failing on the ${failure.role} server`, async () => {
      const scripts = generated();
      const [edgeStep, mailboxStep] = configureSteps(scripts, 'run') as [Step, Step];
      // The mailbox script needs the certificate file the Edge script writes.
      const steps: Step[] =
        failure.role === 'Edge'
          ? [{ ...edgeStep, failOn: { cmdlet: failure.cmdlet } }]
          : [edgeStep, { ...mailboxStep, failOn: { cmdlet: failure.cmdlet } }];
      const result = (await runScenario(scripts.world, steps, scripts.directory)).pop();
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
  }
});
