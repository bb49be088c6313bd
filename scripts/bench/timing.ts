/** One measured function. */
export interface BenchCase {
  readonly id: string;
  /** Untimed, before each run: prepares the input (for example the next edit). */
  readonly prepare?: () => void;
  /** The timed work; a promise is awaited inside the measurement. */
  readonly run: () => unknown;
  /** Untimed, after each run: fails loudly when the result is wrong. */
  readonly check?: (result: unknown) => void;
}

export interface Stats {
  readonly n: number;
  readonly median: number;
  readonly p95: number;
  readonly mean: number;
  readonly min: number;
  readonly max: number;
}

export interface InterleaveOptions {
  /** Rounds run and discarded first (at least), so that the JIT has settled. */
  readonly warmupRounds: number;
  /** Target measuring time for all cases together; the round count follows from it. */
  readonly budgetMs: number;
  readonly minRounds: number;
  readonly maxRounds: number;
}

export function nowMs(): number {
  return Number(process.hrtime.bigint()) / 1e6;
}

type CollectGarbage = (options?: { type?: 'minor' | 'major' }) => void;

/**
 * V8's collector, present with `node --expose-gc`. With it, the young
 * generation is emptied before each run, so that a run does not pay for the
 * garbage of the case before it.
 */
export const collectGarbage = (globalThis as { gc?: CollectGarbage }).gc;

async function timeOnce(benchCase: BenchCase): Promise<number> {
  benchCase.prepare?.();
  collectGarbage?.({ type: 'minor' });
  const start = process.hrtime.bigint();
  let result = benchCase.run();
  if (result instanceof Promise || (typeof result === 'object' && result && 'then' in result))
    result = await result;
  const elapsed = Number(process.hrtime.bigint() - start) / 1e6;
  benchCase.check?.(result);
  return elapsed;
}

/**
 * Runs the cases round-robin (each round runs every case once, starting with a
 * different case each round), so that a slow phase of the machine — a GC, a
 * frequency change, another process — falls on every case alike. Returns the
 * milliseconds of every measured run, per case id.
 */
export async function interleave(
  cases: readonly BenchCase[],
  options: InterleaveOptions,
): Promise<Map<string, number[]>> {
  const samples = new Map<string, number[]>(cases.map((c) => [c.id, []]));
  let round = 0;
  const runRound = async (record: boolean): Promise<number> => {
    let total = 0;
    for (let k = 0; k < cases.length; k++) {
      const benchCase = cases[(round + k) % cases.length];
      if (!benchCase) continue;
      const ms = await timeOnce(benchCase);
      total += ms;
      if (record) samples.get(benchCase.id)?.push(ms);
    }
    round++;
    return total;
  };
  let warmupTotal = 0;
  for (let i = 0; i < options.warmupRounds; i++) warmupTotal = await runRound(false);
  // The last warm-up round is the best estimate of a round's cost.
  const rounds = Math.min(
    options.maxRounds,
    Math.max(options.minRounds, Math.ceil(options.budgetMs / Math.max(warmupTotal, 0.001))),
  );
  for (let i = 0; i < rounds; i++) await runRound(true);
  return samples;
}

/** Median and nearest-rank 95th percentile. */
export function statsOf(values: readonly number[]): Stats {
  const sorted = [...values].sort((a, b) => a - b);
  const n = sorted.length;
  if (n === 0) return { n, median: NaN, p95: NaN, mean: NaN, min: NaN, max: NaN };
  const at = (q: number) => sorted[Math.min(n - 1, Math.max(0, Math.ceil(q * n) - 1))] ?? NaN;
  const median =
    n % 2 === 1
      ? (sorted[(n - 1) / 2] ?? NaN)
      : ((sorted[n / 2 - 1] ?? NaN) + (sorted[n / 2] ?? NaN)) / 2;
  return {
    n,
    median,
    p95: at(0.95),
    mean: sorted.reduce((a, b) => a + b, 0) / n,
    min: sorted[0] ?? NaN,
    max: sorted[n - 1] ?? NaN,
  };
}
