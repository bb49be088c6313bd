import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { analyze, exportScript, type ExportDocument } from '../../server/src/core';
import { exampleNames } from '../support/generation';
import { hostile, topology } from '../support/hostileTopology';
import { readRepoFile, repoPath } from '../support/repo';
import {
  exportAll,
  writeExportScript,
  type ExportRun,
  type ExportedServerRun,
} from './support/export';
import { assertDescribes } from './support/exportAssert';
import { pwshExecutable, requirePwsh, runScenario } from './support/pwsh';
import { describe as describeStep, generateInto, type Generated } from './support/scenario';

/**
 * The export script (issue 19) run on the simulated Exchange: on each Edge
 * (cmdlets local) and on the first Mailbox server (implicit remoting, values
 * deserialized to strings), after the generated scripts configured an empty
 * one. The documents must describe exactly what was configured, be valid
 * JSON whatever the names hold, change nothing, and be the same twice.
 */

function withoutExportedAt(text: string): string {
  return text.replace(/"exportedAt":\s*"[^"]*"/, '"exportedAt": ""');
}

function assertReadOnly(runs: readonly ExportedServerRun[]): void {
  for (const run of runs) {
    const label = `export on ${JSON.stringify(run.server)}`;
    assert.equal(run.result.changed, false, `${label} changed the simulated Exchange`);
    const calls = run.result.calls.map((c) => c.cmdlet);
    assert.ok(calls.length > 0, `${label} read nothing`);
    assert.deepEqual(
      calls.filter((cmdlet) => !cmdlet.startsWith('Get-')),
      [],
      `${label} called a cmdlet that is not Get-*`,
    );
    // On a Mailbox server the shell's preference does not reach the proxies: each call says Stop.
    assert.deepEqual(
      run.result.calls.filter((c) => c.errorAction !== 'Stop').map((c) => c.cmdlet),
      [],
      `${label}: a call without -ErrorAction Stop`,
    );
  }
}

/**
 * The sample documents the importer's tests read: regenerated with
 * EDGEFLOW_UPDATE_GOLDEN=1, compared otherwise. What the simulation draws at
 * random for each run (the self-signed certificates' key, hence thumbprint,
 * and validity) and exportedAt are taken from the sample when comparing, after
 * checking their form.
 */
function assertSample(exported: ExportedServerRun): void {
  const file = repoPath('test', 'fixtures', 'export', 'contoso', `${exported.server}.json`);
  const actual = exported.document;
  if (process.env['EDGEFLOW_UPDATE_GOLDEN'] === '1') {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, `${JSON.stringify(actual, null, 2)}\n`);
  }
  assert.ok(fs.existsSync(file), `no sample ${file}: run with EDGEFLOW_UPDATE_GOLDEN=1`);
  const sample = JSON.parse(fs.readFileSync(file, 'utf8')) as ExportDocument;
  assert.equal(sample.certificates.length, actual.certificates.length);
  const drawn = {
    ...actual,
    exportedAt: sample.exportedAt,
    certificates: actual.certificates.map((certificate, index) => ({
      ...certificate,
      thumbprint: sample.certificates[index]?.thumbprint ?? '',
      notAfter: sample.certificates[index]?.notAfter ?? '',
    })),
  };
  for (const certificate of sample.certificates) {
    assert.match(certificate.thumbprint, /^[0-9A-F]{40}$/);
    assert.match(certificate.notAfter, /^\d{4}-\d\d-\d\dT[\d:.]+Z$/);
  }
  assert.deepEqual(drawn, sample, `${file} is stale: regenerate with EDGEFLOW_UPDATE_GOLDEN=1`);
}

/**
 * Names and comments compared as they are, not normalised: quotes of every
 * kind, line breaks, separators, non-ASCII and 300-character names come back
 * exactly (JSON.parse of the file already proved it valid JSON).
 */
function assertHostileExact(text: string, runs: readonly ExportedServerRun[]): void {
  const { topology } = analyze(text);
  const exported = runs.flatMap((r) => [
    ...r.document.sendConnectors,
    ...r.document.receiveConnectors,
  ]);
  const declared = [...topology.sendConnectors, ...topology.receiveConnectors];
  assert.ok(declared.length >= 8);
  for (const connector of declared) {
    const name = connector.name?.value ?? '';
    const found = exported.find((c) => c.name === name);
    assert.ok(found, `connector ${JSON.stringify(name)} is exported under its exact name`);
    const comment = connector.view.string('comment')?.value;
    if (comment !== undefined) assert.equal(found.properties['Comment'], comment);
  }
  assert.ok(
    declared.some((c) => (c.name?.value.length ?? 0) > 300),
    'a very long name',
  );
  const domainNames = runs.flatMap((r) => r.document.acceptedDomains.map((d) => d.name));
  for (const domain of topology.acceptedDomains) {
    const name = domain.view?.string('name')?.value;
    if (name !== undefined) assert.ok(domainNames.includes(name), JSON.stringify(name));
  }
  const strings: string[] = [];
  const collect = (value: unknown): void => {
    if (typeof value === 'string') strings.push(value);
    else if (value && typeof value === 'object') Object.values(value).forEach(collect);
  };
  runs.forEach((r) => collect(r.document));
  for (const piece of [
    '\u2018',
    '\u201B',
    '\n',
    '\u2028',
    '\u00D2',
    '$(Remove-Item C:\\ -Recurse)',
  ]) {
    assert.ok(
      strings.some((value) => value.includes(piece)),
      `${JSON.stringify(piece)} survives`,
    );
  }
}

interface Case {
  readonly label: string;
  readonly text: string;
  readonly generated: Generated;
}

function exampleCase(name: string): Case {
  const text = readRepoFile('examples', `${name}.edgeflow.json`);
  return { label: name, text, generated: generateInto(text, name) };
}

describe('PowerShell: the export script describes the simulated servers', function () {
  before(function () {
    requirePwsh(this);
  });

  const cases = [...exampleNames().map(exampleCase)];
  cases.push({
    label: 'hostile names',
    text: topology(hostile),
    generated: generateInto(topology(hostile), 'hostile'),
  });

  for (const { label, text, generated } of cases) {
    describe(label, () => {
      let run: ExportRun & { readonly repeats: readonly (readonly ExportedServerRun[])[] };
      before(async () => {
        run = await exportAll(generated, { repeat: 1 });
        for (const step of run.configured) {
          assert.equal(step.exitCode, 0, describeStep(step));
        }
      });

      it('each Edge and the first Mailbox server: exactly what the scripts configured', () => {
        const analysis = analyze(text);
        assert.deepEqual(
          run.exports.map((e) => e.document.server.role),
          [...generated.edges.map(() => 'Edge'), 'Mailbox'],
        );
        for (const exported of run.exports) assertDescribes(analysis, generated.world, exported);
      });

      it('calls only Get-* cmdlets, each with -ErrorAction Stop, and changes nothing', () => {
        assertReadOnly(run.exports);
      });

      if (label === 'hostile names') {
        it('keeps every hostile name and comment exactly, in valid JSON', () => {
          assertHostileExact(text, run.exports);
        });
      }

      if (label === 'contoso') {
        it('the sample documents in test/fixtures/export/contoso are what it exports', () => {
          for (const exported of run.exports) assertSample(exported);
        });
      }

      it('writes the same bytes twice, apart from exportedAt', () => {
        const [again] = run.repeats;
        assert.ok(again);
        assert.deepEqual(
          again.map((e) => withoutExportedAt(e.text)),
          run.exports.map((e) => withoutExportedAt(e.text)),
        );
      });
    });
  }

  it('stops at a failing Exchange cmdlet and writes no document, on an Edge and on a Mailbox server', async () => {
    const { generated } = cases[0] ?? exampleCase('contoso');
    const script = writeExportScript(generated.directory);
    const servers = [
      { server: generated.edges[0] ?? '', role: 'Edge' as const },
      { server: generated.mailbox, role: 'Mailbox' as const },
    ];
    const steps = servers.flatMap(({ server, role }) =>
      ['Get-ReceiveConnector', 'Get-ADPermission'].map((cmdlet) => ({
        name: `${cmdlet} fails on ${server}`,
        server,
        role,
        kind: 'script' as const,
        path: script,
        parameters: { OutFile: path.join(generated.directory, `failed-${cmdlet}-${server}.json`) },
        failOn: { cmdlet },
      })),
    );
    const results = await runScenario(generated.world, steps, generated.directory);
    assert.equal(results.length, steps.length);
    for (const [index, result] of results.entries()) {
      const step = steps[index];
      assert.ok(step);
      assert.equal(result.exitCode, 1, describeStep(result));
      assert.match(result.threw ?? '', /Simulated failure/, describeStep(result));
      assert.equal(fs.existsSync(String(step.parameters.OutFile)), false, step.name);
    }
  });

  it('writes <server>.edgeflow-export.json in the current folder without -OutFile', async () => {
    const { generated } = cases[0] ?? exampleCase('contoso');
    const edge = generated.edges[0] ?? '';
    const script = path.join(generated.directory, 'edgeflow-export.ps1');
    fs.writeFileSync(script, exportScript());
    const [result] = await runScenario(
      generated.world,
      [{ name: 'export', server: edge, role: 'Edge', kind: 'script', path: script }],
      generated.directory,
    );
    assert.ok(result);
    assert.equal(result.exitCode, 0, describeStep(result));
    const file = path.join(generated.directory, `${edge}.edgeflow-export.json`);
    assert.ok(fs.existsSync(file), `${file} was not written`);
    assert.equal(
      (JSON.parse(fs.readFileSync(file, 'utf8')) as { server: { name: string } }).server.name,
      edge,
    );
    assert.ok(
      result.output.some((line) => line.includes(file)),
      result.output.join('\n'),
    );
  });
});

/**
 * The commands and members the export script uses, read from PowerShell's own
 * syntax tree: every command is a Get-* cmdlet, one of the few utilities
 * listed, or a function of the script itself; no member is a password.
 */
describe('PowerShell: the export script on its syntax tree', function () {
  before(function () {
    requirePwsh(this);
  });

  const READS = [
    'Get-ExchangeServer',
    'Get-NetIPAddress',
    'Resolve-DnsName',
    'Get-AcceptedDomain',
    'Get-SendConnector',
    'Get-ReceiveConnector',
    'Get-ADPermission',
    'Get-ExchangeCertificate',
  ];
  const UTILITIES = [
    'Set-StrictMode',
    'New-Object',
    'ForEach-Object',
    'ConvertTo-Json',
    'Write-Output',
  ];

  it('calls only Get-* cmdlets, its own functions and a few utilities; touches no password', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'edgeflow-export-ast-'));
    const script = writeExportScript(dir);
    const command = [
      '$tokens = $null; $errors = $null',
      `$ast = [System.Management.Automation.Language.Parser]::ParseFile('${script.replace(/'/g, "''")}', [ref]$tokens, [ref]$errors)`,
      '$commands = @($ast.FindAll({ param($n) $n -is [System.Management.Automation.Language.CommandAst] }, $true) | ForEach-Object { $_.GetCommandName() } | Sort-Object -Unique)',
      '$functions = @($ast.FindAll({ param($n) $n -is [System.Management.Automation.Language.FunctionDefinitionAst] }, $true) | ForEach-Object { $_.Name })',
      '$members = @($ast.FindAll({ param($n) $n -is [System.Management.Automation.Language.MemberExpressionAst] }, $true) | ForEach-Object { $_.Member.Extent.Text } | Sort-Object -Unique)',
      'ConvertTo-Json -Compress -InputObject @{ commands = $commands; functions = $functions; members = $members; errors = @($errors | ForEach-Object { $_.Message }) }',
    ].join('; ');
    const run = spawnSync(
      pwshExecutable().path ?? 'pwsh',
      ['-NoLogo', '-NoProfile', '-NonInteractive', '-Command', command],
      { encoding: 'utf8' },
    );
    assert.equal(run.status, 0, run.stderr);
    const found = JSON.parse(run.stdout) as {
      commands: string[];
      functions: string[];
      members: string[];
      errors: string[];
    };
    assert.deepEqual(found.errors, []);
    const unexpected = found.commands.filter(
      (name) =>
        !READS.includes(name) && !UTILITIES.includes(name) && !found.functions.includes(name),
    );
    assert.deepEqual(unexpected, [], "commands that are neither reads nor the script's own");
    for (const read of READS) assert.ok(found.commands.includes(read), `${read} is used`);
    assert.ok(
      found.functions.every((name) => /^(Set|Get|Test)-EdgeFlow/.test(name)),
      found.functions.join(),
    );
    assert.deepEqual(
      found.members.filter((member) => /password|networkcredential|securestring/i.test(member)),
      [],
    );
  });
});
