import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { edgeflow, REFERENCE, STACK_FRAME, temporaryDirectory, write } from './run';

interface Report {
  files: { path: string; error?: string; diagnostics: { code: string; severity: string }[] }[];
  problems?: string[];
}

interface Sarif {
  runs: {
    invocations: {
      executionSuccessful: boolean;
      toolExecutionNotifications?: { level: string; message: { text: string } }[];
    }[];
    results: { ruleId: string }[];
  }[];
}

/**
 * A file that lists as a topology but cannot be read, by root too (CI runs
 * as root, for whom a mode of 000 changes nothing): a link to the process's
 * memory, which reads as an I/O error at offset 0.
 */
function unreadableTopology(dir: string, name: string): void {
  fs.symlinkSync('/proc/self/mem', path.join(dir, name));
}

// Issue 15: one unreadable file hid the results of every other file.
describe('edgeflow check: a file that cannot be read is reported, the others are checked', () => {
  let dir: string;
  beforeEach(() => {
    dir = temporaryDirectory();
    write(dir, 'a-good.edgeflow.json', REFERENCE);
    write(dir, 'c-bad.edgeflow.json', '{');
    unreadableTopology(dir, 'b-unreadable.edgeflow.json');
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('json: the unreadable file is an entry with its error, every other file is reported, exit 2', () => {
    const run = edgeflow(dir, 'check', '.', '--format', 'json');
    assert.equal(run.status, 2, run.stderr);
    const report = JSON.parse(run.stdout) as Report;
    assert.deepEqual(
      report.files.map((f) => [
        f.path,
        f.error !== undefined,
        f.diagnostics.some((d) => d.severity === 'error'),
      ]),
      [
        ['a-good.edgeflow.json', false, false],
        ['b-unreadable.edgeflow.json', true, false],
        ['c-bad.edgeflow.json', false, true],
      ],
    );
    assert.match(report.files[1]?.error ?? '', /EIO|i\/o error/i);
    assert.doesNotMatch(run.stderr, STACK_FRAME);
  });

  it('text: the findings of the others, the unreadable path on stderr, and the summary says so', () => {
    const run = edgeflow(dir, 'check', '.');
    assert.equal(run.status, 2);
    assert.match(run.stdout, /^c-bad\.edgeflow\.json:1:1: error json-syntax: /m);
    assert.match(run.stderr, /^edgeflow: b-unreadable\.edgeflow\.json: .+$/m);
    assert.match(run.stderr, /in 3 files; 1 file with an I\/O problem$/m);
  });

  it('sarif: the run did not succeed, a notification names the file, the results are there', () => {
    const run = edgeflow(dir, 'check', '.', '--format', 'sarif', '--', 'missing.edgeflow.json');
    assert.equal(run.status, 2);
    const [sarif] = (JSON.parse(run.stdout) as Sarif).runs;
    assert.ok(sarif);
    assert.equal(sarif.invocations[0]?.executionSuccessful, false);
    const notes = (sarif.invocations[0]?.toolExecutionNotifications ?? []).map(
      (n) => n.message.text,
    );
    assert.equal(notes.length, 2, JSON.stringify(notes));
    assert.ok(notes.some((n) => n.startsWith('missing.edgeflow.json: no such file')));
    assert.ok(notes.some((n) => n.startsWith('b-unreadable.edgeflow.json: ')));
    assert.ok(sarif.results.some((r) => r.ruleId === 'json-syntax'));
  });

  it('json: an argument that names nothing is listed in problems, the files are still reported', () => {
    const run = edgeflow(dir, 'check', 'a-good.edgeflow.json', 'nope/', '--format', 'json');
    assert.equal(run.status, 2);
    const report = JSON.parse(run.stdout) as Report;
    assert.deepEqual(
      report.files.map((f) => f.path),
      ['a-good.edgeflow.json'],
    );
    assert.deepEqual(report.problems, ['nope/: no such file or directory']);
  });
});
