import * as assert from 'node:assert/strict';
import { readRepoFile } from '../support/repo';
import { requirePwsh, runScenario, type Step } from './support/pwsh';
import { configureSteps, describe as describeStep, generateInto } from './support/scenario';

/**
 * The simulated Exchange itself: calls Exchange documents as refused are
 * refused with an error, valid ones are accepted, and the two loaders behave
 * as the real shells do (local objects on an Edge; deserialized objects, and
 * no reach of the caller's $ErrorActionPreference, on a Mailbox server).
 */

interface Call {
  readonly label: string;
  readonly role: 'Edge' | 'Mailbox';
  readonly command: string;
  /** The error's text must match; undefined: the call must succeed. */
  readonly refused?: RegExp;
}

const CALLS: readonly Call[] = [
  // New-SendConnector.md SmartHosts / DNSRoutingEnabled (exchange-rules.md SC-02).
  {
    label: 'smart hosts with DNS routing',
    role: 'Edge',
    command:
      "New-SendConnector -Name 'A' -AddressSpaces '*' -SmartHosts 'relay.contoso.com' -DNSRoutingEnabled $true",
    refused: /DNSRoutingEnabled must not be specified/,
  },
  {
    label: 'no DNS routing and no smart host',
    role: 'Edge',
    command: "New-SendConnector -Name 'B' -AddressSpaces '*' -DNSRoutingEnabled $false",
    refused: /SmartHosts must be set/,
  },
  // SC-03: "--" outside an Edge.
  {
    label: '"--" on a Mailbox server',
    role: 'Mailbox',
    command:
      "New-SendConnector -Name 'C' -AddressSpaces '--' -SmartHosts 'edge01.contoso.net' -DNSRoutingEnabled $false",
    refused: /valid only on a send connector of an Edge/,
  },
  // SC-06: Basic authentication without a credential.
  {
    label: 'Basic authentication without a credential',
    role: 'Edge',
    command:
      "New-SendConnector -Name 'D' -AddressSpaces '*' -SmartHosts 'relay.contoso.com' -DNSRoutingEnabled $false -SmartHostAuthMechanism 'BasicAuth'",
    refused: /AuthenticationCredential must be set/,
  },
  // SC-01: usage switches are exclusive.
  {
    label: 'two usages',
    role: 'Edge',
    command: "New-SendConnector -Name 'E' -Internet -Usage 'Internal' -AddressSpaces '*'",
    refused: /Parameter set cannot be resolved/,
  },
  // SC-08 (role availability from the catalogue): no source servers on an Edge.
  {
    label: 'SourceTransportServers on an Edge',
    role: 'Edge',
    command: "New-SendConnector -Name 'F' -AddressSpaces '*' -SourceTransportServers 'MBX01'",
    refused: /parameter cannot be found.*SourceTransportServers/,
  },
  // RC-06 / Set-ReceiveConnector.md TransportRole: not on an Edge.
  {
    label: 'TransportRole on an Edge',
    role: 'Edge',
    command:
      "Set-ReceiveConnector -Identity 'EDGE01\\From Internet' -TransportRole 'FrontendTransport'",
    refused: /parameter cannot be found.*TransportRole/,
  },
  // RC-02: AuthMechanism and PermissionGroups combinations.
  {
    label: 'BasicAuthRequireTLS without BasicAuth',
    role: 'Edge',
    command:
      "Set-ReceiveConnector -Identity 'EDGE01\\From Internet' -AuthMechanism 'Tls', 'BasicAuthRequireTLS'",
    refused: /requires BasicAuth/,
  },
  {
    label: 'ExternalAuthoritative without ExchangeServers',
    role: 'Edge',
    command:
      "Set-ReceiveConnector -Identity 'EDGE01\\From Internet' -AuthMechanism 'Tls', 'ExternalAuthoritative' -PermissionGroups 'AnonymousUsers'",
    refused: /requires the ExchangeServers permission group/,
  },
  {
    label: 'ExchangeLegacyServers on an Edge',
    role: 'Edge',
    command:
      "Set-ReceiveConnector -Identity 'EDGE01\\From Internet' -PermissionGroups 'ExchangeLegacyServers'",
    refused: /not supported on an Edge/,
  },
  // RC-01: the same binding and remote range as another connector of the server.
  {
    label: 'binding and remote range conflict',
    role: 'Edge',
    command:
      "New-ReceiveConnector -Name 'Twin' -Internal -Bindings '10.1.1.2:25' -RemoteIPRanges '192.168.5.10'",
    refused: /already used by the receive connector/,
  },
  // RC-01b: overlapping bindings of different transport roles on a Mailbox server.
  {
    label: 'transport role conflict',
    role: 'Mailbox',
    command:
      "New-ReceiveConnector -Name 'Hub 25' -Server 'MBX01' -Custom -TransportRole 'HubTransport' -Bindings '0.0.0.0:25' -RemoteIPRanges '10.9.9.9'",
    refused: /another TransportRole/,
  },
  // RC-10: receive connector names.
  {
    label: 'a name of 65 characters',
    role: 'Edge',
    command: `New-ReceiveConnector -Name '${'n'.repeat(65)}' -Internet -Bindings '10.1.1.1:2526'`,
    refused: /longer than 64/,
  },
  // Enumerations from the catalogue.
  {
    label: 'an unknown auth mechanism',
    role: 'Edge',
    command: "Set-SendConnector -Identity 'To Internet' -SmartHostAuthMechanism 'Kerberos'",
    refused: /not one of/,
  },
  // Accepted and valid.
  {
    label: 'a valid receive connector',
    role: 'Edge',
    command:
      "New-ReceiveConnector -Name 'Partner' -Partner -Bindings '10.1.1.1:2525' -RemoteIPRanges '203.0.113.0/24' | Out-Null",
  },
  {
    label: 'a valid update',
    role: 'Mailbox',
    command: "Set-SendConnector -Identity 'To Edge' -MaxMessageSize '50MB'",
  },
];

describe('PowerShell: the simulated Exchange', function () {
  before(function () {
    requirePwsh(this);
  });

  it('refuses what Exchange documents as refused, and accepts the rest', async () => {
    const generated = generateInto(readRepoFile('examples', 'contoso.edgeflow.json'), 'contoso');
    const steps: Step[] = [
      ...configureSteps(generated, 'configure'),
      ...CALLS.map((call) => ({
        name: call.label,
        server: call.role === 'Edge' ? 'EDGE01' : generated.mailbox,
        role: call.role,
        kind: 'command' as const,
        command: call.command,
      })),
    ];
    const results = await runScenario(generated.world, steps, generated.directory);
    for (const call of CALLS) {
      const result = results.find((r) => r.name === call.label);
      assert.ok(result, call.label);
      const said = [...result.errors, result.threw ?? ''].join('\n');
      if (call.refused) {
        assert.match(said, call.refused, `${call.label}\n${describeStep(result)}`);
        assert.equal(result.changed, false, `${call.label}: refused, yet the state changed`);
      } else {
        assert.equal(said.trim(), '', `${call.label}\n${describeStep(result)}`);
        assert.equal(result.changed, true, `${call.label}: accepted, yet nothing changed`);
      }
    }
  });

  it('loads an Edge locally and a Mailbox server as implicit remoting does', async () => {
    const generated = generateInto(readRepoFile('examples', 'contoso.edgeflow.json'), 'contoso');
    const probe = (role: 'Edge' | 'Mailbox', name: string): Step => ({
      name,
      server: role === 'Edge' ? 'EDGE01' : generated.mailbox,
      role,
      kind: 'command',
      command: [
        "$ErrorActionPreference = 'Stop'",
        `$c = Get-SendConnector -Identity ${role === 'Edge' ? "'To Internet'" : "'To Edge'"}`,
        "Write-Output ('space type: ' + @($c.AddressSpaces)[0].GetType().Name)",
        "Write-Output ('object: ' + $c.PSObject.TypeNames[0])",
        "New-SendConnector -Name 'Refused' -AddressSpaces '*' -DNSRoutingEnabled $false",
        "Write-Output 'went on after the error'",
      ].join('\n'),
    });
    const results = await runScenario(
      generated.world,
      [
        ...configureSteps(generated, 'configure'),
        probe('Edge', 'edge'),
        probe('Mailbox', 'mailbox'),
      ],
      generated.directory,
    );
    const edge = results.find((r) => r.name === 'edge');
    const mailbox = results.find((r) => r.name === 'mailbox');
    assert.ok(edge && mailbox);
    // Edge: Exchange's own value types; the script's preference stops it at the error.
    assert.ok(edge.output.includes('space type: PSCustomObject'), describeStep(edge));
    assert.ok(!edge.output.includes('went on after the error'), describeStep(edge));
    assert.notEqual(edge.threw, null, describeStep(edge));
    // Mailbox: strings in a deserialized object, and the error does not stop it (PowerShell#4568).
    assert.ok(mailbox.output.includes('space type: String'), describeStep(mailbox));
    assert.ok(
      mailbox.output.some((l) => l.startsWith('object: Deserialized.')),
      describeStep(mailbox),
    );
    assert.ok(mailbox.output.includes('went on after the error'), describeStep(mailbox));
  });
});
