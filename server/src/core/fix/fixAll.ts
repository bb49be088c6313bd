import { analyze, type Analysis, type AnalyzeOptions } from '../analyze';
import type { Finding, Fix, TextEdit } from '../findings';
import { applyEdits } from './edits';

/** How many times "fix all" re-analyses to apply fixes that overlapped the previous ones. */
export const FIX_ALL_MAX_PASSES = 10;

/** A fix that "fix all" applied, for the command line's report. */
export interface AppliedFix {
  readonly code: string;
  readonly title: string;
}

export interface FixAllResult {
  readonly text: string;
  readonly applied: readonly AppliedFix[];
  /** The analysis of `text` (each pass analyses what it wrote): callers need not analyse again. */
  readonly analysis: Analysis;
}

export interface FixAllOptions {
  /**
   * When to stop (a `Date.now()` value): the editor asks for "fix all" with
   * every light bulb and must not block; the command line has no deadline.
   */
  readonly deadline?: number;
  /** Told about a rule whose fixes threw; the other fixes still apply. */
  readonly logError?: (what: string, error: unknown) => void;
}

/**
 * The fixes a finding offers. A rule's fix builder that throws is a bug in
 * that rule; it costs its own fixes, never the caller's request.
 */
export function fixesOf(finding: Finding, logError?: FixAllOptions['logError']): readonly Fix[] {
  try {
    return finding.fixes?.() ?? [];
  } catch (error) {
    logError?.(`the fixes of ${finding.code}`, error);
    return [];
  }
}

/** The fix "fix all" applies for a finding: the preferred one, when it changes something. */
export function preferredFix(
  finding: Finding,
  logError?: FixAllOptions['logError'],
): Fix | undefined {
  return fixesOf(finding, logError).find((fix) => fix.isPreferred && fix.edits.length > 0);
}

/**
 * Applies every preferred fix, as the editor's "fix all" and `edgeflow check
 * --fix` do. Only findings the analysis reports are fixed, and the mail-flow
 * rules report a path only when no other error explains it
 * (`RuleContext.rootCauseIn`), so a fix never treats a consequence instead of
 * its cause. Fixes whose edits touch are not applied together: the text is
 * analysed again and the remaining preferred fixes applied in the next pass,
 * until none is left or the bound is reached. A fix that does not make its
 * finding go away is applied once only. Undefined when nothing changes.
 */
export function fixAll(
  first: Analysis,
  analyzeOptions: AnalyzeOptions,
  options: FixAllOptions = {},
): FixAllResult | undefined {
  const original = first.document.text;
  const deadline = options.deadline ?? Number.POSITIVE_INFINITY;
  const tried = new Set<string>();
  const applied: AppliedFix[] = [];
  let text = original;
  let analysis = first;
  for (let pass = 0; pass < FIX_ALL_MAX_PASSES && Date.now() < deadline; pass++) {
    const chosen: TextEdit[] = [];
    const chosenFixes: AppliedFix[] = [];
    for (const finding of analysis.findings) {
      if (Date.now() >= deadline) break;
      const fix = preferredFix(finding, options.logError);
      if (!fix) continue;
      const key = `${finding.code}\u0000${finding.message}\u0000${fix.title}`;
      if (tried.has(key) || fix.edits.some((e) => chosen.some((c) => touches(e, c)))) continue;
      tried.add(key);
      chosen.push(...fix.edits);
      chosenFixes.push({ code: finding.code, title: fix.title });
    }
    if (chosen.length === 0) break;
    const next = applyEdits(text, chosen);
    if (next === text) break;
    text = next;
    applied.push(...chosenFixes);
    analysis = analyze(text, analyzeOptions);
  }
  return text === original ? undefined : { text, applied, analysis };
}

/** Edits that overlap or meet could depend on each other's result: never apply them together. */
function touches(a: TextEdit, b: TextEdit): boolean {
  return a.offset <= b.offset + b.length && b.offset <= a.offset + a.length;
}
