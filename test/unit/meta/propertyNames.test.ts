import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import * as ts from 'typescript';
import { readRepoFile, repoPath } from '../../support/repo';

/**
 * The core reads topology properties by string literal
 * (`connector.view.boolean('requireTLS')`). A misspelt key reads as "absent",
 * which every rule treats as a legitimate value, so no test of behaviour would
 * notice. This test finds every literal key passed to the model's accessors
 * (ObjectView and PropertyValues, recognised by type, so that `Set.has('Tls')`
 * is not taken for a key) and requires it to be a property of the topology
 * schema.
 */

/** The ObjectView / PropertyValues methods whose first argument is a property name. */
const KEY_FIRST = new Set([
  'has',
  'property',
  'keyNode',
  'valueNode',
  'string',
  'boolean',
  'number',
  'strings',
  'objects',
  'object',
  'node',
]);
const VIEW_TYPES = new Set(['ObjectView', 'PropertyValues']);

/** Every name under a `properties` object anywhere in the schema. */
function schemaPropertyNames(schema: unknown, names = new Set<string>()): Set<string> {
  if (Array.isArray(schema)) for (const item of schema) schemaPropertyNames(item, names);
  else if (schema !== null && typeof schema === 'object') {
    const record = schema as Record<string, unknown>;
    const properties = record['properties'];
    if (properties !== null && typeof properties === 'object' && !Array.isArray(properties)) {
      for (const name of Object.keys(properties)) names.add(name);
    }
    for (const value of Object.values(record)) schemaPropertyNames(value, names);
  }
  return names;
}

interface KeyUse {
  readonly key: string;
  readonly where: string;
}

/**
 * The string literals an argument stands for: a literal, an array of them, or
 * a constant naming one (`view.read(SEND_KEYS)`, `SEND_KEYS = [...] as const`).
 */
function literalKeys(
  node: ts.Expression | undefined,
  checker: ts.TypeChecker,
): ts.StringLiteralLike[] {
  if (!node) return [];
  if (ts.isStringLiteralLike(node)) return [node];
  if (ts.isArrayLiteralExpression(node))
    return node.elements.flatMap((e) => literalKeys(e, checker));
  if (
    ts.isAsExpression(node) ||
    ts.isSatisfiesExpression(node) ||
    ts.isParenthesizedExpression(node)
  ) {
    return literalKeys(node.expression, checker);
  }
  if (ts.isIdentifier(node)) {
    const declaration = checker.getSymbolAtLocation(node)?.valueDeclaration;
    if (declaration && ts.isVariableDeclaration(declaration)) {
      return literalKeys(declaration.initializer, checker);
    }
  }
  return [];
}

/** The literal keys the core passes to the model's accessors. */
function keysReadByTheCore(): KeyUse[] {
  const configPath = repoPath('server', 'src', 'core', 'tsconfig.json');
  const config = ts.getParsedCommandLineOfConfigFile(
    configPath,
    {},
    {
      ...ts.sys,
      onUnRecoverableConfigFileDiagnostic: (d) => {
        throw new Error(ts.flattenDiagnosticMessageText(d.messageText, '\n'));
      },
    },
  );
  if (!config) throw new Error(`cannot read ${configPath}`);
  const program = ts.createProgram(config.fileNames, config.options);
  const checker = program.getTypeChecker();
  const coreDir = repoPath('server', 'src', 'core');
  const uses: KeyUse[] = [];
  const calls: ts.CallExpression[] = [];
  // Helpers that pass a `key` parameter on to an accessor
  // (`reportTrue(context, view, 'requireTLS', …)`): their declaration and the
  // parameter's index. Their callers' literals are keys too.
  const forwarders = new Map<ts.Declaration, number>();

  const record = (literal: ts.StringLiteralLike): void => {
    const file = literal.getSourceFile();
    const { line } = file.getLineAndCharacterOfPosition(literal.getStart(file));
    uses.push({ key: literal.text, where: `${path.relative(coreDir, file.fileName)}:${line + 1}` });
  };

  const keyArgument = (call: ts.CallExpression): ts.Expression | undefined => {
    if (!ts.isPropertyAccessExpression(call.expression)) return undefined;
    const receiver = checker.getTypeAtLocation(call.expression.expression);
    if (!VIEW_TYPES.has(receiver.getSymbol()?.getName() ?? '')) return undefined;
    const method = call.expression.name.text;
    if (method === 'read') return call.arguments[0];
    if (method === 'objectsIn') return call.arguments[1];
    return KEY_FIRST.has(method) ? call.arguments[0] : undefined;
  };

  const visit = (node: ts.Node): void => {
    if (ts.isCallExpression(node)) {
      calls.push(node);
      const argument = keyArgument(node);
      literalKeys(argument, checker).forEach(record);
      const parameter =
        argument && ts.isIdentifier(argument)
          ? checker.getSymbolAtLocation(argument)?.valueDeclaration
          : undefined;
      if (parameter && ts.isParameter(parameter)) {
        forwarders.set(parameter.parent, parameter.parent.parameters.indexOf(parameter));
      }
    }
    ts.forEachChild(node, visit);
  };

  for (const file of program.getSourceFiles()) {
    if (path.resolve(file.fileName).startsWith(coreDir + path.sep)) visit(file);
  }
  for (const call of calls) {
    const declaration = checker.getResolvedSignature(call)?.getDeclaration();
    const index = declaration ? forwarders.get(declaration) : undefined;
    if (index !== undefined) literalKeys(call.arguments[index], checker).forEach(record);
  }
  return uses;
}

describe('the property names the core reads', function () {
  // Type-checking the core takes a few seconds.
  this.timeout(60000);

  const known = schemaPropertyNames(JSON.parse(readRepoFile('schemas', 'edgeflow.schema.json')));
  const uses = keysReadByTheCore();

  it('are found (the scan itself works)', () => {
    const keys = new Set(uses.map((u) => u.key));
    assert.ok(keys.size > 50, `only ${keys.size} keys found`);
    for (const key of ['requireTLS', 'smartHosts', 'permissionGroups', 'adapters']) {
      assert.ok(keys.has(key), key);
    }
  });

  it('are each a property of the topology schema', () => {
    const unknown = uses.filter((u) => !known.has(u.key)).map((u) => `${u.where} '${u.key}'`);
    assert.deepEqual([...new Set(unknown)], []);
  });
});
