import {
  drift,
  driftFromVerification,
  DRIFT_CODES,
  type Analysis,
  type Finding,
  type ImportInput,
  type VerificationResult,
} from '../core/index';

/**
 * What "Compare with Servers" compared each topology with, kept in the server
 * so that the drift follows the file: every analysis of a compared document
 * recomputes the drift against the same export documents (taking one
 * server's value removes exactly that diagnostic; the others stay, on their
 * lines). Cleared by the clear command or when the document closes.
 * `generation` changes with every comparison, clear and dismissal, so that
 * the analyses and pull-diagnostics results built before are not reused.
 */
interface Comparison {
  readonly exports: readonly ImportInput[];
  readonly verifications: readonly (readonly VerificationResult[])[];
  /** Keys of the diagnostics the user dismissed with "keep the file". */
  readonly dismissed: Set<string>;
}

export function driftKey(finding: Finding): string {
  return `${finding.code}|${finding.message}`;
}

export class DriftStore {
  private readonly comparisons = new Map<string, Comparison>();
  private counter = 0;

  get generation(): number {
    return this.counter;
  }

  set(
    uri: string,
    exports: readonly ImportInput[],
    verifications: readonly (readonly VerificationResult[])[],
  ): void {
    this.comparisons.set(uri, { exports, verifications, dismissed: new Set() });
    this.counter++;
  }

  clear(uri: string): boolean {
    const had = this.comparisons.delete(uri);
    if (had) this.counter++;
    return had;
  }

  dismiss(uri: string, key: string): void {
    this.comparisons.get(uri)?.dismissed.add(key);
    this.counter++;
  }

  has(uri: string): boolean {
    return this.comparisons.has(uri);
  }

  /** The analysis with the drift of `uri` among its findings (sorted as an analysis is). */
  withDrift(uri: string, analysis: Analysis): Analysis {
    const found = this.findings(uri, analysis);
    if (found.length === 0) return analysis;
    const findings = [...analysis.findings, ...found].sort(
      (a, b) => a.range.start - b.range.start || a.code.localeCompare(b.code),
    );
    return { ...analysis, findings };
  }

  findings(uri: string, analysis: Analysis): Finding[] {
    const comparison = this.comparisons.get(uri);
    if (!comparison) return [];
    const found: Finding[] = [];
    if (comparison.exports.length > 0) found.push(...drift(analysis, comparison.exports).findings);
    for (const results of comparison.verifications)
      found.push(...driftFromVerification(analysis, results).findings);
    return found.filter((f) => !comparison.dismissed.has(driftKey(f)));
  }
}

export function isDriftCode(code: string): boolean {
  return DRIFT_CODES.includes(code);
}
