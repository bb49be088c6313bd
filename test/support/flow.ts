import { analyze } from '../../server/src/core';
import { trace, type TraceCell } from '../../server/src/core/flow/trace';

/** The model's cells for one sender and/or recipient, as `edgeflow trace` prints them. */
export function cellsOf(text: string, from?: string, to?: string): readonly TraceCell[] {
  const result = trace(analyze(text).index, { from, to });
  if (!result.ok) throw new Error(result.problem);
  return result.cells;
}

/** The verdict of the one cell from `from` to `to`. */
export function verdictOf(text: string, from: string, to: string): string {
  const [cell] = cellsOf(text, from, to);
  if (!cell) throw new Error(`no cell from ${from} to ${to}`);
  return cell.verdict;
}
