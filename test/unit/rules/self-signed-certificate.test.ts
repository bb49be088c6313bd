import * as assert from 'node:assert/strict';
import { analyze } from '../../../server/src/core';
import { generateScripts } from '../../../server/src/core/generate';
import { readRepoFile, referenceTopology } from '../../support/repo';
import { findingsOf, rangeTexts, withAppended, withValue } from '../../support/topology';

const CODE = 'self-signed-certificate';
const base = readRepoFile('test', 'fixtures', 'base.edgeflow.json');
const CERTIFICATE = ['servers', 0, 'certificate'];
const selfSigned = withValue(base, [...CERTIFICATE, 'type'], 'selfSigned');

describe(CODE, () => {
  it('says nothing about a certificate from a trusted CA', () => {
    assert.deepEqual(findingsOf(base, CODE), []);
  });

  it('informs on the selfSigned value, naming the Edge and every Mailbox server', () => {
    assert.deepEqual(rangeTexts(selfSigned, CODE), ['"selfSigned"']);
    const [finding] = findingsOf(selfSigned, CODE);
    assert.equal(finding?.severity, 'information');
    assert.equal(
      finding?.message,
      'EDGE01 uses its self-signed certificate: Mailbox servers do not trust it. The generated mailbox script imports it on MBX01, MBX02 (export it on the Edge first); or use a certificate from a trusted CA.',
    );
    assert.deepEqual(finding?.fixes?.() ?? [], []);
  });

  it('takes an Edge without certificate to have its self-signed one, on the server name', () => {
    const text = withValue(base, CERTIFICATE, undefined);
    assert.deepEqual(rangeTexts(text, CODE), ['"EDGE01"']);
    const [finding] = findingsOf(text, CODE);
    assert.ok(
      (finding?.range.start ?? 0) < text.indexOf('"role": "Edge"'),
      'on the server, not elsewhere',
    );
    // The generated scripts export and import only a declared certificate: the message must not
    // promise the import, and declaring the self-signed one, as it asks, makes them do it.
    assert.equal(
      finding?.message,
      'EDGE01 declares no certificate, so it uses the self-signed one Exchange setup created: Mailbox servers do not trust it, and the generated scripts do not export or import an undeclared certificate. Declare it ("certificate": { "type": "selfSigned" }) so that the Edge script exports it and the mailbox script imports it on MBX01, MBX02; or use a certificate from a trusted CA.',
    );
    assert.deepEqual(finding?.fixes?.() ?? [], []);
    const fixed = withValue(text, CERTIFICATE, { type: 'selfSigned' });
    assert.deepEqual(rangeTexts(fixed, CODE), ['"selfSigned"']);
    const scripts = generateScripts(analyze(fixed), 'base');
    assert.ok(scripts.ok);
    const mailbox = scripts.files.find((f) => f.kind === 'mailbox');
    assert.match(mailbox?.content ?? '', /CertificatePath/, 'the mailbox script now imports it');
  });

  it('reads the type in any letter case', () => {
    assert.deepEqual(rangeTexts(withValue(base, [...CERTIFICATE, 'type'], 'SelfSigned'), CODE), [
      '"SelfSigned"',
    ]);
  });

  it('reports each self-signed Edge of several', () => {
    const text = withAppended(selfSigned, ['servers'], {
      name: 'EDGE02',
      role: 'Edge',
      fqdn: 'edge02.contoso.net',
      adapters: [],
      certificate: { type: 'thirdParty' },
    });
    assert.deepEqual(rangeTexts(text, CODE), ['"selfSigned"']);
    assert.deepEqual(rangeTexts(withValue(text, ['servers', 3, 'certificate'], undefined), CODE), [
      '"selfSigned"',
      '"EDGE02"',
    ]);
  });

  it('says nothing when no Mailbox server uses the Edge', () => {
    const text = withValue(
      withValue(selfSigned, ['servers', 2], undefined),
      ['servers', 1],
      undefined,
    );
    assert.deepEqual(findingsOf(text, CODE), []);
  });

  it('is the only finding on the reference', () => {
    assert.deepEqual(rangeTexts(referenceTopology(), CODE), ['"selfSigned"']);
  });
});
