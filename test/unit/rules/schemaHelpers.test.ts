import * as assert from 'node:assert/strict';
import Ajv, { type ErrorObject } from 'ajv';
import { itemAccepts, relevantErrors } from '../../../server/src/core/rules/schema';

/**
 * The schema rule's two helpers on schemas made for them: the bundled schema
 * uses only some of the shapes they handle (the rule's own tests and the
 * gallery reach those), and a later schema may use the others.
 */
describe('schema rule: itemAccepts (may a lone value become a list of one?)', () => {
  const definitions = {
    domain: { type: 'string' },
    port: { type: 'integer' },
    usage: { enum: ['Internet', 'Internal'] },
    loop: { $ref: '#/definitions/loop' },
  };
  const cases: [string, unknown, unknown, boolean][] = [
    ['no items schema', undefined, 'x', true],
    ['an items schema that is a list (tuple form): not judged', [{ type: 'integer' }], 'x', true],
    ['no type', {}, 'x', true],
    ['type string, a string', { type: 'string' }, 'x', true],
    ['type string, a number', { type: 'string' }, 1, false],
    ['type integer, a whole number', { type: 'integer' }, 3, true],
    ['type integer, a fraction', { type: 'integer' }, 2.5, false],
    ['type number, a fraction', { type: 'number' }, 2.5, true],
    ['type number, a whole number', { type: 'number' }, 2, true],
    ['a list of types', { type: ['string', 'boolean'] }, true, true],
    ['a list of types without this one', { type: ['string', 'boolean'] }, 1, false],
    ['an enum that holds the value', { enum: ['a', 'b'] }, 'b', true],
    ['an enum that does not', { enum: ['a', 'b'] }, 'c', false],
    ['a $ref to a definition that fits', { $ref: '#/definitions/domain' }, 'x', true],
    ['a $ref to a definition that does not', { $ref: '#/definitions/port' }, 'x', false],
    ['a $ref to a missing definition', { $ref: '#/definitions/nothing' }, 'x', true],
    ['a $ref outside the definitions', { $ref: 'other.json#/x' }, 1, true],
    ['a $ref deeper than definitions/<name>', { $ref: '#/definitions/port/x' }, 'x', true],
    ['anyOf: one branch fits', { anyOf: [{ type: 'integer' }, { type: 'string' }] }, 'x', true],
    ['anyOf: none fits', { anyOf: [{ type: 'integer' }, { type: 'boolean' }] }, 'x', false],
    ['oneOf: one branch fits', { oneOf: [{ $ref: '#/definitions/usage' }] }, 'Internal', true],
    ['oneOf: none fits', { oneOf: [{ $ref: '#/definitions/usage' }] }, 'Edge', false],
    ['a definition that refers to itself: not judged', { $ref: '#/definitions/loop' }, 'x', true],
  ];
  for (const [what, items, value, expected] of cases) {
    it(`${what}: ${expected ? 'accepts' : 'refuses'} ${JSON.stringify(value)}`, () => {
      assert.equal(itemAccepts(items, value, definitions), expected);
    });
  }

  it('stops after eight references: a chain of nine is not followed to its end', () => {
    const chain: Record<string, unknown> = { d9: { type: 'integer' } };
    for (let i = 0; i < 9; i++) chain[`d${i}`] = { $ref: `#/definitions/d${i + 1}` };
    // d1 … d9: eight references, then the integer type, which refuses a string.
    assert.equal(itemAccepts({ $ref: '#/definitions/d2' }, 'x', chain), false);
    // d0 … d9: nine references, past the limit: not judged.
    assert.equal(itemAccepts({ $ref: '#/definitions/d0' }, 'x', chain), true);
  });

  it("reads the bundled schema's definitions by default", () => {
    // The permissionGroup definition is an enum of the groups.
    assert.equal(itemAccepts({ $ref: '#/definitions/permissionGroup' }, 'Partners'), true);
    assert.equal(itemAccepts({ $ref: '#/definitions/permissionGroup' }, 'Everyone'), false);
  });
});

describe('schema rule: relevantErrors (what Ajv says that a person needs)', () => {
  const errorsOf = (schema: object, value: unknown): ErrorObject[] => {
    const validate = new Ajv({ allErrors: true, strict: false, verbose: true }).compile(schema);
    assert.equal(validate(value), false);
    return relevantErrors(validate.errors ?? []);
  };
  const summary = (errors: readonly ErrorObject[]) =>
    errors.map((e) => `${e.instancePath} ${e.keyword} ${JSON.stringify(e.params)}`);

  const alternatives = (keyword: 'anyOf' | 'oneOf') => ({
    type: 'object',
    properties: {
      a: {
        [keyword]: [
          { type: 'string' },
          {
            type: 'object',
            properties: { b: { enum: ['x'] } },
            required: ['b'],
          },
        ],
      },
    },
  });

  for (const keyword of ['anyOf', 'oneOf'] as const) {
    it(`${keyword}: keeps the errors of the branch whose type fits, not the other branch's type`, () => {
      assert.deepEqual(summary(errorsOf(alternatives(keyword), { a: { b: 'y' } })), [
        '/a/b enum {"allowedValues":["x"]}',
      ]);
    });

    it(`${keyword}: one type error naming every type when no branch fits`, () => {
      assert.deepEqual(summary(errorsOf(alternatives(keyword), { a: 5 })), [
        '/a type {"type":["string","object"]}',
      ]);
    });

    it(`${keyword}: a missing property of the branch whose type fits`, () => {
      assert.deepEqual(summary(errorsOf(alternatives(keyword), { a: {} })), [
        '/a required {"missingProperty":"b"}',
      ]);
    });
  }

  it('a branch that is a $ref: its errors are matched by the value, not by the schema path', () => {
    const schema = {
      definitions: { server: { type: 'object', properties: { role: { enum: ['Edge'] } } } },
      type: 'object',
      properties: { s: { anyOf: [{ type: 'string' }, { $ref: '#/definitions/server' }] } },
    };
    assert.deepEqual(summary(errorsOf(schema, { s: { role: 'Hub' } })), [
      '/s/role enum {"allowedValues":["Edge"]}',
    ]);
  });

  it('keeps type errors outside any alternative, and those of two values apart', () => {
    const schema = {
      type: 'object',
      properties: { a: { type: 'string' }, b: { type: 'boolean' } },
    };
    assert.deepEqual(summary(errorsOf(schema, { a: 1, b: 'no' })), [
      '/a type {"type":["string"]}',
      '/b type {"type":["boolean"]}',
    ]);
  });

  it("a type error beside another value's error in the same alternative is kept", () => {
    // The object branch fits neither: /a is a number; the error at /c is of another value.
    const schema = {
      type: 'object',
      properties: {
        a: { anyOf: [{ type: 'string' }, { type: 'object' }] },
        c: { enum: ['z'] },
      },
    };
    assert.deepEqual(summary(errorsOf(schema, { a: 1, c: 'y' })), [
      '/a type {"type":["string","object"]}',
      '/c enum {"allowedValues":["z"]}',
    ]);
  });

  it('drops the if that selected a then, and keeps what the then says', () => {
    const schema = {
      type: 'object',
      if: { properties: { role: { const: 'Edge' } } },
      then: { required: ['adapters'] },
    };
    assert.deepEqual(summary(errorsOf(schema, { role: 'Edge' })), [
      ' required {"missingProperty":"adapters"}',
    ]);
  });
});
