import * as assert from 'node:assert/strict';
import { analyze } from '../../../server/src/core/analyze';
import type { ExportDocument } from '../../../server/src/core/export/document';
import { importTopology, type ImportInput } from '../../../server/src/core/export/importTopology';
import { generateScripts, type GeneratedFile } from '../../../server/src/core/generate';
import { parseDocument } from '../../../server/src/core/parse/parseDocument';
import { exportInputs, mutable, defined } from '../../support/exportFixtures';
import { hostile, plain, type Fill } from '../../support/hostileTopology';
import { codeShape, singleQuotedLiterals } from '../../support/powershellTokens';

/**
 * Hostile values in an export (quotes of every kind, line breaks, PowerShell
 * and JSON syntax, very long and non-ASCII names) survive the import: the
 * topology parses, holds each value exactly, carries it in comments without
 * ending them, and the scripts later generated from it quote each value (the
 * same code as from plain names, token for token). The contoso export is
 * filled twice, once with plain names and once with hostile ones.
 */

const JSON_SPECIAL =
  '\\ " / \b \f \t \u0000 \u001f */ // edgeflow-disable-next-line open-relay -- x';

function hostileWithJson(n: number, kind: Parameters<Fill>[1]): string {
  const base = hostile(n, kind);
  if (kind === 'receiveName') return base;
  const value = `${base} ${JSON_SPECIAL} ünïcödé 日本 \u{1F4E8}`;
  // A user name with a backslash (DOMAIN\user) or an @ (a UPN) is no local account of the Edge:
  // the grants and the hop to the Edge would then be refused, which is right, but not the subject.
  return kind === 'user' ? value.replace(/[\\@]/g, '') : value;
}

function filled(fill: Fill): ImportInput[] {
  return exportInputs('contoso').map((input) => {
    const document = mutable(input.document) as {
      -readonly [K in keyof ExportDocument]: unknown;
    } & ExportDocument;
    const edge = document.server.role === 'Edge';
    document.sendConnectors.forEach((connector, i) => {
      const name = fill((edge ? 10 : 20) + i, i === 0 ? 'long' : 'free');
      Object.assign(connector, { name, identity: name });
      Object.assign(connector.properties, { Comment: fill((edge ? 30 : 40) + i, 'free') });
      const user = connector.properties['AuthenticationCredential'];
      if (typeof user === 'string')
        Object.assign(connector.properties, {
          AuthenticationCredential: `${user.split('\\')[0] ?? ''}\\${fill(edge ? 50 : 51, 'user')}`,
        });
    });
    document.receiveConnectors.forEach((connector, i) => {
      if (!edge) return;
      const name = fill(60 + i, 'receiveName');
      Object.assign(connector, { name, identity: `EDGE01\\${name}` });
      Object.assign(connector.properties, {
        Comment: fill(70 + i, 'free'),
        Banner: `220 ${fill(80 + i, 'free')}`,
      });
      for (const permission of connector.permissions)
        if (permission.user === 'EDGE01\\mbxrelay')
          Object.assign(permission, { user: `EDGE01\\${fill(51, 'user')}` });
    });
    document.acceptedDomains.forEach((domain) => Object.assign(domain, { name: fill(90, 'free') }));
    document.certificates.forEach((certificate) =>
      Object.assign(certificate, { subject: `CN=${fill(91, 'free')}` }),
    );
    Object.assign(document.server, { exchangeVersion: fill(edge ? 92 : 93, 'free') });
    return { fileName: input.fileName, document };
  });
}

function scripts(text: string): GeneratedFile[] {
  const result = generateScripts(analyze(text), 'imported');
  assert.ok(
    result.ok,
    result.ok ? '' : result.errors.map((e) => `${e.code}: ${e.message}`).join('\n'),
  );
  return [...result.files];
}

describe('import of hostile values', () => {
  const plainText = importTopology(filled(plain)).text;
  const hostileText = importTopology(filled(hostileWithJson)).text;

  it('gives a topology that parses, with the same findings as plain names', () => {
    const parsed = parseDocument(hostileText);
    assert.deepEqual(parsed.problems, []);
    const codes = (text: string) => analyze(text).findings.map((f) => `${f.severity} ${f.code}`);
    assert.deepEqual(codes(hostileText), codes(plainText));
  });

  it('holds every value exactly', () => {
    const value = parseDocument(hostileText).value as {
      sendConnectors: { name: string; comment?: string }[];
      receiveConnectors: { name: string; banner?: string }[];
      credentials: { userName: string }[];
    };
    assert.deepEqual(
      value.sendConnectors.map((c) => c.name),
      [hostileWithJson(10, 'long'), hostileWithJson(11, 'free'), hostileWithJson(20, 'long')],
    );
    assert.equal(value.sendConnectors[1]?.comment, hostileWithJson(31, 'free'));
    assert.deepEqual(
      value.receiveConnectors.map((c) => c.name),
      [hostile(60, 'receiveName'), hostile(61, 'receiveName')],
    );
    assert.equal(value.receiveConnectors[0]?.banner, `220 ${hostileWithJson(80, 'free')}`);
    assert.deepEqual(
      value.credentials.map((c) => c.userName),
      [`CONTOSO\\${hostileWithJson(50, 'user')}`, `EDGE01\\${hostileWithJson(51, 'user')}`],
    );
  });

  it('keeps comments on one line each, and no value starts a directive', () => {
    const plainComments = plainText
      .split('\n')
      .filter((l) => l.trimStart().startsWith('//')).length;
    const comments = hostileText
      .split(/\r\n|\r|\n|\u2028|\u2029|\u0085/)
      .filter((l) => l.trimStart().startsWith('//'));
    assert.equal(comments.length, plainComments);
    // eslint-disable-next-line no-control-regex
    for (const comment of comments) assert.doesNotMatch(comment, /[\u0000-\u001f\u007f]/);
    for (const line of hostileText.split('\n'))
      assert.doesNotMatch(line.trimStart(), /^\/\/\s*edgeflow-disable-next-line/);
  });

  it('and the scripts generated from it quote every value: the same code as from plain names', () => {
    const plainFiles = scripts(plainText);
    const hostileFiles = scripts(hostileText);
    assert.deepEqual(
      hostileFiles.map((f) => f.kind),
      plainFiles.map((f) => f.kind),
    );
    hostileFiles.forEach((file, i) =>
      assert.deepEqual(
        codeShape(file.content),
        codeShape(defined(plainFiles[i]).content),
        file.fileName,
      ),
    );
    const literals = singleQuotedLiterals(hostileFiles);
    for (const value of [
      hostileWithJson(11, 'free'),
      hostileWithJson(10, 'long'),
      hostile(61, 'receiveName'),
    ])
      assert.ok(literals.has(value), JSON.stringify(value.slice(0, 30)));
  });
});
