import * as fs from 'node:fs';
import { analyze } from '../../server/src/core';
import { generateScripts, type GeneratedFile } from '../../server/src/core/generate';
import { readRepoFile, repoPath } from './repo';

/** The names of the bundled examples (`contoso` for `examples/contoso.edgeflow.json`). */
export function exampleNames(): string[] {
  return fs
    .readdirSync(repoPath('examples'))
    .filter((f) => f.endsWith('.edgeflow.json'))
    .map((f) => f.slice(0, -'.edgeflow.json'.length))
    .sort();
}

/** The scripts generated from a topology text; fails the test when generation refuses. */
export function generateFrom(text: string, baseName: string): GeneratedFile[] {
  const result = generateScripts(analyze(text), baseName);
  if (!result.ok) {
    throw new Error(
      `generation refused: ${result.errors.map((e) => `${e.code}: ${e.message}`).join('; ')}`,
    );
  }
  return [...result.files];
}

export function generateExample(name: string): GeneratedFile[] {
  return generateFrom(readRepoFile('examples', `${name}.edgeflow.json`), name);
}

/** The file of a kind (and, for Edge scripts, of a server). */
export function fileOf(
  files: readonly GeneratedFile[],
  kind: GeneratedFile['kind'],
  server?: string,
): string {
  const file = files.find((f) => f.kind === kind && (server === undefined || f.server === server));
  if (!file) throw new Error(`no ${kind} script${server ? ` for ${server}` : ''}`);
  return file.content;
}
