import {
  analyze,
  applyEdits,
  ruleByCode,
  SEVERITIES,
  type AnalyzeOptions,
  type Finding,
  type OffsetRange,
  type TextEdit,
} from '../../server/src/core';

/**
 * What must hold for any text whatsoever (the fuzz suite and `npm run fuzz`
 * share it): analysis never throws and returns in bounded time; every finding
 * is well formed and its ranges lie inside the document; every fix offered
 * edits inside the document without overlapping edits; and a preferred fix
 * applied to a document without syntax errors keeps what a fix promises.
 * Problems are returned, not thrown, so that a runner can report the input.
 */

export type FixCheck =
  /** Only the shape of every fix (bounds, no overlap). */
  | 'shape'
  /**
   * Also apply every preferred fix (at most `maxFixes`) of a document without
   * syntax errors: the result parses and the finding is gone where it was
   * (fuzzed documents).
   */
  | 'preferred'
  /**
   * Also apply every fix, preferred or not: the result parses, has one fewer
   * finding of the code and no new error of any code (fixtures and examples,
   * as `assertEveryFixRepairs` checks them).
   */
  | 'every';

export interface CheckOptions {
  readonly fixes: FixCheck;
  /** A single analysis slower than this is a failure (a pathological input). */
  readonly timeLimitMs: number;
  /** At most this many fixes are applied per document (the slowest part). */
  readonly maxFixes?: number;
  readonly analyzeOptions?: AnalyzeOptions;
  /** Analyse a second time and compare: the same text gives the same findings. */
  readonly repeat?: boolean;
}

export interface CheckResult {
  readonly problems: string[];
  /** Milliseconds of the first analysis. */
  readonly ms: number;
  readonly findings: number;
  readonly fixesApplied: number;
}

function isKnownCode(code: string): boolean {
  return ruleByCode(code) !== undefined;
}

function describeRange(range: OffsetRange): string {
  return `[${range.start}, ${range.end})`;
}

function rangeProblem(range: OffsetRange | undefined, length: number): string | undefined {
  if (!range) return 'no range';
  const { start, end } = range;
  if (!Number.isInteger(start) || !Number.isInteger(end))
    return `non-integer range ${describeRange(range)}`;
  if (start < 0 || start > end || end > length)
    return `range ${describeRange(range)} outside the document (length ${length})`;
  return undefined;
}

/** Edits inside the document that do not overlap (two insertions at one offset count as overlapping: their order is ambiguous). */
export function editProblems(edits: readonly TextEdit[], length: number): string[] {
  const problems: string[] = [];
  for (const edit of edits) {
    if (!Number.isInteger(edit.offset) || !Number.isInteger(edit.length))
      problems.push(`non-integer edit ${JSON.stringify(edit)}`);
    else if (edit.offset < 0 || edit.length < 0 || edit.offset + edit.length > length)
      problems.push(
        `edit [${edit.offset}, ${edit.offset + edit.length}) outside the document (length ${length})`,
      );
    if (typeof edit.content !== 'string') problems.push('edit content is not a string');
  }
  const sorted = [...edits].sort((a, b) => a.offset - b.offset || a.length - b.length);
  for (let i = 1; i < sorted.length; i++) {
    const previous = sorted[i - 1] as TextEdit;
    const current = sorted[i] as TextEdit;
    const overlaps = previous.offset + previous.length > current.offset;
    const sameInsertionPoint = previous.offset === current.offset && previous.length === 0;
    if (overlaps || sameInsertionPoint)
      problems.push(
        `overlapping edits at [${previous.offset}, ${previous.offset + previous.length}) and [${current.offset}, ${current.offset + current.length})`,
      );
  }
  return problems;
}

function errorCounts(findings: readonly Finding[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const f of findings)
    if (f.severity === 'error') counts.set(f.code, (counts.get(f.code) ?? 0) + 1);
  return counts;
}

function label(text: string, finding: Finding): string {
  const excerpt = JSON.stringify(text.slice(finding.range.start, finding.range.end).slice(0, 80));
  return `${finding.code} at ${describeRange(finding.range)} ${excerpt}`;
}

export function checkText(text: string, options: CheckOptions): CheckResult {
  const problems: string[] = [];
  let findings: readonly Finding[];
  const started = process.hrtime.bigint();
  try {
    findings = analyze(text, options.analyzeOptions).findings;
  } catch (error) {
    return {
      problems: [
        `analyze threw: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`,
      ],
      ms: Number(process.hrtime.bigint() - started) / 1e6,
      findings: 0,
      fixesApplied: 0,
    };
  }
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  if (ms > options.timeLimitMs)
    problems.push(`analyze took ${ms.toFixed(0)} ms (limit ${options.timeLimitMs} ms)`);

  let previous: Finding | undefined;
  for (const finding of findings) {
    const where = `${finding.code} ${describeRange(finding.range)}`;
    if (!isKnownCode(finding.code)) problems.push(`unknown code '${finding.code}'`);
    if (!SEVERITIES.includes(finding.severity)) problems.push(`${where}: bad severity`);
    if (typeof finding.message !== 'string' || finding.message.trim() === '')
      problems.push(`${where}: empty message`);
    const own = rangeProblem(finding.range, text.length);
    if (own) problems.push(`${where}: ${own}`);
    for (const related of finding.related ?? []) {
      const bad = rangeProblem(related.range, text.length);
      if (bad) problems.push(`${where}: related ${bad}`);
      if (typeof related.message !== 'string' || related.message.trim() === '')
        problems.push(`${where}: related location without a message`);
    }
    if (previous && previous.range.start > finding.range.start)
      problems.push(`${where}: findings not sorted by position`);
    previous = finding;
  }

  if (options.repeat) {
    const summary = (list: readonly Finding[]) =>
      JSON.stringify(list.map((f) => [f.code, f.severity, f.message, f.range, f.related]));
    if (summary(analyze(text, options.analyzeOptions).findings) !== summary(findings))
      problems.push('a second analysis of the same text gave other findings');
  }

  const syntaxOk = !findings.some((f) => f.code === 'json-syntax');
  const before = errorCounts(findings);
  const sameCode = (list: readonly Finding[], code: string) =>
    list.filter((f) => f.code === code).length;
  let fixesApplied = 0;
  for (const finding of findings) {
    let fixes;
    try {
      fixes = finding.fixes?.() ?? [];
    } catch (error) {
      problems.push(
        `fixes() of ${label(text, finding)} threw: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`,
      );
      continue;
    }
    for (const fix of fixes) {
      const context = `fix "${fix.title}" of ${label(text, finding)}`;
      if (typeof fix.title !== 'string' || fix.title.trim() === '')
        problems.push(`${context}: no title`);
      if (fix.edits.length === 0) problems.push(`${context}: no edit`);
      const shape = editProblems(fix.edits, text.length);
      for (const problem of shape) problems.push(`${context}: ${problem}`);
      if (shape.length > 0) continue;
      const apply =
        options.fixes === 'every' || (options.fixes === 'preferred' && fix.isPreferred === true);
      if (!apply || !syntaxOk) continue;
      if (options.maxFixes !== undefined && fixesApplied >= options.maxFixes) continue;
      fixesApplied++;
      const fixed = applyEdits(text, fix.edits);
      let after: readonly Finding[];
      try {
        after = analyze(fixed, options.analyzeOptions).findings;
      } catch (error) {
        problems.push(`${context}: analysing the result threw: ${String(error)}`);
        continue;
      }
      if (after.some((f) => f.code === 'json-syntax')) {
        problems.push(`${context}: the result has a json-syntax error\n--- result ---\n${fixed}`);
        continue;
      }
      if (options.fixes === 'every') {
        // The full promise, as on the fixtures: one fewer of the code and no new error of any code.
        if (sameCode(after, finding.code) >= sameCode(findings, finding.code))
          problems.push(`${context}: did not remove the finding\n--- result ---\n${fixed}`);
        for (const [code, count] of errorCounts(after)) {
          if (count > (before.get(code) ?? 0))
            problems.push(
              `${context}: introduced a new '${code}' error: ${after
                .filter((f) => f.code === code)
                .map((f) => label(fixed, f))
                .join('; ')}\n--- result ---\n${fixed}`,
            );
        }
      } else if (!removedLocally(finding, fix.edits, findings, after)) {
        problems.push(`${context}: did not remove the finding\n--- result ---\n${fixed}`);
      }
    }
  }
  return { problems, ms, findings: findings.length, fixesApplied };
}

/**
 * Whether the fix removed its finding where it was. On a fuzzed document a
 * fix may uncover other problems of the same code elsewhere (a value the
 * schema rejected was invisible to the rules; a renamed key makes its value
 * checked), so the test is local: fewer findings of the code touch the span
 * the finding and the fix cover, before and after the fix.
 */
function removedLocally(
  finding: Finding,
  edits: readonly TextEdit[],
  before: readonly Finding[],
  after: readonly Finding[],
): boolean {
  const start = Math.min(finding.range.start, ...edits.map((e) => e.offset));
  const end = Math.max(finding.range.end, ...edits.map((e) => e.offset + e.length));
  const shift = (offset: number, inclusive: boolean) =>
    offset +
    edits
      .filter((e) => e.offset + e.length < offset || (inclusive && e.offset + e.length === offset))
      .reduce((sum, e) => sum + e.content.length - e.length, 0);
  const touching = (list: readonly Finding[], from: number, to: number) =>
    list.filter(
      (f) =>
        f.code === finding.code &&
        (f.range.start < to || (f.range.start === to && f.range.end === to)) &&
        (f.range.end > from || f.range.start === from),
    ).length;
  return touching(after, shift(start, false), shift(end, true)) < touching(before, start, end);
}

/** A report of a failing case that is enough to reproduce it. */
export function describeCase(
  what: string,
  text: string,
  problems: readonly string[],
  limit = 4000,
): string {
  const shown = text.length > limit ? `${text.slice(0, limit)}… (${text.length} characters)` : text;
  return `${what}\n${problems.map((p) => `  - ${p}`).join('\n')}\n--- input (JSON string) ---\n${JSON.stringify(shown)}`;
}
