import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import {
  CASE_LABELS,
  IN_PROCESS_CASES,
  measureGrowth,
  measureInProcess,
  type GrowthResult,
  type InProcessResult,
} from './inProcess';
import { measureLanguageServer, type LanguageServerResult } from './languageServer';
import { nowMs, type Stats } from './timing';
import {
  referenceTopology,
  SIZE_L,
  SIZE_M,
  SIZE_XL,
  syntheticTopology,
  type BenchTopology,
} from './topologies';

/**
 * `npm run bench [-- --json] [-- --quick]`: EdgeFlow against the parsing floor
 * and the JSON language service, in process and through the real language
 * server. See BENCHMARKS.md for what is measured and why.
 */

/** The repository: the first directory above this script with package.json and examples/. */
function repositoryRoot(): string {
  for (let dir = __dirname; ; dir = path.dirname(dir)) {
    if (fs.existsSync(path.join(dir, 'package.json')) && fs.existsSync(path.join(dir, 'examples')))
      return dir;
    if (path.dirname(dir) === dir) throw new Error(`no repository above ${__dirname}`);
  }
}

const ROOT = repositoryRoot();

interface Targets {
  readonly [name: string]: {
    readonly value: number;
    readonly limit: number;
    readonly met: boolean;
  };
}

async function main(): Promise<void> {
  const args = new Set(process.argv.slice(2));
  const unknown = [...args].filter((a) => a !== '--json' && a !== '--quick');
  if (unknown.length > 0) {
    process.stderr.write(
      `usage: npm run bench -- [--json] [--quick]\nunknown: ${unknown.join(' ')}\n`,
    );
    process.exit(2);
  }
  const json = args.has('--json');
  const quick = args.has('--quick');
  const progress = (message: string) => process.stderr.write(`bench: ${message}\n`);
  const began = nowMs();
  const loadBefore = os.loadavg()[0] ?? NaN;

  if (!fs.existsSync(path.join(ROOT, 'dist', 'server.js'))) {
    throw new Error('dist/server.js is missing: run `npm run build` first (npm run bench does).');
  }
  const topologies: BenchTopology[] = [
    referenceTopology(ROOT),
    syntheticTopology('M', SIZE_M),
    syntheticTopology('L', SIZE_L),
  ];

  const scale = quick ? 0.1 : 1;
  const plan: Record<
    string,
    { budgetMs: number; warmupRounds: number; minRounds: number; maxRounds: number }
  > = {
    S: { budgetMs: 6000 * scale, warmupRounds: quick ? 10 : 50, minRounds: 20, maxRounds: 2000 },
    M: {
      budgetMs: 15000 * scale,
      warmupRounds: quick ? 3 : 10,
      minRounds: quick ? 10 : 30,
      maxRounds: 1000,
    },
    L: {
      budgetMs: 40000 * scale,
      warmupRounds: quick ? 2 : 4,
      minRounds: quick ? 5 : 20,
      maxRounds: 500,
    },
  };
  const inProcess: Record<string, InProcessResult> = {};
  for (const topology of topologies) {
    progress(
      `${topology.name} (${topology.lines} lines, ${topology.text.length} characters): in process`,
    );
    const options = plan[topology.name];
    if (!options) continue;
    inProcess[topology.name] = await measureInProcess(ROOT, topology, options);
  }

  progress('growth from M to L: both in the same rounds');
  const [m, l] = [topologies[1], topologies[2]];
  if (!m || !l) throw new Error('M and L are missing');
  const growth = await measureGrowth(m, l, {
    budgetMs: 20000 * scale,
    warmupRounds: quick ? 2 : 4,
    minRounds: quick ? 5 : 20,
    maxRounds: 500,
  });

  progress('the language server over stdio');
  const server = await measureLanguageServer(ROOT, topologies, ['M', 'L'], {
    starts: quick ? 3 : 10,
    warmup: quick ? 2 : 3,
    budgetMs: quick ? 3000 : 30000,
    minRounds: quick ? 5 : 20,
    maxRounds: 200,
  });

  // Not a target: whether the growth from M to L is a trend (a rule that grows
  // faster than the content would grow faster still past L) or a step. Last,
  // after the server: the large heap it leaves in this process, the server's
  // client, would otherwise be collected while the server is measured.
  const xl = syntheticTopology('XL', SIZE_XL);
  progress(
    `growth from L to XL (${xl.lines} lines, ${xl.text.length} characters): both in the same rounds`,
  );
  const beyond = await measureGrowth(l, xl, {
    budgetMs: 20000 * scale,
    warmupRounds: quick ? 1 : 3,
    minRounds: quick ? 3 : 15,
    maxRounds: 200,
  });

  const bundles = fs
    .readdirSync(path.join(ROOT, 'dist'))
    .filter((f) => f.endsWith('.js'))
    .sort()
    .map((file) => ({
      file: `dist/${file}`,
      bytes: fs.statSync(path.join(ROOT, 'dist', file)).size,
    }));

  const ratios = ratiosOf(inProcess, server, growth, beyond);
  const targets = targetsOf(ratios);
  const machine = {
    cpus: os.availableParallelism(),
    cpuModel: cpuModel(),
    memoryBytes: os.totalmem(),
    node: process.version,
    platform: `${os.type()} ${os.release()} ${os.arch()}`,
    // Other work on the machine shows here: a benchmark on a busy machine is noisy.
    loadAverage: { before: loadBefore, after: os.loadavg()[0] ?? NaN },
  };
  const result = {
    date: new Date().toISOString(),
    command: ['npm run bench', ...(args.size > 0 ? ['--', ...args] : [])].join(' '),
    quick,
    machine,
    topologies: topologies.map((t) => ({
      name: t.name,
      description: t.description,
      lines: t.lines,
      characters: t.text.length,
    })),
    inProcess,
    growth,
    beyond,
    languageServer: server,
    bundles,
    ratios,
    targets,
    wallSeconds: (nowMs() - began) / 1000,
  };
  if (json) {
    process.stdout.write(JSON.stringify(result, null, 2) + '\n');
  } else {
    process.stdout.write(
      renderTables(
        topologies,
        inProcess,
        [growth, beyond],
        server,
        bundles,
        ratios,
        targets,
        machine,
        result.date,
      ) + `\nMeasured in ${result.wallSeconds.toFixed(0)} s (after the build).\n`,
    );
  }
}

type Ratios = Record<string, number>;

function ratiosOf(
  inProcess: Record<string, InProcessResult>,
  server: LanguageServerResult,
  growth: GrowthResult,
  beyond: GrowthResult,
): Ratios {
  const ratios: Ratios = {};
  for (const size of ['M', 'L']) {
    const stats = inProcess[size]?.stats;
    if (!stats) continue;
    ratios[`analyze/floor ${size}`] = stats.analyze.median / stats.floor.median;
    ratios[`analyze/peer ${size}`] = stats.analyze.median / stats.peer.median;
    ratios[`mail-flow model share of analyze ${size}`] =
      (stats.model.median - stats.structure.median) / stats.analyze.median;
  }
  const m = inProcess['M']?.stats;
  const l = inProcess['L']?.stats;
  if (m && l) {
    // Measured minutes apart: these also compare the machine's speed at two moments.
    for (const id of IN_PROCESS_CASES)
      ratios[`growth M→L ${id} (M and L measured apart)`] = l[id].median / m[id].median;
  }
  ratios['growth M→L floor (same rounds)'] = growth.floor;
  ratios['growth M→L analyze (same rounds)'] = growth.analyze;
  const xl = (id: string) => beyond.stats[`${id}${beyond.to}`]?.median ?? NaN;
  ratios[`growth L→XL floor (same rounds, ×${beyond.content.toFixed(1)} content)`] = beyond.floor;
  ratios[`growth L→XL analyze (same rounds, ×${beyond.content.toFixed(1)} content)`] =
    beyond.analyze;
  ratios['analyze/floor XL (same rounds as L)'] = xl('analyze') / xl('floor');
  for (const size of ['M', 'L']) {
    const change = server.didChange[size];
    const analysis = inProcess[size]?.stats.analyze;
    if (!change || !analysis) continue;
    ratios[`didChange/analyze ${size}, p95 / median`] = change.p95 / analysis.median;
    ratios[`didChange/analyze ${size}, p95 / p95`] = change.p95 / analysis.p95;
    ratios[`didChange/analyze ${size}, median / median`] = change.median / analysis.median;
  }
  return ratios;
}

function targetsOf(ratios: Ratios): Targets {
  const target = (value: number | undefined, limit: number, strict = false) => {
    const v = value ?? NaN;
    return { value: v, limit, met: strict ? v < limit : v <= limit };
  };
  return {
    'analyze ≤ 3× floor (M)': target(ratios['analyze/floor M'], 3),
    'analyze ≤ 3× floor (L)': target(ratios['analyze/floor L'], 3),
    'analyze < peer (M)': target(ratios['analyze/peer M'], 1, true),
    'analyze < peer (L)': target(ratios['analyze/peer L'], 1, true),
    'growth M→L ≤ 12': target(ratios['growth M→L analyze (same rounds)'], 12),
    // Like for like: the server's p95 against the in-process p95; and the strict
    // reading, against the in-process median, which counts the noise twice.
    'didChange p95 ≤ 2× analyze p95 (L)': target(ratios['didChange/analyze L, p95 / p95'], 2),
    'didChange p95 ≤ 2× analyze median (L)': target(ratios['didChange/analyze L, p95 / median'], 2),
  };
}

function renderTables(
  topologies: readonly BenchTopology[],
  inProcess: Record<string, InProcessResult>,
  growths: readonly GrowthResult[],
  server: LanguageServerResult,
  bundles: readonly { file: string; bytes: number }[],
  ratios: Ratios,
  targets: Targets,
  machine: {
    cpus: number;
    cpuModel: string;
    memoryBytes: number;
    node: string;
    loadAverage: { before: number; after: number };
  },
  date: string,
): string {
  const out: string[] = [];
  out.push(
    `EdgeFlow benchmark — ${date}`,
    `${machine.cpus} CPUs (${machine.cpuModel}), ${(machine.memoryBytes / 2 ** 30).toFixed(1)} GiB, Node ${machine.node}; 1-minute load average ${machine.loadAverage.before.toFixed(1)} before, ${machine.loadAverage.after.toFixed(1)} after`,
    '',
  );
  out.push('| topology | lines | characters | what |', '|---|---:|---:|---|');
  for (const t of topologies)
    out.push(`| ${t.name} | ${t.lines} | ${t.text.length} | ${t.description} |`);
  out.push('', 'In process, interleaved, milliseconds: median / p95 (runs)', '');
  const names = topologies.map((t) => t.name);
  out.push(`| | ${names.join(' | ')} |`, `|---|${names.map(() => '---:').join('|')}|`);
  for (const id of IN_PROCESS_CASES) {
    const cells = names.map((name) => cell(inProcess[name]?.stats[id]));
    out.push(`| ${CASE_LABELS[id]} | ${cells.join(' | ')} |`);
  }
  const scripts = names.map((name) => {
    const s = inProcess[name]?.scripts;
    return s ? `${s.files} files, ${(s.characters / 1024).toFixed(0)} KiB` : '';
  });
  out.push(`| (scripts generated) | ${scripts.join(' | ')} |`);

  for (const g of growths) {
    const row = (id: string) =>
      `| ${id} | ${cell(g.stats[id + g.from])} | ${cell(g.stats[id + g.to])} | ${(id === 'floor' ? g.floor : g.analyze).toFixed(2)} |`;
    out.push(
      '',
      `Growth from ${g.from} to ${g.to} (${g.content.toFixed(1)}× the content), both in the same rounds, milliseconds: median / p95 (runs)`,
      '',
      `| | ${g.from} | ${g.to} | ${g.to} / ${g.from} |`,
      '|---|---:|---:|---:|',
      row('floor'),
      row('analyze'),
    );
  }
  out.push('', 'Language server over stdio (dist/server.js)', '', '| | value |', '|---|---:|');
  out.push(`| start → initialize result, median / p95 (runs) | ${cell(server.start)} |`);
  for (const [name, stats] of Object.entries(server.didChange)) {
    out.push(`| didChange → publishDiagnostics ${name}, median / p95 (runs) | ${cell(stats)} |`);
  }
  const mib = (bytes: number) => `${(bytes / 2 ** 20).toFixed(1)} MiB`;
  out.push(`| resident memory after initialize | ${mib(server.memory.idle)} |`);
  out.push(`| resident memory with S, M and L open | ${mib(server.memory.open)} |`);
  out.push(`| peak resident memory (VmHWM) over the run | ${mib(server.memory.peak)} |`);
  for (const bundle of bundles)
    out.push(`| size of ${bundle.file} | ${(bundle.bytes / 1024).toFixed(0)} KiB |`);

  out.push('', 'Ratios of medians', '', '| ratio | value |', '|---|---:|');
  for (const [name, value] of Object.entries(ratios)) out.push(`| ${name} | ${value.toFixed(2)} |`);

  out.push('', 'Targets (issue 5)', '', '| target | value | met |', '|---|---:|---|');
  for (const [name, t] of Object.entries(targets)) {
    out.push(`| ${name} | ${t.value.toFixed(2)} | ${t.met ? 'yes' : 'NO'} |`);
  }
  return out.join('\n') + '\n';
}

function cell(stats: Stats | undefined): string {
  if (!stats || stats.n === 0) return '—';
  return `${fixed(stats.median)} / ${fixed(stats.p95)} (${stats.n})`;
}

function fixed(ms: number): string {
  return ms >= 100 ? ms.toFixed(0) : ms >= 10 ? ms.toFixed(1) : ms.toFixed(2);
}

function cpuModel(): string {
  try {
    const info = fs.readFileSync('/proc/cpuinfo', 'utf8');
    return /^model name\s*:\s*(.*)$/m.exec(info)?.[1]?.trim() ?? os.cpus()[0]?.model ?? 'unknown';
  } catch {
    return os.cpus()[0]?.model ?? 'unknown';
  }
}

main().catch((error: unknown) => {
  process.stderr.write(
    `bench: FAILED: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
  );
  process.exit(1);
});
