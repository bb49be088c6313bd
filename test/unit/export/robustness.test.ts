import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { analyze } from '../../../server/src/core/analyze';
import { drift } from '../../../server/src/core/drift/drift';
import { importTopology } from '../../../server/src/core/export/importTopology';
import { readExportDocument } from '../../../server/src/core/export/read';
import { parseDocument } from '../../../server/src/core/parse/parseDocument';
import { defined, exportFiles } from '../../support/exportFixtures';
import { readRepoFile } from '../../support/repo';

/**
 * Every value of an export replaced, one at a time, by values of every JSON
 * kind and by odd strings: the reader never throws (it refuses with a
 * message naming the value's path, or accepts), and what it accepts is
 * imported into a topology that parses and compared without a throw.
 */
const REPLACEMENTS: readonly unknown[] = [
  null,
  0,
  -1.5,
  true,
  [],
  {},
  '',
  ' ',
  'x'.repeat(2000),
  '\u2028"\\',
  ['a', 'b'],
];

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

function paths(value: Json, prefix: (string | number)[] = []): (string | number)[][] {
  const children: [string | number, Json][] = Array.isArray(value)
    ? value.map((v, i) => [i, v])
    : typeof value === 'object' && value !== null
      ? Object.entries(value)
      : [];
  return [prefix, ...children.flatMap(([key, child]) => paths(child, [...prefix, key]))];
}

function replaced(document: Json, path: readonly (string | number)[], value: unknown): unknown {
  if (path.length === 0) return value;
  const copy = JSON.parse(JSON.stringify(document)) as Record<string | number, Json>;
  let parent: Record<string | number, Json> = copy;
  for (const key of path.slice(0, -1)) parent = parent[key] as Record<string | number, Json>;
  parent[defined(path.at(-1))] = value as Json;
  return copy;
}

describe('export documents with any value anywhere', () => {
  it('are refused with their path, or imported and compared, never a throw', function () {
    this.timeout(120_000);
    const [edgeFile, mailboxFile] = exportFiles('contoso');
    const edge = JSON.parse(fs.readFileSync(defined(edgeFile), 'utf8')) as Json;
    const mailbox = readExportDocument(fs.readFileSync(defined(mailboxFile), 'utf8'), {
      fileName: 'm',
    });
    const topology = analyze(readRepoFile('examples', 'contoso.edgeflow.json'));
    let refused = 0;
    let accepted = 0;
    for (const path of paths(edge)) {
      for (const value of REPLACEMENTS) {
        const text = JSON.stringify(replaced(edge, path, value));
        const read = readExportDocument(text, { fileName: 'EDGE01.json' });
        if (read.problem !== undefined) {
          refused++;
          assert.match(read.problem, /^EDGE01\.json: \$/);
          continue;
        }
        accepted++;
        const inputs = [
          { fileName: 'e', document: read.document },
          { fileName: 'm', document: defined(mailbox.document) },
        ];
        const imported = importTopology(inputs).text;
        assert.deepEqual(
          parseDocument(imported).problems,
          [],
          `${JSON.stringify(path)} = ${JSON.stringify(value)}`,
        );
        for (const finding of drift(topology, inputs).findings) finding.fixes?.();
      }
    }
    assert.ok(refused > 0 && accepted > 0, `${refused} refused, ${accepted} accepted`);
  });
});
