import * as assert from 'node:assert/strict';
import { quote } from '../../server/src/core/generate/powershell';
import { readRepoFile } from '../support/repo';
import { requirePwsh, runScenario, type Step } from './support/pwsh';
import {
  checksOf,
  configureSteps,
  describe as describeStep,
  generateInto,
  verifySteps,
} from './support/scenario';

/**
 * Drift: one property of each kind changed on the simulated servers after the
 * scripts ran, as an administrator or another tool would change it. The
 * verification must FAIL on exactly the check of that property and exit 1.
 * All drifts run in one PowerShell process: each is undone (by its own command,
 * or by running the Edge script again) before the next.
 */

interface Drift {
  readonly label: string;
  readonly role: 'Edge' | 'Mailbox';
  /** What the administrator types on that server. */
  readonly change: string;
  /** The failing check's name must match this. */
  readonly check: RegExp;
  /** What puts it back, when the script does not (it only sets what the topology declares). */
  readonly undo?: string;
}

const EDGE = 'EDGE01';
const DRIFTS: readonly Drift[] = [
  {
    label: 'binding',
    role: 'Edge',
    change: `Set-ReceiveConnector -Identity ${quote('EDGE01\\From Internal Org')} -Bindings '10.1.1.2:2525'`,
    check: /From Internal Org": Bindings$/,
  },
  {
    label: 'remote range',
    role: 'Edge',
    change: `Set-ReceiveConnector -Identity ${quote('EDGE01\\From Internal Org')} -RemoteIPRanges '192.168.5.10'`,
    check: /From Internal Org": RemoteIPRanges$/,
  },
  {
    label: 'smart host',
    role: 'Edge',
    change: `Set-SendConnector -Identity 'To Internal Org' -SmartHosts 'mbxserver01.contoso.com'`,
    check: /"To Internal Org": SmartHosts$/,
  },
  {
    label: 'address space and cost',
    role: 'Edge',
    change: `Set-SendConnector -Identity 'To Internet' -AddressSpaces 'SMTP:*;5'`,
    check: /"To Internet": AddressSpaces$/,
  },
  {
    label: 'auth mechanism',
    role: 'Edge',
    change: `Set-ReceiveConnector -Identity ${quote('EDGE01\\From Internal Org')} -AuthMechanism 'Tls', 'ExchangeServer'`,
    check: /From Internal Org": AuthMechanism$/,
  },
  {
    label: 'permission group',
    role: 'Edge',
    change: `Set-ReceiveConnector -Identity ${quote('EDGE01\\From Internet')} -PermissionGroups 'ExchangeServers'`,
    check: /From Internet": PermissionGroups include AnonymousUsers/,
    // The script sets only what the topology declares, and this connector declares no groups.
    undo: `Set-ReceiveConnector -Identity ${quote('EDGE01\\From Internet')} -PermissionGroups 'AnonymousUsers', 'ExchangeServers', 'Partners'`,
  },
  {
    label: 'TLS setting',
    role: 'Edge',
    change: `Set-SendConnector -Identity 'To Internal Org' -SmartHostAuthMechanism 'BasicAuth'`,
    check: /"To Internal Org": SmartHostAuthMechanism$/,
  },
  {
    label: 'accepted domain',
    role: 'Edge',
    change: `Set-AcceptedDomain -Identity 'contoso.com' -DomainType 'InternalRelay'`,
    check: /^Accepted domain contoso\.com: DomainType$/,
  },
  {
    label: 'enabled',
    role: 'Edge',
    change: `Set-SendConnector -Identity 'To Internet' -Enabled $false`,
    check: /"To Internet": Enabled$/,
    undo: `Set-SendConnector -Identity 'To Internet' -Enabled $true`,
  },
  {
    label: 'certificate name',
    role: 'Edge',
    change: `$global:Sim.Edges['edge01'].Certificates[0].CertificateDomains = @('EDGE01', 'other.contoso.net')`,
    check: /certificate .* names edge01\.contoso\.net/,
    undo: `$global:Sim.Edges['edge01'].Certificates[0].CertificateDomains = @('EDGE01', 'edge01.contoso.net')`,
  },
  {
    label: 'organization send connector',
    role: 'Mailbox',
    change: `Set-SendConnector -Identity 'To Edge' -SourceTransportServers 'MBX01'`,
    check: /"To Edge": SourceTransportServers$/,
    undo: `Set-SendConnector -Identity 'To Edge' -SourceTransportServers 'MBX01', 'MBX02'`,
  },
  {
    label: 'a connector the topology does not declare',
    role: 'Edge',
    change: `New-SendConnector -Name 'To Internet (old)' -Internet -AddressSpaces '*' | Out-Null`,
    check: /^Send connector "To Internet \(old\)" is not in the topology$/,
  },
  {
    label: "a Mailbox server's certificate name",
    role: 'Mailbox',
    change: `($global:Sim.Org.Certificates | Where-Object { $_.Server -eq 'MBX02' }).CertificateDomains = @('MBX02')`,
    check: /^SMTP certificate of MBX02 names mbxserver02\.contoso\.com/,
    undo: `($global:Sim.Org.Certificates | Where-Object { $_.Server -eq 'MBX02' }).CertificateDomains = @('MBX02', 'mbxserver02.contoso.com')`,
  },
  {
    label: 'an organization connector to the Edge the topology does not declare',
    role: 'Mailbox',
    change: `New-SendConnector -Name 'To Edge (old)' -Internal -AddressSpaces '*' -DNSRoutingEnabled $false -SmartHosts 'edge01.contoso.net' | Out-Null`,
    check: /^Send connector "To Edge \(old\)" sends to an Edge and is not in the topology$/,
  },
];

describe('PowerShell: drift is found by the verification', function () {
  before(function () {
    requirePwsh(this);
  });

  it('contoso: one changed property, one FAIL, exit code 1', async () => {
    const generated = generateInto(readRepoFile('examples', 'contoso.edgeflow.json'), 'contoso');
    const configure = configureSteps(generated, 'configure');
    const [edgeScript] = configure;
    const verify = verifySteps(generated, 'verify');
    const verifyOn = (role: 'Edge' | 'Mailbox') => verify.find((s) => s.role === role);
    const steps: Step[] = [
      ...configure,
      ...verify.map((s) => ({ ...s, name: `baseline ${s.name}` })),
    ];
    for (const drift of DRIFTS) {
      const check = verifyOn(drift.role);
      assert.ok(check && edgeScript);
      const server = drift.role === 'Edge' ? EDGE : generated.mailbox;
      steps.push(
        {
          name: `change: ${drift.label}`,
          server,
          role: drift.role,
          kind: 'command',
          command: drift.change,
        },
        { ...check, name: `drift: ${drift.label}` },
      );
      if (drift.undo)
        steps.push({
          name: `undo: ${drift.label}`,
          server,
          role: drift.role,
          kind: 'command',
          command: drift.undo,
        });
      steps.push({ ...edgeScript, name: `restore after ${drift.label}` });
    }
    const results = await runScenario(generated.world, steps, generated.directory);
    for (const result of results.filter((r) => !r.name.startsWith('drift:'))) {
      assert.equal(result.exitCode, 0, describeStep(result));
      assert.deepEqual(result.errors, [], describeStep(result));
      if (result.name.startsWith('baseline'))
        assert.deepEqual(
          checksOf(result).filter((c) => c.status === 'FAIL'),
          [],
          describeStep(result),
        );
    }
    for (const drift of DRIFTS) {
      const result = results.find((r) => r.name === `drift: ${drift.label}`);
      assert.ok(result, drift.label);
      const failed = checksOf(result).filter((c) => c.status === 'FAIL');
      assert.equal(result.exitCode, 1, describeStep(result));
      assert.deepEqual(
        failed.map((c) => c.name).filter((name) => drift.check.test(name)).length,
        1,
        `${drift.label}: no failing check matches ${String(drift.check)}\n${describeStep(result)}`,
      );
      assert.equal(
        failed.length,
        1,
        `${drift.label}: more than one check failed\n${describeStep(result)}`,
      );
    }
  });
});
