import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { analyze, notTextFinding } from '../../../server/src/core';
import { readRepoFile } from '../../support/repo';
import { findingsOf, rangeTexts } from '../../support/topology';

const CODE = 'json-syntax';
const base = readRepoFile('test', 'fixtures', 'base.edgeflow.json');

describe(CODE, () => {
  it('accepts comments, trailing commas and a byte order mark', () => {
    const text =
      '\uFEFF' +
      base
        .replace('"version": 1,', '"version": 1, /* block */')
        .replace('["contoso.com"]', '["contoso.com",]');
    assert.deepEqual(findingsOf(text, CODE), []);
    assert.deepEqual(analyze(text).findings, []);
  });

  it('reports a missing comma where the parser stopped', () => {
    const text = base.replace('"name": "Contoso",', '"name": "Contoso"');
    const [finding] = findingsOf(text, CODE);
    assert.ok(finding);
    assert.match(finding.message, /Expected ','/);
    assert.equal(text.slice(finding.range.start, finding.range.end), '"acceptedDomains"');
  });

  it('keeps the semantic diagnostics of a half-typed file', () => {
    const truncated = base.slice(0, base.indexOf('"receiveConnectors"'));
    const codes = new Set(
      analyze(
        truncated.replace('"dnsRoutingEnabled": false', '"dnsRoutingEnabled": true'),
      ).findings.map((f) => f.code),
    );
    assert.ok(codes.has(CODE));
    assert.ok(codes.has('smarthosts-dns-routing'), [...codes].join());
  });

  it('reports an empty file, a comment-only file and NUL bytes with a clear message', () => {
    assert.match(findingsOf('', CODE)[0]?.message ?? '', /empty/);
    assert.match(findingsOf('  // nothing\n', CODE)[0]?.message ?? '', /empty/);
    assert.match(findingsOf('{\u0000}', CODE)[0]?.message ?? '', /binary/);
  });

  it('reports an unterminated string at the end of the file, inside the document', () => {
    const text = '{ "version": 1, "organization": { "name": "Cont';
    const findings = findingsOf(text, CODE);
    assert.ok(findings.length > 0);
    for (const f of findings) assert.ok(f.range.end <= text.length && f.range.start < f.range.end);
  });

  it('refuses absurd nesting without overflowing the stack', () => {
    const text = '['.repeat(100_000) + ']'.repeat(100_000);
    assert.match(findingsOf(text, CODE)[0]?.message ?? '', /Nesting deeper/);
  });

  // Found by `npm run fuzz -- --seed 271828` (case 21834): the "only comments"
  // test was a regular expression that backtracked exponentially over line
  // comments holding a second `//` (a URL), and read a file with CR line
  // endings as one long comment.
  it('analyses a file whose leading comments hold URLs (no exponential backtracking)', () => {
    const text = '// see https://learn.microsoft.com/exchange\n'.repeat(60) + base;
    // In a child process with a deadline: the old expression did not return
    // for hours, and a synchronous hang would stall the whole suite.
    const core = path.join(__dirname, '..', '..', '..', 'server', 'src', 'core', 'index.js');
    const run = spawnSync(
      process.execPath,
      [
        '-e',
        `const { analyze } = require(${JSON.stringify(core)});
         const text = require('node:fs').readFileSync(0, 'utf8');
         process.stdout.write(JSON.stringify(analyze(text).findings));`,
      ],
      { input: text, encoding: 'utf8', timeout: 60_000 },
    );
    assert.equal(run.error, undefined, 'the analysis did not finish: a hang');
    assert.equal(run.stdout, '[]', run.stderr);
  });

  it('reads CR line endings as the parser does: comments end at a CR', () => {
    const text = base.replace(/\r?\n/g, '\r');
    assert.deepEqual(analyze('// leading comment\r' + text).findings, []);
    assert.match(findingsOf('// one\r// two\r  \r', CODE)[0]?.message ?? '', /empty/);
  });

  it('does not call an unclosed block comment an empty file', () => {
    const [finding] = findingsOf('/* never closed', CODE);
    assert.match(finding?.message ?? '', /not closed/);
  });

  it('gives adapters one finding for bytes that are not UTF-8', () => {
    assert.equal(notTextFinding(3).code, CODE);
    assert.match(notTextFinding(3).message, /not UTF-8.*byte 3/);
  });

  it('points at the offending text', () => {
    assert.deepEqual(rangeTexts('{ "version": 1 "x": 2 }', CODE), ['"x"']);
  });
});
