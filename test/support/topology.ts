import { modify, type JSONPath } from 'jsonc-parser';
import { analyze, applyEdits, type Finding } from '../../server/src/core';

const FORMAT = { formattingOptions: { insertSpaces: true, tabSize: 2, eol: '\n' } };

/** The text with the value at `path` set (or inserted); `undefined` removes it. */
export function withValue(text: string, path: JSONPath, value: unknown): string {
  return applyEdits(text, modify(text, path, value, FORMAT));
}

/** The text with `value` appended to the array at `path`. */
export function withAppended(text: string, path: JSONPath, value: unknown): string {
  return applyEdits(
    text,
    modify(text, [...path, -1], value, { ...FORMAT, isArrayInsertion: true }),
  );
}

export function findingsOf(text: string, code: string): Finding[] {
  return analyze(text).findings.filter((f) => f.code === code);
}

/** The text of each finding's range, for assertions that read like the file. */
export function rangeTexts(text: string, code: string): string[] {
  return findingsOf(text, code).map((f) => text.slice(f.range.start, f.range.end));
}
