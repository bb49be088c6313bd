import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describeFindings } from '../../support/findings';
import { exampleNames } from '../../support/generation';
import { readRepoFile, repoPath } from '../../support/repo';

/**
 * Every finding of every rule fixture and example exactly as a user meets it:
 * severity, code, range, message, related locations, suggestion, and each fix
 * with its title and edits. The `// expect:` annotations say which findings a
 * fixture must have; this says what they read like and what their fixes do,
 * so that a changed message, range or fix fails here until the golden files
 * are regenerated on purpose (EDGEFLOW_UPDATE_GOLDEN=1, then review the diff).
 */
const UPDATE = process.env['EDGEFLOW_UPDATE_GOLDEN'] === '1';
const GOLDEN = repoPath('test', 'golden', 'findings');
const FIXTURES = repoPath('test', 'fixtures', 'rules');

function assertGolden(relative: string, actual: string): void {
  const file = path.join(GOLDEN, relative);
  if (UPDATE) {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, actual);
  }
  assert.ok(
    fs.existsSync(file),
    `no golden findings ${relative}: run with EDGEFLOW_UPDATE_GOLDEN=1`,
  );
  assert.equal(
    actual,
    fs.readFileSync(file, 'utf8'),
    `${relative}: regenerate with EDGEFLOW_UPDATE_GOLDEN=1 and review the diff`,
  );
}

describe('every finding as a user reads it (golden)', () => {
  for (const code of fs.readdirSync(FIXTURES).sort()) {
    const fixtures = fs
      .readdirSync(path.join(FIXTURES, code))
      .filter((f) => f.endsWith('.edgeflow.json'))
      .sort();
    // Analysed in the test, not as the file loads: a mutation run then sees which tests reach what.
    it(`rule fixtures of ${code}`, () => {
      const sections = fixtures.map(
        (f) => `== ${f}\n${describeFindings(readRepoFile('test', 'fixtures', 'rules', code, f))}`,
      );
      assertGolden(`${code}.txt`, sections.join('\n'));
    });
  }

  it('the examples and the base fixture', () => {
    const sections = [
      ...exampleNames().map(
        (name) =>
          `== examples/${name}.edgeflow.json\n${describeFindings(readRepoFile('examples', `${name}.edgeflow.json`))}`,
      ),
      `== test/fixtures/base.edgeflow.json\n${describeFindings(readRepoFile('test', 'fixtures', 'base.edgeflow.json'))}`,
    ];
    assertGolden('examples.txt', sections.join('\n'));
  });

  it('has a golden file for each rule fixture folder, and no other', () => {
    const expected = [...fs.readdirSync(FIXTURES).map((c) => `${c}.txt`), 'examples.txt'].sort();
    assert.deepEqual(fs.readdirSync(GOLDEN).sort(), expected);
  });
});
