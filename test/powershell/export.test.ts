import * as assert from 'node:assert/strict';
import { readRepoFile } from '../support/repo';
import { requirePwsh } from './support/pwsh';
import { exportAll } from './support/export';
import { generateInto } from './support/scenario';

describe('PowerShell: the export script', function () {
  before(function () {
    requirePwsh(this);
  });
  it('smoke', async () => {
    const generated = generateInto(readRepoFile('examples', 'contoso.edgeflow.json'), 'contoso');
    const run = await exportAll(generated);
    for (const e of run.exports) console.log(e.text);
    assert.ok(run.exports.length > 0);
  });
});
