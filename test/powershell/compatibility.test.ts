import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { exampleNames } from '../support/generation';
import { hostile, topology } from '../support/hostileTopology';
import { readRepoFile, repoPath } from '../support/repo';
import { pwshExecutable, requirePwsh } from './support/pwsh';
import { generateInto } from './support/scenario';
import { writeExportScript } from './support/export';

/** A folder holding only the export script (edgeflow export-script). */
function exportScriptDirectory(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'edgeflow-export-script-'));
  writeExportScript(dir);
  return dir;
}

/**
 * Every generated script parses with PowerShell's own parser
 * ([System.Management.Automation.Language.Parser]::ParseInput) without an
 * error, and uses nothing Windows PowerShell 5.1 lacks, checked on the syntax
 * tree (tools/Test-ScriptCompatibility.ps1). A control script holding each
 * PowerShell 7 construct proves the check finds them.
 */
const pwsh = pwshExecutable();

interface Finding {
  readonly path: string;
  readonly problems: readonly string[];
}

function check(paths: readonly string[]): Finding[] {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'edgeflow-compat-'));
  const list = path.join(dir, 'scripts.txt');
  const result = path.join(dir, 'result.json');
  fs.writeFileSync(list, paths.join('\n'));
  const tool = repoPath('test', 'powershell', 'tools', 'Test-ScriptCompatibility.ps1');
  const run = spawnSync(
    pwsh.path ?? 'pwsh',
    [
      '-NoLogo',
      '-NoProfile',
      '-NonInteractive',
      '-File',
      tool,
      '-ListPath',
      list,
      '-ResultPath',
      result,
    ],
    { encoding: 'utf8' },
  );
  assert.ok(fs.existsSync(result), `the check did not run: ${run.stdout}${run.stderr}`);
  const parsed = JSON.parse(fs.readFileSync(result, 'utf8')) as Finding[] | Finding;
  return Array.isArray(parsed) ? parsed : [parsed];
}

const CONTROL = [
  '$a = $true ? 1 : 2',
  '$b = $null ?? 3',
  '$c ??= 4',
  '$d = ${e}?.Name',
  'Get-Item . && Get-Item .',
  '1..2 | ForEach-Object -Parallel { $_ }',
  'Join-String -InputObject 1',
  'ConvertFrom-Json -AsHashtable -InputObject "{}"',
  'function f { process { } clean { } }',
  'Out-File -FilePath x -Encoding utf8NoBOM',
  '$broken = (',
].join('\n');

describe('PowerShell: every generated script parses and suits Windows PowerShell 5.1', function () {
  before(function () {
    requirePwsh(this);
  });

  it('the check finds each PowerShell 7 construct of a control script', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'edgeflow-control-'));
    const control = path.join(dir, 'control.ps1');
    fs.writeFileSync(control, CONTROL);
    const [finding] = check([control]);
    const text = (finding?.problems ?? []).join('\n');
    for (const expected of [
      'ternary',
      '?? operator',
      '??= operator',
      '?. member access',
      'pipeline chain',
      'ForEach-Object -Parallel',
      'cmdlet Join-String',
      'ConvertFrom-Json -AsHashtable',
      'clean block',
      'utf8NoBOM',
      'parse error',
    ])
      assert.ok(text.includes(expected), `${expected} not found in:\n${text}`);
  });

  it('examples, golden topologies, the hostile corpus and the good fixtures', () => {
    const directories = [
      ...exampleNames().map(
        (name) => generateInto(readRepoFile('examples', `${name}.edgeflow.json`), name).directory,
      ),
      generateInto(topology(hostile), 'hostile').directory,
      exportScriptDirectory(),
      ...fs.readdirSync(repoPath('test', 'golden')).map((name) => repoPath('test', 'golden', name)),
    ];
    const fixtures = repoPath('test', 'fixtures', 'rules');
    for (const code of fs.readdirSync(fixtures)) {
      for (const file of fs.readdirSync(path.join(fixtures, code))) {
        if (!file.startsWith('good-')) continue;
        try {
          directories.push(
            generateInto(fs.readFileSync(path.join(fixtures, code, file), 'utf8'), 'fixture')
              .directory,
          );
        } catch {
          // A fixture that does not generate (or has no Mailbox server) has no scripts.
        }
      }
    }
    const scripts = directories.flatMap((dir) =>
      fs
        .readdirSync(dir)
        .filter((f) => f.endsWith('.ps1'))
        .map((f) => path.join(dir, f)),
    );
    assert.ok(scripts.length > 100, `only ${scripts.length} scripts`);
    const findings = check(scripts).filter((f) => f.problems.length > 0);
    assert.deepEqual(findings, []);
  });
});
