import * as assert from 'node:assert/strict';
import {
  MAX_ITEMS,
  MAX_NESTING_DEPTH,
  parseDocument,
} from '../../server/src/core/parse/parseDocument';
import { Random } from './random';
import { FUZZ_SEED } from './seed';

/**
 * The structure pre-scan of parseDocument skips strings with native searches
 * (it runs over every text before it is parsed, so it is written for speed).
 * This oracle is the plain reading of its contract, one character at a time:
 * strings end at a quote or a line feed and a backslash escapes the next
 * character, comments are skipped, a bracket opening level
 * MAX_NESTING_DEPTH + 1 or the MAX_ITEMS-th comma of one bracket is where the
 * text stops being a topology.
 */
function oracle(text: string): number | undefined {
  const commas: number[] = [];
  const opened: number[] = [];
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (ch === '"') {
      for (i++; i < text.length && text[i] !== '"' && text[i] !== '\n'; i++) {
        if (text[i] === '\\') i++;
      }
    } else if (ch === '/' && text[i + 1] === '/') {
      while (i < text.length && text[i] !== '\n') i++;
    } else if (ch === '/' && text[i + 1] === '*') {
      const end = text.indexOf('*/', i + 2);
      i = end < 0 ? text.length : end + 1;
    } else if (ch === '{' || ch === '[') {
      if (opened.length === MAX_NESTING_DEPTH) return i;
      opened.push(i);
      commas.push(0);
    } else if (ch === '}' || ch === ']') {
      opened.pop();
      commas.pop();
    } else if (ch === ',' && commas.length > 0) {
      const count = (commas.pop() ?? 0) + 1;
      commas.push(count);
      if (count >= MAX_ITEMS) return opened[opened.length - 1];
    }
  }
  return undefined;
}

const PIECES = [
  '"',
  '\\',
  '\\"',
  '\\\\',
  '/',
  '*',
  '//',
  '/*',
  '*/',
  '\n',
  '\r',
  '{',
  '[',
  '}',
  ']',
  ',',
  'a',
  ' ',
  ':',
];

describe('structure pre-scan against a one-character-at-a-time oracle', () => {
  it(`agrees on 30,000 random texts of quotes, escapes, comments, brackets and commas (seed ${FUZZ_SEED})`, () => {
    const random = new Random(FUZZ_SEED);
    let refused = 0;
    for (let n = 0; n < 30_000; n++) {
      let text = '';
      for (let i = random.int(400); i > 0; i--) text += random.pick(PIECES);
      // Often near the limits, so that both verdicts occur.
      if (random.chance(0.3)) text = '['.repeat(150 + random.int(100)) + text;
      if (random.chance(0.05)) text = `[${','.repeat(MAX_ITEMS - 5 + random.int(10))}${text}`;
      const expected = oracle(text);
      const document = parseDocument(text);
      const actual = document.refused ? document.problems[0]?.range.start : undefined;
      if (expected !== undefined) refused++;
      assert.equal(actual, expected, JSON.stringify(text.slice(0, 300)));
    }
    assert.ok(refused > 1000 && refused < 29_000, `${refused} of 30,000 refused`);
  });
});
