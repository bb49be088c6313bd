import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { readRepoFile } from '../support/repo';
import { edgeflow, STACK_FRAME, temporaryDirectory, write } from './run';

/**
 * `edgeflow export-script` with the real binary: the golden script on
 * stdout, or written with --out, which never overwrites a script edited by
 * hand or a file EdgeFlow did not write unless --force.
 */
describe('edgeflow export-script', function () {
  this.timeout(60_000);
  // The golden file is the script as generated: BOM, placeholder; the CLI fills in the hash.
  const golden = readRepoFile('test', 'golden', 'export', 'edgeflow-export.ps1');
  const hashLine = /^(\uFEFF?# EdgeFlow-Content-Hash: )[0-9a-f]{64}\n/;

  it('prints the script on stdout, without a byte-order mark, its content hash filled in', () => {
    const run = edgeflow(temporaryDirectory(), 'export-script');
    assert.equal(run.status, 0, run.stderr);
    assert.equal(run.stderr, '');
    assert.match(run.stdout, hashLine);
    assert.equal(run.stdout.replace(hashLine, '$1<PLACEHOLDER>\n'), golden.replace(/^\uFEFF/, ''));
  });

  it('writes it with --out (with the byte-order mark), then finds it up to date', () => {
    const dir = temporaryDirectory();
    const first = edgeflow(dir, 'export-script', '--out', 'edgeflow-export.ps1');
    assert.equal(first.status, 0, first.stderr);
    assert.equal(first.stdout, 'wrote edgeflow-export.ps1\n');
    const written = fs.readFileSync(path.join(dir, 'edgeflow-export.ps1'), 'utf8');
    assert.ok(written.startsWith('\uFEFF'));
    assert.equal(written.replace(hashLine, '$1<PLACEHOLDER>\n'), golden);
    const again = edgeflow(dir, 'export-script', '--out', 'edgeflow-export.ps1');
    assert.equal(again.status, 0, again.stderr);
    assert.equal(again.stdout, 'unchanged edgeflow-export.ps1\n');
  });

  it('creates the folders of --out', () => {
    const dir = temporaryDirectory();
    const run = edgeflow(dir, 'export-script', '--out', path.join('scripts', 'lab', 'export.ps1'));
    assert.equal(run.status, 0, run.stderr);
    assert.ok(fs.existsSync(path.join(dir, 'scripts', 'lab', 'export.ps1')));
  });

  for (const [kind, content, why] of [
    ['edited by hand', null, /was edited by hand/],
    ['not written by EdgeFlow', 'Write-Output "mine"\n', /was not written by EdgeFlow/],
  ] as const) {
    it(`refuses to overwrite a file ${kind}, exit 1, unless --force`, () => {
      const dir = temporaryDirectory();
      const file = path.join(dir, 'export.ps1');
      if (content === null) {
        assert.equal(edgeflow(dir, 'export-script', '--out', 'export.ps1').status, 0);
        fs.appendFileSync(file, '# my change\n');
      } else {
        write(dir, 'export.ps1', content);
      }
      const before = fs.readFileSync(file, 'utf8');
      const refused = edgeflow(dir, 'export-script', '--out', 'export.ps1');
      assert.equal(refused.status, 1);
      assert.match(refused.stderr, why);
      assert.match(refused.stderr, /--force/);
      assert.equal(fs.readFileSync(file, 'utf8'), before, 'the file is left as it was');
      const forced = edgeflow(dir, 'export-script', '--out', 'export.ps1', '--force');
      assert.equal(forced.status, 0, forced.stderr);
      assert.equal(fs.readFileSync(file, 'utf8').replace(hashLine, '$1<PLACEHOLDER>\n'), golden);
    });
  }

  it('a CRLF checkout of the script is no edit (Git on Windows)', () => {
    const dir = temporaryDirectory();
    assert.equal(edgeflow(dir, 'export-script', '--out', 'export.ps1').status, 0);
    const file = path.join(dir, 'export.ps1');
    fs.writeFileSync(file, fs.readFileSync(file, 'utf8').replace(/\n/g, '\r\n'));
    const run = edgeflow(dir, 'export-script', '--out', 'export.ps1');
    assert.equal(run.status, 0, run.stderr);
    assert.equal(run.stdout, 'wrote export.ps1\n');
  });

  it('reports usage problems and a folder as --out with exit 2, without a stack trace', () => {
    const dir = temporaryDirectory();
    fs.mkdirSync(path.join(dir, 'folder'));
    for (const args of [
      ['export-script', 'contoso.edgeflow.json'],
      ['export-script', '--out', ''],
      ['export-script', '--bogus'],
      ['export-script', '--out', 'folder'],
    ]) {
      const run = edgeflow(dir, ...args);
      assert.equal(run.status, 2, `${args.join(' ')}: ${run.stderr}`);
      assert.doesNotMatch(run.stderr, STACK_FRAME);
      assert.equal(run.stdout, '');
    }
  });

  it('is listed in --help with its options', () => {
    const run = edgeflow(temporaryDirectory(), '--help');
    assert.match(run.stdout, /edgeflow export-script \[--out FILE\] \[--force\]/);
    assert.match(run.stdout, /export-script: write the script to FILE/);
  });
});
