import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { readRepoFile } from '../support/repo';
import { edgeflow, REFERENCE, STACK_FRAME, temporaryDirectory, write } from './run';

/** `edgeflow diagram` with the real binary: the golden picture, to stdout or a file. */
describe('edgeflow diagram', function () {
  this.timeout(60_000);
  const golden = readRepoFile('test', 'golden', 'diagram', 'contoso.svg');

  it('prints the SVG of the reference on stdout, the golden one', () => {
    const dir = temporaryDirectory();
    write(dir, 'contoso.edgeflow.json', REFERENCE);
    const run = edgeflow(dir, 'diagram', 'contoso.edgeflow.json');
    assert.equal(run.status, 0, run.stderr);
    assert.equal(run.stdout, golden);
    assert.equal(run.stderr, '');
  });

  it('writes it with --out, and says so', () => {
    const dir = temporaryDirectory();
    write(dir, 'contoso.edgeflow.json', REFERENCE);
    const run = edgeflow(dir, 'diagram', 'contoso.edgeflow.json', '--out', 'flow.svg');
    assert.equal(run.status, 0, run.stderr);
    assert.equal(run.stdout, '');
    assert.match(run.stderr, /wrote flow\.svg/);
    assert.equal(fs.readFileSync(path.join(dir, 'flow.svg'), 'utf8'), golden);
  });

  it('draws a topology with errors, and says it has them', () => {
    const dir = temporaryDirectory();
    write(dir, 't.edgeflow.json', REFERENCE.replace('"OrgToEdge"', '"Nobody"'));
    const run = edgeflow(dir, 'diagram', 't.edgeflow.json');
    assert.equal(run.status, 0, run.stderr);
    assert.match(run.stdout, /^<svg /);
    assert.match(run.stdout, /severity-error/);
    assert.match(run.stderr, /t\.edgeflow\.json has \d+ errors?/);
  });

  it('names the path it cannot read or write, exit 2, no stack', () => {
    const dir = temporaryDirectory();
    const missing = edgeflow(dir, 'diagram', 'missing.edgeflow.json');
    assert.equal(missing.status, 2);
    assert.match(missing.stderr, /missing\.edgeflow\.json: no such file or directory/);
    write(dir, 'contoso.edgeflow.json', REFERENCE);
    const unwritable = edgeflow(dir, 'diagram', 'contoso.edgeflow.json', '--out', 'no/dir/x.svg');
    assert.equal(unwritable.status, 2);
    assert.match(unwritable.stderr, /no\/dir\/x\.svg: no such file or directory/);
    for (const run of [missing, unwritable]) assert.doesNotMatch(run.stderr, STACK_FRAME);
  });

  it('usage problems exit 2', () => {
    const dir = temporaryDirectory();
    for (const args of [[], ['a.edgeflow.json', 'b.edgeflow.json'], ['x', '--bogus']]) {
      const run = edgeflow(dir, 'diagram', ...args);
      assert.equal(run.status, 2, args.join(' '));
      assert.match(run.stderr, /Run 'edgeflow --help' for usage/);
    }
  });

  it('with --from and --to, the paths of one message stand out: the golden picture', () => {
    const dir = temporaryDirectory();
    write(dir, 'contoso.edgeflow.json', REFERENCE);
    const run = edgeflow(
      dir,
      'diagram',
      'contoso.edgeflow.json',
      '--from',
      'internet',
      '--to',
      'user@contoso.com',
    );
    assert.equal(run.status, 0, run.stderr);
    assert.equal(
      run.stdout,
      readRepoFile('test', 'golden', 'diagram', 'contoso.internet-to-contoso.svg'),
    );
  });

  it('a message half given, or from a sender the model does not know, exits 2 and says why', () => {
    const dir = temporaryDirectory();
    write(dir, 'contoso.edgeflow.json', REFERENCE);
    const half = edgeflow(dir, 'diagram', 'contoso.edgeflow.json', '--from', 'internet');
    assert.equal(half.status, 2);
    assert.match(half.stderr, /--from and --to go together/);
    const unknown = edgeflow(
      dir,
      'diagram',
      'contoso.edgeflow.json',
      '--from',
      'nowhere',
      '--to',
      'user@contoso.com',
      '--out',
      'x.svg',
    );
    assert.equal(unknown.status, 2);
    assert.match(unknown.stderr, /^edgeflow: 'nowhere' is neither 'internet'/);
    assert.equal(unknown.stdout, '');
    assert.equal(fs.existsSync(path.join(dir, 'x.svg')), false, 'nothing written');
    for (const run of [half, unknown]) assert.doesNotMatch(run.stderr, STACK_FRAME);
  });

  it('is listed in --help', () => {
    const run = edgeflow(temporaryDirectory(), '--help');
    assert.match(
      run.stdout,
      /edgeflow diagram <topology> \[--from <sender> --to <address>\] \[--out FILE\]/,
    );
    assert.match(run.stdout, /--from <sender>\s+trace, diagram:/);
    assert.match(run.stdout, /--out FILE\s+diagram:/);
  });
});
