import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { exampleNames, generateExample } from '../../support/generation';
import { parsePowerShell, syntaxErrors } from '../../support/powershellGrammar';
import { repoPath } from '../../support/repo';

/**
 * Every example's scripts, byte for byte. Regenerate the golden files with
 * EDGEFLOW_UPDATE_GOLDEN=1 (the test then writes them and passes) and review
 * the diff.
 */
const UPDATE = process.env['EDGEFLOW_UPDATE_GOLDEN'] === '1';

/** Where two texts first differ, for a readable failure (the whole scripts are long). */
function firstDifference(fileName: string, actual: string, expected: string): string {
  const actualLines = actual.split('\n');
  const expectedLines = expected.split('\n');
  let line = 0;
  while (actualLines[line] === expectedLines[line]) line++;
  return [
    `${fileName} differs from its golden file at line ${line + 1}`,
    `  generated: ${JSON.stringify(actualLines[line])}`,
    `  golden:    ${JSON.stringify(expectedLines[line])}`,
    'Regenerate with EDGEFLOW_UPDATE_GOLDEN=1 and review the diff.',
  ].join('\n');
}

describe('generated scripts of the examples', () => {
  const examples = exampleNames();

  it('cover the three bundled designs', () => {
    for (const name of ['contoso', 'two-edges', 'externally-secured'])
      assert.ok(examples.includes(name), name);
  });

  for (const example of examples) {
    describe(example, () => {
      const directory = repoPath('test', 'golden', example);

      it('match the golden files byte for byte', () => {
        const files = generateExample(example);
        if (UPDATE) {
          fs.rmSync(directory, { recursive: true, force: true });
          fs.mkdirSync(directory, { recursive: true });
          for (const file of files)
            fs.writeFileSync(path.join(directory, file.fileName), file.content);
        }
        assert.ok(fs.existsSync(directory), `no golden files: run with EDGEFLOW_UPDATE_GOLDEN=1`);
        assert.deepEqual(
          files.map((f) => f.fileName).sort(),
          fs.readdirSync(directory).sort(),
          'the generated file names are the golden ones',
        );
        for (const file of files) {
          const golden = fs.readFileSync(path.join(directory, file.fileName), 'utf8');
          if (file.content !== golden)
            assert.fail(firstDifference(file.fileName, file.content, golden));
        }
      });

      it('parse with the PowerShell grammar without a syntax error', async () => {
        for (const file of generateExample(example)) {
          const tree = await parsePowerShell(file.content);
          assert.deepEqual(syntaxErrors(tree), [], file.fileName);
          assert.equal(tree.rootNode.hasError, false, file.fileName);
        }
      });
    });
  }
});
