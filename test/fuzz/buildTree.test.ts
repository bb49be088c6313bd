import * as assert from 'node:assert/strict';
import { getNodeValue, type Node, type ParseError, parseTree, visit } from 'jsonc-parser';
import {
  MAX_ITEMS,
  MAX_NESTING_DEPTH,
  parseDocument,
} from '../../server/src/core/parse/parseDocument';
import { Random } from './random';
import { FUZZ_SEED } from './seed';

const OPTIONS = { allowTrailingComma: true, disallowComments: false, allowEmptyContent: false };

/**
 * Where the text stops being a topology, read plainly from jsonc-parser's
 * events over the whole text: the bracket that opens level
 * MAX_NESTING_DEPTH + 1, or the list or object that gets item MAX_ITEMS + 1
 * or comma MAX_ITEMS, whichever the parser meets first.
 */
function oracle(text: string): number | undefined {
  const open: { type: 'array' | 'object'; offset: number; items: number; commas: number }[] = [];
  let found: number | undefined;
  const item = () => {
    const top = open[open.length - 1];
    if (top?.type === 'array' && ++top.items > MAX_ITEMS) found ??= top.offset;
  };
  const begin = (type: 'array' | 'object', offset: number) => {
    item();
    if (open.length === MAX_NESTING_DEPTH) found ??= offset;
    open.push({ type, offset, items: 0, commas: 0 });
  };
  visit(
    text,
    {
      onObjectBegin: (offset) => begin('object', offset),
      onArrayBegin: (offset) => begin('array', offset),
      onObjectEnd: () => void open.pop(),
      onArrayEnd: () => void open.pop(),
      onLiteralValue: item,
      onObjectProperty: () => {
        const top = open[open.length - 1];
        if (top && ++top.items > MAX_ITEMS) found ??= top.offset;
      },
      onSeparator: (separator) => {
        const top = open[open.length - 1];
        if (separator === ',' && top && ++top.commas >= MAX_ITEMS) found ??= top.offset;
      },
    },
    OPTIONS,
  );
  return found;
}

/** Pieces of broken JSONC: quotes, escapes, comments, brackets, separators, literals. */
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
  ':',
  'a',
  ' ',
  '1',
  '-',
  '1e999',
  'true',
  'null',
  '"k"',
  '"__proto__"',
  '"\\u0041"',
];

/** A JSONC value: nested lists and objects, duplicate and `__proto__` keys, comments, trailing commas. */
function value(random: Random, depth: number): string {
  const gap = () => random.pick([' ', '', '\n  ', ' /* c */ ', ' // c\n']);
  const choice = random.int(depth > 4 ? 5 : 8);
  if (choice === 0) return random.pick(['1', '-2.5', '1e999', '0']);
  if (choice === 1) return random.pick(['true', 'false', 'null']);
  if (choice < 5) return JSON.stringify(random.pick(['a', 'EDGE01', 'x"y', '\u2019', '']));
  const items: string[] = [];
  for (let i = random.int(5); i > 0; i--) {
    const item = value(random, depth + 1);
    items.push(
      choice === 5
        ? item
        : `${JSON.stringify(random.pick(['a', 'b', 'name', '__proto__', 'constructor']))}:${gap()}${item}`,
    );
  }
  const trailing = items.length > 0 && random.chance(0.2) ? ',' : '';
  const [open, close] = choice === 5 ? ['[', ']'] : ['{', '}'];
  return `${open}${gap()}${items.join(`,${gap()}`)}${trailing}${gap()}${close}`;
}

function randomText(random: Random): string {
  let text = '';
  if (random.chance(0.5)) {
    text = value(random, 0);
    // Sometimes broken in one place.
    if (random.chance(0.3)) {
      const at = random.int(text.length + 1);
      text = text.slice(0, at) + random.pick(PIECES) + text.slice(at + random.int(3));
    }
  } else {
    for (let i = random.int(400); i > 0; i--) text += random.pick(PIECES);
  }
  // Often near the limits, so that both verdicts occur.
  if (random.chance(0.3)) text = '['.repeat(150 + random.int(100)) + text;
  if (random.chance(0.004)) text = `[${','.repeat(MAX_ITEMS - 5 + random.int(10))}${text}`;
  if (random.chance(0.004)) text = `[${'1,'.repeat(MAX_ITEMS - 5 + random.int(10))}${text}`;
  if (random.chance(0.004)) text = `[${'1 '.repeat(MAX_ITEMS - 5 + random.int(10))}${text}`;
  return text;
}

/**
 * Where two trees differ, if they do: the same nodes (every property that
 * parseTree sets, no other), each child's `parent` its own node. Iterative and
 * silent until a difference: assert.deepEqual on 200-deep trees with parent
 * links is slow, and its message unreadable.
 */
function treeDifference(actual: Node | undefined, expected: Node | undefined): string | undefined {
  const pairs: [Node | undefined, Node | undefined, string][] = [[actual, expected, 'root']];
  for (let pair = pairs.pop(); pair; pair = pairs.pop()) {
    const [a, e, where] = pair;
    if (a === undefined || e === undefined) {
      if (a !== e) return `${where}: ${a === undefined ? 'missing' : 'extra'}`;
      continue;
    }
    if (Object.keys(a).sort().join() !== Object.keys(e).sort().join()) return `${where}: keys`;
    for (const key of ['type', 'offset', 'length', 'value', 'colonOffset'] as const)
      if (!Object.is(a[key], e[key])) return `${where}.${key}: ${a[key]} vs ${e[key]}`;
    const children = a.children ?? [];
    if (children.length !== (e.children?.length ?? 0)) return `${where}.children: count`;
    for (let i = 0; i < children.length; i++) {
      if (children[i]?.parent !== a) return `${where}.children[${i}].parent`;
      pairs.push([children[i], e.children?.[i], `${where}.children[${i}]`]);
    }
  }
  return undefined;
}

/** Plain objects and arrays all through, and finite numbers, as JSON.parse makes them (Ajv needs them). */
function isOrdinary(value: unknown): boolean {
  if (typeof value === 'number') return Number.isFinite(value);
  if (value === null || typeof value !== 'object') return true;
  const prototype: unknown = Object.getPrototypeOf(value);
  if (prototype !== Object.prototype && prototype !== Array.prototype) return false;
  return Object.values(value).every(isOrdinary);
}

describe('the one-pass tree builder against jsonc-parser', () => {
  it(`builds parseTree's tree and errors, getNodeValue's value, and stops where the limits say (20,000 random texts, seed ${FUZZ_SEED})`, () => {
    const random = new Random(FUZZ_SEED);
    let refused = 0;
    let valued = 0;
    for (let n = 0; n < 20_000; n++) {
      const text = randomText(random);
      const shown = JSON.stringify(text.slice(0, 300));
      const expected = oracle(text);
      const document = parseDocument(text);
      const actual = document.refused ? document.problems[0]?.range.start : undefined;
      assert.equal(actual, expected, shown);
      if (document.refused) {
        refused++;
        assert.equal(document.root, undefined);
        continue;
      }
      const errors: ParseError[] = [];
      const tree = parseTree(text, errors, OPTIONS);
      // parseDocument clamps ranges that run past the text; such texts end inside a comment.
      if (tree && tree.offset + tree.length > text.length) continue;
      assert.equal(treeDifference(document.root, tree), undefined, shown);
      assert.deepEqual(
        document.problems.map((p) => p.range.start),
        errors.map((e) => Math.min(e.offset, Math.max(0, text.length - 1))),
        shown,
      );
      // The same JSON (JSON.stringify also writes -0 as 0, as JSON.parse of "-0" would not), in ordinary objects.
      assert.equal(
        JSON.stringify(document.value),
        tree === undefined ? undefined : JSON.stringify(getNodeValue(tree)),
        shown,
      );
      assert.ok(isOrdinary(document.value), shown);
      if (document.value !== undefined) valued++;
    }
    assert.ok(refused > 1000 && refused < 16_000, `${refused} of 20,000 refused`);
    assert.ok(valued > 3000, `${valued} of 20,000 with a value`);
  });
});
