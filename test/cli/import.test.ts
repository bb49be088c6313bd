import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { exportFiles, defined } from '../support/exportFixtures';
import { equivalentTopologies } from '../support/equivalentTopologies';
import { REPO_ROOT } from '../support/repo';
import { edgeflow, STACK_FRAME, temporaryDirectory, write } from './run';

const CONTOSO = exportFiles('contoso');

describe('edgeflow import', () => {
  it('prints the topology on stdout and the findings of its analysis on stderr', () => {
    const run = edgeflow(REPO_ROOT, 'import', ...CONTOSO);
    assert.equal(run.status, 0, run.stderr);
    const example = fs.readFileSync(
      path.join(REPO_ROOT, 'examples', 'contoso.edgeflow.json'),
      'utf8',
    );
    assert.ok(equivalentTopologies(run.stdout, example));
    assert.match(run.stderr, /^<stdout>:\d+:\d+: information self-signed-certificate: /m);
    assert.match(run.stderr, /1 information in 1 file\n$/);
  });

  it('writes --out, and never over an existing file without --force', () => {
    const dir = temporaryDirectory();
    const out = path.join(dir, 'imported.edgeflow.json');
    const first = edgeflow(dir, 'import', ...CONTOSO, '--out', 'imported.edgeflow.json');
    assert.equal(first.status, 0, first.stderr);
    assert.equal(first.stdout, '');
    const written = fs.readFileSync(out, 'utf8');
    assert.match(written, /^\/\/ Imported by edgeflow import/);
    fs.writeFileSync(out, 'mine');
    const refused = edgeflow(dir, 'import', ...CONTOSO, '--out', 'imported.edgeflow.json');
    assert.equal(refused.status, 2);
    assert.match(
      refused.stderr,
      /imported\.edgeflow\.json: already exists; use --force to overwrite it/,
    );
    assert.equal(fs.readFileSync(out, 'utf8'), 'mine');
    const forced = edgeflow(
      dir,
      'import',
      ...CONTOSO,
      '--out',
      'imported.edgeflow.json',
      '--force',
    );
    assert.equal(forced.status, 0, forced.stderr);
    assert.equal(fs.readFileSync(out, 'utf8'), written);
    // The result checks as a hand-written topology does.
    assert.equal(edgeflow(dir, 'check', 'imported.edgeflow.json').status, 0);
  });

  it('exits 1 when the imported configuration has an error, such as an open relay', () => {
    const dir = temporaryDirectory();
    const edge = JSON.parse(fs.readFileSync(defined(CONTOSO[0]), 'utf8')) as {
      receiveConnectors: { properties: Record<string, unknown> }[];
    };
    defined(edge.receiveConnectors[0]).properties['AuthMechanism'] = 'Tls, ExternalAuthoritative';
    write(dir, 'EDGE01.json', JSON.stringify(edge));
    const run = edgeflow(dir, 'import', 'EDGE01.json', defined(CONTOSO[1]));
    assert.equal(run.status, 1);
    assert.match(run.stderr, /error open-relay: /);
  });

  it("reads Windows PowerShell's UTF-16 and UTF-8 with a BOM", () => {
    const dir = temporaryDirectory();
    const text = fs.readFileSync(defined(CONTOSO[0]), 'utf8');
    write(
      dir,
      'utf16.json',
      Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]),
    );
    write(dir, 'bom.json', `\uFEFF${text}`);
    for (const file of ['utf16.json', 'bom.json']) {
      const run = edgeflow(dir, 'import', file);
      assert.equal(run.stderr.includes('edgeflow:'), false, run.stderr);
      assert.match(run.stdout, /"name": "EDGE01"/);
    }
  });

  it('refuses, writing nothing, a file that is no export document; exit 2, no stack', () => {
    const dir = temporaryDirectory();
    write(dir, 'wrong.json', '{"format": "edgeflow-export", "version": 9}');
    write(dir, 'broken.json', '{"format":');
    const run = edgeflow(
      dir,
      'import',
      'wrong.json',
      'broken.json',
      'missing.json',
      '--out',
      'x.edgeflow.json',
    );
    assert.equal(run.status, 2);
    assert.match(
      run.stderr,
      /^edgeflow: wrong\.json: \$: not an EdgeFlow export document of version 1/m,
    );
    assert.match(run.stderr, /^edgeflow: broken\.json:1:\d+: not valid JSON/m);
    assert.match(run.stderr, /^edgeflow: missing\.json: no such file$/m);
    assert.doesNotMatch(run.stderr, STACK_FRAME);
    assert.ok(!fs.existsSync(path.join(dir, 'x.edgeflow.json')));
    assert.equal(edgeflow(dir, 'import').status, 2);
  });
});
