import * as assert from 'node:assert/strict';
import { referenceTopology } from '../support/repo';
import { checkText, describeCase, type CheckOptions } from './invariants';
import { loadCorpus, mutate, randomJson } from './mutations';
import { caseSeed, Random } from './random';
import { FUZZ_SEED } from './seed';

/**
 * The core against broken and hostile text: the reference cut and punched at
 * every position, and seeded mutations of every example and rule fixture.
 * `npm run fuzz` runs the same checks on many more cases.
 */

/** Mutated cases per corpus entry (115 entries: about 3,500 cases). */
const CASES_PER_ENTRY = 30;
const TIME_LIMIT_MS = 2000;

function assertNoProblems(failures: string[], checked: number): void {
  assert.equal(
    failures.length,
    0,
    `${failures.length} of ${checked} inputs broke an invariant (seed ${FUZZ_SEED}):\n\n${failures
      .slice(0, 3)
      .join('\n\n')}`,
  );
}

function run(label: string, text: string, options: CheckOptions, failures: string[]): number {
  const result = checkText(text, options);
  if (result.problems.length > 0) failures.push(describeCase(label, text, result.problems));
  return result.ms;
}

describe('fuzz: the core never throws, stays fast and keeps every range and fix inside the document', function () {
  this.timeout(120_000);
  const reference = referenceTopology();
  const corpus = loadCorpus();

  it('the reference truncated at every position', () => {
    const failures: string[] = [];
    let slowest = 0;
    for (let end = 0; end <= reference.length; end++) {
      const ms = run(
        `the reference cut after ${end} characters`,
        reference.slice(0, end),
        { fixes: 'preferred', timeLimitMs: TIME_LIMIT_MS },
        failures,
      );
      slowest = Math.max(slowest, ms);
    }
    assertNoProblems(failures, reference.length + 1);
    assert.ok(slowest < TIME_LIMIT_MS, `slowest analysis ${slowest.toFixed(0)} ms`);
  });

  it('the reference with the character at every position deleted', () => {
    const failures: string[] = [];
    for (let at = 0; at < reference.length; at++) {
      run(
        `the reference without the character at ${at}`,
        reference.slice(0, at) + reference.slice(at + 1),
        { fixes: 'preferred', timeLimitMs: TIME_LIMIT_MS, maxFixes: 4 },
        failures,
      );
    }
    assertNoProblems(failures, reference.length);
  });

  it(`${CASES_PER_ENTRY} seeded mutations of every example and rule fixture`, () => {
    const failures: string[] = [];
    let index = 0;
    let checked = 0;
    for (const entry of corpus) {
      for (let n = 0; n < CASES_PER_ENTRY; n++, index++) {
        const random = new Random(caseSeed(FUZZ_SEED, index));
        const { text, steps } = mutate(random, entry.text);
        checked++;
        run(
          `case ${index} (seed ${FUZZ_SEED}): ${entry.name} after ${steps.join(', ')}`,
          text,
          { fixes: 'preferred', timeLimitMs: TIME_LIMIT_MS, maxFixes: 6, repeat: n % 4 === 0 },
          failures,
        );
      }
    }
    assertNoProblems(failures, checked);
  });

  it('random JSON documents', () => {
    const failures: string[] = [];
    const random = new Random(FUZZ_SEED);
    for (let n = 0; n < 300; n++) {
      const text = randomJson(random);
      run(
        `random JSON #${n} (seed ${FUZZ_SEED})`,
        text,
        { fixes: 'preferred', timeLimitMs: TIME_LIMIT_MS },
        failures,
      );
    }
    assertNoProblems(failures, 300);
  });

  it('every fix offered on the examples keeps its full promise (parses, removes its finding, adds no error)', () => {
    // The rule fixtures get the same check in test/unit/meta/rules.test.ts.
    const failures: string[] = [];
    for (const entry of corpus.filter((e) => e.name.startsWith('examples/')))
      run(entry.name, entry.text, { fixes: 'every', timeLimitMs: TIME_LIMIT_MS }, failures);
    assertNoProblems(failures, corpus.length);
  });
});
