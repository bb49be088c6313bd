import * as fs from 'node:fs';
import * as path from 'node:path';
import { RULES } from '../server/src/core';
import { renderRulesDoc } from './rulesDoc';

// Run from out/scripts/ after `npm run compile`; the repository root is two levels up.
const target = path.resolve(__dirname, '..', '..', 'RULES.md');
fs.writeFileSync(target, renderRulesDoc(RULES));
process.stdout.write(`wrote ${target}\n`);
