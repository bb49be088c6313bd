import * as assert from 'node:assert/strict';
import { assertExpectations, expectationsOf } from '../../support/fixtures';
import { readRepoFile } from '../../support/repo';

/**
 * The `// expect:` checker itself: it must fail when a finding is on another
 * occurrence of the quoted text, has another severity, or when the text is
 * ambiguous and the expectation does not say which occurrence it means.
 */
const FIXTURE = readRepoFile(
  'test',
  'fixtures',
  'rules',
  'smarthosts-dns-routing',
  'bad-both-ways.edgeflow.json',
);
const LINE = '// expect: error smarthosts-dns-routing "false" @1';

function variant(replacement: string): string {
  assert.ok(FIXTURE.includes(LINE), 'the fixture has the line this test varies');
  return FIXTURE.replace(LINE, replacement);
}

describe('fixture expectations', () => {
  it('read the severity and the occurrence', () => {
    assert.deepEqual(expectationsOf(`${LINE}\n// expect: schema "\\"x\\""\n`), [
      { code: 'smarthosts-dns-routing', text: 'false', severity: 'error', occurrence: 1 },
      { code: 'schema', text: '"x"' },
    ]);
  });

  it('pass on the fixture as annotated', () => {
    assertExpectations(FIXTURE);
  });

  it('fail when the finding is on another occurrence of the text', () => {
    assert.throws(() => assertExpectations(variant(LINE.replace('@1', '@2'))));
  });

  it('fail when the severity differs', () => {
    assert.throws(() => assertExpectations(variant(LINE.replace('error', 'warning'))));
  });

  it('fail when the text occurs more than once and no occurrence is named', () => {
    assert.throws(
      () => assertExpectations(variant(LINE.replace(' @1', ''))),
      /occurs \d+ times; say which/,
    );
  });

  it('fail when the text does not occur', () => {
    assert.throws(
      () => assertExpectations(variant(LINE.replace('"false"', '"fals3"'))),
      /does not occur/,
    );
  });

  it('accept an expectation without severity', () => {
    assertExpectations(variant(LINE.replace('error ', '')));
  });
});
