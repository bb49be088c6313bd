import type { Finding, OffsetRange, Severity } from '../findings';
import { worse } from './model';

/**
 * The worst severity of the findings located inside a range of the text. The
 * findings of an analysis are sorted by start, so each object costs a binary
 * search and a walk over its own findings, not a scan of them all (a hostile
 * file has thousands of each).
 */
export class SeverityLookup {
  private readonly starts: readonly number[];

  constructor(private readonly findings: readonly Finding[]) {
    this.starts = findings.map((f) => f.range.start);
  }

  worstIn(range: OffsetRange | undefined): Severity | undefined {
    if (!range) return undefined;
    let low = 0;
    let high = this.starts.length;
    while (low < high) {
      const middle = (low + high) >> 1;
      if ((this.starts[middle] ?? 0) < range.start) low = middle + 1;
      else high = middle;
    }
    let result: Severity | undefined;
    for (let i = low; i < this.findings.length; i++) {
      const finding = this.findings[i];
      if (!finding || finding.range.start >= range.end) break;
      if (finding.range.end <= range.end) result = worse(result, finding.severity);
      if (result === 'error') break;
    }
    return result;
  }
}
