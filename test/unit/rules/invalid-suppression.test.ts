import * as assert from 'node:assert/strict';
import { analyze } from '../../../server/src/core';
import { readRepoFile } from '../../support/repo';
import { rangeTexts, withValue } from '../../support/topology';

const CODE = 'invalid-suppression';
const base = readRepoFile('test', 'fixtures', 'base.edgeflow.json');
/** The base with a warning (BasicAuth in clear text) on the "To Internal Org" connector. */
const clearText = withValue(base, ['sendConnectors', 1, 'smartHostAuthMechanism'], 'BasicAuth');
const LINE = '      "smartHostAuthMechanism": "BasicAuth",';

function withCommentAbove(line: string, comment: string): string {
  assert.ok(clearText.includes(line));
  return clearText.replace(line, `      ${comment}\n${line}`);
}

describe(CODE, () => {
  it('the base with BasicAuth has the warning this suite suppresses', () => {
    assert.ok(analyze(clearText).findings.some((f) => f.code === 'basic-auth-without-tls'));
  });

  it('a suppression comment hides that warning on the next line only', () => {
    const text = withCommentAbove(
      LINE,
      '// edgeflow-disable-next-line basic-auth-without-tls -- lab',
    );
    assert.deepEqual(analyze(text).findings, []);
  });

  it('a comment two lines above suppresses nothing', () => {
    const text = clearText.replace(
      LINE,
      `      // edgeflow-disable-next-line basic-auth-without-tls\n      "comment": "x",\n${LINE}`,
    );
    assert.ok(analyze(text).findings.some((f) => f.code === 'basic-auth-without-tls'));
  });

  it('takes several codes separated by commas, and a reason is optional', () => {
    const text = withCommentAbove(
      LINE,
      '// edgeflow-disable-next-line schema, basic-auth-without-tls',
    );
    assert.deepEqual(analyze(text).findings, []);
  });

  it('reports an unknown code, on the code, and still shows the warning', () => {
    const text = withCommentAbove(
      LINE,
      '// edgeflow-disable-next-line basic-auth-without-tl -- typo',
    );
    assert.deepEqual(rangeTexts(text, CODE), ['basic-auth-without-tl']);
    assert.ok(analyze(text).findings.some((f) => f.code === 'basic-auth-without-tls'));
  });

  it('says that an unknown code or an error code suppresses nothing, as a warning', () => {
    const unknown = withCommentAbove(LINE, '// edgeflow-disable-next-line basic-auth-without-tl');
    const error = withCommentAbove(LINE, '// edgeflow-disable-next-line credential-required');
    assert.deepEqual(
      [...analyze(unknown).findings, ...analyze(error).findings]
        .filter((f) => f.code === CODE)
        .map((f) => [f.severity, f.message]),
      [
        [
          'warning',
          "'basic-auth-without-tl' is not an EdgeFlow diagnostic code; this comment suppresses nothing.",
        ],
        [
          'warning',
          "'credential-required' reports errors, which cannot be suppressed: fix the problem instead.",
        ],
      ],
    );
  });

  it('reports the code of an error rule, and the error stays', () => {
    const broken = withValue(base, ['sendConnectors', 1, 'dnsRoutingEnabled'], true);
    const text = broken.replace(
      '"dnsRoutingEnabled": true,',
      '// edgeflow-disable-next-line smarthosts-dns-routing\n      "dnsRoutingEnabled": true,',
    );
    assert.deepEqual(rangeTexts(text, CODE), ['smarthosts-dns-routing']);
    assert.ok(
      analyze(text).findings.some(
        (f) => f.code === 'smarthosts-dns-routing' && f.severity === 'error',
      ),
    );
  });

  it('suppresses the warnings of an error rule (an unknown property is a schema warning)', () => {
    const text = base.replace(
      '"usage": "Internet",',
      '// edgeflow-disable-next-line schema -- read by our inventory tool\n      "owner": "ops",\n      "usage": "Internet",',
    );
    assert.deepEqual(analyze(text).findings, []);
  });

  it('ignores the marker inside a string value', () => {
    const text = withValue(
      base,
      ['organization', 'name'],
      '// edgeflow-disable-next-line nonsense',
    );
    assert.deepEqual(analyze(text).findings, []);
  });
});
