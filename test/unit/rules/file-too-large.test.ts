import * as assert from 'node:assert/strict';
import { analyze, DEFAULT_MAX_FILE_SIZE } from '../../../server/src/core';
import { readRepoFile } from '../../support/repo';

const CODE = 'file-too-large';
const base = readRepoFile('test', 'fixtures', 'base.edgeflow.json');

describe(CODE, () => {
  it('gives a text over the limit one error on its first character, naming the limit and how to raise it', () => {
    const findings = analyze(base, {
      maxFileSize: 1000,
      maxFileSizeSetting: 'setting edgeflow.maxFileSize',
    }).findings;
    assert.equal(findings.length, 1);
    const [finding] = findings;
    assert.equal(finding?.code, CODE);
    assert.equal(finding?.severity, 'error');
    assert.deepEqual(finding?.range, { start: 0, end: 1 });
    assert.equal(
      finding?.message,
      `File too large to analyse: ${base.length} characters, limit 1000 (setting edgeflow.maxFileSize).`,
    );
  });

  it('analyses a text of exactly the limit', () => {
    assert.deepEqual(analyze(base, { maxFileSize: base.length }).findings, []);
    assert.equal(analyze(base, { maxFileSize: base.length - 1 }).findings[0]?.code, CODE);
  });

  it('has a default limit of 5 MiB characters, the same for every adapter', () => {
    assert.equal(DEFAULT_MAX_FILE_SIZE, 5 * 1024 * 1024);
    const over = base + ' '.repeat(DEFAULT_MAX_FILE_SIZE - base.length + 1);
    assert.deepEqual(
      analyze(over).findings.map((f) => f.code),
      [CODE],
    );
    assert.match(analyze(over).findings[0]?.message ?? '', /limit 5242880 \(maxFileSize option\)/);
    assert.deepEqual(analyze(over.slice(0, -1)).findings, []);
  });

  it('never parses such a text, not even to look for absurd nesting', () => {
    const text = '['.repeat(200_000);
    const analysis = analyze(text, { maxFileSize: 100_000 });
    assert.deepEqual(
      analysis.findings.map((f) => f.code),
      [CODE],
    );
    assert.equal(analysis.document.root, undefined);
    // The parser would have stopped at level 201 with a json-syntax error: it never ran.
    assert.equal(analysis.document.refused, undefined);
    assert.deepEqual(analysis.document.problems, []);
  });

  it('cannot be turned off: it is an error', () => {
    const findings = analyze(base, { maxFileSize: 10, rules: { [CODE]: 'off' } }).findings;
    assert.deepEqual(
      findings.map((f) => f.code),
      [CODE],
    );
  });

  it('never finds an empty text too large; a one-character text over a zero limit gets that character', () => {
    const [finding] = analyze('x', { maxFileSize: 0 }).findings;
    assert.deepEqual(finding?.range, { start: 0, end: 1 });
    assert.deepEqual(analyze('', { maxFileSize: 0 }).findings[0]?.code, 'json-syntax');
  });
});
