import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { repoPath } from '../../support/repo';
import { catalogueTable, signatures } from './signatures';
import type { World } from './world';

/**
 * The PowerShell that scripts/ensure-pwsh.mjs found (EDGEFLOW_PWSH, pwsh on
 * PATH, or the cached .NET tool), or why there is none. `npm test` runs
 * ensure-pwsh first; with CI=true it fails rather than let the suite skip.
 */
export function pwshExecutable(): { path?: string; reason?: string } {
  const fromEnvironment = process.env['EDGEFLOW_PWSH'];
  if (fromEnvironment) return { path: fromEnvironment };
  const recorded = repoPath('.pwsh-cache', 'pwsh.json');
  if (!fs.existsSync(recorded))
    return { reason: 'no PowerShell recorded: run node scripts/ensure-pwsh.mjs' };
  const result = JSON.parse(fs.readFileSync(recorded, 'utf8')) as {
    available: boolean;
    path?: string;
    reason?: string;
  };
  return result.available ? { path: result.path } : { reason: result.reason };
}

/**
 * Skips the suite, loudly, when there is no PowerShell; with CI=true fails it
 * instead, so that CI never passes without having run it.
 */
export function requirePwsh(context: Mocha.Context): void {
  const found = pwshExecutable();
  if (found.path) return;
  const reason = found.reason ?? 'no PowerShell';
  if (process.env['CI'] === 'true') throw new Error(`CI=true and no PowerShell 7: ${reason}`);
  console.warn(`SKIPPED (no PowerShell 7): ${reason}`);
  context.skip();
}

export type Role = 'Edge' | 'Mailbox';

export interface Step {
  readonly name: string;
  readonly server: string;
  readonly role: Role;
  readonly kind: 'script' | 'command';
  /** The script file (kind script). */
  readonly path?: string;
  /** PowerShell text typed at the simulated shell (kind command). */
  readonly command?: string;
  readonly parameters?: Record<string, string | boolean>;
  /** Make the first call of this cmdlet fail, as Exchange fails when a domain controller is lost. */
  readonly failOn?: { readonly cmdlet: string };
  /** Return the whole simulated state after the step. */
  readonly snapshot?: boolean;
}

export interface Call {
  readonly cmdlet: string;
  readonly parameters: readonly string[];
  readonly server: string;
  readonly confirmFalse: boolean;
  readonly errorAction: string;
}

export interface StepResult {
  readonly name: string;
  readonly exitCode: number;
  readonly threw: string | null;
  readonly errors: readonly string[];
  readonly output: readonly string[];
  readonly calls: readonly Call[];
  readonly credentialPrompts: number;
  readonly confirmPrompts: readonly string[];
  readonly changed: boolean;
  readonly state: unknown;
}

let generatedFiles: { Edge: string; Mailbox: string; catalogue: string } | undefined;

/** The generated signatures, written once per test process. */
function simulationFiles(): { Edge: string; Mailbox: string; catalogue: string } {
  if (generatedFiles) return generatedFiles;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'edgeflow-sim-'));
  const files = {
    Edge: path.join(dir, 'signatures.Edge.ps1'),
    Mailbox: path.join(dir, 'signatures.Mailbox.ps1'),
    catalogue: path.join(dir, 'catalogue.ps1'),
  };
  fs.writeFileSync(files.Edge, signatures('Edge'));
  fs.writeFileSync(files.Mailbox, signatures('Mailbox'));
  fs.writeFileSync(files.catalogue, catalogueTable());
  generatedFiles = files;
  return files;
}

export interface Scenario {
  readonly world: World;
  readonly steps: readonly Step[];
  /** The current location of every step (where the scripts write and read certificate files). */
  readonly workDirectory: string;
}

/**
 * Runs the steps in one PowerShell process against one simulated world
 * (test/powershell/simulation/Run-Scenario.ps1) and returns each step's result.
 */
export async function runScenario(
  world: World,
  steps: readonly Step[],
  workDirectory: string,
  options: { readonly answers?: string } = {},
): Promise<StepResult[]> {
  const [results] = await runScenarios([{ world, steps, workDirectory }], options);
  return results ?? [];
}

/**
 * Runs several scenarios, one after the other, in one PowerShell process (its
 * start-up dominates a short scenario): each gets a fresh simulated world.
 */
export async function runScenarios(
  scenarios: readonly Scenario[],
  options: { readonly answers?: string } = {},
): Promise<StepResult[][]> {
  const executable = pwshExecutable().path;
  if (!executable) throw new Error('no PowerShell');
  const files = simulationFiles();
  const paths = scenarios.map((scenario, index) => {
    const scenarioPath = path.join(
      scenario.workDirectory,
      `scenario-${process.pid}-${Date.now()}-${index}.json`,
    );
    fs.writeFileSync(
      scenarioPath,
      JSON.stringify({
        world: scenario.world,
        steps: scenario.steps,
        workDirectory: scenario.workDirectory,
        resultPath: `${scenarioPath}.result.json`,
        catalogue: files.catalogue,
        signatures: { Edge: files.Edge, Mailbox: files.Mailbox },
      }),
    );
    return scenarioPath;
  });
  const runner = repoPath('test', 'powershell', 'simulation', 'Run-Scenario.ps1');
  const literal = (value: string) => `'${value.replace(/'/g, "''")}'`;
  const { code, output } = await new Promise<{ code: number | null; output: string }>(
    (resolve, reject) => {
      // With answers, the console host reads each confirmation prompt's answer from stdin
      // (as a person would type it); otherwise any prompt fails (-NonInteractive).
      const interactive = options.answers === undefined ? ['-NonInteractive'] : [];
      const child = spawn(
        executable,
        [
          '-NoLogo',
          '-NoProfile',
          ...interactive,
          '-Command',
          `. ${literal(runner)} ${paths.map(literal).join(',')}`,
        ],
        { stdio: ['pipe', 'pipe', 'pipe'], env: { ...process.env, NO_COLOR: '1' } },
      );
      child.stdin.end(options.answers ?? '');
      let text = '';
      child.stdout.on('data', (chunk: Buffer) => (text += chunk.toString()));
      child.stderr.on('data', (chunk: Buffer) => (text += chunk.toString()));
      child.on('error', reject);
      child.on('exit', (exitCode) => resolve({ code: exitCode, output: text }));
    },
  );
  return paths.map((scenarioPath) => {
    const resultPath = `${scenarioPath}.result.json`;
    if (!fs.existsSync(resultPath)) {
      throw new Error(`the scenario did not finish (pwsh exit code ${String(code)}):\n${output}`);
    }
    const result = JSON.parse(fs.readFileSync(resultPath, 'utf8').replace(/^\uFEFF/, '')) as {
      steps: StepResult[] | StepResult;
    };
    // ConvertTo-Json writes a one-element array as the element itself.
    return Array.isArray(result.steps) ? result.steps : [result.steps];
  });
}
