import * as assert from 'node:assert/strict';
import { parse, type ParseError } from 'jsonc-parser';
import { analyze, RULES, type Rule } from '../../../server/src/core';
import { readRepoFile } from '../../support/repo';

/**
 * RULES.md publishes each rule's `bad` and `good` JSONC excerpts as "Problem"
 * and "Repaired". Here each is spliced into the clean base topology
 * (test/fixtures/base.edgeflow.json) and analysed: the bad one must give the
 * rule's code, the good one must not.
 *
 * The excerpts are partial (a connector, a server, an adapter, a property, a
 * list), with `...` or `…` for what they leave out. How each kind is spliced:
 * - an object with a `name`: replaces the base object of that name (servers,
 *   adapters, credentials, connectors), or is merged into it when the excerpt
 *   elides members (`...`), or is added to its collection when the base has
 *   no such name;
 * - an object without a name: its properties replace the base's top-level ones;
 * - a property (`"certificate": {...}`): replaces the first property of that
 *   name in the base, in document order; the named objects of a list it gives
 *   are completed by the base's objects of the same names;
 * - parts separated by a line `…` are spliced one after the other.
 * The rules whose excerpts need another treatment are in SPECIAL, each with
 * the reason.
 */

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type JsonObject = { [key: string]: Json };

const BASE_TEXT = readRepoFile('test', 'fixtures', 'base.edgeflow.json');

function parseStrict(text: string, what: string): Json {
  const errors: ParseError[] = [];
  const value = parse(text, errors, { allowTrailingComma: true }) as Json;
  assert.deepEqual(errors, [], `${what} parses as JSONC:\n${text}`);
  return value;
}

const isObject = (value: Json | undefined): value is JsonObject =>
  value !== null && typeof value === 'object' && !Array.isArray(value);

/** Every object of the base, in document order. */
function objectsOf(value: Json): JsonObject[] {
  if (Array.isArray(value)) return value.flatMap(objectsOf);
  if (!isObject(value)) return [];
  return [value, ...Object.values(value).flatMap(objectsOf)];
}

/** The collection a new named object belongs to, judged by its properties. */
function collectionFor(excerpt: JsonObject): string {
  const has = (...keys: string[]) => keys.some((k) => k in excerpt);
  if (has('role', 'fqdn', 'adapters')) return 'servers';
  if (has('userName', 'scope')) return 'credentials';
  if (has('bindings', 'remoteIPRanges', 'authMechanism', 'permissionGroups', 'transportRole')) {
    return 'receiveConnectors';
  }
  return 'sendConnectors';
}

const ELIDED_MEMBER = /,\s*(?:\.\.\.|…)(?=\s*[}\]])/g;

/**
 * A named object of a listed array, completed by the base's object of the same
 * name: the excerpt shows what matters and elides the rest (`...`).
 */
function mergedByName(item: Json, previous: readonly Json[]): Json {
  if (!isObject(item) || typeof item['name'] !== 'string') return item;
  const base = previous.find((p) => isObject(p) && p['name'] === item['name']);
  return isObject(base) ? { ...base, ...item } : item;
}

/** Splices one part of an excerpt into the topology. */
function splicePart(topology: JsonObject, part: string, code: string): void {
  const elided = part.search(ELIDED_MEMBER) >= 0;
  const text = part.replace(ELIDED_MEMBER, '').trim();
  if (text.startsWith('"')) {
    const properties = parseStrict(`{${text.replace(/,\s*$/, '')}}`, code) as JsonObject;
    for (const [key, value] of Object.entries(properties)) {
      const holder = objectsOf(topology).find((o) => key in o) ?? topology;
      const previous = holder[key];
      holder[key] =
        Array.isArray(value) && Array.isArray(previous)
          ? value.map((item) => mergedByName(item, previous))
          : value;
    }
    return;
  }
  const excerpt = parseStrict(text, code);
  assert.ok(isObject(excerpt), `${code}: an object`);
  const name = excerpt['name'];
  if (typeof name !== 'string') {
    Object.assign(topology, excerpt);
    return;
  }
  const target = objectsOf(topology).find((o) => o !== topology && o['name'] === name);
  if (!target) {
    const collection = topology[collectionFor(excerpt)];
    assert.ok(Array.isArray(collection), `${code}: a collection for ${name}`);
    collection.push(excerpt);
  } else {
    // Named objects live in lists (servers, adapters, credentials, connectors).
    const list = objectsOf(topology)
      .flatMap((o) => Object.values(o))
      .find((v): v is Json[] => Array.isArray(v) && v.includes(target));
    assert.ok(list, `${code}: the list holding ${name}`);
    list[list.indexOf(target)] = elided ? { ...target, ...excerpt } : excerpt;
  }
}

/** The base with a rule's excerpt spliced in, as the text to analyse. */
function spliced(excerpt: string, code: string): string {
  const topology = parseStrict(BASE_TEXT, 'the base') as JsonObject;
  for (const part of excerpt.split(/^\s*…\s*$/m)) {
    if (part.trim()) splicePart(topology, part, code);
  }
  return JSON.stringify(topology, null, 2);
}

/** Rules whose excerpts are not a piece of a topology's value, and how they are run. */
const SPECIAL: Readonly<
  Record<
    string,
    { readonly reason: string; readonly text: (excerpt: string, bad: boolean) => string }
  >
> = {
  'json-syntax': {
    reason: 'the excerpt is a whole document whose syntax is the point: it is analysed as it is',
    text: (excerpt) => excerpt,
  },
  'invalid-suppression': {
    reason:
      'the excerpt is a comment and the line it suppresses: spliced as text over the "To Internal Org" mechanism',
    text: (excerpt) => {
      // The first such line is the one of "To Internal Org" ("To Edge" follows it).
      const line = '"smartHostAuthMechanism": "BasicAuthRequireTLS",';
      const at = BASE_TEXT.indexOf(line);
      assert.ok(at > BASE_TEXT.indexOf('"To Internal Org"') && at < BASE_TEXT.indexOf('"To Edge"'));
      return BASE_TEXT.slice(0, at) + excerpt.trim() + BASE_TEXT.slice(at + line.length);
    },
  },
  'file-too-large': {
    reason:
      'the excerpt stands for a size: the base, padded with a comment to the size the bad excerpt names',
    text: (excerpt, bad) => {
      if (!bad) return BASE_TEXT;
      const size = Number(/\/\/ ([\d,]+) characters/.exec(excerpt)?.[1]?.replaceAll(',', ''));
      assert.ok(size > BASE_TEXT.length, 'the excerpt names a size');
      return `${BASE_TEXT}\n//${' '.repeat(size - BASE_TEXT.length - 3)}`;
    },
  },
};

function codesOf(rule: Rule, bad: boolean): string[] {
  const excerpt = bad ? rule.bad : rule.good;
  const special = SPECIAL[rule.code];
  const text = special ? special.text(excerpt, bad) : spliced(excerpt, rule.code);
  return analyze(text).findings.map((f) => f.code);
}

describe("the rules' published examples, spliced into the base topology", () => {
  it('the base gives no finding', () => {
    assert.deepEqual(
      analyze(BASE_TEXT).findings.map((f) => f.code),
      [],
    );
  });

  it('SPECIAL names rules that exist', () => {
    const codes = new Set(RULES.map((r) => r.code));
    for (const code of Object.keys(SPECIAL)) assert.ok(codes.has(code), code);
  });

  for (const rule of RULES) {
    describe(rule.code, () => {
      it('the problem gives the code', () => {
        assert.ok(codesOf(rule, true).includes(rule.code), `bad:\n${rule.bad}`);
      });
      it('the repair does not', () => {
        assert.ok(!codesOf(rule, false).includes(rule.code), `good:\n${rule.good}`);
      });
    });
  }
});
