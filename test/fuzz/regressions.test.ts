import * as assert from 'node:assert/strict';
import { modify, applyEdits as applyJsonEdits } from 'jsonc-parser';
import { analyze, applyEdits, type Finding } from '../../server/src/core';
import { readRepoFile } from '../support/repo';
import { checkText, editProblems } from './invariants';

/**
 * Bugs the fuzzer found, each reduced to a small input that shows it. They
 * run with the fuzz suite and stay as regression tests.
 */

const base = readRepoFile('test', 'fixtures', 'base.edgeflow.json');
const FORMAT = { formattingOptions: { insertSpaces: true, tabSize: 2, eol: '\n' } };

function without(text: string, key: string): string {
  return applyJsonEdits(text, modify(text, [key], undefined, FORMAT));
}

function fixesOf(text: string, code: string) {
  return analyze(text)
    .findings.filter((f) => f.code === code)
    .flatMap((finding) => (finding.fixes?.() ?? []).map((fix) => ({ finding, fix })));
}

const textOf = (text: string, finding: Finding) =>
  text.slice(finding.range.start, finding.range.end);

describe('fuzz regressions', () => {
  it('analysis does not throw on two objects in a list whose items must be unique', () => {
    // jsonc-parser builds objects without a prototype; Ajv's deep equality
    // (uniqueItems) called their missing valueOf and the whole analysis threw.
    const text = '{ "receiveConnectors": [ { "authMechanism": [ {}, {} ] } ] }';
    const findings = analyze(text).findings;
    assert.ok(findings.some((f) => f.code === 'schema'));
  });

  it('missing-connector: adding a connector and its credential never gives overlapping edits', () => {
    // Neither "sendConnectors" nor "credentials" exists: both are new
    // properties at the end of the root object, at the same offset.
    const text = without(without(base, 'sendConnectors'), 'credentials');
    const fixes = fixesOf(text, 'missing-connector');
    assert.ok(
      fixes.some(({ fix }) => /'To Edge'/.test(fix.title)),
      'the fix is offered',
    );
    for (const { fix } of fixes) {
      assert.deepEqual(editProblems(fix.edits, text.length), [], fix.title);
      const fixed = applyEdits(text, fix.edits);
      assert.ok(!analyze(fixed).findings.some((f) => f.code === 'json-syntax'), fix.title);
    }
  });

  it('schema: "Put the value in a list" is offered only when the value fits the list', () => {
    const number = base.replace('"addressSpaces": ["*"]', '"addressSpaces": 0');
    const boolean = base.replace(
      '"remoteIPRanges": ["192.168.5.10", "192.168.5.20"]',
      '"remoteIPRanges": true',
    );
    const notInEnum = base.replace(
      '"authMechanism": ["Tls", "BasicAuth", "BasicAuthRequireTLS", "ExchangeServer"]',
      '"authMechanism": "Kerberos"',
    );
    for (const text of [number, boolean, notInEnum]) {
      const titles = fixesOf(text, 'schema').map(({ fix }) => fix.title);
      assert.ok(!titles.includes('Put the value in a list'), titles.join());
    }
    const string = base.replace('"addressSpaces": ["*"]', '"addressSpaces": "*"');
    const inEnum = base.replace(
      '"authMechanism": ["Tls", "BasicAuth", "BasicAuthRequireTLS", "ExchangeServer"]',
      '"authMechanism": "Tls"',
    );
    for (const text of [string, inEnum])
      assert.deepEqual(
        fixesOf(text, 'schema').map(({ fix }) => fix.title),
        ['Put the value in a list'],
      );
  });

  it('schema: with a duplicated key the finding is on the value that counts (the last), and so is its fix', () => {
    // Like JSON.parse, the model and the schema read the last of duplicate keys.
    const text = base.replace('"usage": "Internet",', '"usage": "Internet", "usage": "Internets",');
    const findings = analyze(text).findings.filter((f) => f.code === 'schema');
    assert.deepEqual(
      findings.map((f) => textOf(text, f)),
      ['"Internets"'],
    );
    assert.equal(findings[0]?.range.start, text.indexOf('"Internets"'));
    const unknownKey = base.replace(
      '"scope": "activeDirectory" }',
      '"scope": "activeDirectory", "colour": 1, "colour": 2 }',
    );
    const [unknown] = analyze(unknownKey).findings.filter((f) => f.code === 'schema');
    assert.ok(unknown);
    assert.equal(unknown.range.start, unknownKey.lastIndexOf('"colour"'));
    const remove = unknown.fixes?.().find((f) => f.title === "Remove 'colour'");
    assert.ok(remove && remove.edits.length > 0, 'the removal edits something');
    assert.match(applyEdits(unknownKey, remove.edits), /"colour": 1 \}/);
  });

  it('schema: the case fix of a duplicated key changes the value that counts', () => {
    const text = base.replace('"usage": "Internet",', '"usage": "Internet", "usage": "internet",');
    const result = checkText(text, { fixes: 'preferred', timeLimitMs: 5000 });
    assert.deepEqual(result.problems, []);
  });

  it('secret-in-topology: with a duplicated key each fix removes its own property', () => {
    const text = base.replace(
      '"scope": "activeDirectory" }',
      '"scope": "activeDirectory", "password": "first", "password": "second" }',
    );
    const findings = analyze(text).findings.filter((f) => f.code === 'secret-in-topology');
    assert.equal(findings.length, 2);
    for (const [finding, kept, removed] of [
      [findings[0], 'second', 'first'],
      [findings[1], 'first', 'second'],
    ] as const) {
      const fix = finding?.fixes?.()[0];
      assert.ok(fix);
      const fixed = applyEdits(text, fix.edits);
      assert.ok(fixed.includes(`"password": "${kept}"`) && !fixed.includes(`"${removed}"`), fixed);
    }
  });

  it('missing-connector: a duplicated key does not make the fix throw, nor edit the wrong value', () => {
    // The model reads the last "sendConnectors"; jsonc-parser's modify edits
    // the first (and throws, since it is no list).
    const text = base
      .replace('"sendConnectors": [', '"sendConnectors": {},\n  "sendConnectors": [')
      .replace(/\{\s*"name": "To Internet"[^}]*\},/, '');
    const finding = analyze(text).findings.find((f) => f.code === 'missing-connector');
    assert.ok(finding);
    for (const fix of finding.fixes?.() ?? []) {
      const fixed = applyEdits(text, fix.edits);
      assert.match(fixed, /"sendConnectors": \{\},/, 'the ignored duplicate is left alone');
    }
  });

  it('credential-scope: no fix replaces the credential with itself (two credentials of one name)', () => {
    const text = base.replace(
      '"credentials": [',
      '"credentials": [\n    { "name": "OrgToEdge", "userName": "CONTOSO\\\\x", "scope": "activeDirectory" },',
    );
    const findings = analyze(text).findings;
    assert.ok(findings.some((f) => f.code === 'credential-scope'));
    for (const finding of findings)
      for (const fix of finding.fixes?.() ?? [])
        assert.notEqual(applyEdits(text, fix.edits), text, `${finding.code}: ${fix.title}`);
  });

  it('missing-connector: the organization-facing connector it adds is not bound to an address the internet adapter has too', () => {
    const withoutOrganizationFacing = (internal: string) =>
      base
        .replace('"ipAddresses": ["10.1.1.1"]', '"ipAddresses": ["10.1.1.1", "10.1.1.2"]')
        .replace(
          '"network": "internal", "ipAddresses": ["10.1.1.2"]',
          `"network": "internal", "ipAddresses": ${internal}`,
        )
        .replace(/,\s*\{\s*"name": "From Internal Org"[^}]*\}/, '');
    const title = /Add the receive connector 'From Internal Org/;
    // Only the shared address: nothing to bind to, no fix.
    const shared = withoutOrganizationFacing('["10.1.1.2"]');
    assert.ok(!fixesOf(shared, 'missing-connector').some(({ fix }) => title.test(fix.title)));
    // Another internal address: the fix binds to it, and repairs.
    const other = withoutOrganizationFacing('["10.1.1.2", "10.1.1.3"]');
    const offered = fixesOf(other, 'missing-connector').find(({ fix }) => title.test(fix.title));
    assert.ok(offered);
    assert.match(applyEdits(other, offered.fix.edits), /"10\.1\.1\.3:25"/);
    assert.deepEqual(checkText(other, { fixes: 'preferred', timeLimitMs: 5000 }).problems, []);
  });

  it('missing-connector: no half fix (the credential without its connector) when the list is a duplicated key', () => {
    const text = base
      .replace('"sendConnectors": [', '"sendConnectors": [],\n  "sendConnectors": [')
      .replace(/,\s*\{\s*\/\/ No "server"[^}]*\}/, '')
      .replace(/,\s*\/\/ Organization -> Edge[^\n]*\n\s*\{ "name": "OrgToEdge"[^}]*\}/, '');
    assert.ok(!text.includes('"OrgToEdge"'));
    const fixes = fixesOf(text, 'missing-connector');
    assert.ok(analyze(text).findings.some((f) => f.code === 'missing-connector'));
    for (const { fix } of fixes) assert.match(applyEdits(text, fix.edits), /"To Edge"/, fix.title);
    assert.deepEqual(checkText(text, { fixes: 'preferred', timeLimitMs: 5000 }).problems, []);
  });

  it('schema: an enum fix never duplicates a value already in the list; it removes the misspelt one', () => {
    for (const [wrong, titled] of [
      ['ExchangeServers', "Remove 'ExchangeServers'"],
      ['exchangeserver', "Remove 'exchangeserver'"],
    ] as const) {
      const text = base.replace(
        '"authMechanism": ["Tls", "BasicAuth", "BasicAuthRequireTLS", "ExchangeServer"]',
        `"authMechanism": ["${wrong}", "Tls", "BasicAuth", "BasicAuthRequireTLS", "ExchangeServer"]`,
      );
      const fixes = fixesOf(text, 'schema');
      assert.ok(
        fixes.some(({ fix }) => fix.title.startsWith(titled) && fix.isPreferred),
        fixes.map(({ fix }) => fix.title).join(' | '),
      );
      assert.ok(!fixes.some(({ fix }) => fix.title === "Change to 'ExchangeServer'"));
      assert.deepEqual(checkText(text, { fixes: 'every', timeLimitMs: 5000 }).problems, []);
    }
  });

  it('no fix is offered that edits nothing', () => {
    // A missing comma after the secret: the removal cannot find its comma.
    const text = base.replace('"fqdn": "edge01.contoso.net",', '"pwd": "edge01.contoso.net"      ');
    for (const finding of analyze(text).findings)
      for (const fix of finding.fixes?.() ?? [])
        assert.ok(fix.edits.length > 0, `${finding.code}: ${fix.title}`);
  });

  it('every finding lies inside a document that ends in an unterminated comment', () => {
    // jsonc-parser's tree reaches one character past the end of such a text.
    for (const text of ['{/*', '[/*', '{"version": 1, /*', '{ "servers": [ { /*']) {
      for (const finding of analyze(text).findings) {
        for (const range of [finding.range, ...(finding.related ?? []).map((r) => r.range)])
          assert.ok(
            range.start >= 0 && range.start <= range.end && range.end <= text.length,
            `${JSON.stringify(text)}: ${finding.code} [${range.start}, ${range.end})`,
          );
      }
    }
  });

  it('no fix is offered whose edits leave the document (jsonc-parser past an unterminated comment)', () => {
    // jsonc-parser gives the root object a length past the end of this text,
    // and its `modify` an edit that ends past it too.
    const text = '{""""/*';
    const findings = analyze(text).findings;
    assert.ok(findings.some((f) => f.code === 'schema'));
    for (const finding of findings)
      for (const fix of finding.fixes?.() ?? [])
        assert.deepEqual(editProblems(fix.edits, text.length), [], fix.title);
  });
});
