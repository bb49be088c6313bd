import type { TextEdit } from '../findings';
import { changeBetween } from './changeBetween';
import { applyEdits } from './edits';

/**
 * Several changes to one document as a single edit. Each step computes its
 * edits on the text the previous steps produced (so removing two neighbouring
 * properties never yields overlapping edits); the result is one replacement
 * of the region that differs between the original and the final text.
 */
export function sequentialEdits(
  text: string,
  steps: readonly ((current: string) => TextEdit[])[],
): TextEdit[] {
  let current = text;
  for (const step of steps) current = applyEdits(current, step(current));
  const change = changeBetween(text, current);
  return change ? [change] : [];
}
