import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { analyze } from '../../server/src/core';
import { describeFinding } from '../support/fixtures';
import { readRepoFile, repoPath } from '../support/repo';

describe('the bundled examples', () => {
  const examples = fs.readdirSync(repoPath('examples')).filter((f) => f.endsWith('.edgeflow.json'));

  it('include the reference, two Edges and an Externally Secured design', () => {
    for (const name of ['contoso', 'two-edges', 'externally-secured'])
      assert.ok(examples.includes(`${name}.edgeflow.json`), name);
  });

  for (const file of examples) {
    it(`${file} has no error and no warning`, () => {
      const text = readRepoFile('examples', file);
      const problems = analyze(text).findings.filter(
        (f) => f.severity === 'error' || f.severity === 'warning',
      );
      assert.deepEqual(
        problems.map((f) => describeFinding(text, f)),
        [],
      );
    });
  }

  it('the reference gets nothing but the self-signed certificate information', () => {
    const text = readRepoFile('examples', 'contoso.edgeflow.json');
    assert.deepEqual(
      analyze(text).findings.map((f) => `${f.code}:${f.severity}`),
      ['self-signed-certificate:information'],
    );
  });
});
