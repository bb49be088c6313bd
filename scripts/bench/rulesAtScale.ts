import { buildTopology } from '../../server/src/core/model/topology';
import { TopologyIndex } from '../../server/src/core/model/topologyIndex';
import { parseDocument } from '../../server/src/core/parse/parseDocument';
import { RULES } from '../../server/src/core/rules/index';
import type { RuleContext } from '../../server/src/core/rules/rule';
import { findSuppressions } from '../../server/src/core/suppression';
import { LineIndex } from '../../server/src/core/text/lineIndex';
import { collectGarbage, nowMs, statsOf } from './timing';
import { SIZE_L, SIZE_M, syntheticTopology, type TopologySize } from './topologies';

/**
 * Why the analysis grows faster than the floor from M to L (BENCHMARKS.md,
 * "Targets not met"): the rules' own time, apart from parsing and collection.
 *
 * `node --expose-gc out/bench/scripts/bench/rulesAtScale.js`
 *
 * 1. Per size, the model is built afresh after a full collection and all rules
 *    run twice on it: the first run is what an analysis pays (it fills the
 *    index's per-analysis answers), the second shows the rules with those
 *    filled. Run with `--min-semi-space-size=128 --max-semi-space-size=128`
 *    as well, so that no collection falls into either run.
 * 2. The rules of M, each after 64 MiB were written (untimed), against the
 *    rules of M without: what M's time owes to its data staying in the
 *    caches, which L's, ten times larger, largely cannot.
 *
 * A supplementary tool, not a test: it asserts nothing and prints medians.
 */

function prepare(text: string): RuleContext {
  const document = parseDocument(text);
  const topology = buildTopology(document.root);
  const lines = new LineIndex(text);
  return {
    document,
    text,
    topology,
    index: new TopologyIndex(topology),
    suppressions: findSuppressions(text, lines),
    isSuppressible: () => true,
    rootCauseIn: () => undefined,
    report: () => undefined,
  };
}

/** Milliseconds each rule takes, in RULES order; with `before`, run (untimed) ahead of each rule. */
function runRules(context: RuleContext, before?: () => void): number[] {
  return RULES.map((rule) => {
    before?.();
    const start = nowMs();
    rule.check(context);
    return nowMs() - start;
  });
}

function median(values: readonly number[]): number {
  return statsOf(values).median;
}

function sum(values: readonly number[]): number {
  return values.reduce((total, value) => total + value, 0);
}

interface FirstAndSecond {
  /** Per rule, the median over rounds. */
  readonly first: number[];
  readonly second: number[];
  /** The median over rounds of all rules together. */
  readonly firstTotal: number;
  readonly secondTotal: number;
}

function firstAndSecond(size: TopologySize, rounds: number): FirstAndSecond {
  const { text } = syntheticTopology('rules', size);
  const first: number[][] = RULES.map(() => []);
  const second: number[][] = RULES.map(() => []);
  const totals = { first: [] as number[], second: [] as number[] };
  const warmup = 3;
  for (let round = 0; round < warmup + rounds; round++) {
    collectGarbage?.({ type: 'major' });
    const context = prepare(text);
    const a = runRules(context);
    const b = runRules(context);
    if (round < warmup) continue;
    a.forEach((ms, i) => first[i]?.push(ms));
    b.forEach((ms, i) => second[i]?.push(ms));
    totals.first.push(sum(a));
    totals.second.push(sum(b));
  }
  return {
    first: first.map(median),
    second: second.map(median),
    firstTotal: median(totals.first),
    secondTotal: median(totals.second),
  };
}

/** Writes every cache line of a buffer larger than the caches (L3 here: 32 MiB). */
function cacheFlusher(mebibytes: number): () => void {
  const buffer = new Float64Array((mebibytes * 1024 * 1024) / 8);
  return () => {
    for (let i = 0; i < buffer.length; i += 8) buffer[i] = (buffer[i] ?? 0) + 1;
  };
}

function flushedAgainstWarm(rounds: number): { warm: number; flushed: number } {
  const context = prepare(syntheticTopology('rules', SIZE_M).text);
  const flush = cacheFlusher(64);
  const warm: number[] = [];
  const flushed: number[] = [];
  for (let round = 0; round < 5 + rounds; round++) {
    collectGarbage?.({ type: 'minor' });
    const a = sum(runRules(context));
    collectGarbage?.({ type: 'minor' });
    const b = sum(runRules(context, flush));
    if (round < 5) continue;
    warm.push(a);
    flushed.push(b);
  }
  return { warm: median(warm), flushed: median(flushed) };
}

function main(): void {
  if (!collectGarbage) {
    process.stderr.write('rulesAtScale: run with node --expose-gc\n');
    process.exit(2);
  }
  const out = (line: string) => process.stdout.write(`${line}\n`);
  const m = firstAndSecond(SIZE_M, 200);
  const l = firstAndSecond(SIZE_L, 25);
  const f = (ms: number) => ms.toFixed(2);
  out('1. All rules after a fresh parse, model and index (median ms):');
  out(`   M: first run ${f(m.firstTotal)}, second run ${f(m.secondTotal)}`);
  out(`   L: first run ${f(l.firstTotal)}, second run ${f(l.secondTotal)}`);
  out(
    `   growth M → L (10× the content): first ${(l.firstTotal / m.firstTotal).toFixed(1)}×, second ${(l.secondTotal / m.secondTotal).toFixed(1)}×`,
  );
  out('   the ten slowest rules on L (first run), ms on M and L, and growth:');
  const order = RULES.map((rule, i) => ({ code: rule.code, i })).sort(
    (a, b) => (l.first[b.i] ?? 0) - (l.first[a.i] ?? 0),
  );
  for (const { code, i } of order.slice(0, 10)) {
    const mi = m.first[i] ?? Number.NaN;
    const li = l.first[i] ?? Number.NaN;
    out(`     ${code.padEnd(40)} ${mi.toFixed(3)} ${li.toFixed(2)}  ${(li / mi).toFixed(1)}×`);
  }
  const cache = flushedAgainstWarm(100);
  out('2. The rules of M on the same model, interleaved (median ms):');
  out(
    `   warm ${f(cache.warm)}, each rule after 64 MiB written ${f(cache.flushed)}: ${(cache.flushed / cache.warm).toFixed(2)}×`,
  );
}

main();
