import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { analyze, renderTraceText, trace, type TraceCell } from '../../../server/src/core';
import { exampleNames } from '../../support/generation';
import { readRepoFile, repoPath } from '../../support/repo';

/**
 * The verdict matrix (senders × recipient classes) of every example and rule
 * fixture, as `edgeflow trace` prints it. A change of verdict fails here until
 * the golden files are regenerated on purpose: EDGEFLOW_UPDATE_GOLDEN=1, then
 * review the diff.
 */
const UPDATE = process.env['EDGEFLOW_UPDATE_GOLDEN'] === '1';
const GOLDEN = repoPath('test', 'golden', 'flow');

function matrixOf(text: string): readonly TraceCell[] {
  const result = trace(analyze(text).index);
  if (!result.ok) throw new Error(result.problem);
  return result.cells;
}

function assertGolden(relative: string, actual: string): void {
  const file = path.join(GOLDEN, relative);
  if (UPDATE) {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, actual);
  }
  assert.ok(fs.existsSync(file), `no golden matrix ${relative}: run with EDGEFLOW_UPDATE_GOLDEN=1`);
  assert.equal(
    actual,
    fs.readFileSync(file, 'utf8'),
    `${relative}: regenerate with EDGEFLOW_UPDATE_GOLDEN=1 and review the diff`,
  );
}

const fixtureFiles = (): string[] => {
  const root = repoPath('test', 'fixtures', 'rules');
  return fs
    .readdirSync(root)
    .flatMap((code) =>
      fs
        .readdirSync(path.join(root, code))
        .filter((f) => f.endsWith('.edgeflow.json'))
        .map((f) => `${code}/${f}`),
    )
    .sort();
};

describe('the mail-flow matrix', () => {
  describe('of the examples, as an Exchange architect expects it', () => {
    for (const example of exampleNames()) {
      // Traced in beforeEach, for each test, rather than once as the file loads: a mutation
      // run (npm run mutate) then sees which tests run the trace, and runs them again.
      let cells: readonly TraceCell[] = [];
      beforeEach(() => {
        cells = matrixOf(readRepoFile('examples', `${example}.edgeflow.json`));
      });
      const cellsFrom = (pattern: RegExp) => cells.filter((c) => pattern.test(c.from));

      it(`${example}: every message gets what the design needs`, () => {
        assert.deepEqual(
          cells.filter((c) => !c.ok).map((c) => `${c.from} → ${c.to}`),
          [],
        );
      });

      it(`${example}: the internet reaches the accepted domains and relays nowhere`, () => {
        for (const cell of cellsFrom(/^the internet$/))
          assert.equal(
            cell.verdict,
            cell.recipientKind === 'NotAccepted' ? 'refused' : 'delivered',
            cell.to,
          );
      });

      it(`${example}: hosts that are no declared server cannot relay`, () => {
        const outside = cellsFrom(/^an internal host/).filter(
          (c) => c.recipientKind === 'NotAccepted',
        );
        assert.equal(outside.length, 1);
        assert.ok(outside[0]?.paths.every((p) => p.verdict !== 'internet'));
      });

      it(`${example}: every server delivers inside and sends the rest to the internet`, () => {
        const servers = cells.filter((c) => !/^(the internet|an internal host)/.test(c.from));
        assert.ok(servers.length > 0);
        for (const cell of servers)
          assert.equal(
            cell.verdict,
            cell.recipientKind === 'NotAccepted' ? 'internet' : 'delivered',
            `${cell.from} → ${cell.to}`,
          );
      });

      it(`${example}: matches its golden matrix`, () => {
        assertGolden(`examples/${example}.txt`, renderTraceText(cells, false));
      });
    }
  });

  describe('of every rule fixture', () => {
    const files = fixtureFiles();
    it('covers every fixture, and no golden matrix outlives its fixture', () => {
      assert.ok(files.length > 100);
      const root = path.join(GOLDEN, 'rules');
      const golden = fs
        .readdirSync(root)
        .flatMap((code) => fs.readdirSync(path.join(root, code)).map((f) => `${code}/${f}`))
        .sort();
      assert.deepEqual(
        golden,
        files.map((f) => f.replace(/\.edgeflow\.json$/, '.txt')),
      );
    });
    for (const relative of files) {
      it(relative, () => {
        const text = readRepoFile('test', 'fixtures', 'rules', ...relative.split('/'));
        assertGolden(
          `rules/${relative.replace(/\.edgeflow\.json$/, '.txt')}`,
          renderTraceText(matrixOf(text), false),
        );
      });
    }
  });
});
