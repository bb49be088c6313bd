import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseTree, type Node } from 'jsonc-parser';
import { repoPath } from '../support/repo';
import { Random } from './random';

/**
 * Inputs for the fuzz tests (the mocha suite and `npm run fuzz`): the bundled
 * examples and every rule fixture, mutated at the character level and along
 * the JSON grammar. Every mutation is a pure function of the generator's
 * state, so a case replays from its seed.
 */

export interface CorpusEntry {
  /** Relative to the repository root. */
  readonly name: string;
  readonly text: string;
}

/** The examples first (contoso is the reference), then the rule fixtures, sorted. */
export function loadCorpus(): CorpusEntry[] {
  const entries: CorpusEntry[] = [];
  const add = (relative: string) =>
    entries.push({ name: relative, text: fs.readFileSync(repoPath(relative), 'utf8') });
  for (const file of fs.readdirSync(repoPath('examples')).sort())
    if (file.endsWith('.edgeflow.json')) add(path.posix.join('examples', file));
  add('test/fixtures/base.edgeflow.json');
  const rulesDir = repoPath('test', 'fixtures', 'rules');
  for (const code of fs.readdirSync(rulesDir).sort()) {
    const dir = path.join(rulesDir, code);
    if (!fs.statSync(dir).isDirectory()) continue;
    for (const file of fs.readdirSync(dir).sort())
      if (file.endsWith('.edgeflow.json')) add(path.posix.join('test/fixtures/rules', code, file));
  }
  return entries;
}

/** Enum values of the schema (filled while KEYS is computed). */
export const ENUM_VALUES: string[] = [];

/** Property names of the schema and the keys the secret rule looks for. */
export const KEYS: readonly string[] = (() => {
  const schema: unknown = JSON.parse(
    fs.readFileSync(repoPath('schemas', 'edgeflow.schema.json'), 'utf8'),
  );
  const keys = new Set<string>([
    'password',
    'Passwd',
    'clientSecret',
    'pwd',
    'passphrase',
    '',
    ' ',
  ]);
  const enums = new Set<string>();
  const walk = (value: unknown) => {
    if (Array.isArray(value)) value.forEach(walk);
    else if (value && typeof value === 'object') {
      const record = value as Record<string, unknown>;
      if (record.properties && typeof record.properties === 'object')
        for (const key of Object.keys(record.properties)) keys.add(key);
      if (Array.isArray(record.enum))
        for (const item of record.enum) if (typeof item === 'string') enums.add(item);
      Object.values(record).forEach(walk);
    }
  };
  walk(schema);
  ENUM_VALUES.push(...enums);
  return [...keys];
})();

/** Strings that tend to matter to the rules: addresses, bindings, ranges, address spaces. */
const INTERESTING_STRINGS: readonly string[] = [
  '*',
  '--',
  '*.contoso.com',
  '*contoso.com',
  'SMTP:*;1',
  'SMTP:contoso.com;101',
  'X400:c=US;a=;p=Contoso;10',
  '10.1.1.1',
  '10.1.1.2',
  '192.168.5.10',
  '0.0.0.0:25',
  '[::]:25',
  '[::1]:587',
  '10.1.1.1:0',
  '10.1.1.1:65536',
  '::1:25',
  '192.168.5.0/24',
  '192.168.5.0/33',
  '192.168.5.20-192.168.5.10',
  '10.0.0.1-fe80::1',
  'fe80::1%eth0',
  'edge01.contoso.net',
  'mbxserver01.contoso.com',
  'EDGE01',
  'MBX01',
  'CONTOSO\\edgerelay',
  'EDGE01\\mbxrelay',
  '',
  ' ',
  '\u0000',
  '\uFEFF',
  '\uD800',
  '\uDFFF',
  '😀',
  'x'.repeat(300),
];

const NUMBERS: readonly string[] = [
  '0',
  '-0',
  '1',
  '-1',
  '25',
  '100',
  '101',
  '65535',
  '65536',
  '1.5',
  '1e309',
  '-1e309',
  '1e-7',
  '9007199254740993',
  '0.0000001',
  '123456789012345678901234567890',
];

/** Characters inserted at random: JSON structure, comment starters, escapes and awkward Unicode. */
const CHARACTERS: readonly string[] = [
  '{',
  '}',
  '[',
  ']',
  ':',
  ',',
  '"',
  '\\',
  '/',
  '*',
  '//',
  '/*',
  '*/',
  ' ',
  '\t',
  '\n',
  '\r',
  '\r\n',
  '0',
  '9',
  '-',
  '.',
  'e',
  'a',
  'Z',
  't',
  'true',
  'null',
  '\u0000',
  '\u0001',
  '\u007F',
  '\u0085',
  '\u00A0',
  '\u2028',
  '\u2029',
  '\u200B',
  '\u202E',
  '\u2066',
  '\uFEFF',
  '\uD800',
  '\uDC00',
  '\uD83D\uDE00',
  '\u2019',
  '\u201C',
  'ä',
  '\\u',
  '\\uD800',
  '\\n',
  '\\"',
];

/** A random string: ASCII, controls, separators, quotes, lone surrogates, astral characters. */
export function randomString(random: Random, maxLength = 24): string {
  const length = random.int(maxLength + 1);
  let result = '';
  for (let i = 0; i < length; i++) {
    result += random.weighted<() => string>([
      [8, () => String.fromCharCode(random.between(0x20, 0x7e))],
      [1, () => String.fromCharCode(random.between(0, 0x1f))],
      [1, () => String.fromCharCode(random.between(0x7f, 0x2ff))],
      [1, () => String.fromCharCode(random.between(0x300, 0xd7ff))],
      [1, () => String.fromCharCode(random.between(0xd800, 0xdfff))],
      [1, () => String.fromCharCode(random.between(0xe000, 0xffff))],
      [1, () => String.fromCodePoint(random.between(0x10000, 0x10ffff))],
      [2, () => random.pick(CHARACTERS)],
    ])();
  }
  return result;
}

/** A random JSON value, as text (sometimes with comments and trailing commas, as JSONC allows). */
export function randomJson(random: Random, depth = 0, names: readonly string[] = []): string {
  const kinds: [number, () => string][] = [
    [3, () => JSON.stringify(randomString(random))],
    [2, () => JSON.stringify(random.pick(INTERESTING_STRINGS))],
    [1, () => JSON.stringify(random.pick(ENUM_VALUES.length > 0 ? ENUM_VALUES : ['Edge']))],
    [2, () => random.pick(NUMBERS)],
    [1, () => (random.chance(0.5) ? 'true' : 'false')],
    [1, () => 'null'],
  ];
  if (names.length > 0) kinds.push([2, () => JSON.stringify(random.pick(names))]);
  if (depth < 3) {
    kinds.push([
      2,
      () => {
        const items = Array.from({ length: random.int(4) }, () =>
          randomJson(random, depth + 1, names),
        );
        return `[${items.join(', ')}${random.chance(0.1) && items.length ? ',' : ''}]`;
      },
    ]);
    kinds.push([
      2,
      () => {
        const members = Array.from(
          { length: random.int(4) },
          () => `${JSON.stringify(random.pick(KEYS))}: ${randomJson(random, depth + 1, names)}`,
        );
        return `{${members.join(', ')}${random.chance(0.1) && members.length ? ',' : ''}}`;
      },
    ]);
  }
  return random.weighted(kinds)();
}

interface Edit {
  readonly offset: number;
  readonly length: number;
  readonly content: string;
}

function apply(text: string, edits: readonly Edit[]): string {
  let result = text;
  for (const edit of [...edits].sort((a, b) => b.offset - a.offset))
    result = result.slice(0, edit.offset) + edit.content + result.slice(edit.offset + edit.length);
  return result;
}

function nodesOf(root: Node | undefined): Node[] {
  const nodes: Node[] = [];
  const stack = root ? [root] : [];
  while (stack.length > 0) {
    const node = stack.pop() as Node;
    nodes.push(node);
    for (const child of node.children ?? []) stack.push(child);
  }
  return nodes;
}

/** A value: not a property node and not a property's key. */
function isValue(node: Node): boolean {
  if (node.type === 'property') return false;
  return !(node.parent?.type === 'property' && node.parent.children?.[0] === node);
}

function isKey(node: Node): boolean {
  return node.parent?.type === 'property' && node.parent.children?.[0] === node;
}

const slice = (text: string, node: Node) => text.slice(node.offset, node.offset + node.length);
const contains = (outer: Node, inner: Node) =>
  inner.offset >= outer.offset && inner.offset + inner.length <= outer.offset + outer.length;

export type Mutator = (random: Random, text: string) => string;

/** Character-level mutations: they ignore the grammar entirely. */
export const CHARACTER_MUTATORS: Readonly<Record<string, Mutator>> = {
  deleteCharacters(random, text) {
    if (text.length === 0) return text;
    const start = random.int(text.length);
    return text.slice(0, start) + text.slice(start + random.between(1, 8));
  },
  insertCharacters(random, text) {
    const at = random.int(text.length + 1);
    const count = random.between(1, 4);
    let inserted = '';
    for (let i = 0; i < count; i++) inserted += random.pick(CHARACTERS);
    return text.slice(0, at) + inserted + text.slice(at);
  },
  replaceCharacter(random, text) {
    if (text.length === 0) return random.pick(CHARACTERS);
    const at = random.int(text.length);
    return text.slice(0, at) + random.pick(CHARACTERS) + text.slice(at + 1);
  },
  insertRandomString(random, text) {
    const at = random.int(text.length + 1);
    return text.slice(0, at) + randomString(random, 12) + text.slice(at);
  },
  duplicateSlice(random, text) {
    if (text.length === 0) return text;
    const start = random.int(text.length);
    const piece = text.slice(start, start + random.between(1, 200));
    const at = random.int(text.length + 1);
    return text.slice(0, at) + piece + text.slice(at);
  },
  truncate(random, text) {
    return text.slice(0, random.int(text.length + 1));
  },
  dropPrefix(random, text) {
    return text.slice(random.int(Math.min(text.length, 300) + 1));
  },
  lineEndings(random, text) {
    return random.chance(0.5) ? text.replace(/\n/g, '\r\n') : text.replace(/\n/g, '\r');
  },
  byteOrderMark(_random, text) {
    return '\uFEFF' + text;
  },
};

/** Grammar-aware mutations: they keep the JSON structure (mostly) and change what it says. */
export const GRAMMAR_MUTATORS: Readonly<Record<string, Mutator>> = {
  swapValues(random, text) {
    const values = nodesOf(parse(text)).filter((n) => isValue(n) && n.parent?.type === 'property');
    if (values.length < 2) return text;
    const a = random.pick(values);
    const b = random.pick(values);
    if (contains(a, b) || contains(b, a)) return text;
    return apply(text, [
      { offset: a.offset, length: a.length, content: slice(text, b) },
      { offset: b.offset, length: b.length, content: slice(text, a) },
    ]);
  },
  wrongType(random, text) {
    const values = nodesOf(parse(text)).filter(isValue);
    if (values.length === 0) return text;
    const node = random.pick(values);
    const replacements: Record<string, string[]> = {
      string: ['1', 'true', 'null', '[]', '{}', `[${JSON.stringify(node.value ?? 'x')}]`],
      number: [
        JSON.stringify(String(node.value)),
        'false',
        'null',
        `[${String(node.value)}]`,
        '{}',
      ],
      boolean: [JSON.stringify(String(node.value)), '0', '1', 'null', '[true]'],
      null: ['""', '0', 'false', '[]', '{}'],
      array: ['""', '0', 'true', 'null', '{}', slice(text, node).slice(1, -1) || '""'],
      object: ['""', '0', 'true', 'null', '[]', `[${slice(text, node)}]`],
    };
    const choices = replacements[node.type] ?? ['null'];
    return apply(text, [
      { offset: node.offset, length: node.length, content: random.pick(choices) },
    ]);
  },
  randomValue(random, text) {
    const nodes = nodesOf(parse(text));
    const values = nodes.filter(isValue);
    if (values.length === 0) return randomJson(random);
    const node = random.pick(values);
    return apply(text, [
      { offset: node.offset, length: node.length, content: randomJson(random, 1, namesOf(nodes)) },
    ]);
  },
  otherStringOfTheDocument(random, text) {
    const nodes = nodesOf(parse(text));
    const strings = nodes.filter((n) => n.type === 'string' && isValue(n));
    if (strings.length === 0) return text;
    const node = random.pick(strings);
    const replacement = random.chance(0.8)
      ? random.pick(strings)
      : ({ offset: 0, length: 0 } as Node);
    const content =
      replacement.length > 0
        ? slice(text, replacement)
        : JSON.stringify(random.pick(INTERESTING_STRINGS));
    return apply(text, [{ offset: node.offset, length: node.length, content }]);
  },
  unicodeString(random, text) {
    const strings = nodesOf(parse(text)).filter((n) => n.type === 'string');
    if (strings.length === 0) return text;
    const node = random.pick(strings);
    return apply(text, [
      { offset: node.offset, length: node.length, content: JSON.stringify(randomString(random)) },
    ]);
  },
  renameKey(random, text) {
    const keys = nodesOf(parse(text)).filter(isKey);
    if (keys.length === 0) return text;
    const node = random.pick(keys);
    return apply(text, [
      { offset: node.offset, length: node.length, content: JSON.stringify(random.pick(KEYS)) },
    ]);
  },
  duplicateElement(random, text) {
    const containers = nodesOf(parse(text)).filter(
      (n) => (n.type === 'array' || n.type === 'object') && (n.children?.length ?? 0) > 0,
    );
    if (containers.length === 0) return text;
    const item = random.pick(random.pick(containers).children ?? []);
    const end = item.offset + item.length;
    return apply(text, [{ offset: end, length: 0, content: `, ${slice(text, item)}` }]);
  },
  deleteElement(random, text) {
    const containers = nodesOf(parse(text)).filter(
      (n) => (n.type === 'array' || n.type === 'object') && (n.children?.length ?? 0) > 0,
    );
    if (containers.length === 0) return text;
    const children = random.pick(containers).children ?? [];
    const index = random.int(children.length);
    const item = children[index] as Node;
    const next = children[index + 1];
    const previous = children[index - 1];
    if (next)
      return apply(text, [{ offset: item.offset, length: next.offset - item.offset, content: '' }]);
    if (previous) {
      const start = previous.offset + previous.length;
      return apply(text, [
        { offset: start, length: item.offset + item.length - start, content: '' },
      ]);
    }
    return apply(text, [{ offset: item.offset, length: item.length, content: '' }]);
  },
  insertProperty(random, text) {
    const objects = nodesOf(parse(text)).filter((n) => n.type === 'object');
    if (objects.length === 0) return text;
    const object = random.pick(objects);
    const empty = (object.children?.length ?? 0) === 0;
    const member = `${JSON.stringify(random.pick(KEYS))}: ${randomJson(random, 2)}${empty ? '' : ', '}`;
    return apply(text, [{ offset: object.offset + 1, length: 0, content: member }]);
  },
  numberEdge(random, text) {
    const numbers = nodesOf(parse(text)).filter((n) => n.type === 'number' || n.type === 'boolean');
    if (numbers.length === 0) return text;
    const node = random.pick(numbers);
    return apply(text, [
      { offset: node.offset, length: node.length, content: random.pick(NUMBERS) },
    ]);
  },
  removeCommentsOrAddOne(random, text) {
    const at = random.int(text.length + 1);
    return random.chance(0.5)
      ? text.replace(/\/\/[^\n]*/g, '')
      : `${text.slice(0, at)}/* ${randomString(random, 8).replace(/\*\//g, '')} */${text.slice(at)}`;
  },
};

function parse(text: string): Node | undefined {
  return parseTree(text, [], { allowTrailingComma: true });
}

/** The names defined in the document (servers, credentials, connectors), for plausible references. */
function namesOf(nodes: readonly Node[]): string[] {
  return nodes
    .filter((n) => n.type === 'property' && n.children?.[0]?.value === 'name')
    .map((n) => n.children?.[1]?.value)
    .filter((v): v is string => typeof v === 'string');
}

const CHARACTER_NAMES = Object.keys(CHARACTER_MUTATORS);
const GRAMMAR_NAMES = Object.keys(GRAMMAR_MUTATORS);

export interface Mutated {
  readonly text: string;
  /** The mutators applied, in order: part of every failure report. */
  readonly steps: readonly string[];
}

/**
 * One to four mutations of `text`, mostly grammar-aware (which keeps the
 * document valid JSON often enough for the quick-fix checks to run), and
 * sometimes a random JSON document or a few random tokens instead.
 */
export function mutate(random: Random, text: string): Mutated {
  if (random.chance(0.02)) return { text: randomJson(random), steps: ['randomJson'] };
  if (random.chance(0.02)) {
    // A few tokens: the shortest broken documents, where parsers are at their edges.
    let soup = '';
    for (let n = random.between(1, 12); n > 0; n--) soup += random.pick(CHARACTERS);
    return { text: soup, steps: ['tokenSoup'] };
  }
  const steps: string[] = [];
  let result = text;
  const count = random.weighted([
    [4, 1],
    [3, 2],
    [2, 3],
    [1, 4],
  ]);
  for (let i = 0; i < count; i++) {
    const grammar = random.chance(0.7);
    const name = random.pick(grammar ? GRAMMAR_NAMES : CHARACTER_NAMES);
    const mutator = (grammar ? GRAMMAR_MUTATORS : CHARACTER_MUTATORS)[name] as Mutator;
    steps.push(name);
    result = mutator(random, result);
  }
  return { text: result, steps };
}
