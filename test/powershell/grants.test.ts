import * as assert from 'node:assert/strict';
import { RELAY_RIGHTS } from '../../server/src/core/flow/grants';
import { readRepoFile } from '../support/repo';
import { requirePwsh, runScenario } from './support/pwsh';
import {
  checksOf,
  configureSteps,
  describe as describeStep,
  generateInto,
  verifySteps,
} from './support/scenario';

/**
 * The Edge script grants the organization's local Edge account the relay
 * rights on the organization-facing receive connector (flow/grants.ts), once;
 * the verification checks them; a missing account stops the script before any
 * change.
 */
const contoso = () => generateInto(readRepoFile('examples', 'contoso.edgeflow.json'), 'contoso');

interface Permission {
  readonly Target: string;
  readonly User: string;
  readonly Right: string;
}

function permissionsOf(state: unknown): Permission[] {
  const edges = state as Record<string, { Permissions: Permission[] | Permission }>;
  const held = edges['edge01']?.Permissions ?? [];
  return Array.isArray(held) ? held : [held];
}

describe('PowerShell: the rights of the local Edge account', function () {
  before(function () {
    requirePwsh(this);
  });

  it('are granted once, on the connector the Mailbox servers log on to, and verified', async () => {
    const generated = contoso();
    const [edge] = configureSteps(generated, 'configure');
    assert.ok(edge);
    const steps = [
      { ...edge, snapshot: true },
      { ...edge, name: 'again', snapshot: true },
      ...verifySteps(generated, 'verify'),
    ];
    const [first, again, verify] = await runScenario(generated.world, steps, generated.directory);
    assert.ok(first && again && verify);
    assert.equal(first.exitCode, 0, describeStep(first));
    const granted = permissionsOf(first.state);
    assert.deepEqual(
      granted.map((p) => p.Right).sort(),
      [...RELAY_RIGHTS].sort(),
      'every relay right, once',
    );
    for (const permission of granted) {
      assert.equal(permission.User, 'EDGE01\\mbxrelay');
      assert.match(permission.Target, /^CN=From Internal Org,CN=SMTP Receive Connectors,/);
    }
    assert.equal(again.exitCode, 0, describeStep(again));
    assert.deepEqual(
      again.calls.filter((c) => c.cmdlet === 'Add-ADPermission'),
      [],
      'nothing granted twice',
    );
    const checks = checksOf(verify);
    const rights = checks.filter((c) => c.name.includes('EDGE01\\mbxrelay'));
    assert.ok(rights.length >= 2, describeStep(verify));
    assert.ok(
      rights.every((c) => c.status === 'PASS'),
      describeStep(verify),
    );
  });

  it('stop the script before any change when the local account does not exist', async () => {
    const generated = contoso();
    const world = {
      ...generated.world,
      edges: generated.world.edges.map((e) => ({ ...e, localAccounts: [] })),
    };
    const [edge] = configureSteps(generated, 'configure');
    assert.ok(edge);
    const [result] = await runScenario(world, [edge], generated.directory);
    assert.ok(result);
    assert.notEqual(result.exitCode, 0, describeStep(result));
    assert.match(result.threw ?? '', /EDGE01\\mbxrelay does not exist/);
    assert.equal(result.changed, false, 'something was changed');
  });
});
