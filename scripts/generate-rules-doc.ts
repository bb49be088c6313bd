import * as fs from 'node:fs';
import * as path from 'node:path';
import { COMPARISON_CODES, RULES } from '../server/src/core';
import { configSchema, rulesSetting } from './configSchema';
import { renderRulesDoc } from './rulesDoc';

// Writes what is derived from the rules: RULES.md, the schema of
// edgeflow.config.json (its rule codes) and package.json's edgeflow.rules setting. Run from out/scripts/ after
// `npm run compile`; the repository root is two levels up.
const root = path.resolve(__dirname, '..', '..');

const doc = path.join(root, 'RULES.md');
fs.writeFileSync(doc, renderRulesDoc(RULES, COMPARISON_CODES));
process.stdout.write(`wrote ${doc}\n`);

/** Writes a JSON value formatted as the rest of the repository, so that `prettier --check` passes. */
async function writeJson(target: string, value: unknown): Promise<void> {
  const prettier = await import('prettier');
  const options = (await prettier.resolveConfig(target)) ?? {};
  const text = await prettier.format(JSON.stringify(value), { ...options, filepath: target });
  fs.writeFileSync(target, text);
  process.stdout.write(`wrote ${target}\n`);
}

interface Manifest {
  contributes: { configuration: { properties: Record<string, unknown> } };
}

async function writeDerivedJson(): Promise<void> {
  await writeJson(path.join(root, 'schemas', 'edgeflow.config.schema.json'), configSchema(RULES));
  // Only the edgeflow.rules entry is replaced; every other key keeps its place.
  const manifestPath = path.join(root, 'package.json');
  const manifest = JSON.parse(fs.readFileSync(manifestPath, 'utf8')) as Manifest;
  manifest.contributes.configuration.properties['edgeflow.rules'] = rulesSetting(RULES);
  await writeJson(manifestPath, manifest);
}

writeDerivedJson().catch((error: unknown) => {
  process.stderr.write(`${String(error)}\n`);
  process.exitCode = 1;
});
