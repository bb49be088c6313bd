import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { edgeflow, STACK_FRAME, temporaryDirectory, write } from './run';

describe('edgeflow init', () => {
  let dir: string;
  beforeEach(() => {
    dir = temporaryDirectory();
  });
  afterEach(() => {
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('creates topology.edgeflow.json, which then checks clean', () => {
    const run = edgeflow(dir, 'init');
    assert.equal(run.status, 0, run.stderr);
    assert.equal(
      run.stdout,
      'Created topology.edgeflow.json\nNext: edgeflow check topology.edgeflow.json\n',
    );
    const text = fs.readFileSync(path.join(dir, 'topology.edgeflow.json'), 'utf8');
    assert.ok(!text.includes('$schema'), 'the package-relative $schema is removed');
    assert.ok(text.includes('"organization"'));
    const check = edgeflow(dir, 'check', 'topology.edgeflow.json');
    assert.equal(check.status, 0, check.stdout);
    // Only the topology remains: the temporary file was moved, not copied.
    assert.deepEqual(fs.readdirSync(dir), ['topology.edgeflow.json']);
  });

  it('writes the named file', () => {
    const run = edgeflow(dir, 'init', 'site.edgeflow.json');
    assert.equal(run.status, 0, run.stderr);
    assert.ok(fs.existsSync(path.join(dir, 'site.edgeflow.json')));
  });

  it('refuses to overwrite an existing file', () => {
    const file = write(dir, 'topology.edgeflow.json', 'original');
    const run = edgeflow(dir, 'init');
    assert.equal(run.status, 1);
    assert.match(run.stderr, /already exists.*--force/);
    assert.equal(fs.readFileSync(file, 'utf8'), 'original');
    assert.deepEqual(fs.readdirSync(dir), ['topology.edgeflow.json']);
  });

  it('overwrites with --force', () => {
    const file = write(dir, 'mine.edgeflow.json', 'original');
    const run = edgeflow(dir, 'init', 'mine.edgeflow.json', '--force');
    assert.equal(run.status, 0, run.stderr);
    assert.notEqual(fs.readFileSync(file, 'utf8'), 'original');
    assert.equal(edgeflow(dir, 'check', 'mine.edgeflow.json').status, 0);
    assert.deepEqual(fs.readdirSync(dir), ['mine.edgeflow.json']);
  });

  it('refuses a name the editor would not recognise', () => {
    const run = edgeflow(dir, 'init', 'topology.json');
    assert.equal(run.status, 2);
    assert.match(run.stderr, /\.edgeflow\.json/);
    assert.deepEqual(fs.readdirSync(dir), []);
  });

  it('writes topology.edgeflow.json into a directory', () => {
    fs.mkdirSync(path.join(dir, 'site'));
    const run = edgeflow(dir, 'init', 'site');
    assert.equal(run.status, 0, run.stderr);
    const created = path.join('site', 'topology.edgeflow.json');
    assert.ok(run.stdout.startsWith(`Created ${created}\n`), run.stdout);
    assert.ok(fs.existsSync(path.join(dir, created)));
  });

  it('creates the folders of a path that does not exist yet, as asked', () => {
    // issue 15: 'init sub/dir/x.edgeflow.json' failed with 'no such file or directory'.
    const target = path.join('no', 'such', 'x.edgeflow.json');
    const run = edgeflow(dir, 'init', target);
    assert.equal(run.status, 0, run.stderr);
    assert.ok(run.stdout.startsWith(`Created ${target}\n`), run.stdout);
    assert.ok(fs.existsSync(path.join(dir, target)));
  });

  it('reads a path ending with a separator as a folder to create, not as a file name', () => {
    // issue 15: 'init sub/dir/' suggested the file name 'sub/dir/.edgeflow.json'.
    const run = edgeflow(dir, 'init', `sub${path.sep}dir${path.sep}`);
    assert.equal(run.status, 0, run.stderr);
    const created = path.join('sub', 'dir', 'topology.edgeflow.json');
    assert.ok(run.stdout.startsWith(`Created ${created}\n`), run.stdout);
    assert.ok(fs.existsSync(path.join(dir, created)));
  });

  it('exits 2 without a stack trace when the folder cannot be created', () => {
    write(dir, 'file', 'not a folder');
    const run = edgeflow(dir, 'init', path.join('file', 'x.edgeflow.json'));
    assert.equal(run.status, 2);
    assert.match(run.stderr, /cannot write/);
    assert.doesNotMatch(run.stderr, STACK_FRAME);
  });

  it('exits 2 on an unknown option or a second path', () => {
    assert.equal(edgeflow(dir, 'init', '--bogus').status, 2);
    assert.equal(edgeflow(dir, 'init', 'a.edgeflow.json', 'b.edgeflow.json').status, 2);
    assert.deepEqual(fs.readdirSync(dir), []);
  });
});
