import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { parseProjectConfig } from '../../../server/src/config/projectConfig';

/** parseProjectConfig: the text of one edgeflow.config.json, without the file system. */

const FILE = path.resolve('/', 'repo', 'sites', 'edgeflow.config.json');
const HERE = path.dirname(FILE);
const read = (text: string) => parseProjectConfig(text, FILE);

describe('edgeflow.config.json: parsing and validation', () => {
  it('reads rules and outputFolder, with comments and trailing commas', () => {
    const config = read(`{
      // Shared by the editor and CI.
      "$schema": "../schemas/edgeflow.config.schema.json",
      "rules": {
        "self-signed-certificate": "off", /* lab */
        "basic-auth-without-tls": "error",
      },
      "outputFolder": "generated",
    }`);
    assert.deepEqual(config, {
      file: FILE,
      rules: { 'self-signed-certificate': 'off', 'basic-auth-without-tls': 'error' },
      outputFolder: path.join(HERE, 'generated'),
      problems: [],
      usable: true,
    });
  });

  it('accepts an empty object, and an empty outputFolder as "beside the topology"', () => {
    assert.deepEqual(read('{}'), { file: FILE, rules: {}, problems: [], usable: true });
    assert.equal(read('{ "outputFolder": "" }').outputFolder, undefined);
  });

  it('reports an unknown rule code and keeps the valid entries', () => {
    const config = read('{ "rules": { "nope": "off", "schema": "hint" } }');
    assert.deepEqual(config.problems, [`"rules": unknown rule 'nope'`]);
    assert.deepEqual(config.rules, { schema: 'hint' });
    assert.equal(config.usable, true);
  });

  it('reports a severity that is no setting', () => {
    const config = read('{ "rules": { "basic-auth-without-tls": "loud" } }');
    assert.deepEqual(config.problems, [
      `"rules": 'basic-auth-without-tls': 'loud' is not one of off, error, warning, information, hint`,
    ]);
    assert.deepEqual(config.rules, {});
    assert.deepEqual(read('{ "rules": { "schema": 3 } }').problems, [
      `"rules": 'schema': '3' is not one of off, error, warning, information, hint`,
    ]);
  });

  it('refuses to turn a rule that reports errors down or off', () => {
    const config = read('{ "rules": { "smarthosts-dns-routing": "off" } }');
    assert.deepEqual(config.problems, [
      `"rules": 'smarthosts-dns-routing' reports errors, which cannot be turned down or off`,
    ]);
  });

  it('reports rules that are not an object, unknown properties and a root that is not an object', () => {
    assert.deepEqual(read('{ "rules": ["schema"] }').problems, [
      '"rules": expected an object mapping rule codes to severities',
    ]);
    assert.deepEqual(read('{ "rule": {}, "$schema": 1 }').problems, [
      `unknown property 'rule' (expected "rules", "outputFolder" or "$schema")`,
      '"$schema": expected a string',
    ]);
    const array = read('[]');
    assert.deepEqual(array.problems, ['expected an object with "rules" and "outputFolder"']);
    assert.equal(array.usable, false);
  });

  it("resolves outputFolder against the file's folder, with either separator", () => {
    assert.equal(
      read('{ "outputFolder": "out/scripts" }').outputFolder,
      path.join(HERE, 'out', 'scripts'),
    );
    assert.equal(
      read('{ "outputFolder": "out\\\\scripts" }').outputFolder,
      path.join(HERE, 'out', 'scripts'),
    );
    assert.equal(read('{ "outputFolder": "." }').outputFolder, HERE);
    assert.equal(read('{ "outputFolder": "a/../b" }').outputFolder, path.join(HERE, 'b'));
  });

  it('refuses an outputFolder that is absolute, leaves the folder or is no string', () => {
    for (const folder of [
      '/etc/scripts',
      'C:\\\\Scripts',
      'c:scripts',
      '\\\\\\\\server\\\\share',
      '..',
      '../out',
      'a/../../out',
      '..\\\\out',
    ]) {
      const config = read(`{ "outputFolder": "${folder}" }`);
      assert.equal(config.outputFolder, undefined, folder);
      assert.equal(config.problems.length, 1, folder);
      assert.match(
        config.problems[0] ?? '',
        /^"outputFolder": '.+' (is absolute|leaves this file's folder); expected a folder relative/,
        folder,
      );
    }
    assert.deepEqual(read('{ "outputFolder": 3 }').problems, [
      `"outputFolder": expected a folder relative to this file's folder, such as "generated"`,
    ]);
  });

  it('reports malformed JSON with its line and column, and applies nothing of it', () => {
    const config = read('{\n  "rules": { "schema": "off" }\n  "outputFolder": "x"\n}');
    assert.deepEqual(config.problems, ['is not valid JSON: line 3, column 3: comma expected']);
    assert.equal(config.usable, false);
    assert.deepEqual(config.rules, {});
    assert.equal(config.outputFolder, undefined);
    assert.match(read('').problems[0] ?? '', /^is not valid JSON: line 1, column 1: /);
  });

  it('survives absurd nesting', () => {
    const deep = `{ "rules": ${'['.repeat(200_000)} }`;
    const config = read(deep);
    assert.equal(config.usable, false);
    assert.equal(config.problems.length, 1);
  });
});
