import { analyze } from '../../server/src/core/index';
import { generateScripts } from '../../server/src/core/generate/index';
import { SIZE_L, SIZE_M, syntheticTopology } from './topologies';

/**
 * A steady loop for the profiler:
 * `node --cpu-prof --cpu-prof-dir=/tmp/prof out/scripts/bench/profile.js [M|L] [runs] [analyze|generate]`.
 */
const size = process.argv[2] === 'L' ? SIZE_L : SIZE_M;
const runs = Number(process.argv[3] ?? 50);
const what = process.argv[4] ?? 'analyze';
const { text } = syntheticTopology('profile', size);
const analysis = analyze(text);
const start = process.hrtime.bigint();
for (let i = 0; i < runs; i++) {
  if (what === 'generate') generateScripts(analysis, 'profile');
  else analyze(text);
}
const ms = Number(process.hrtime.bigint() - start) / 1e6 / runs;
process.stdout.write(`${what} ${process.argv[2] ?? 'M'}: ${ms.toFixed(2)} ms per run\n`);
