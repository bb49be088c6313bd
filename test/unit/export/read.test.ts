import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { readExportDocument } from '../../../server/src/core/export/read';
import { defined, exportFiles } from '../../support/exportFixtures';

const CONTOSO_EDGE = fs.readFileSync(exportFiles('contoso')[0] ?? '', 'utf8');

function problemOf(text: string): string {
  const read = readExportDocument(text, { fileName: 'EDGE01.json' });
  assert.ok(read.problem !== undefined, 'refused');
  return read.problem;
}

function withChange(change: (document: Record<string, unknown>) => void): string {
  const document = JSON.parse(CONTOSO_EDGE) as Record<string, unknown>;
  change(document);
  return JSON.stringify(document);
}

describe('reading an export document', () => {
  it('reads every fixture, as the type describes it', () => {
    for (const example of ['contoso', 'externally-secured', 'two-edges']) {
      for (const file of exportFiles(example)) {
        const read = readExportDocument(fs.readFileSync(file, 'utf8'), { fileName: file });
        assert.equal(read.problem, undefined, file);
        assert.ok(read.document?.server.name);
      }
    }
  });

  it('accepts the BOM Windows PowerShell 5.1 writes', () => {
    const read = readExportDocument(`\uFEFF${CONTOSO_EDGE}`, { fileName: 'EDGE01.json' });
    assert.equal(read.problem, undefined);
    assert.equal(read.document?.server.name, 'EDGE01');
  });

  it('names the file and the line of a syntax error', () => {
    assert.match(
      problemOf('{\n  "format": "edgeflow-export",\n  "version": 1,,\n}'),
      /^EDGE01\.json:3:\d+: not valid JSON/,
    );
  });

  it('refuses another format or version, saying which', () => {
    assert.match(
      problemOf(withChange((d) => (d['version'] = 2))),
      /^EDGE01\.json: \$: not an EdgeFlow export document of version 1 \(format "edgeflow-export", version 2/,
    );
    assert.match(
      problemOf('{"format":"edgeflow-topology","version":1}'),
      /format "edgeflow-topology"/,
    );
    assert.match(problemOf('[]'), /^EDGE01\.json: \$: expected an object, found a list$/);
  });

  it('names the JSON path of a malformed value', () => {
    assert.equal(
      problemOf(
        withChange(
          (d) => (defined((d['receiveConnectors'] as Record<string, unknown>[])[1])['name'] = 7),
        ),
      ),
      'EDGE01.json: $.receiveConnectors[1].name: expected a string, found a number',
    );
    assert.equal(
      problemOf(
        withChange(
          (d) =>
            ((
              defined((d['sendConnectors'] as Record<string, unknown>[])[0])[
                'properties'
              ] as Record<string, unknown>
            )['Port'] = 25),
        ),
      ),
      'EDGE01.json: $.sendConnectors[0].properties.Port: expected a string, a list of strings or null, found a number',
    );
    assert.equal(
      problemOf(withChange((d) => delete d['certificates'])),
      'EDGE01.json: $.certificates: expected a list, found nothing',
    );
    assert.equal(
      problemOf(withChange((d) => ((d['server'] as Record<string, unknown>)['role'] = 'Hub'))),
      'EDGE01.json: $.server.role: expected Edge or Mailbox, found "Hub"',
    );
  });

  it('quotes a property name that is no identifier in the path', () => {
    const text = withChange(
      (d) =>
        ((
          defined((d['sendConnectors'] as Record<string, unknown>[])[0])['properties'] as Record<
            string,
            unknown
          >
        )['a b'] = {}),
    );
    assert.match(
      problemOf(text),
      /\$\.sendConnectors\[0\]\.properties\["a b"\]: expected a string/,
    );
  });

  it('never crashes on hostile input, and bounds it as a topology is bounded', () => {
    assert.match(problemOf('['.repeat(100_000)), /EDGE01\.json/);
    assert.match(problemOf(`[${'0,'.repeat(20_000)}0]`), /EDGE01\.json/);
    assert.match(
      readExportDocument('x'.repeat(101), { fileName: 'big.json', maxSize: 100 }).problem ?? '',
      /^big\.json: too large to be an export document \(101 characters, limit 100\)$/,
    );
    // __proto__ is data: it does not make the prototype's properties the document's.
    assert.match(
      problemOf('{"__proto__": {"format": "edgeflow-export", "version": 1}}'),
      /not an EdgeFlow export document/,
    );
    for (const text of [
      '',
      'null',
      '"x"',
      '{"format":"edgeflow-export","version":1}',
      '\uFEFF',
      '{"a":',
    ])
      assert.ok(readExportDocument(text, { fileName: 'f' }).problem);
  });
});
