import * as assert from 'node:assert/strict';
import { RULES } from '../../../server/src/core';
import { renderRulesDoc } from '../../../scripts/rulesDoc';
import { readRepoFile } from '../../support/repo';

describe('RULES.md', () => {
  it('is what the rules generate (run `npm run rules:doc` after changing a rule)', () => {
    assert.equal(readRepoFile('RULES.md'), renderRulesDoc(RULES));
  });

  it('documents every code', () => {
    const doc = readRepoFile('RULES.md');
    for (const rule of RULES) assert.ok(doc.includes(`## ${rule.code}\n`), rule.code);
  });
});
