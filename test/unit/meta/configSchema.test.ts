import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import Ajv from 'ajv';
import { parse } from 'jsonc-parser';
import { parseProjectConfig } from '../../../server/src/config/projectConfig';
import { RULES } from '../../../server/src/core';
import { configSchema, rulesSetting } from '../../../scripts/configSchema';
import { readRepoFile } from '../../support/repo';

/**
 * schemas/edgeflow.config.schema.json against what it describes: the rule
 * registry, the `edgeflow.rules` setting, the loader, and its registration.
 */

interface Manifest {
  readonly contributes: {
    readonly languages: readonly { id: string; filenames?: readonly string[] }[];
    readonly jsonValidation: readonly { fileMatch: string | string[]; url: string }[];
    readonly configuration: {
      readonly properties: Readonly<Record<string, { properties?: unknown }>>;
    };
  };
}

const SCHEMA_PATH = ['schemas', 'edgeflow.config.schema.json'];
const schema = JSON.parse(readRepoFile(...SCHEMA_PATH)) as {
  properties: { rules: { properties: unknown } };
};
const manifest = JSON.parse(readRepoFile('package.json')) as Manifest;

describe('the edgeflow.config.json schema', () => {
  it('is what the rule registry makes (run `npm run rules:doc` after changing a rule)', () => {
    assert.deepEqual(schema, configSchema(RULES));
  });

  it("package.json's edgeflow.rules setting is what the rule registry makes (run `npm run rules:doc`)", () => {
    assert.deepEqual(
      manifest.contributes.configuration.properties['edgeflow.rules'],
      rulesSetting(RULES),
    );
  });

  it('offers the rules exactly as the edgeflow.rules setting does', () => {
    assert.deepEqual(
      schema.properties.rules.properties,
      manifest.contributes.configuration.properties['edgeflow.rules']?.properties,
    );
  });

  it('is registered for edgeflow.config.json, a JSON-with-comments file in VS Code', () => {
    assert.ok(
      manifest.contributes.jsonValidation.some(
        (entry) =>
          entry.fileMatch === 'edgeflow.config.json' && entry.url === `./${SCHEMA_PATH.join('/')}`,
      ),
    );
    assert.ok(
      manifest.contributes.languages.some(
        (language) =>
          language.id === 'jsonc' && language.filenames?.includes('edgeflow.config.json'),
      ),
    );
  });

  it('accepts and refuses what the loader does', () => {
    const validate = new Ajv({ strict: false }).compile(schema);
    const file = path.resolve('/', 'repo', 'edgeflow.config.json');
    const samples = [
      '{}',
      '{ "$schema": "x", "rules": { "self-signed-certificate": "off", "schema": "error" }, "outputFolder": "generated" }',
      '{ "rules": { "nope": "off" } }',
      '{ "rules": { "schema": "loud" } }',
      '{ "rules": { "open-relay": "off" } }',
      '{ "rules": [] }',
      '{ "rule": {} }',
      '{ "outputFolder": 1 }',
    ];
    for (const text of samples) {
      const valid = validate(parse(text));
      assert.equal(valid, parseProjectConfig(text, file).problems.length === 0, text);
    }
  });
});
