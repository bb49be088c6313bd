import * as assert from 'node:assert/strict';
import { analyze } from '../../../server/src/core';
import { MAX_FINDINGS_PER_RULE } from '../../../server/src/core/analyze';
import { readRepoFile } from '../../support/repo';
import { MAX_ITEMS, MAX_NESTING_DEPTH } from '../../../server/src/core/parse/parseDocument';

/**
 * The structural limits that keep any text cheap to analyse: deeper nesting
 * or longer lists than a topology ever has make the text no topology, one
 * json-syntax error. The parser stops where it meets the excess, so it never
 * builds the long list or recurses past the limit, and the rules see nothing.
 */

describe('limits that keep any text cheap to analyse', () => {
  it(`accepts ${MAX_ITEMS} items in a list and refuses one more, on its opening bracket`, () => {
    const list = (n: number) =>
      `{ "organization": { "acceptedDomains": [${Array.from({ length: n }, (_, i) => `"d${i}.com"`).join(',')}] } }`;
    assert.ok(!analyze(list(MAX_ITEMS)).findings.some((f) => f.code === 'json-syntax'));
    const text = list(MAX_ITEMS + 1);
    const findings = analyze(text).findings;
    assert.deepEqual(
      findings.map((f) => f.code),
      ['json-syntax'],
    );
    assert.equal(findings[0]?.range.start, text.indexOf('['));
    assert.match(
      findings[0]?.message ?? '',
      /More than 10000 items in one list: this is not a topology/,
    );
  });

  it('counts the properties of an object, and never commas inside strings or comments', () => {
    const object = `{ ${Array.from({ length: MAX_ITEMS + 1 }, (_, i) => `"k${i}": 1`).join(',')} }`;
    assert.match(analyze(object).findings[0]?.message ?? '', /properties in one object/);
    const commas = `{ "name": "${','.repeat(MAX_ITEMS * 2)}" /* ${','.repeat(MAX_ITEMS * 2)} */ }\n// ${','.repeat(MAX_ITEMS * 2)}`;
    assert.ok(!analyze(commas).findings.some((f) => /More than/.test(f.message)));
  });

  it('counts items without commas, and commas without items: either flood is stopped', () => {
    for (const items of [`1 `.repeat(MAX_ITEMS + 1), ','.repeat(MAX_ITEMS)]) {
      const result = analyze(`{ "servers": [${items}] }`);
      assert.equal(result.document.refused, true, items.slice(0, 10));
      assert.match(result.findings[0]?.message ?? '', /More than 10000 items in one list/);
      assert.equal(result.findings[0]?.range.start, 13);
    }
    // One comma fewer: one error per missing item, no refusal.
    assert.equal(analyze(`[${','.repeat(MAX_ITEMS - 1)}]`).document.refused, undefined);
  });

  it('stops a 100,000-element list at item 10,001: no tree, and the rules never see it', () => {
    const servers = Array.from({ length: 100_000 }, (_, i) => `{"name":"S${i}","role":"Mailbox"}`);
    const result = analyze(`{ "version": 1, "servers": [${servers.join(',')}] }`);
    assert.deepEqual(
      result.findings.map((f) => f.code),
      ['json-syntax'],
    );
    assert.equal(result.document.refused, true);
    assert.equal(result.document.root, undefined);
    assert.equal(result.topology.servers.length, 0);
  });

  it(`refuses nesting deeper than ${MAX_NESTING_DEPTH} levels, arrays and objects alike`, () => {
    for (const text of ['['.repeat(100_000), '{"a":'.repeat(100_000)]) {
      const result = analyze(text);
      assert.match(result.findings[0]?.message ?? '', /Nesting deeper than 200 levels/);
      assert.equal(
        result.findings[0]?.range.start,
        text.indexOf(text[0] ?? '', MAX_NESTING_DEPTH * (text[0] === '[' ? 1 : 5)),
      );
      // The (recursive) parser stopped at that bracket and left no tree.
      assert.equal(result.document.refused, true);
      assert.equal(result.document.root, undefined);
    }
  });

  it(`stops a rule after ${MAX_FINDINGS_PER_RULE} findings, and says so in the last one`, () => {
    // 2,000 receive connectors on one binding whose ranges all partly overlap: two million pairs.
    const connectors = Array.from(
      { length: 2000 },
      (_, i) =>
        `{"name":"R${i}","server":"EDGE01","bindings":["10.1.1.2:25"],"remoteIPRanges":["192.168.${(i >> 8) & 255}.${i & 255}-192.168.${((i >> 8) + 1) & 255}.${i & 255}"]}`,
    );
    const text = readRepoFile('examples', 'contoso.edgeflow.json').replace(
      '"receiveConnectors": [',
      `"receiveConnectors": [${connectors.join(',')},`,
    );
    const result = analyze(text);
    const conflicts = result.findings.filter((f) => f.code === 'receive-connector-conflict');
    assert.equal(conflicts.length, MAX_FINDINGS_PER_RULE);
    assert.equal(
      conflicts.filter((f) =>
        /reports at most 1000 receive-connector-conflict findings/.test(f.message),
      ).length,
      1,
    );
  });

  it('keeps messages short when they quote a megabyte-long name: the start, the end, and what was left out', () => {
    const name = `R${'\u{1F600}'.repeat(300_000)}`;
    const text = readRepoFile('examples', 'contoso.edgeflow.json').replace(
      '"From Internet"',
      JSON.stringify(name),
    );
    const finding = analyze(text).findings.find((f) => f.code === 'receive-name');
    assert.ok(finding);
    assert.ok(finding.message.length <= 1100, `${finding.message.length}`);
    assert.match(
      finding.message,
      /^The receive connector.*'R\u{1F600}+… \(\d+ characters left out\) …\u{1F600}+'.*at most 64\. Shorten it\.$/su,
    );
    assert.ok(
      !/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/.test(
        finding.message,
      ),
      'no lone surrogate',
    );
  });
});
