import * as assert from 'node:assert/strict';
import { exampleNames } from '../support/generation';
import { readRepoFile } from '../support/repo';
import { requirePwsh, runScenario, runScenarios, type StepResult } from './support/pwsh';
import { configureSteps, describe as describeStep, generateInto } from './support/scenario';

/**
 * -WhatIf changes nothing and asks for no password, on an empty and on a
 * configured server; under -Confirm the script asks once per change, and the
 * Exchange cmdlet it then calls does not ask again.
 */

const CHANGES = /^(New|Set|Add)-/;

function assertNothingHappened(result: StepResult): void {
  assert.equal(result.exitCode, 0, describeStep(result));
  assert.deepEqual(result.errors, [], describeStep(result));
  assert.equal(result.changed, false, `${result.name} changed the simulated state`);
  assert.equal(result.credentialPrompts, 0, `${result.name} asked for a password`);
  assert.deepEqual(
    result.calls.filter((c) => CHANGES.test(c.cmdlet)).map((c) => c.cmdlet),
    [],
    `${result.name} called a cmdlet that changes something`,
  );
}

describe('PowerShell: -WhatIf and -Confirm', function () {
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
            ...configureSteps(generated, 'what if, empty', { WhatIf: true }),
            ...configureSteps(generated, 'configure'),
            ...configureSteps(generated, 'what if, configured', { WhatIf: true }),
          ],
        };
      }),
    );
  });

  examples.forEach((example, index) => {
    it(`${example}: -WhatIf on empty servers, then on configured ones`, () => {
      const results = outcomes[index] ?? [];
      assert.ok(results.length > 0, 'no result');
      for (const result of results.filter((r) => r.name.startsWith('what if')))
        assertNothingHappened(result);
      for (const result of results.filter((r) => r.name.startsWith('configure')))
        assert.equal(result.exitCode, 0, describeStep(result));
    });
  });

  it('contoso: under -Confirm, each change is asked for once', async () => {
    const generated = generateInto(readRepoFile('examples', 'contoso.edgeflow.json'), 'contoso');
    const steps = configureSteps(generated, 'confirm', { Confirm: true });
    // "A" (Yes to All) answers the script's own first prompt, as an administrator would.
    const results = await runScenario(generated.world, steps, generated.directory, {
      answers: 'A\nA\nA\nA\n',
    });
    for (const result of results) {
      assert.equal(result.exitCode, 0, describeStep(result));
      assert.equal(result.changed, true, `${result.name} changed nothing`);
      assert.deepEqual(result.confirmPrompts, [], `${result.name}: a cmdlet asked again`);
    }
  });
});
