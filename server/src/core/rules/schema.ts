import Ajv, { type ErrorObject, type ValidateFunction } from 'ajv';
import { type Node } from 'jsonc-parser';
import schemaDocument from '../../../../schemas/edgeflow.schema.json';
import type { Fix } from '../findings';
import { fix, removeAt, replaceNode, setProperty } from '../fix/edits';
import { removeItem } from '../fix/removal';
import { isSecretKey } from '../model/secrets';
import { findNodeAtPath } from '../parse/parseDocument';
import { closest } from '../text/suggest';
import type { Rule, RuleContext } from './rule';

let compiled: ValidateFunction | undefined;

/** The bundled schema, compiled once per process: EdgeFlow never fetches `$schema`. */
function validator(): ValidateFunction {
  compiled ??= new Ajv({ allErrors: true, strict: false, verbose: true }).compile(schemaDocument);
  return compiled;
}

function pointerToPath(pointer: string): (string | number)[] {
  if (pointer === '') return [];
  return pointer
    .slice(1)
    .split('/')
    .map((part) => part.replace(/~1/g, '/').replace(/~0/g, '~'))
    .map((part) => (/^\d+$/.test(part) ? Number(part) : part));
}

function keyOf(path: readonly (string | number)[]): string {
  for (let i = path.length - 1; i >= 0; i--)
    if (typeof path[i] === 'string') return `'${String(path[i])}'`;
  return 'the topology';
}

const TYPE_NAMES: Record<string, string> = {
  string: 'a string',
  boolean: 'true or false',
  integer: 'a whole number',
  number: 'a number',
  array: 'a list [ ... ]',
  object: 'an object { ... }',
  null: 'null',
};

function describeType(type: unknown): string {
  const types = Array.isArray(type) ? type : [type];
  return types.map((t) => TYPE_NAMES[String(t)] ?? String(t)).join(' or ');
}

export const schema: Rule = {
  code: 'schema',
  severity: 'error',
  alsoReports: ['warning'],
  summary:
    'A value has the wrong type, an unknown enum value, a required field is missing, or a property is unknown.',
  description: [
    'Checks the file against the bundled `schemas/edgeflow.schema.json` (the `$schema` value is informational',
    'and never fetched). Wrong types, values outside an enum, out-of-range numbers and missing required',
    'fields are errors. Unknown properties are warnings: they are ignored by the generator, and are usually a',
    'misspelt parameter. Enum values are accepted in any letter case by PowerShell, so a value that differs',
    'only in case is a warning with a fix to the canonical spelling.',
  ].join('\n'),
  bad: '{ "name": "To Internet", "server": "EDGE01", "usage": "Internets", "addressSpaces": "*", "dnsRoutingEnabled": "true" }',
  good: '{ "name": "To Internet", "server": "EDGE01", "usage": "Internet", "addressSpaces": ["*"], "dnsRoutingEnabled": true }',
  sources: 'exchange-params.json (types, enums, ranges); SPEC §1.',
  check(context) {
    const root = context.document.root;
    if (!root) return;
    const validate = validator();
    // The plain value parseDocument built with the tree: Ajv needs ordinary objects.
    if (validate(context.document.value)) return;
    for (const error of relevantErrors(validate.errors ?? [])) reportError(context, root, error);
  },
};

/**
 * Ajv reports every branch of an `anyOf` and the `if` that selected a `then`.
 * Keep what a person needs: the branch errors that fit the value's type, or
 * one "must be X or Y" when no branch fits.
 */
export function relevantErrors(errors: readonly ErrorObject[]): ErrorObject[] {
  const result: ErrorObject[] = [];
  const alternatives = errors.filter((e) => e.keyword === 'anyOf' || e.keyword === 'oneOf');
  for (const error of errors) {
    if (error.keyword === 'if' || error.keyword === 'anyOf' || error.keyword === 'oneOf') continue;
    const under = alternatives.find((a) =>
      error.schemaPath.startsWith(a.schemaPath.replace(/\/(anyOf|oneOf)$/, '/$1/')),
    );
    if (under && error.keyword === 'type' && error.instancePath === under.instancePath) {
      // Errors of the value itself or of its parts, other than its type: another branch fits
      // the type and its errors say what is wrong. Compared by the value's path, not by the
      // schema's: a branch that is a $ref reports paths inside the referenced definition.
      const at = under.instancePath;
      const siblings = errors.filter(
        (e) =>
          e !== error &&
          e.keyword !== 'type' &&
          e.keyword !== 'if' &&
          e.keyword !== 'anyOf' &&
          e.keyword !== 'oneOf' &&
          (e.instancePath === at || e.instancePath.startsWith(`${at}/`)),
      );
      if (siblings.length > 0) continue;
    }
    result.push(error);
  }
  // Merge the type errors of one anyOf into one message.
  const seen = new Set<string>();
  return result.filter((error) => {
    if (error.keyword !== 'type') return true;
    const key = `${error.instancePath}|type`;
    if (seen.has(key)) return false;
    seen.add(key);
    const types = result
      .filter((e) => e.keyword === 'type' && e.instancePath === error.instancePath)
      .map((e) => e.params['type'] as unknown);
    (error.params as Record<string, unknown>)['type'] = [...new Set(types.flat())];
    return true;
  });
}

function reportError(context: RuleContext, root: Node, error: ErrorObject): void {
  const path = pointerToPath(error.instancePath);
  const node = findNodeAtPath(root, path) ?? root;
  const params = error.params as Record<string, unknown>;
  const parentSchema = (error.parentSchema ?? {}) as Record<string, unknown>;
  switch (error.keyword) {
    case 'additionalProperties': {
      const key = String(params['additionalProperty']);
      if (isSecretKey(key)) return; // secret-in-topology reports it, as an error
      // The last of duplicate keys is the one that was read.
      const property = [...(node.children ?? [])]
        .reverse()
        .find((p) => p.children?.[0]?.value === key);
      const keyNode = property?.children?.[0] ?? node;
      const known = Object.keys((parentSchema['properties'] as object | undefined) ?? {});
      const suggestions = closest(key, known);
      context.report({
        target: keyNode,
        severity: 'warning',
        message: `Unknown property '${key}' in ${keyOf(path)}: it is ignored.${suggestions[0] ? ` Did you mean '${suggestions[0]}'?` : ''}`,
        suggestion: suggestions[0],
        fixes: () => [
          ...suggestions.map((s, i) =>
            fix(
              `Rename to '${s}'`,
              [{ offset: keyNode.offset, length: keyNode.length, content: JSON.stringify(s) }],
              i === 0,
            ),
          ),
          fix(`Remove '${key}'`, removeAt(context.text, [...path, key])),
        ],
      });
      return;
    }
    case 'required': {
      const missing = String(params['missingProperty']);
      const target = node.children?.[0]?.children?.[0] ?? node; // the first key, so the squiggle stays short
      const propertySchema = ((parentSchema['properties'] as
        Record<string, Record<string, unknown>> | undefined) ?? {})[missing];
      const value = propertySchema?.['const'] ?? propertySchema?.['default'];
      context.report({
        target: node.type === 'object' && node.children?.length ? target : node,
        message: `${keyOf(path) === 'the topology' ? 'The topology' : `This ${describeItem(path)}`} is missing the required property '${missing}'.`,
        fixes:
          value === undefined
            ? undefined
            : () => [
                fix(
                  `Add "${missing}": ${JSON.stringify(value)}`,
                  setProperty(context.text, [...path, missing], value),
                  true,
                ),
              ],
      });
      return;
    }
    case 'enum': {
      const allowed = (params['allowedValues'] as unknown[]).map(String);
      const actual = typeof node.value === 'string' ? node.value : undefined;
      const sameButCase =
        actual !== undefined
          ? allowed.find((a) => a.toLowerCase() === actual.toLowerCase())
          : undefined;
      if (sameButCase) {
        context.report({
          target: node,
          severity: 'warning',
          message: `Write '${sameButCase}' instead of '${actual}': Exchange accepts any case, but the canonical spelling is clearer.`,
          fixes: () => [enumFix(context, node, sameButCase, true)],
        });
        return;
      }
      const suggestions = actual !== undefined ? closest(actual, allowed) : [];
      context.report({
        target: node,
        message: `${keyOf(path)} must be one of: ${allowed.join(', ')}.`,
        suggestion: suggestions[0],
        fixes: () => suggestions.map((s, i) => enumFix(context, node, s, i === 0)),
      });
      return;
    }
    case 'type':
      context.report({
        target: node,
        message: `${keyOf(path)} must be ${describeType(params['type'])}.`,
        fixes: typeFixes(node, params['type'], parentSchema['items']),
      });
      return;
    case 'const':
      context.report({
        target: node,
        message: `${keyOf(path)} must be ${JSON.stringify(params['allowedValue'])}.`,
        fixes: () => [
          fix(
            `Change to ${JSON.stringify(params['allowedValue'])}`,
            replaceNode(node, params['allowedValue']),
            true,
          ),
        ],
      });
      return;
    case 'uniqueItems': {
      // Ajv names the two places: j the first, i the second (its message says "items ## j and i").
      const second = node.children?.[Number(params['i'])];
      if (second) {
        const value = JSON.stringify(second.value);
        context.report({
          target: second,
          message: `${keyOf(path)} lists ${value} twice: remove the second.`,
          fixes: () => [fix(`Remove the second ${value}`, removeItem(context.text, second), true)],
        });
        return;
      }
      reportAsAjvSays(context, node, path, error, parentSchema);
      return;
    }
    default:
      reportAsAjvSays(context, node, path, error, parentSchema);
  }
}

/** Ajv's own message, with the schema's first example where it has one. */
function reportAsAjvSays(
  context: RuleContext,
  node: Node,
  path: readonly (string | number)[],
  error: ErrorObject,
  parentSchema: Record<string, unknown>,
): void {
  const example = Array.isArray(parentSchema['examples']) ? parentSchema['examples'][0] : undefined;
  const hint = example !== undefined ? ` For example: ${JSON.stringify(example)}.` : '';
  context.report({
    target: node,
    message: `${keyOf(path)} ${error.message ?? 'is not valid'}.${hint}`,
  });
}

/**
 * "Change to 'X'", or, when the same list already holds X, the removal of this
 * element: a list holds each value once, and a duplicate would be an error.
 */
function enumFix(context: RuleContext, node: Node, value: string, preferred: boolean): Fix {
  const listed =
    node.parent?.type === 'array' &&
    (node.parent.children ?? []).some((other) => other !== node && other.value === value);
  return listed
    ? fix(
        `Remove '${String(node.value)}' ('${value}' is already listed)`,
        removeItem(context.text, node),
        preferred,
      )
    : fix(`Change to '${value}'`, replaceNode(node, value), preferred);
}

function describeItem(path: readonly (string | number)[]): string {
  const collection = [...path].reverse().find((p) => typeof p === 'string');
  const names: Record<string, string> = {
    servers: 'server',
    credentials: 'credential',
    sendConnectors: 'send connector',
    receiveConnectors: 'receive connector',
    adapters: 'adapter',
    acceptedDomains: 'accepted domain',
    organization: 'organization',
    certificate: 'certificate',
  };
  return names[String(collection)] ?? 'object';
}

/** `"true"` → `true`, `"25"` → `25`, `"*"` → `["*"]`: the obvious repairs of a wrong type. */
function typeFixes(node: Node, expected: unknown, items: unknown): (() => Fix[]) | undefined {
  const types = (Array.isArray(expected) ? expected : [expected]).map(String);
  const raw = node.value;
  if (types.includes('boolean') && (raw === 'true' || raw === 'false')) {
    return () => [fix(`Change to ${raw}`, replaceNode(node, raw === 'true'), true)];
  }
  if (
    (types.includes('integer') || types.includes('number')) &&
    typeof raw === 'string' &&
    /^\d+$/.test(raw)
  ) {
    return () => [fix(`Change to ${raw}`, replaceNode(node, Number(raw)), true)];
  }
  if (
    types.includes('array') &&
    (node.type === 'string' || node.type === 'number' || node.type === 'boolean') &&
    itemAccepts(items, raw)
  ) {
    return () => [fix('Put the value in a list', replaceNode(node, [raw]), true)];
  }
  return undefined;
}

const BUNDLED_DEFINITIONS = (schemaDocument as { definitions?: Record<string, unknown> })
  .definitions;

/**
 * Whether a list whose items follow `items` accepts `value` as an item,
 * following local `$ref`s, `anyOf`/`oneOf`, `enum` and `type`; true when the
 * schema does not say. `"addressSpaces": 0` is no `[0]`: a list of one wrong item.
 * `$ref`s are looked up in `definitions` (the bundled schema's); past eight
 * references deep (a schema that refers to itself) it answers true.
 */
export function itemAccepts(
  items: unknown,
  value: unknown,
  definitions: Readonly<Record<string, unknown>> | undefined = BUNDLED_DEFINITIONS,
  depth = 0,
): boolean {
  if (!items || typeof items !== 'object' || Array.isArray(items) || depth > 8) return true;
  const schema = items as Record<string, unknown>;
  const ref = schema['$ref'];
  if (typeof ref === 'string') {
    const name = /^#\/definitions\/([^/]+)$/.exec(ref)?.[1];
    return name === undefined || itemAccepts(definitions?.[name], value, definitions, depth + 1);
  }
  const branches = schema['anyOf'] ?? schema['oneOf'];
  if (Array.isArray(branches))
    return branches.some((b) => itemAccepts(b, value, definitions, depth + 1));
  if (Array.isArray(schema['enum']) && !schema['enum'].includes(value)) return false;
  const type = schema['type'];
  if (type === undefined) return true;
  const types = (Array.isArray(type) ? type : [type]).map(String);
  const actual =
    typeof value !== 'number'
      ? [typeof value]
      : Number.isInteger(value)
        ? ['number', 'integer']
        : ['number'];
  return actual.some((t) => types.includes(t));
}
