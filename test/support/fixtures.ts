import * as assert from 'node:assert/strict';
import {
  analyze,
  applyEdits,
  SEVERITIES,
  type AnalyzeOptions,
  type Finding,
  type Severity,
} from '../../server/src/core';

/**
 * A fixture states what it expects in comments, one per finding:
 *   // expect: <severity> <code> "<exact text of the diagnostic's range>" [@<n>]
 * for example `// expect: error unknown-reference "\"MBX2\"" @2`. The text is
 * looked for in the fixture outside these comments; when it occurs more than
 * once, `@n` says which occurrence (from 1), so that a finding on the wrong one
 * fails. The severity may be left out, but every fixture states it: twelve
 * error rules also report warnings under the same code.
 * A fixture without expectations must produce no finding at all.
 */
export interface Expectation {
  readonly code: string;
  readonly text: string;
  readonly severity?: Severity;
  /** Which occurrence of `text` (from 1), when it occurs more than once. */
  readonly occurrence?: number;
}

const EXPECT =
  /^[ \t]*\/\/[ \t]*expect:[ \t]*(?:([a-z]+)[ \t]+(?=[a-z-]+[ \t]+"))?([a-z-]+)[ \t]+"((?:[^"\\]|\\.)*)"(?:[ \t]+@(\d+))?[ \t]*$/gm;

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
  return [...text.matchAll(EXPECT)].map((m) => {
    const severity = m[1];
    assert.ok(
      severity === undefined || (SEVERITIES as readonly string[]).includes(severity),
      `unknown severity in: ${m[0].trim()}`,
    );
    return {
      code: m[2] ?? '',
      text: JSON.parse(`"${m[3] ?? ''}"`) as string,
      ...(severity === undefined ? {} : { severity: severity as Severity }),
      ...(m[4] === undefined ? {} : { occurrence: Number(m[4]) }),
    };
  });
}

/** The fixture with its `// expect:` comments blanked out, offsets kept. */
function withoutExpectations(text: string): string {
  return text.replace(EXPECT, (line) => line.replace(/[^\r\n]/g, ' '));
}

/** Where each occurrence of `needle` starts (overlapping ones included). */
export function occurrencesOf(haystack: string, needle: string): number[] {
  const starts: number[] = [];
  for (let at = haystack.indexOf(needle); at >= 0; at = haystack.indexOf(needle, at + 1)) {
    starts.push(at);
  }
  return starts;
}

/** The offset an expectation points at; fails when its text is absent or ambiguous. */
function startOf(searched: string, e: Expectation): number {
  const label = `expect: ${e.code} ${JSON.stringify(e.text)}`;
  assert.ok(e.text !== '', `${label}: an empty text cannot be located`);
  const starts = occurrencesOf(searched, e.text);
  assert.ok(starts.length > 0, `${label}: the text does not occur in the fixture`);
  if (e.occurrence === undefined) {
    assert.equal(
      starts.length,
      1,
      `${label}: the text occurs ${starts.length} times; say which with @1..@${starts.length}`,
    );
    return starts[0] ?? 0;
  }
  const start = starts[e.occurrence - 1];
  assert.ok(start !== undefined, `${label} @${e.occurrence}: only ${starts.length} occurrences`);
  return start;
}

export function describeFinding(text: string, finding: Finding): string {
  return `${finding.code} ${JSON.stringify(text.slice(finding.range.start, finding.range.end))} (${finding.severity}: ${finding.message})`;
}

/**
 * Asserts that the findings are exactly the expected ones: the same code on
 * the same range (the occurrence the expectation names) with the same
 * severity, one finding per expectation.
 */
export function assertExpectations(text: string, options?: AnalyzeOptions): Finding[] {
  const findings = analyze(text, options ?? optionsOf(text)).findings;
  const searched = withoutExpectations(text);
  const unmatched = [...findings];
  const missing: string[] = [];
  for (const e of expectationsOf(text)) {
    const start = startOf(searched, e);
    const at = unmatched.findIndex(
      (f) =>
        f.code === e.code &&
        f.range.start === start &&
        f.range.end === start + e.text.length &&
        (e.severity === undefined || f.severity === e.severity),
    );
    if (at >= 0) unmatched.splice(at, 1);
    else {
      missing.push(
        `${e.severity ?? ''} ${e.code} ${JSON.stringify(e.text)} @${e.occurrence ?? 1}`.trim(),
      );
    }
  }
  assert.deepEqual(
    { missing, unexpected: unmatched.map((f) => describeFinding(text, f)) },
    { missing: [], unexpected: [] },
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
