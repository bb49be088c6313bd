import * as assert from 'node:assert/strict';
import { analyze } from '../../../server/src/core/analyze';
import type { ExportDocument } from '../../../server/src/core/export/document';
import { importAndAnalyze } from '../../../server/src/core/export/analyzeImport';
import { importTopology, KEPT_IN_COMMENT } from '../../../server/src/core/export/importTopology';
import { equivalentTopologies, topologyDifferences } from '../../support/equivalentTopologies';
import { EXPORT_EXAMPLES, exportInputs, mutable, defined } from '../../support/exportFixtures';
import { readRepoFile } from '../../support/repo';

function edgeOf(example: string): ExportDocument {
  return mutable(
    defined(exportInputs(example).find((i) => i.document.server.role === 'Edge')).document,
  );
}

function mailboxOf(example: string): ExportDocument {
  return mutable(
    defined(exportInputs(example).find((i) => i.document.server.role === 'Mailbox')).document,
  );
}

describe('import', () => {
  for (const example of EXPORT_EXAMPLES) {
    it(`gives back ${example}.edgeflow.json from what its scripts configured`, () => {
      const { text } = importTopology(exportInputs(example));
      assert.deepEqual(
        topologyDifferences(text, readRepoFile('examples', `${example}.edgeflow.json`)),
        [],
      );
      // The same findings as the example, but for what Exchange cannot give back (linkProtection).
      const codes = (t: string) =>
        analyze(t)
          .findings.map((f) => f.code)
          .filter((c) => c !== 'externally-secured-without-protection');
      assert.deepEqual(codes(text), codes(readRepoFile('examples', `${example}.edgeflow.json`)));
    });
  }

  it('is deterministic, whatever the order of the documents', () => {
    const inputs = exportInputs('two-edges');
    assert.equal(importTopology(inputs).text, importTopology([...inputs].reverse()).text);
  });

  it('the comparison helper sees a difference of one value', () => {
    const example = readRepoFile('examples', 'contoso.edgeflow.json');
    assert.ok(equivalentTopologies(example, example));
    const changed = example.replace('"bindings": ["10.1.1.2:25"]', '"bindings": ["10.1.1.2:2525"]');
    assert.notEqual(changed, example);
    assert.deepEqual(topologyDifferences(example, changed), [
      'receive connector edge01\\from internal org: bindings = 10.1.1.2|25 (second: bindings = 10.1.1.2|2525)',
    ]);
  });

  it('writes comments saying where each object came from, and what was guessed', () => {
    const { text } = importTopology(exportInputs('contoso'));
    assert.match(text, /\/\/ From EDGE01: send connector "To Internet"\.\n/);
    assert.match(text, /\/\/ From EDGE01: receive connector "EDGE01\\From Internal Org"\.\n/);
    assert.match(
      text,
      /\/\/ The export holds no organization name: guessed from the accepted domain contoso\.com\./,
    );
    assert.match(
      text,
      /\/\/ Faces the internet: the internet-facing receive connector "From Internet" is bound to it\./,
    );
    assert.match(text, /renamed: a guess from its permission groups/);
    // User names only: the export holds no password, and neither does the topology.
    assert.match(text, /"userName": "CONTOSO\\\\edgerelay", "scope": "activeDirectory"/);
    assert.match(
      text,
      /"userName": "EDGE01\\\\mbxrelay", "scope": "edgeLocal", "server": "EDGE01"/,
    );
  });

  it('recognises the built-in connector by its identity, and leaves it out when untouched', () => {
    const edge = edgeOf('contoso');
    const builtIn = defined(edge.receiveConnectors[0]);
    Object.assign(builtIn, {
      name: 'Default internal receive connector EDGE01',
      identity: 'EDGE01\\Default internal receive connector EDGE01',
    });
    Object.assign(builtIn.properties, { Bindings: ['0.0.0.0:25'] });
    const untouched = importTopology([
      { fileName: 'e', document: edge },
      { fileName: 'm', document: mailboxOf('contoso') },
    ]).text;
    assert.doesNotMatch(untouched, /Default internal receive connector EDGE01"/);
    Object.assign(builtIn.properties, { Bindings: ['10.1.1.1:25'] });
    const rebound = importTopology([
      { fileName: 'e', document: edge },
      { fileName: 'm', document: mailboxOf('contoso') },
    ]).text;
    assert.match(rebound, /kept by its identity: "default": true\./);
    assert.match(
      rebound,
      /"name": "Default internal receive connector EDGE01",\s+"server": "EDGE01",\s+"default": true,\s+"bindings": \["10\.1\.1\.1:25"\]/,
    );
  });

  it('writes a changed Mailbox built-in connector out in full, and leaves untouched ones out', () => {
    const mailbox = mailboxOf('contoso');
    const frontend = defined(
      mailbox.receiveConnectors.find((c) => c.name === 'Default Frontend MBX01'),
    );
    Object.assign(frontend.properties, { MaxMessageSize: '50 MB (52,428,800 bytes)' });
    const { text } = importTopology([
      { fileName: 'e', document: edgeOf('contoso') },
      { fileName: 'm', document: mailbox },
    ]);
    assert.match(text, /The built-in "Default Frontend MBX01", changed since setup/);
    assert.match(text, /"maxMessageSize": "50 MB"/);
    assert.doesNotMatch(text, /Default Frontend MBX02|Client Proxy MBX01/);
  });

  it('keeps what the format cannot express in a comment, reported as information on it', () => {
    const edge = edgeOf('contoso');
    Object.assign(defined(edge.receiveConnectors[1]).properties, {
      ConnectionTimeout: '00:00:01.5000000',
    });
    const { text, notes } = importTopology([
      { fileName: 'e', document: edge },
      { fileName: 'm', document: mailboxOf('contoso') },
    ]);
    assert.equal(notes.length, 1);
    const note = defined(notes[0]);
    assert.equal(note.code, KEPT_IN_COMMENT);
    assert.equal(note.severity, 'information');
    assert.equal(
      text.slice(note.range.start, note.range.end),
      '// Kept from the server, not expressible in the topology (the time span 00:00:01.5000000 (the topology holds whole seconds)): ConnectionTimeout: 00:00:01.5000000',
    );
    assert.match(
      note.message,
      /ConnectionTimeout: 00:00:01\.5000000 cannot be expressed in the topology/,
    );
  });

  it('reports an imported open relay on the first run', () => {
    const edge = edgeOf('contoso');
    // "From Internet" taking ExternalAuthoritative from anyone: every message is trusted and relayed.
    Object.assign(defined(edge.receiveConnectors[0]).properties, {
      AuthMechanism: 'Tls, ExternalAuthoritative',
    });
    const { findings } = importAndAnalyze([
      { fileName: 'e', document: edge },
      { fileName: 'm', document: mailboxOf('contoso') },
    ]);
    assert.ok(
      findings.some((f) => f.code === 'open-relay' && f.severity === 'error'),
      findings.map((f) => f.code).join(', '),
    );
  });

  it('keeps a relay right granted to anonymous users in a comment, naming it an open relay', () => {
    const edge = edgeOf('contoso');
    (defined(edge.receiveConnectors[0]).permissions as unknown[]).push({
      user: 'NT AUTHORITY\\ANONYMOUS LOGON',
      extendedRights: ['ms-Exch-SMTP-Accept-Any-Recipient'],
      deny: false,
    });
    const { notes } = importTopology([
      { fileName: 'e', document: edge },
      { fileName: 'm', document: mailboxOf('contoso') },
    ]);
    assert.equal(notes.length, 1);
    assert.match(
      defined(notes[0]).message,
      /granted ms-Exch-SMTP-Accept-Any-Recipient to NT AUTHORITY\\ANONYMOUS LOGON .*open relay/,
    );
  });

  it('says when the internet adapter is a guess', () => {
    const edge = edgeOf('contoso');
    Object.assign(defined(edge.receiveConnectors[0]).properties, { Bindings: ['0.0.0.0:25'] });
    const { text } = importTopology([{ fileName: 'e', document: edge }]);
    assert.match(text, /Faces the internet: a guess/);
  });
});
