import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { repoPath } from '../support/repo';
import { edgeflow, temporaryDirectory } from './run';

const fixture = (rule: string, name: string) =>
  fs.readFileSync(repoPath('test', 'fixtures', 'rules', rule, name), 'utf8');

interface Position {
  line: number;
  character: number;
}
interface JsonDiagnostic {
  code: string;
  suggestion?: string;
  relatedInformation?: { message: string; range: { start: Position } }[];
  fixes?: {
    title: string;
    isPreferred: boolean;
    edits: { range: { start: Position; end: Position }; newText: string }[];
  }[];
}

// Issue 15: the command line dropped related information, fixes and suggestions.
describe('edgeflow check: related places, fixes and "did you mean" in every format', () => {
  let dir: string;
  before(() => {
    dir = temporaryDirectory();
    fs.writeFileSync(
      path.join(dir, 'dup.edgeflow.json'),
      fixture('duplicate-name', 'bad-server-name.edgeflow.json'),
    );
    fs.writeFileSync(
      path.join(dir, 'typo.edgeflow.json'),
      fixture('unknown-reference', 'bad-source-server-typo.edgeflow.json'),
    );
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('text: the related place follows its finding, indented, with its position', () => {
    const run = edgeflow(dir, 'check', 'dup.edgeflow.json');
    const lines = run.stdout.split('\n');
    const at = lines.findIndex((l) => / error duplicate-name: /.test(l));
    assert.ok(at >= 0, run.stdout);
    assert.match(lines[at + 1] ?? '', /^ {2}dup\.edgeflow\.json:\d+:\d+: \S/);
  });

  it("text: an unknown name gets the engine's suggestion", () => {
    const run = edgeflow(dir, 'check', 'typo.edgeflow.json');
    assert.match(run.stdout, /error unknown-reference: 'MBX2' .* Did you mean 'MBX02'\?$/m);
  });

  it('json: relatedInformation, the suggestion, and the fixes as LSP edits that repair the file', () => {
    const run = edgeflow(dir, 'check', '--format', 'json', '.');
    const report = JSON.parse(run.stdout) as {
      files: { path: string; diagnostics: JsonDiagnostic[] }[];
    };
    const [dup, typo] = report.files;
    const duplicate = dup?.diagnostics.find((d) => d.code === 'duplicate-name');
    assert.ok(duplicate?.relatedInformation?.[0]?.message, JSON.stringify(duplicate));
    const unknown = typo?.diagnostics.find((d) => d.code === 'unknown-reference');
    assert.equal(unknown?.suggestion, 'MBX02');
    const preferred = unknown?.fixes?.find((f) => f.isPreferred);
    assert.equal(preferred?.title, "Change to 'MBX02'");
    const [edit] = preferred?.edits ?? [];
    assert.ok(edit);
    // Applied at its LSP position, the edit writes the suggested name in place of the typo.
    const text = fs.readFileSync(path.join(dir, 'typo.edgeflow.json'), 'utf8');
    const line = text.split('\n')[edit.range.start.line] ?? '';
    assert.equal(line.slice(edit.range.start.character, edit.range.end.character), '"MBX2"');
    assert.equal(edit.newText, '"MBX02"');
  });

  it('sarif: fixes as artifactChanges, rules with a helpUri that lands on their section', () => {
    const run = edgeflow(dir, 'check', '--format', 'sarif', 'typo.edgeflow.json');
    const sarif = JSON.parse(run.stdout) as {
      runs: {
        tool: { driver: { rules: { id: string; helpUri?: string }[] } };
        results: {
          ruleId: string;
          fixes?: {
            description: { text: string };
            artifactChanges: {
              artifactLocation: { uri: string };
              replacements: {
                deletedRegion: { startLine: number; startColumn: number; endColumn: number };
                insertedContent: { text: string };
              }[];
            }[];
          }[];
        }[];
      }[];
    };
    const [only] = sarif.runs;
    assert.ok(only);
    const result = only.results.find((r) => r.ruleId === 'unknown-reference');
    const change = result?.fixes?.[0]?.artifactChanges[0];
    assert.equal(change?.artifactLocation.uri, 'typo.edgeflow.json');
    assert.equal(change?.replacements[0]?.insertedContent.text, '"MBX02"');
    const rulesDoc = fs.readFileSync(repoPath('RULES.md'), 'utf8');
    for (const rule of only.tool.driver.rules) {
      assert.ok(rule.helpUri, rule.id);
      const url = new URL(rule.helpUri);
      assert.equal(fileURLToPath(url), repoPath('RULES.md'));
      assert.ok(rulesDoc.includes(`\n## ${url.hash.slice(1)}\n`), `RULES.md has ${url.hash}`);
    }
  });
});
