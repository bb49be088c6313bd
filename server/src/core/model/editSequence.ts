import type { TextEdit } from '../findings';
import { applyEdits } from '../fix/edits';

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
  if (current === text) return [];
  let start = 0;
  while (start < text.length && start < current.length && text[start] === current[start]) start++;
  let end = 0;
  while (
    end < text.length - start &&
    end < current.length - start &&
    text[text.length - 1 - end] === current[current.length - 1 - end]
  ) {
    end++;
  }
  return [
    {
      offset: start,
      length: text.length - start - end,
      content: current.slice(start, current.length - end),
    },
  ];
}
