import * as fs from 'node:fs';
import * as path from 'node:path';
import { exportScript, type ExportDocument } from '../../../server/src/core';
import { withContentHash } from '../../../server/src/scriptFiles/contentHash';
import { runScenario, type Step, type StepResult } from './pwsh';
import { configureSteps, describe as describeStep, type Generated } from './scenario';

/**
 * The export of a simulated deployment, for the export tests and the round
 * trip (generate → run → export → import → compare): the export script
 * written beside the generated scripts, run on every Edge and on the first
 * Mailbox server after the configuration scripts, and the documents it wrote.
 */

export interface ExportedServerRun {
  /** The server the script ran on, and its role as the test knows it. */
  readonly server: string;
  readonly role: 'Edge' | 'Mailbox';
  /** The file as written (UTF-8 JSON). */
  readonly text: string;
  readonly document: ExportDocument;
  readonly result: StepResult;
}

export interface ExportRun {
  /** Each Edge in topology order, then the first Mailbox server. */
  readonly exports: readonly ExportedServerRun[];
  /** The configuration steps' results, before the exports. */
  readonly configured: readonly StepResult[];
}

/** Writes the export script into the generated folder, as `edgeflow export-script --out` does. */
export function writeExportScript(directory: string): string {
  const file = path.join(directory, 'edgeflow-export.ps1');
  fs.writeFileSync(file, withContentHash(exportScript()));
  return file;
}

/** One export step per Edge and one on the first Mailbox server, each writing `<label>.<server>.json`. */
export function exportSteps(generated: Generated, label: string): Step[] {
  const script = writeExportScript(generated.directory);
  const servers: { name: string; role: 'Edge' | 'Mailbox' }[] = [
    ...generated.edges.map((name) => ({ name, role: 'Edge' as const })),
    { name: generated.mailbox, role: 'Mailbox' as const },
  ];
  return servers.map(({ name, role }, index) => ({
    name: `${label}: export on ${name}`,
    server: name,
    role,
    kind: 'script',
    path: script,
    parameters: { OutFile: exportFile(generated, label, index) },
  }));
}

function exportFile(generated: Generated, label: string, index: number): string {
  return path.join(generated.directory, `${label}.${index}.edgeflow-export.json`);
}

/** The documents the export steps of `label` wrote; fails with the step's account when one did not. */
export function readExports(
  generated: Generated,
  label: string,
  steps: readonly Step[],
  results: readonly StepResult[],
): ExportedServerRun[] {
  return steps.map((step, index) => {
    const result = results.find((r) => r.name === step.name);
    if (!result) throw new Error(`no result for ${step.name}`);
    const file = exportFile(generated, label, index);
    if (result.exitCode !== 0 || !fs.existsSync(file)) {
      throw new Error(`the export failed:\n${describeStep(result)}`);
    }
    const text = fs.readFileSync(file, 'utf8');
    return {
      server: step.server,
      role: step.role,
      text,
      document: JSON.parse(text) as ExportDocument,
      result,
    };
  });
}

/**
 * Configures an empty simulated Exchange with the generated scripts, then
 * exports every Edge and the first Mailbox server: what the round trip starts
 * from. `extra` steps run between the two (a change by hand, say).
 */
export async function exportAll(
  generated: Generated,
  options: { readonly extra?: readonly Step[]; readonly repeat?: number } = {},
): Promise<ExportRun & { readonly repeats: readonly (readonly ExportedServerRun[])[] }> {
  const configure = configureSteps(generated, 'configure');
  const labels = Array.from({ length: 1 + (options.repeat ?? 0) }, (_, i) => `export${i}`);
  const rounds = labels.map((label) => ({ label, steps: exportSteps(generated, label) }));
  const results = await runScenario(
    generated.world,
    [...configure, ...(options.extra ?? []), ...rounds.flatMap((r) => r.steps)],
    generated.directory,
  );
  const [first, ...others] = rounds.map((r) => readExports(generated, r.label, r.steps, results));
  return {
    exports: first ?? [],
    configured: results.slice(0, configure.length),
    repeats: others,
  };
}
