/**
 * Deeper fuzzing of the core than the test suite does:
 *
 *   npm run fuzz -- [--seed N] [--count N] [--jobs N] [--case I] [--time-limit MS]
 *
 * Case i mutates one topology of the corpus (examples and rule fixtures) with
 * the generator seeded by (seed, i), analyses it, and checks the invariants of
 * test/fuzz/invariants.ts, preferred quick fixes included. A failure prints
 * the seed, the case, the mutations and the input; `--seed S --case I`
 * replays exactly that case. Exit code 0 when nothing was found, 1 otherwise.
 */
import { fork } from 'node:child_process';
import * as os from 'node:os';
import { parseArgs } from 'node:util';
import { parseTree, type ParseError } from 'jsonc-parser';
import { checkText, describeCase } from '../test/fuzz/invariants';
import { loadCorpus, mutate } from '../test/fuzz/mutations';
import { caseSeed, Random } from '../test/fuzz/random';

interface Options {
  readonly seed: number;
  readonly count: number;
  readonly jobs: number;
  readonly only?: number;
  readonly timeLimitMs: number;
  readonly maxFixes: number;
}

interface Failure {
  readonly index: number;
  readonly report: string;
  /** The problems with numbers, quoted text and the rest of the detail removed: groups similar failures. */
  readonly signatures: readonly string[];
}

interface Stats {
  cases: number;
  validJson: number;
  findings: number;
  fixesApplied: number;
  totalMs: number;
  maxMs: number;
  slowest: number;
  failures: Failure[];
}

function readOptions(argv: string[]): Options & { worker?: { index: number; of: number } } {
  const { values } = parseArgs({
    args: argv,
    options: {
      seed: { type: 'string' },
      count: { type: 'string', default: '1000' },
      jobs: { type: 'string' },
      case: { type: 'string' },
      'time-limit': { type: 'string', default: '2000' },
      'max-fixes': { type: 'string', default: '6' },
      worker: { type: 'string' },
    },
    strict: true,
  });
  const number = (name: string, value: string | undefined, fallback: number) => {
    if (value === undefined) return fallback;
    const parsed = Number(value);
    if (!Number.isInteger(parsed) || parsed < 0)
      throw new Error(`--${name} expects a whole number`);
    return parsed;
  };
  const seed = number('seed', values.seed, (Date.now() ^ (process.pid << 16)) >>> 0);
  const worker = values.worker?.split('/').map(Number);
  return {
    seed,
    count: number('count', values.count, 1000),
    jobs: Math.max(1, number('jobs', values.jobs, Math.min(os.cpus().length, 4))),
    only: values.case === undefined ? undefined : number('case', values.case, 0),
    timeLimitMs: number('time-limit', values['time-limit'], 2000),
    maxFixes: number('max-fixes', values['max-fixes'], 6),
    worker:
      worker && worker.length === 2 ? { index: worker[0] ?? 0, of: worker[1] ?? 1 } : undefined,
  };
}

const corpus = loadCorpus();

function emptyStats(): Stats {
  return {
    cases: 0,
    validJson: 0,
    findings: 0,
    fixesApplied: 0,
    totalMs: 0,
    maxMs: 0,
    slowest: -1,
    failures: [],
  };
}

/** Runs the cases `first, first + step, ...` below `count` (or only `options.only`). */
function runCases(options: Options, first: number, step: number): Stats {
  const stats = emptyStats();
  const indices =
    options.only !== undefined
      ? [options.only]
      : (function* () {
          for (let i = first; i < options.count; i += step) yield i;
        })();
  for (const index of indices) {
    const random = new Random(caseSeed(options.seed, index));
    const entry = random.pick(corpus);
    const { text, steps } = mutate(random, entry.text);
    const result = checkText(text, {
      fixes: 'preferred',
      timeLimitMs: options.timeLimitMs,
      maxFixes: options.maxFixes,
      repeat: index % 10 === 0,
    });
    stats.cases++;
    stats.findings += result.findings;
    stats.fixesApplied += result.fixesApplied;
    stats.totalMs += result.ms;
    if (result.ms > stats.maxMs) {
      stats.maxMs = result.ms;
      stats.slowest = index;
    }
    if (isValidJsonc(text)) stats.validJson++;
    if (result.problems.length > 0) {
      stats.failures.push({
        index,
        signatures: result.problems.map(signatureOf),
        report: describeCase(
          `case ${index} (seed ${options.seed}): ${entry.name} after ${steps.join(', ')}\n` +
            `replay: npm run fuzz -- --seed ${options.seed} --case ${index}`,
          text,
          result.problems,
        ),
      });
    }
  }
  return stats;
}

function signatureOf(problem: string): string {
  return (problem.split('\n')[0] ?? '')
    .replace(/"(?:[^"\\]|\\.)*"/g, '"…"')
    .replace(/'[^']*'(?= error)/g, "'…'")
    .replace(/\[\d+, \d+\)/g, '[…)')
    .replace(/\d+/g, 'N');
}

function isValidJsonc(text: string): boolean {
  const errors: ParseError[] = [];
  parseTree(text, errors, { allowTrailingComma: true });
  return errors.length === 0;
}

function merge(into: Stats, from: Stats): void {
  into.cases += from.cases;
  into.validJson += from.validJson;
  into.findings += from.findings;
  into.fixesApplied += from.fixesApplied;
  into.totalMs += from.totalMs;
  if (from.maxMs > into.maxMs) {
    into.maxMs = from.maxMs;
    into.slowest = from.slowest;
  }
  into.failures.push(...from.failures);
}

async function main(): Promise<number> {
  const options = readOptions(process.argv.slice(2));
  if (options.worker) {
    const stats = runCases(options, options.worker.index, options.worker.of);
    process.send?.(stats);
    return 0;
  }
  const started = Date.now();
  const jobs = options.only !== undefined ? 1 : Math.min(options.jobs, Math.max(1, options.count));
  console.log(
    `edgeflow fuzz: seed ${options.seed}, ${options.only !== undefined ? `case ${options.only}` : `${options.count} cases`}, ${jobs} job(s), corpus of ${corpus.length} topologies`,
  );
  const total = emptyStats();
  if (jobs === 1) merge(total, runCases(options, 0, 1));
  else {
    const forwarded = process.argv.slice(2).filter((arg) => !arg.startsWith('--worker'));
    const results = await Promise.all(
      Array.from(
        { length: jobs },
        (_, k) =>
          new Promise<Stats>((resolve, reject) => {
            const child = fork(__filename, [
              ...forwarded,
              '--seed',
              String(options.seed),
              `--worker=${k}/${jobs}`,
            ]);
            let stats: Stats | undefined;
            child.on('message', (message) => (stats = message as Stats));
            child.on('error', reject);
            child.on('exit', (code) =>
              stats ? resolve(stats) : reject(new Error(`worker ${k} exited with ${code}`)),
            );
          }),
      ),
    );
    for (const stats of results) merge(total, stats);
  }
  const seconds = (Date.now() - started) / 1000;
  total.failures.sort((a, b) => a.index - b.index);
  const groups = new Map<string, number[]>();
  for (const failure of total.failures)
    for (const signature of new Set(failure.signatures))
      groups.set(signature, [...(groups.get(signature) ?? []), failure.index]);
  // One full report per kind of problem, then the list of kinds.
  const shown = new Set<number>();
  for (const indices of groups.values()) {
    const first = indices[0] as number;
    if (shown.has(first) || shown.size >= 20) continue;
    shown.add(first);
    console.log(`\nFAIL ${total.failures.find((f) => f.index === first)?.report ?? ''}`);
  }
  if (groups.size > 0) {
    console.log('\nFailing cases by kind of problem:');
    for (const [signature, indices] of [...groups].sort((a, b) => b[1].length - a[1].length))
      console.log(
        `  ${indices.length} × ${signature} (cases ${indices.slice(0, 5).join(', ')}${indices.length > 5 ? ', …' : ''})`,
      );
  }
  console.log(
    [
      '',
      `${total.cases} cases in ${seconds.toFixed(1)} s (seed ${options.seed})`,
      `  valid JSONC after mutation: ${total.validJson} (${((100 * total.validJson) / Math.max(1, total.cases)).toFixed(1)} %)`,
      `  findings checked: ${total.findings}; preferred fixes applied and re-analysed: ${total.fixesApplied}`,
      `  analysis time: mean ${(total.totalMs / Math.max(1, total.cases)).toFixed(2)} ms, max ${total.maxMs.toFixed(1)} ms (case ${total.slowest})`,
      `  ${total.failures.length === 0 ? 'nothing found' : `${total.failures.length} failing case(s)`}`,
    ].join('\n'),
  );
  return total.failures.length === 0 ? 0 : 1;
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : String(error));
    process.exitCode = 2;
  },
);
