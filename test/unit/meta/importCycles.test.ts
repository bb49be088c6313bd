import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { repoPath } from '../../support/repo';

/**
 * No module of server/src imports itself through others. A cycle makes the
 * load order decide which side sees `undefined`, and it blurs the layering
 * (parse → model → rules → findings → adapters) that ARCHITECTURE.md states.
 * Type-only imports count too: they are where the shared types belong in a
 * file of their own. A plain graph walk over the relative imports; much
 * lighter than eslint-plugin-import's no-cycle.
 */

const SOURCE_ROOT = repoPath('server', 'src');

const IMPORT =
  /(?:import|export)[^'"`;]*?from\s+['"](\.[^'"]+)['"]|import\(\s*['"](\.[^'"]+)['"]\s*\)/g;

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(full);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts') ? [full] : [];
  });
}

/** The source file a relative specifier names, or undefined outside the TypeScript sources. */
function resolve(from: string, specifier: string): string | undefined {
  const base = path.resolve(path.dirname(from), specifier);
  for (const candidate of [base, `${base}.ts`, path.join(base, 'index.ts')]) {
    if (candidate.endsWith('.ts') && fs.existsSync(candidate)) return candidate;
  }
  return undefined;
}

function importGraph(files: readonly string[]): Map<string, string[]> {
  const graph = new Map<string, string[]>();
  for (const file of files) {
    const text = fs.readFileSync(file, 'utf8').replace(/\/\*[\s\S]*?\*\/|^\s*\/\/.*$/gm, '');
    const targets = [...text.matchAll(IMPORT)]
      .map((m) => resolve(file, m[1] ?? m[2] ?? ''))
      .filter((t): t is string => t !== undefined);
    graph.set(file, [...new Set(targets)]);
  }
  return graph;
}

/** Every cycle found by a depth-first walk, each as the chain of files that closes it. */
function cyclesOf(graph: ReadonlyMap<string, readonly string[]>): string[][] {
  const cycles: string[][] = [];
  const state = new Map<string, 'open' | 'done'>();
  const stack: string[] = [];
  const visit = (file: string): void => {
    state.set(file, 'open');
    stack.push(file);
    for (const next of graph.get(file) ?? []) {
      if (state.get(next) === 'open') cycles.push([...stack.slice(stack.indexOf(next)), next]);
      else if (!state.has(next)) visit(next);
    }
    stack.pop();
    state.set(file, 'done');
  };
  for (const file of graph.keys()) if (!state.has(file)) visit(file);
  return cycles;
}

describe('the server sources', () => {
  it('have no import cycle', () => {
    const files = sourceFiles(SOURCE_ROOT);
    assert.ok(files.length > 50, 'the scan found the sources');
    const cycles = cyclesOf(importGraph(files)).map((cycle) =>
      cycle.map((file) => path.relative(SOURCE_ROOT, file).replaceAll(path.sep, '/')).join(' → '),
    );
    assert.deepEqual(cycles, []);
  });

  it('the walk notices a cycle (the check itself works)', () => {
    const graph = new Map([
      ['a', ['b']],
      ['b', ['c']],
      ['c', ['a']],
      ['d', ['a']],
    ]);
    assert.deepEqual(cyclesOf(graph), [['a', 'b', 'c', 'a']]);
  });
});
