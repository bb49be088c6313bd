import * as assert from 'node:assert/strict';
import { analyze } from '../../../server/src/core';
import { generateScripts, type GeneratedFile } from '../../../server/src/core/generate';
import { parsePowerShell, syntaxErrors } from '../../support/powershellGrammar';
import { codeShape, singleQuotedLiterals, tokenize } from '../../support/powershellTokens';
import { hostile, plain, topology } from '../../support/hostileTopology';

/** What could end a `#` comment or hide text in it: controls, separators, bidirectional marks. */
const COMMENT_BREAKERS = /[\p{Cc}\p{Zl}\p{Zp}\p{Cf}]/u;

/**
 * Hostile text in every free-text field must stay data. The same topology
 * template is filled twice, once with plain placeholder names and once with
 * hostile strings, and the scripts generated from both must have the same
 * code: token for token, with only the contents of single-quoted literals
 * differing (PowerShell-aware tokenizer, which knows the typographic quotes).
 *
 * Fields that receive hostile values (the rules accept any text there): the
 * organization name; every server name (and every reference to it: `server`,
 * `sourceTransportServers`, credential `server`); server and smart-host FQDNs
 * (the smart hosts name the servers by them); credential names and user
 * names; send connector names; receive connector names (at most 64
 * characters and no backslash: longer names and `\` are errors of the
 * receive-name rule); the `comment` of every connector; the `name` of an
 * accepted domain; a certificate subject. Fields with a syntax the rules
 * check (addresses, bindings, ranges, address spaces, thumbprints, accepted
 * domain names) keep plain values.
 */

function generate(text: string): GeneratedFile[] {
  const analysis = analyze(text);
  const result = generateScripts(analysis, 'topology');
  assert.ok(
    result.ok,
    `the template must stay free of errors for the test to mean something: ${
      result.ok
        ? ''
        : result.errors.map((e) => `${e.code} at ${e.range.start}: ${e.message}`).join('; ')
    }`,
  );
  return [...result.files];
}

describe('generation from hostile names', () => {
  // Generated in beforeEach, for each test, rather than once as the file loads: a mutation
  // run (npm run mutate) then sees which tests run the generation, and runs them again.
  let plainFiles: GeneratedFile[] = [];
  let hostileFiles: GeneratedFile[] = [];
  beforeEach(() => {
    plainFiles = generate(topology(plain));
    hostileFiles = generate(topology(hostile));
  });

  it('generates the same set of scripts', () => {
    assert.deepEqual(
      hostileFiles.map((f) => `${f.kind}`),
      plainFiles.map((f) => `${f.kind}`),
    );
  });

  it('produces the same code outside string literals, comments included', () => {
    hostileFiles.forEach((file, i) => {
      const reference = plainFiles[i];
      assert.ok(reference);
      assert.deepEqual(
        codeShape(file.content),
        codeShape(reference.content),
        `${reference.fileName}`,
      );
    });
  });

  it('writes no topology value into a comment or a double-quoted string', () => {
    for (const file of hostileFiles) {
      for (const token of tokenize(file.content)) {
        if (token.kind === 'comment')
          assert.doesNotMatch(token.text, COMMENT_BREAKERS, file.fileName);
        if (token.kind === 'double') assert.doesNotMatch(token.text, /H\d|L\d|R\d/, file.fileName);
        assert.notEqual(token.kind, 'here', file.fileName);
      }
    }
  });

  it('keeps every hostile value intact as the value of one literal', () => {
    const literals = singleQuotedLiterals(hostileFiles);
    for (const value of [
      hostile(1, 'server'),
      hostile(21, 'free'),
      hostile(22, 'long'),
      hostile(52, 'receiveName'),
      hostile(14, 'user'),
    ])
      assert.ok(literals.has(value), JSON.stringify(value.slice(0, 40)));
  });

  it('keeps the file names inside the output folder', () => {
    for (const file of hostileFiles) {
      assert.doesNotMatch(file.fileName, /[/\\:*?"<>|\u2028\u2029]/);
      assert.ok(
        [...file.fileName].every((c) => c >= ' '),
        file.fileName,
      );
      assert.ok(file.fileName.length < 130, file.fileName);
    }
    assert.equal(
      new Set(hostileFiles.map((f) => f.fileName.toLowerCase())).size,
      hostileFiles.length,
    );
  });

  it('still parses with the PowerShell grammar', async () => {
    for (const file of hostileFiles) {
      const tree = await parsePowerShell(file.content);
      assert.deepEqual(syntaxErrors(tree), [], file.fileName);
    }
  });
});
