import * as fs from 'node:fs';
import * as path from 'node:path';
import { RULES } from '../server/src/core';
import { configSchema } from './configSchema';
import { renderRulesDoc } from './rulesDoc';

// Writes what is derived from the rules: RULES.md and the schema of
// edgeflow.config.json (its rule codes). Run from out/scripts/ after
// `npm run compile`; the repository root is two levels up.
const root = path.resolve(__dirname, '..', '..');

const doc = path.join(root, 'RULES.md');
fs.writeFileSync(doc, renderRulesDoc(RULES));
process.stdout.write(`wrote ${doc}\n`);

async function writeSchema(): Promise<void> {
  const target = path.join(root, 'schemas', 'edgeflow.config.schema.json');
  // Formatted as the rest of the repository, so that `prettier --check` passes.
  const prettier = await import('prettier');
  const options = (await prettier.resolveConfig(target)) ?? {};
  const text = await prettier.format(JSON.stringify(configSchema(RULES)), {
    ...options,
    filepath: target,
  });
  fs.writeFileSync(target, text);
  process.stdout.write(`wrote ${target}\n`);
}

void writeSchema();
