import { analyze, type AnalyzeOptions } from '../analyze';
import type { Finding } from '../findings';
import { importTopology, type ImportInput } from './importTopology';

/**
 * An import and, at once, the analysis of its result: an imported open relay
 * or mail loop is reported on the first run, beside the values the import
 * kept in comments. Sorted by position, then code, as an analysis is.
 */
export function importAndAnalyze(
  inputs: readonly ImportInput[],
  options: AnalyzeOptions = {},
): { readonly text: string; readonly findings: readonly Finding[] } {
  const { text, notes } = importTopology(inputs);
  const findings = [...analyze(text, options).findings, ...notes].sort(
    (a, b) => a.range.start - b.range.start || a.code.localeCompare(b.code),
  );
  return { text, findings };
}
