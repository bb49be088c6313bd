import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { analyze, fixAll } from '../../server/src/core/index';
import { edgeflow, makeUnwritable, REFERENCE, STACK_FRAME, temporaryDirectory, write } from './run';

/** The reference with a smart-host connector set to route by DNS: one preferred fix. */
const DNS_ROUTED = REFERENCE.replace(
  /("name": "To Internal Org",[^}]*?"dnsRoutingEnabled": )false/,
  '$1true',
);
/** And a comment of the user's, which the fix must keep. */
const COMMENTED = `// The Contoso design, reviewed by the mail team.\n${DNS_ROUTED}`;

describe('edgeflow check --fix and --fix-dry-run', () => {
  let dir: string;
  beforeEach(() => {
    dir = temporaryDirectory();
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('precondition: the broken topology has one error with a preferred fix', () => {
    assert.notEqual(DNS_ROUTED, REFERENCE);
    assert.deepEqual(
      analyze(COMMENTED)
        .findings.filter((f) => f.severity === 'error')
        .map((f) => f.code),
      ['smarthosts-dns-routing'],
    );
  });

  it('--fix writes what fix-all produces, keeps comments, reports what is left, exits 0', () => {
    const file = write(dir, 't.edgeflow.json', COMMENTED);
    const run = edgeflow(dir, 'check', '--fix', 't.edgeflow.json');
    assert.equal(run.status, 0, run.stdout + run.stderr);
    const written = fs.readFileSync(file, 'utf8');
    assert.equal(written, fixAll(analyze(COMMENTED), {})?.text);
    assert.ok(written.includes('// The Contoso design, reviewed by the mail team.'));
    assert.match(
      run.stderr,
      /^t\.edgeflow\.json: fixed smarthosts-dns-routing: Set dnsRoutingEnabled to false$/m,
    );
    assert.match(run.stderr, /; fixed 1 problem$/m);
    // What is left is reported: the reference's information about its self-signed certificate.
    assert.match(run.stdout, /information self-signed-certificate/);
    assert.doesNotMatch(run.stdout, /smarthosts-dns-routing/);
  });

  it('--fix keeps a byte order mark and CRLF line ends', () => {
    const crlf = `\uFEFF${COMMENTED.replace(/\n/g, '\r\n')}`;
    const file = write(dir, 't.edgeflow.json', crlf);
    const run = edgeflow(dir, 'check', '--fix', 't.edgeflow.json');
    assert.equal(run.status, 0, run.stderr);
    const written = fs.readFileSync(file, 'utf8');
    assert.ok(written.startsWith('\uFEFF'), 'the byte order mark is kept');
    assert.equal(written.slice(1), fixAll(analyze(crlf.slice(1)), {})?.text);
    assert.doesNotMatch(written.replace(/\r\n/g, ''), /\n/, 'every line ends with CRLF');
    assert.ok(written.includes('"dnsRoutingEnabled": false,\r\n'));
  });

  it('--fix on a file it cannot write: names it, leaves it whole, fixes the others, exits 2', () => {
    const locked = write(dir, 'a-locked.edgeflow.json', DNS_ROUTED);
    const other = write(dir, 'b-other.edgeflow.json', DNS_ROUTED);
    const restore = makeUnwritable(locked);
    try {
      const run = edgeflow(dir, 'check', '--fix', '.');
      assert.equal(run.status, 2, run.stderr);
      assert.match(
        run.stderr,
        /^edgeflow: a-locked\.edgeflow\.json: permission denied; the fixes were not written$/m,
      );
      assert.doesNotMatch(run.stderr, STACK_FRAME);
      assert.equal(fs.readFileSync(locked, 'utf8'), DNS_ROUTED);
      assert.notEqual(fs.readFileSync(other, 'utf8'), DNS_ROUTED);
      // The locked file's error is still reported, as it is on disk.
      assert.match(run.stdout, /^a-locked\.edgeflow\.json:\d+:\d+: error smarthosts-dns-routing/m);
      assert.deepEqual(
        fs.readdirSync(dir).filter((name) => name.includes('edgeflow-tmp')),
        [],
        'no temporary file is left behind',
      );
    } finally {
      restore();
    }
  });

  it('--fix writes through a symbolic link, which stays a link', () => {
    const target = write(dir, 'real.json', DNS_ROUTED);
    fs.symlinkSync(target, path.join(dir, 'link.edgeflow.json'));
    const run = edgeflow(dir, 'check', '--fix', 'link.edgeflow.json');
    assert.equal(run.status, 0, run.stderr);
    assert.ok(fs.lstatSync(path.join(dir, 'link.edgeflow.json')).isSymbolicLink());
    assert.notEqual(fs.readFileSync(target, 'utf8'), DNS_ROUTED);
  });

  it('--fix-dry-run prints a diff that git apply accepts, writes nothing, and exits as --fix would', () => {
    const file = write(dir, 't.edgeflow.json', COMMENTED);
    const run = edgeflow(dir, 'check', '--fix-dry-run', 't.edgeflow.json');
    assert.equal(run.status, 0, run.stderr);
    assert.equal(fs.readFileSync(file, 'utf8'), COMMENTED, 'nothing written');
    assert.match(run.stdout, /^--- a\/t\.edgeflow\.json\n\+\+\+ b\/t\.edgeflow\.json\n@@ /);
    assert.match(run.stdout, /^-\s+"dnsRoutingEnabled": true,$/m);
    assert.match(run.stdout, /^\+\s+"dnsRoutingEnabled": false,$/m);
    // stdout is the patch alone; the findings that would be left go to stderr.
    assert.match(run.stderr, /information self-signed-certificate/);
    assert.match(run.stderr, /would fix smarthosts-dns-routing/);
    const patch = write(dir, 'fix.patch', run.stdout);
    const apply = spawnSync('git', ['apply', patch], { cwd: dir, encoding: 'utf8' });
    assert.equal(apply.status, 0, apply.stderr);
    assert.equal(fs.readFileSync(file, 'utf8'), fixAll(analyze(COMMENTED), {})?.text);
  });

  it('--fix-dry-run --format json: each file says what would be fixed, with the diff', () => {
    write(dir, 't.edgeflow.json', COMMENTED);
    write(dir, 'clean.edgeflow.json', REFERENCE);
    const run = edgeflow(dir, 'check', '--fix-dry-run', '--format', 'json', '.');
    assert.equal(run.status, 0, run.stderr);
    const report = JSON.parse(run.stdout) as {
      files: { path: string; fixed: { code: string }[]; diff?: string }[];
    };
    assert.deepEqual(
      report.files.map((f) => [f.path, f.fixed.map((x) => x.code), f.diff !== undefined]),
      [
        ['clean.edgeflow.json', [], false],
        ['t.edgeflow.json', ['smarthosts-dns-routing'], true],
      ],
    );
  });

  it('an error with no fix is left and exits 1; usage errors exit 2', () => {
    write(dir, 't.edgeflow.json', '{');
    assert.equal(edgeflow(dir, 'check', '--fix', 't.edgeflow.json').status, 1);
    for (const args of [
      ['--fix', '--fix-dry-run'],
      ['--fix-dry-run', '--format', 'sarif'],
    ]) {
      const run = edgeflow(dir, 'check', ...args, 't.edgeflow.json');
      assert.equal(run.status, 2, args.join(' '));
      assert.match(run.stderr, /--fix/);
    }
  });
});
