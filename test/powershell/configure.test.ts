import * as assert from 'node:assert/strict';
import { exampleNames } from '../support/generation';
import { readRepoFile } from '../support/repo';
import { requirePwsh, runScenarios, type StepResult } from './support/pwsh';
import {
  checksOf,
  configureSteps,
  describe as describeStep,
  generateInto,
  verifySteps,
} from './support/scenario';

/**
 * Every example's scripts, run in a real PowerShell 7 against the simulated
 * Exchange (test/powershell/simulation/): configure, verify (all PASS),
 * configure again (no New-*, no change), verify again. One PowerShell process
 * per example.
 */

describe('PowerShell: the examples configure, re-run and verify', function () {
  const examples = exampleNames();
  // One scenario (a fresh world) per example, all in one PowerShell process.
  let outcomes: StepResult[][] = [];
  before(async function () {
    requirePwsh(this);
    outcomes = await runScenarios(
      examples.map((example) => {
        const generated = generateInto(
          readRepoFile('examples', `${example}.edgeflow.json`),
          example,
        );
        return {
          world: generated.world,
          workDirectory: generated.directory,
          steps: [
            ...configureSteps(generated, 'first run'),
            ...verifySteps(generated, 'verify'),
            ...configureSteps(generated, 'second run'),
            ...verifySteps(generated, 'verify again'),
            ...verifySteps(generated, 'text report', true),
          ],
        };
      }),
    );
  });

  examples.forEach((example, index) => {
    it(example, () => {
      const results = outcomes[index] ?? [];
      assert.ok(results.length > 0, 'no result');
      for (const result of results) {
        assert.equal(result.exitCode, 0, describeStep(result));
        assert.deepEqual(result.errors, [], describeStep(result));
      }
      for (const result of results.filter((r) => r.name.startsWith('verify'))) {
        const checks = checksOf(result);
        assert.ok(checks.length > 0, describeStep(result));
        const failed = checks.filter((c) => c.status === 'FAIL');
        assert.deepEqual(failed, [], describeStep(result));
      }
      // -Json lists every check the text report counts.
      for (const text of results.filter((r) => r.name.startsWith('text report'))) {
        const json = results.find(
          (r) => r.name === text.name.replace('text report', 'verify again'),
        );
        assert.ok(json, text.name);
        const summary = /^(\d+) checks: (\d+) passed, 0 failed/.exec(
          text.output[text.output.length - 1] ?? '',
        );
        assert.ok(summary, describeStep(text));
        assert.equal(Number(summary[1]), checksOf(json).length, text.name);
        assert.equal(
          text.output.length - 1,
          checksOf(json).length,
          `${text.name}: one line per check`,
        );
      }
      for (const result of results.filter((r) => r.name.startsWith('second run'))) {
        const created = result.calls.filter((c) => c.cmdlet.startsWith('New-'));
        assert.deepEqual(created, [], describeStep(result));
        assert.equal(result.changed, false, `${result.name} changed the simulated state`);
      }
      for (const result of results.filter((r) => r.name.startsWith('first run')))
        assert.equal(result.changed, true, `${result.name} changed nothing`);
    });
  });
});
