import * as assert from 'node:assert/strict';
import { analyze, applyEdits, drift, importTopology, type Finding } from '../../server/src/core';
import { quote } from '../../server/src/core/generate/powershell';
import { topologyDifferences } from '../support/equivalentTopologies';
import { exampleNames } from '../support/generation';
import { readRepoFile, referenceTopology } from '../support/repo';
import { exportAll, exportSteps, readExports, type ExportedServerRun } from './support/export';
import { requirePwsh, runScenario, type Step } from './support/pwsh';
import { configureSteps, describe as describeStep, generateInto } from './support/scenario';

/**
 * Issue 19 end to end, on the simulated Exchange: the generated scripts
 * configure an empty one, the export script reads it back on every Edge and
 * on a Mailbox server, and
 * - the import of those documents is the topology the scripts came from
 *   (same objects and values, names and comments aside) and analyses with the
 *   same findings;
 * - after one change by hand on a server, `drift` reports exactly that
 *   difference, on the object it concerns, and taking the server's value into
 *   the file makes it disappear.
 */

const inputsOf = (runs: readonly ExportedServerRun[]) =>
  runs.map((run) => ({ fileName: `${run.server}.json`, document: run.document }));

const findingsOf = (text: string) =>
  analyze(text)
    .findings.map((f) => `${f.severity} ${f.code}`)
    .sort();

describe('PowerShell: generate → run → export → import gives the topology back', function () {
  before(function () {
    requirePwsh(this);
  });

  const topologies = [
    ...exampleNames().map((name) => ({
      name,
      text: readRepoFile('examples', `${name}.edgeflow.json`),
    })),
    { name: 'reference', text: referenceTopology() },
  ];
  for (const { name, text } of topologies) {
    it(`${name}: the imported topology is the original, with the same findings`, async () => {
      const generated = generateInto(text, name);
      const run = await exportAll(generated);
      for (const step of run.configured) assert.equal(step.exitCode, 0, describeStep(step));
      const imported = importTopology(inputsOf(run.exports));
      assert.deepEqual(
        topologyDifferences(text, imported.text),
        [],
        `the import of ${name} differs:\n${imported.text}`,
      );
      // What protects an Externally Secured link (IPsec, a VPN) is outside Exchange: the export
      // cannot hold it, the import says so in a comment, and the warning asks for it where the
      // original declared it. Every other finding is the same.
      const unexportable = 'warning externally-secured-without-protection';
      const original = findingsOf(text);
      const found = findingsOf(imported.text);
      assert.deepEqual(
        found.filter((f) => f !== unexportable),
        original.filter((f) => f !== unexportable),
        imported.text,
      );
      if (!text.includes('"linkProtection"')) assert.deepEqual(found, original, imported.text);
      else assert.ok(found.includes(unexportable), 'the import asks for the link protection');
      assert.deepEqual(
        imported.notes.map((n) => n.message),
        [],
        'nothing the format cannot express',
      );
    });
  }
});

interface Change {
  readonly label: string;
  readonly role: 'Edge' | 'Mailbox';
  /** What an administrator (or another tool) does on that server. */
  readonly command: string;
  /** What puts it back where running the Edge script again does not. */
  readonly undo?: string;
  readonly code: 'drift-property' | 'drift-missing' | 'drift-extra';
  /** The text of the topology the finding must be on (its range holds it). */
  readonly on: string;
  /** The message names what changed. */
  readonly says: RegExp;
  /** Whether the file can take the server's value (by default it can). */
  readonly takes?: boolean;
}

const EDGE_STORE = "$global:Sim.Edges['edge01']";
const CHANGES: readonly Change[] = [
  {
    label: 'a binding',
    role: 'Edge',
    command: `Set-ReceiveConnector -Identity ${quote('EDGE01\\From Internal Org')} -Bindings '10.1.1.2:2525'`,
    code: 'drift-property',
    on: '"10.1.1.2:25"',
    says: /10\.1\.1\.2:2525/,
  },
  {
    label: 'a remote range',
    role: 'Edge',
    command: `Set-ReceiveConnector -Identity ${quote('EDGE01\\From Internal Org')} -RemoteIPRanges '192.168.5.10'`,
    code: 'drift-property',
    on: '"192.168.5.20"',
    says: /192\.168\.5\.10/,
  },
  {
    label: 'a smart host',
    role: 'Edge',
    command: `Set-SendConnector -Identity 'To Internal Org' -SmartHosts 'mbxserver01.contoso.com'`,
    code: 'drift-property',
    on: '"mbxserver02.contoso.com"',
    says: /mbxserver01\.contoso\.com/,
  },
  {
    label: "an address space's cost",
    role: 'Edge',
    command: `Set-SendConnector -Identity 'To Internet' -AddressSpaces 'SMTP:*;5'`,
    code: 'drift-property',
    on: '"*"',
    says: /;5|cost 5/,
  },
  {
    label: 'the authentication mechanisms',
    role: 'Edge',
    command: `Set-ReceiveConnector -Identity ${quote('EDGE01\\From Internal Org')} -AuthMechanism 'Tls', 'ExchangeServer'`,
    code: 'drift-property',
    on: '"BasicAuthRequireTLS"',
    says: /AuthMechanism|authMechanism/,
  },
  {
    label: 'a permission group',
    role: 'Edge',
    command: `Set-ReceiveConnector -Identity ${quote('EDGE01\\From Internet')} -PermissionGroups 'ExchangeServers'`,
    undo: `Set-ReceiveConnector -Identity ${quote('EDGE01\\From Internet')} -PermissionGroups 'AnonymousUsers', 'ExchangeServers', 'Partners'`,
    code: 'drift-property',
    on: '"From Internet"',
    says: /AnonymousUsers/,
  },
  {
    label: 'an extended right granted by hand',
    role: 'Edge',
    command: `Add-ADPermission -Identity ${quote('EDGE01\\From Internet')} -User 'NT AUTHORITY\\ANONYMOUS LOGON' -ExtendedRights 'ms-Exch-SMTP-Accept-Any-Recipient' | Out-Null`,
    // The simulation has no Remove-ADPermission: the entry leaves the Edge's store as it would.
    undo: `[void]${EDGE_STORE}.Permissions.RemoveAll({ param($p) $p.Right -eq 'ms-Exch-SMTP-Accept-Any-Recipient' })`,
    code: 'drift-property',
    on: '"From Internet"',
    says: /ms-Exch-SMTP-Accept-Any-Recipient to NT AUTHORITY\\ANONYMOUS LOGON .*open relay/,
    // The format declares no rights granted one by one: only "keep the file" (remove it) is offered.
    takes: false,
  },
  {
    label: 'a TLS setting',
    role: 'Edge',
    command: `Set-SendConnector -Identity 'To Internal Org' -SmartHostAuthMechanism 'BasicAuth'`,
    code: 'drift-property',
    on: '"BasicAuthRequireTLS"',
    says: /BasicAuth\b/,
  },
  {
    label: "an accepted domain's type",
    role: 'Edge',
    command: `Set-AcceptedDomain -Identity 'contoso.com' -DomainType 'InternalRelay'`,
    undo: `Set-AcceptedDomain -Identity 'contoso.com' -DomainType 'Authoritative'`,
    code: 'drift-property',
    on: '"contoso.com"',
    says: /InternalRelay/,
  },
  {
    label: 'a connector added',
    role: 'Edge',
    command: `New-SendConnector -Name 'To Internet (old)' -Internet -AddressSpaces '*' | Out-Null`,
    undo: `[void]${EDGE_STORE}.SendConnectors.RemoveAll({ param($c) $c.Name -eq 'To Internet (old)' })`,
    code: 'drift-extra',
    on: '"name": "EDGE01"',
    says: /To Internet \(old\)/,
  },
  {
    label: 'a connector removed',
    role: 'Edge',
    // The simulation has no Remove-SendConnector: the connector leaves its store as it would.
    command: `[void]${EDGE_STORE}.SendConnectors.RemoveAll({ param($c) $c.Name -eq 'To Internet' })`,
    code: 'drift-missing',
    on: '"name": "To Internet"',
    says: /To Internet/,
  },
  {
    label: 'the certificate replaced by one from a CA',
    role: 'Edge',
    command: `${EDGE_STORE}.Certificates[0].IsSelfSigned = $false; ${EDGE_STORE}.Certificates[0].Subject = 'CN=edge01.contoso.net, O=Contoso'`,
    undo: `${EDGE_STORE}.Certificates[0].IsSelfSigned = $true; ${EDGE_STORE}.Certificates[0].Subject = 'CN=EDGE01'`,
    code: 'drift-property',
    on: '"selfSigned"',
    says: /certificate/i,
  },
];

describe('PowerShell: a change by hand on a server is the one drift reported', function () {
  before(function () {
    requirePwsh(this);
  });

  it('contoso: each kind of change, exactly that difference, and taking it makes it go', async () => {
    const text = readRepoFile('examples', 'contoso.edgeflow.json');
    const generated = generateInto(text, 'contoso');
    const configure = configureSteps(generated, 'configure');
    const [edgeScript] = configure;
    assert.ok(edgeScript);
    const baseline = exportSteps(generated, 'baseline');
    const steps: Step[] = [...configure, ...baseline];
    const exports = new Map<string, Step[]>();
    CHANGES.forEach((change, i) => {
      const server = change.role === 'Edge' ? 'EDGE01' : generated.mailbox;
      const exported = exportSteps(generated, `change${i}`);
      exports.set(change.label, exported);
      steps.push(
        {
          name: `change: ${change.label}`,
          server,
          role: change.role,
          kind: 'command',
          command: change.command,
        },
        ...exported,
      );
      if (change.undo)
        steps.push({
          name: `undo: ${change.label}`,
          server,
          role: change.role,
          kind: 'command',
          command: change.undo,
        });
      steps.push({ ...edgeScript, name: `restore after ${change.label}` });
    });
    const results = await runScenario(generated.world, steps, generated.directory);
    for (const result of results) assert.equal(result.exitCode, 0, describeStep(result));

    const analysis = analyze(text);
    const before = drift(analysis, inputsOf(readExports(generated, 'baseline', baseline, results)));
    assert.deepEqual(
      before.findings.map((f) => f.message),
      [],
      'no drift right after the scripts',
    );

    CHANGES.forEach((change, i) => {
      const label = `after ${change.label}`;
      const runs = readExports(generated, `change${i}`, exports.get(change.label) ?? [], results);
      const { findings } = drift(analysis, inputsOf(runs));
      assert.equal(findings.length, 1, `${label}: ${findings.map((f) => f.message).join('\n')}`);
      const [found] = findings as [Finding];
      assert.equal(found.code, change.code, `${label}: ${found.message}`);
      assert.match(found.message, change.says, label);
      // On the right line: the lines the finding's range spans hold what it is about.
      const at = text.slice(
        text.lastIndexOf('\n', found.range.start) + 1,
        text.indexOf('\n', found.range.end),
      );
      assert.ok(at.includes(change.on), `${label}: on ${JSON.stringify(at)}, not ${change.on}`);
      // Taking the server's value, where the file can hold it, leaves no drift.
      const fixes = found.fixes?.() ?? [];
      const take = fixes.find((f) => /^Take /.test(f.title));
      if (change.takes ?? true) {
        assert.ok(take, `${label}: a fix that takes the server's value`);
        const taken = applyEdits(text, take.edits);
        assert.deepEqual(
          drift(analyze(taken), inputsOf(runs)).findings.map((f) => f.message),
          [],
          `${label}: after "${take.title}"`,
        );
      } else {
        assert.equal(take, undefined, label);
        assert.ok(
          fixes.some((f) => /^Keep the file/.test(f.title)),
          label,
        );
      }
    });
  });
});
