import type { TextEdit } from '../findings';

/**
 * One edit from `before` to `after`: the span between their common prefix and
 * common suffix. It never cuts a CRLF pair or a surrogate pair in two (an
 * editor applying half of either would corrupt a line ending or a character):
 * the span is widened instead. Undefined when the texts are equal.
 */
export function changeBetween(before: string, after: string): TextEdit | undefined {
  if (before === after) return undefined;
  const shorter = Math.min(before.length, after.length);
  let start = 0;
  while (start < shorter && before.charCodeAt(start) === after.charCodeAt(start)) start++;
  let end = 0;
  while (
    end < shorter - start &&
    before.charCodeAt(before.length - 1 - end) === after.charCodeAt(after.length - 1 - end)
  ) {
    end++;
  }
  while (start > 0 && (splitsPair(before, start) || splitsPair(after, start))) start--;
  while (
    end > 0 &&
    (splitsPair(before, before.length - end) || splitsPair(after, after.length - end))
  ) {
    end--;
  }
  return {
    offset: start,
    length: before.length - end - start,
    content: after.slice(start, after.length - end),
  };
}

/** Whether `offset` falls between the two halves of a CRLF or a surrogate pair. */
function splitsPair(text: string, offset: number): boolean {
  const previous = text.charCodeAt(offset - 1);
  const next = text.charCodeAt(offset);
  return (
    (previous === 13 && next === 10) ||
    (previous >= 0xd800 && previous <= 0xdbff && next >= 0xdc00 && next <= 0xdfff)
  );
}
