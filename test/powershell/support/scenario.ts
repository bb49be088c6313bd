import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { analyze } from '../../../server/src/core';
import { generateScripts, type GeneratedFile } from '../../../server/src/core/generate';
import { withContentHash } from '../../../server/src/scriptFiles/contentHash';
import type { Step, StepResult } from './pwsh';
import { worldOf, type World } from './world';

/** A topology's scripts written to a fresh folder, as `edgeflow generate` writes them, and its world. */
export interface Generated {
  readonly directory: string;
  readonly files: readonly GeneratedFile[];
  readonly world: World;
  /** The first Mailbox server: where the mailbox scripts run. */
  readonly mailbox: string;
  readonly edges: readonly string[];
}

export function generateInto(text: string, baseName: string): Generated {
  const analysis = analyze(text);
  const result = generateScripts(analysis, baseName);
  if (!result.ok) {
    throw new Error(`generation refused: ${result.errors.map((e) => e.code).join(', ')}`);
  }
  const directory = fs.mkdtempSync(path.join(os.tmpdir(), `edgeflow-ps-${baseName}-`));
  for (const file of result.files)
    fs.writeFileSync(path.join(directory, file.fileName), withContentHash(file.content));
  const world = worldOf(analysis);
  const mailbox = world.mailboxes[0]?.name;
  if (mailbox === undefined) throw new Error('the topology has no Mailbox server');
  return {
    directory,
    files: result.files,
    world,
    mailbox,
    edges: world.edges.map((e) => e.name),
  };
}

function scriptPath(generated: Generated, file: GeneratedFile): string {
  return path.join(generated.directory, file.fileName);
}

/** The steps that run each configuration script once: every Edge, then the organization. */
export function configureSteps(
  generated: Generated,
  label: string,
  parameters: Record<string, string | boolean> = {},
): Step[] {
  return generated.files
    .filter((f) => f.kind === 'edge' || f.kind === 'mailbox')
    .map((file) => ({
      name: `${label}: ${file.fileName}`,
      server: file.kind === 'edge' ? (file.server ?? '') : generated.mailbox,
      role: file.kind === 'edge' ? 'Edge' : 'Mailbox',
      kind: 'script',
      path: scriptPath(generated, file),
      parameters,
    }));
}

/** The steps that run every verification script, with -Json unless `text`. */
export function verifySteps(generated: Generated, label: string, text = false): Step[] {
  return generated.files
    .filter((f) => f.kind === 'edge-verify' || f.kind === 'mailbox-verify')
    .map((file) => ({
      name: `${label}: ${file.fileName}`,
      server: file.kind === 'edge-verify' ? (file.server ?? '') : generated.mailbox,
      role: file.kind === 'edge-verify' ? 'Edge' : 'Mailbox',
      kind: 'script',
      path: scriptPath(generated, file),
      parameters: text ? ({} as Record<string, boolean>) : { Json: true },
    }));
}

export interface Check {
  readonly name: string;
  readonly status: 'PASS' | 'FAIL' | 'INFO';
  readonly expected: string;
  readonly actual: string;
}

/** The checks a verification script printed with -Json. */
export function checksOf(result: StepResult): Check[] {
  const text = result.output.join('\n');
  const parsed = JSON.parse(text) as Check[] | Check;
  return Array.isArray(parsed) ? parsed : [parsed];
}

/** A readable account of a step, for assertion messages. */
export function describe(result: StepResult): string {
  let output = result.output.slice(0, 40).map((line) => `  | ${line}`);
  try {
    // A verification's JSON: its failed checks say more than its first lines.
    output = checksOf(result)
      .filter((c) => c.status === 'FAIL')
      .map((c) => `  FAIL ${c.name} (expected: ${c.expected}; actual: ${c.actual})`);
  } catch {
    // Not JSON: the first lines as printed.
  }
  return [
    `${result.name}: exit ${result.exitCode}${result.threw ? `, threw: ${result.threw}` : ''}`,
    ...result.errors.map((e) => `  error: ${e}`),
    ...output,
  ].join('\n');
}
