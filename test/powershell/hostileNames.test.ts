import * as assert from 'node:assert/strict';
import { analyze } from '../../server/src/core';
import { builtInReceiveConnectorsOf } from '../../server/src/core/model/builtInReceiveConnectors';
import { hostile, topology } from '../support/hostileTopology';
import { requirePwsh, runScenario } from './support/pwsh';
import {
  checksOf,
  configureSteps,
  describe as describeStep,
  generateInto,
  verifySteps,
} from './support/scenario';

/**
 * The hostile-names corpus of the generator tests (quotes of every kind,
 * `$(Remove-Item C:\ -Recurse)`, backticks, separators, line breaks, comment
 * and stop-parsing tokens, here-string openers) in every free-text field, run
 * for real: the simulated Exchange must end up holding exactly those names,
 * and nothing else may run (the simulation logs Remove-Item, Invoke-Expression
 * and `x`, what the names try to call).
 */

interface Held {
  readonly Name: string;
}
type Stores = Record<
  string,
  {
    SendConnectors?: Held[] | Held;
    ReceiveConnectors?: Held[] | Held;
    AcceptedDomains?: Held[] | Held;
  }
>;

function names(
  state: unknown,
  kind: 'SendConnectors' | 'ReceiveConnectors' | 'AcceptedDomains',
): string[] {
  const stores = state as Stores;
  return Object.entries(stores)
    .filter(([key]) => key !== 'trustedRoot')
    .flatMap(([, store]) => {
      const held = store[kind] ?? [];
      return (Array.isArray(held) ? held : [held]).map((h) => h.Name);
    })
    .sort();
}

describe('PowerShell: hostile names stay names', function () {
  before(function () {
    requirePwsh(this);
  });

  it('every script runs, Exchange holds exactly the names, nothing else ran', async () => {
    const text = topology(hostile);
    const analysis = analyze(text);
    const generated = generateInto(text, 'hostile');
    const configure = configureSteps(generated, 'configure');
    // The state is read after the last configuration script (the mailbox one).
    const steps = [
      ...configure.map((step, i) =>
        i === configure.length - 1 ? { ...step, snapshot: true } : step,
      ),
      ...verifySteps(generated, 'verify'),
    ];
    // The control: the payload the names carry, typed as code, is caught by the canaries.
    const control = {
      name: 'control',
      server: generated.mailbox,
      role: 'Mailbox' as const,
      kind: 'command' as const,
      command: 'Write-Output "$(Remove-Item C:\\ -Recurse)"',
    };
    const all = await runScenario(generated.world, [...steps, control], generated.directory);
    const controlResult = all.pop();
    assert.ok(
      controlResult?.calls.some((c) => c.cmdlet === 'INJECTED Remove-Item'),
      'the canary did not see the payload run as code',
    );
    const results = all;
    const injected = results.flatMap((r) => r.calls.filter((c) => c.cmdlet.startsWith('INJECTED')));
    assert.deepEqual(injected, [], 'code from a name ran');
    for (const result of results) {
      assert.equal(result.exitCode, 0, describeStep(result));
      assert.deepEqual(result.errors, [], describeStep(result));
    }
    for (const result of results.filter((r) => r.name.startsWith('verify')))
      assert.deepEqual(
        checksOf(result).filter((c) => c.status === 'FAIL'),
        [],
        describeStep(result),
      );
    const state = results.find((r) => r.state !== null)?.state;
    const declaredSend = analysis.topology.sendConnectors.map((c) => c.name?.value ?? '').sort();
    const declaredReceive = analysis.topology.receiveConnectors.map((c) => c.name?.value ?? '');
    assert.deepEqual(names(state, 'SendConnectors'), declaredSend);
    // The Mailbox servers also hold the receive connectors Exchange creates at setup.
    const builtIn = new Set(
      analysis.index.mailboxes.flatMap((server) =>
        builtInReceiveConnectorsOf('Mailbox').map((c) => c.name(server.name?.value ?? '')),
      ),
    );
    assert.deepEqual(
      names(state, 'ReceiveConnectors').filter((n) => !builtIn.has(n)),
      [...declaredReceive].sort(),
    );
    assert.deepEqual(
      [...new Set(names(state, 'AcceptedDomains'))].sort(),
      [
        ...new Set(
          analysis.topology.acceptedDomains.map(
            (d) => d.view?.string('name')?.value ?? d.domainName.value,
          ),
        ),
      ].sort(),
    );
  });
});
