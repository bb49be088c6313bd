import * as assert from 'node:assert/strict';
import { COMPARISON_CODES, RULES } from '../../../server/src/core';
import { renderRulesDoc } from '../../../scripts/rulesDoc';
import { readRepoFile } from '../../support/repo';

describe('RULES.md', () => {
  it('is what the rules generate (run `npm run rules:doc` after changing a rule)', () => {
    assert.equal(readRepoFile('RULES.md'), renderRulesDoc(RULES, COMPARISON_CODES));
  });

  it('documents every code', () => {
    const doc = readRepoFile('RULES.md');
    for (const rule of RULES) assert.ok(doc.includes(`## ${rule.code}\n`), rule.code);
  });

  it('documents the codes of drift and import, which are not rules', () => {
    const doc = readRepoFile('RULES.md');
    for (const code of ['drift-missing', 'drift-extra', 'drift-property', 'import-kept-in-comment'])
      assert.ok(doc.includes(`## ${code}\n`), code);
  });
});
