import type { Node } from 'jsonc-parser';
import type { Fix, OffsetRange, Severity } from '../findings';
import type { ParsedDocument } from '../parse/parseDocument';
import type { Topology } from '../model/topology';
import type { TopologyIndex } from '../model/topologyIndex';
import type { SuppressionComment } from '../suppression';

/** Where a report points: a tree node (its whole extent) or an explicit range. */
export type Target = Node | OffsetRange;

export interface Report {
  readonly target: Target;
  /** Says what is wrong and what to do, naming objects as the user wrote them. */
  readonly message: string;
  /** Defaults to the rule's severity; a rule lowers it for facts of lower confidence. */
  readonly severity?: Severity;
  readonly related?: readonly { readonly target: Target; readonly message: string }[];
  readonly fixes?: () => readonly Fix[];
  /** What the user most likely meant (a name, a value): "did you mean" where no quick fix is shown. */
  readonly suggestion?: string;
}

export interface RuleContext {
  readonly document: ParsedDocument;
  readonly text: string;
  readonly topology: Topology;
  readonly index: TopologyIndex;
  /** The `edgeflow-disable-next-line` comments of the document. */
  readonly suppressions: readonly SuppressionComment[];
  /** Whether findings of a code can be suppressed, or undefined when no rule has that code. */
  isSuppressible(code: string): boolean | undefined;
  /**
   * For design rules: a finding of another rule inside one of `targets` that
   * explains a failure there (an error, or a warning of a code in
   * ROOT_CAUSE_WARNINGS), or undefined. Always undefined for the other rules,
   * which run first.
   */
  rootCauseIn(
    targets: readonly Target[],
  ): { readonly code: string; readonly message: string } | undefined;
  report(report: Report): void;
}

/**
 * One diagnostic code. Each rule lives in a file named after its code and
 * carries its own documentation, from which RULES.md is generated.
 */
export interface Rule {
  /** Stable kebab-case code: the file name, the docs anchor, the setting key. */
  readonly code: string;
  readonly severity: Severity;
  /**
   * Lower severities an error rule also reports, for facts known with less
   * confidence. Those findings, unlike its errors, can be turned off.
   */
  readonly alsoReports?: readonly Severity[];
  /** One sentence. */
  readonly summary: string;
  /** Markdown: why it matters in Exchange terms, and what the rule does not flag. */
  readonly description: string;
  /** A JSONC excerpt that triggers the rule, and the same excerpt repaired. */
  readonly bad: string;
  readonly good: string;
  /** Where the Exchange fact comes from (research ids such as SC-02, [PS:New-SendConnector]). */
  readonly sources: string;
  /**
   * `design`: the rule reports what the whole design does to mail (the
   * mail-flow model) and runs after the others, so that a failure another
   * rule already explains is reported once, at its root cause.
   */
  readonly stage?: 'design';
  check(context: RuleContext): void;
}

export function rangeOf(target: Target): OffsetRange {
  return 'offset' in target ? { start: target.offset, end: target.offset + target.length } : target;
}

/** A rule's findings can be suppressed unless every one of them is an error. */
export function isSuppressible(rule: Rule): boolean {
  return rule.severity !== 'error' || (rule.alsoReports ?? []).some((s) => s !== 'error');
}

/**
 * Warnings that explain a failing mail path as well as an error would: a
 * credential of the wrong kind, a smart host that names no declared server or
 * reaches the wrong side of an Edge, a connector the design lacks.
 */
export const ROOT_CAUSE_WARNINGS: ReadonlySet<string> = new Set([
  'credential-scope',
  'missing-connector',
  'smarthost-target',
]);
