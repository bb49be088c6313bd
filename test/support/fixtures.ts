import * as assert from 'node:assert/strict';
import { analyze, applyEdits, type AnalyzeOptions, type Finding } from '../../server/src/core';

/**
 * A fixture states what it expects in comments:
 *   // expect: <code> "<exact text of the diagnostic's range>"
 * A fixture without expectations must produce no finding at all.
 */
export interface Expectation {
  readonly code: string;
  readonly text: string;
}

const EXPECT = /^\s*\/\/\s*expect:\s*([a-z-]+)\s+"((?:[^"\\]|\\.)*)"\s*$/gm;

const OPTIONS = /^\s*\/\/\s*analyze-options:\s*(\{.*\})\s*$/m;

/**
 * The analysis options a fixture asks for in a comment, for rules that only
 * fire under a setting (`// analyze-options: {"maxFileSize": 1000}`).
 */
export function optionsOf(text: string): AnalyzeOptions | undefined {
  const json = OPTIONS.exec(text)?.[1];
  return json === undefined ? undefined : (JSON.parse(json) as AnalyzeOptions);
}

export function expectationsOf(text: string): Expectation[] {
  return [...text.matchAll(EXPECT)].map((m) => ({
    code: m[1] ?? '',
    text: JSON.parse(`"${m[2] ?? ''}"`) as string,
  }));
}

export function describeFinding(text: string, finding: Finding): string {
  return `${finding.code} ${JSON.stringify(text.slice(finding.range.start, finding.range.end))} (${finding.severity}: ${finding.message})`;
}

/** Asserts that the findings are exactly the expected ones (as a multiset of code and range text). */
export function assertExpectations(text: string, options?: AnalyzeOptions): Finding[] {
  const findings = analyze(text, options ?? optionsOf(text)).findings;
  const actual = findings
    .map((f) => `${f.code} ${JSON.stringify(text.slice(f.range.start, f.range.end))}`)
    .sort();
  const expected = expectationsOf(text)
    .map((e) => `${e.code} ${JSON.stringify(e.text)}`)
    .sort();
  assert.deepEqual(
    actual,
    expected,
    `findings were:\n  ${findings.map((f) => describeFinding(text, f)).join('\n  ')}`,
  );
  return [...findings];
}

function errorCounts(findings: readonly Finding[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const f of findings)
    if (f.severity === 'error') counts.set(f.code, (counts.get(f.code) ?? 0) + 1);
  return counts;
}

/**
 * Applies every fix offered for every finding of `text` and checks what a fix
 * promises: the result still parses, the finding it fixes is gone (one fewer
 * of its code), and no error of any code appears that was not there before.
 * Returns how many fixes were checked.
 */
export function assertEveryFixRepairs(text: string): number {
  const options = optionsOf(text);
  const before = analyze(text, options).findings;
  // A design error that the fixed one explained was there before, reported at its root cause.
  const beforeErrors = errorCounts(
    analyze(text, { ...options, reportConsequences: true }).findings,
  );
  let checked = 0;
  for (const finding of before) {
    for (const fix of finding.fixes?.() ?? []) {
      checked++;
      const fixed = applyEdits(text, fix.edits);
      const after = analyze(fixed, options).findings;
      const context = `fix "${fix.title}" for ${describeFinding(text, finding)}\n--- result ---\n${fixed}`;
      assert.ok(!after.some((f) => f.code === 'json-syntax'), `${context}\nbroke the syntax`);
      const sameCode = (list: readonly Finding[]) =>
        list.filter((f) => f.code === finding.code).length;
      assert.ok(sameCode(after) < sameCode(before), `${context}\ndid not remove the finding`);
      for (const [code, count] of errorCounts(after)) {
        assert.ok(
          count <= (beforeErrors.get(code) ?? 0),
          `${context}\nintroduced a new '${code}' error: ${after
            .filter((f) => f.code === code)
            .map((f) => describeFinding(fixed, f))
            .join('; ')}`,
        );
      }
    }
  }
  return checked;
}

/** The text after applying the fix with this title to the first finding of `code` that offers it. */
export function applyFix(text: string, code: string, title: string | RegExp): string {
  for (const finding of analyze(text).findings.filter((f) => f.code === code)) {
    const fix = finding
      .fixes?.()
      .find((f) => (typeof title === 'string' ? f.title === title : title.test(f.title)));
    if (fix) return applyEdits(text, fix.edits);
  }
  const offered = analyze(text)
    .findings.filter((f) => f.code === code)
    .flatMap((f) => f.fixes?.().map((x) => x.title) ?? []);
  throw new assert.AssertionError({
    message: `no '${code}' fix titled ${String(title)}; offered: ${offered.join(' | ')}`,
  });
}
