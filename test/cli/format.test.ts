import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { analyze, applyEdits, detectFormatOptions, formatEdits } from '../../server/src/core';
import { REPO_ROOT } from '../support/repo';
import { CONCURRENT_EDIT } from '../support/interferingWrite';
import {
  edgeflow,
  makeUnwritable,
  REFERENCE,
  STACK_FRAME,
  temporaryDirectory,
  write,
  type Run,
} from './run';

/** What the core makes of the text: `edgeflow format` must write exactly this. */
function formatted(text: string): string {
  return applyEdits(text, formatEdits(analyze(text).document, detectFormatOptions(text)));
}

/** Four-space indentation, mostly, with comments, a line out of step and compact objects. */
const BADLY_INDENTED = [
  '// Contoso, badly indented',
  '{',
  '    "version": 1,',
  '    "organization": {',
  '  "name": "Contoso", /* the display name */',
  '        "acceptedDomains": ["contoso.com"] },',
  '    "servers": []',
  '}',
  '',
].join('\n');

/** A colon is missing: jsonc-parser would still format it, moving text about. */
const BROKEN = '{\n  "version": 1,\n  "organization" {\n"name": "Contoso"}\n}\n';

const UTF8_BOM = Buffer.from([0xef, 0xbb, 0xbf]);

describe('edgeflow format', () => {
  let dir: string;
  beforeEach(() => {
    dir = temporaryDirectory();
  });
  afterEach(() => {
    fs.rmSync(dir, { recursive: true, force: true });
  });

  const read = (relative: string) => fs.readFileSync(path.join(dir, relative), 'utf8');

  it('rewrites a badly indented file to what the core produces, keeping its indentation width', () => {
    write(dir, 'messy.edgeflow.json', BADLY_INDENTED);
    const run = edgeflow(dir, 'format', 'messy.edgeflow.json');
    assert.equal(run.status, 0, run.stderr);
    assert.equal(run.stdout, 'messy.edgeflow.json\n');
    assert.equal(run.stderr, '1 file formatted, 0 unchanged\n');
    const result = read('messy.edgeflow.json');
    assert.equal(result, formatted(BADLY_INDENTED));
    assert.notEqual(result, BADLY_INDENTED);
    assert.match(result, /^ {8}"name": "Contoso", \/\* the display name \*\/$/m);
    assert.ok(result.startsWith('// Contoso, badly indented\n'));
    assert.ok(result.endsWith('}\n'), 'the final line break is kept');

    const again = edgeflow(dir, 'format', 'messy.edgeflow.json');
    assert.equal(again.status, 0, again.stderr);
    assert.equal(again.stdout, '');
    assert.equal(again.stderr, '0 files formatted, 1 unchanged\n');
  });

  it('--check lists the file that would change, exits 1 and writes nothing', () => {
    write(dir, 'messy.edgeflow.json', BADLY_INDENTED);
    write(dir, 'clean.edgeflow.json', formatted(REFERENCE));
    const run = edgeflow(dir, 'format', '--check');
    assert.equal(run.status, 1, run.stderr);
    assert.equal(run.stdout, 'messy.edgeflow.json: would be reformatted\n');
    assert.equal(run.stderr, '1 file would be reformatted, 1 already formatted\n');
    assert.equal(read('messy.edgeflow.json'), BADLY_INDENTED);
    assert.deepEqual(fs.readdirSync(dir).sort(), ['clean.edgeflow.json', 'messy.edgeflow.json']);
  });

  it('exits 0 on a formatted file, with and without --check, and leaves it alone', () => {
    const clean = write(dir, 'clean.edgeflow.json', formatted(REFERENCE));
    const before = fs.statSync(clean).mtimeMs;
    const check = edgeflow(dir, 'format', '--check', 'clean.edgeflow.json');
    assert.equal(check.status, 0, check.stderr);
    assert.equal(check.stdout, '');
    assert.equal(check.stderr, '1 file already formatted\n');
    const run = edgeflow(dir, 'format', 'clean.edgeflow.json');
    assert.equal(run.status, 0, run.stderr);
    assert.equal(run.stdout, '');
    assert.equal(fs.statSync(clean).mtimeMs, before, 'not rewritten');
  });

  it('expands paths as check does: the current directory by default, recursively', () => {
    write(dir, 'a.edgeflow.json', BADLY_INDENTED);
    write(dir, path.join('site', 'b.edgeflow.json'), BADLY_INDENTED);
    write(dir, path.join('site', 'notes.json'), BADLY_INDENTED);
    write(dir, path.join('node_modules', 'c.edgeflow.json'), BADLY_INDENTED);
    const run = edgeflow(dir, 'format');
    assert.equal(run.status, 0, run.stderr);
    assert.equal(run.stdout, `a.edgeflow.json\n${path.join('site', 'b.edgeflow.json')}\n`);
    assert.equal(read(path.join('site', 'b.edgeflow.json')), formatted(BADLY_INDENTED));
    assert.equal(read(path.join('site', 'notes.json')), BADLY_INDENTED);
    assert.equal(read(path.join('node_modules', 'c.edgeflow.json')), BADLY_INDENTED);
  });

  it('refuses a file with syntax errors, leaves it as it is and still formats the others (exit 2)', () => {
    write(dir, 'broken.edgeflow.json', BROKEN);
    write(dir, 'messy.edgeflow.json', BADLY_INDENTED);
    const run = edgeflow(dir, 'format');
    assert.equal(run.status, 2);
    assert.equal(run.stdout, 'messy.edgeflow.json\n');
    assert.match(
      run.stderr,
      /^edgeflow: broken\.edgeflow\.json: not formatted: it has syntax errors \(edgeflow check shows them\)\n/,
    );
    assert.match(run.stderr, /\n1 file formatted, 0 unchanged, 1 not formatted\n$/);
    assert.equal(read('broken.edgeflow.json'), BROKEN);
    assert.equal(read('messy.edgeflow.json'), formatted(BADLY_INDENTED));
  });

  it('keeps a UTF-8 byte order mark', () => {
    const file = write(
      dir,
      'bom.edgeflow.json',
      Buffer.concat([UTF8_BOM, Buffer.from(BADLY_INDENTED)]),
    );
    const run = edgeflow(dir, 'format', 'bom.edgeflow.json');
    assert.equal(run.status, 0, run.stderr);
    const bytes = fs.readFileSync(file);
    assert.deepEqual(bytes.subarray(0, 3), UTF8_BOM);
    assert.equal(bytes.subarray(3).toString('utf8'), formatted(BADLY_INDENTED));
  });

  it('keeps CRLF line breaks', () => {
    const crlf = BADLY_INDENTED.replace(/\n/g, '\r\n');
    write(dir, 'crlf.edgeflow.json', crlf);
    assert.equal(edgeflow(dir, 'format').status, 0);
    assert.equal(read('crlf.edgeflow.json'), formatted(BADLY_INDENTED).replace(/\n/g, '\r\n'));
  });

  it('refuses a file that is not UTF-8 text, and one over --max-file-size', () => {
    const notText = Buffer.from([0x7b, 0x0a, 0xc3, 0xa9, 0xff, 0x7d]);
    write(dir, 'latin1.edgeflow.json', notText);
    write(dir, 'messy.edgeflow.json', BADLY_INDENTED);
    const run = edgeflow(dir, 'format', '--max-file-size', '100');
    assert.equal(run.status, 2);
    assert.equal(run.stdout, '');
    assert.match(
      run.stderr,
      /^edgeflow: latin1\.edgeflow\.json: not formatted: it is not UTF-8 text \(invalid byte at 4\)$/m,
    );
    assert.match(
      run.stderr,
      /^edgeflow: messy\.edgeflow\.json: not formatted: it is longer than 100 characters/m,
    );
    assert.deepEqual(fs.readFileSync(path.join(dir, 'latin1.edgeflow.json')), notText);
    assert.equal(read('messy.edgeflow.json'), BADLY_INDENTED);
  });

  it('reports a path that cannot be read, by its name, after formatting the others (exit 2)', () => {
    // A path below a file cannot be read by anyone, root included.
    write(dir, 'blocker', 'a file, not a directory');
    write(dir, 'messy.edgeflow.json', BADLY_INDENTED);
    const run = edgeflow(
      dir,
      'format',
      path.join('blocker', 'x.edgeflow.json'),
      'messy.edgeflow.json',
    );
    assert.equal(run.status, 2);
    assert.equal(run.stdout, 'messy.edgeflow.json\n');
    assert.match(
      run.stderr,
      new RegExp(`^edgeflow: ${escape(path.join('blocker', 'x.edgeflow.json'))}: `, 'm'),
    );
    assert.equal(read('messy.edgeflow.json'), formatted(BADLY_INDENTED));
    assert.doesNotMatch(run.stderr, STACK_FRAME);
  });

  it('does not write a read-only file, and names it (exit 2)', () => {
    const locked = write(dir, 'locked.edgeflow.json', BADLY_INDENTED);
    write(dir, 'messy.edgeflow.json', BADLY_INDENTED);
    const restore = makeUnwritable(locked);
    const run = edgeflow(dir, 'format');
    restore();
    assert.equal(run.status, 2);
    assert.equal(run.stdout, 'messy.edgeflow.json\n');
    assert.match(run.stderr, /^edgeflow: locked\.edgeflow\.json: not written: permission denied$/m);
    assert.equal(read('locked.edgeflow.json'), BADLY_INDENTED);
    assert.equal(read('messy.edgeflow.json'), formatted(BADLY_INDENTED));
  });

  it('a write that fails leaves the file as it was, no temporary file, and formats the others (exit 2)', () => {
    write(dir, 'a.edgeflow.json', BADLY_INDENTED);
    write(dir, 'b.edgeflow.json', BADLY_INDENTED);
    const run = interfered(dir, { EDGEFLOW_TEST_FAIL_RENAME_ONTO: 'a.edgeflow.json' });
    assert.equal(run.status, 2, run.stdout + run.stderr);
    assert.equal(run.stdout, 'b.edgeflow.json\n');
    assert.match(run.stderr, /^edgeflow: a\.edgeflow\.json: not written: EIO/m);
    assert.match(run.stderr, /\n1 file formatted, 0 unchanged, 1 not formatted\n$/);
    assert.equal(read('a.edgeflow.json'), BADLY_INDENTED);
    assert.equal(read('b.edgeflow.json'), formatted(BADLY_INDENTED));
    assert.deepEqual(fs.readdirSync(dir).sort(), ['a.edgeflow.json', 'b.edgeflow.json']);
  });

  it('does not overwrite a file edited since it was read (exit 2)', () => {
    write(dir, 'a.edgeflow.json', BADLY_INDENTED);
    const run = interfered(dir, { EDGEFLOW_TEST_EDIT_WHILE_WRITING: 'a.edgeflow.json' });
    assert.equal(run.status, 2, run.stdout + run.stderr);
    assert.equal(run.stdout, '');
    assert.match(
      run.stderr,
      /^edgeflow: a\.edgeflow\.json: not written: it changed since it was read/m,
    );
    assert.equal(read('a.edgeflow.json'), BADLY_INDENTED + CONCURRENT_EDIT);
    assert.deepEqual(fs.readdirSync(dir), ['a.edgeflow.json']);
  });

  it('keeps the file mode and writes through a symbolic link', function () {
    if (process.platform === 'win32') this.skip(); // no POSIX modes; links need privileges
    const target = write(dir, path.join('real', 'topology.edgeflow.json'), BADLY_INDENTED);
    fs.chmodSync(target, 0o640);
    fs.symlinkSync(
      path.join('real', 'topology.edgeflow.json'),
      path.join(dir, 'link.edgeflow.json'),
    );
    const run = edgeflow(dir, 'format', 'link.edgeflow.json');
    assert.equal(run.status, 0, run.stderr);
    assert.ok(fs.lstatSync(path.join(dir, 'link.edgeflow.json')).isSymbolicLink());
    assert.equal(fs.readFileSync(target, 'utf8'), formatted(BADLY_INDENTED));
    assert.equal(fs.statSync(target).mode & 0o777, 0o640);
  });

  it('reports a usage problem with exit 2', () => {
    for (const args of [['--frobnicate'], ['--max-file-size', 'lots']]) {
      const run = edgeflow(dir, 'format', ...args);
      assert.equal(run.status, 2, args.join(' '));
      assert.match(run.stderr, /Run 'edgeflow --help' for usage/);
    }
  });

  it('is listed in --help', () => {
    const run = edgeflow(dir, '--help');
    assert.match(run.stdout, /edgeflow format \[paths\.\.\.\] \[--check\]/);
    assert.match(run.stdout, /--check +format: /);
  });
});

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** `edgeflow format` in `dir` with test/support/interferingWrite preloaded. */
function interfered(dir: string, env: Record<string, string>): Run {
  const result = spawnSync(
    process.execPath,
    [
      '--require',
      path.join(__dirname, '..', 'support', 'interferingWrite.js'),
      path.join(REPO_ROOT, 'bin', 'edgeflow.js'),
      'format',
    ],
    { cwd: dir, encoding: 'utf8', env: { ...process.env, ...env }, timeout: 60_000 },
  );
  if (result.error) throw result.error;
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}
