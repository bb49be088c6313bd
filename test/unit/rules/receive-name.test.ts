import * as assert from 'node:assert/strict';
import { parse } from 'jsonc-parser';
import { applyFix } from '../../support/fixtures';
import { readRepoFile } from '../../support/repo';
import { findingsOf, rangeTexts, withAppended, withValue } from '../../support/topology';

const CODE = 'receive-name';
const base = readRepoFile('test', 'fixtures', 'base.edgeflow.json');
const NAME = ['receiveConnectors', 1, 'name'];

function fixTitles(text: string): string[] {
  return findingsOf(text, CODE).flatMap(
    (f) => f.fixes?.().map((x) => `${x.title}${x.isPreferred ? ' *' : ''}`) ?? [],
  );
}

/** The same topology, whatever the layout (the test helpers reformat what they insert). */
function sameJson(actual: string, expected: string): void {
  assert.deepEqual(parse(actual), parse(expected));
}

describe(CODE, () => {
  it('accepts the base topology and a name of exactly 64 characters', () => {
    assert.deepEqual(findingsOf(base, CODE), []);
    assert.deepEqual(findingsOf(withValue(base, NAME, 'x'.repeat(64)), CODE), []);
  });

  it('reports a name of 65 characters, on the name, as an error', () => {
    const name = 'From Internal Org '.padEnd(65, 'x');
    const text = withValue(base, NAME, name);
    assert.deepEqual(rangeTexts(text, CODE), [JSON.stringify(name)]);
    const [finding] = findingsOf(text, CODE);
    assert.equal(finding?.severity, 'error');
    assert.match(finding?.message ?? '', /65 characters.*64/);
  });

  it('shortens it to 64 characters, without trailing spaces', () => {
    const name = `${'a'.repeat(60)}    bcdef`;
    const text = withValue(base, NAME, name);
    const fixed = applyFix(text, CODE, 'Shorten to 64 characters');
    sameJson(fixed, withValue(base, NAME, 'a'.repeat(60)));
    assert.deepEqual(findingsOf(fixed, CODE), []);
  });

  it('does not cut a character outside the Basic Multilingual Plane in half', () => {
    const name = `${'a'.repeat(63)}😀b`;
    const fixed = applyFix(withValue(base, NAME, name), CODE, 'Shorten to 64 characters');
    sameJson(fixed, withValue(base, NAME, 'a'.repeat(63)));
  });

  it('reports a backslash as a warning and replaces it with a dash', () => {
    const text = withValue(base, NAME, 'From Internal\\Org');
    assert.deepEqual(rangeTexts(text, CODE), ['"From Internal\\\\Org"']);
    const [finding] = findingsOf(text, CODE);
    assert.equal(finding?.severity, 'warning');
    assert.match(finding?.message ?? '', /'From Internal\\Org' contains '\\'/);
    assert.equal(
      applyFix(text, CODE, "Replace '\\' with '-'"),
      withValue(base, NAME, 'From Internal-Org'),
    );
  });

  it('reports both problems of one name; the preferred shortening also replaces the backslash', () => {
    const name = `From\\${'x'.repeat(70)}`;
    const text = withValue(base, NAME, name);
    assert.deepEqual(
      findingsOf(text, CODE).map((f) => f.severity),
      ['error', 'warning'],
    );
    assert.deepEqual(fixTitles(text), [
      "Shorten to 64 characters (and replace '\\' with '-') *",
      "Replace '\\' with '-'",
    ]);
    const fixed = applyFix(text, CODE, /^Shorten/);
    sameJson(fixed, withValue(base, NAME, `From-${'x'.repeat(59)}`));
    assert.deepEqual(findingsOf(fixed, CODE), []);
  });

  it('does not cut the first or the last pair of surrogates in half either (U+10000, U+10FFFD)', () => {
    for (const character of ['\u{10000}', '\u{10FFFD}']) {
      const name = `${'a'.repeat(63)}${character}b`;
      const fixed = applyFix(withValue(base, NAME, name), CODE, 'Shorten to 64 characters');
      sameJson(fixed, withValue(base, NAME, 'a'.repeat(63)));
    }
  });

  it('compares names on a server that is not declared by the server name as written', () => {
    // Both connectors name the undeclared EDGE09 (in two cases): the rename would be a duplicate.
    let text = withValue(base, ['receiveConnectors', 1, 'server'], 'EDGE09');
    text = withValue(text, NAME, 'From\\Internet');
    text = withValue(text, ['receiveConnectors', 0, 'server'], 'edge09');
    text = withValue(text, ['receiveConnectors', 0, 'name'], 'From-Internet');
    assert.deepEqual(fixTitles(text), []);
    // On another undeclared server the same name is free.
    const elsewhere = withValue(text, ['receiveConnectors', 0, 'server'], 'EDGE08');
    assert.deepEqual(fixTitles(elsewhere), ["Replace '\\' with '-' *"]);
  });

  it('offers no rename that would duplicate another connector on the same server', () => {
    const text = withValue(base, NAME, 'From\\Internet');
    const taken = withValue(text, ['receiveConnectors', 0, 'name'], 'From-Internet');
    assert.deepEqual(rangeTexts(taken, CODE), ['"From\\\\Internet"']);
    assert.deepEqual(fixTitles(taken), []);
  });

  it('checks the default connector too, and leaves send connector names alone', () => {
    const text = withValue(
      base,
      ['receiveConnectors', 0, 'name'],
      'Default internal receive connector\\EDGE01',
    );
    assert.equal(findingsOf(text, CODE).length, 1);
    const send = withAppended(base, ['sendConnectors'], {
      name: `To Fabrikam ${'x'.repeat(80)}\\`,
      addressSpaces: ['fabrikam.com'],
    });
    assert.deepEqual(findingsOf(send, CODE), []);
  });
});
