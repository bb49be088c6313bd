import * as assert from 'node:assert/strict';
import {
  analyze,
  fixAll as fixAllResult,
  FIX_ALL_MAX_PASSES,
  type Analysis,
  type AnalyzeOptions,
} from '../../../server/src/core/index';
import { parse } from 'jsonc-parser';
import { readRepoFile } from '../../support/repo';
import { withDnsRoutingOnInternalOrg, withDnsRoutingOnToEdge } from '../../lsp/topologies';

/** The fixed text, as the editor and the command line apply it. */
function fixAll(
  analysis: Analysis,
  options: AnalyzeOptions,
  logError: (what: string) => void,
): string | undefined {
  return fixAllResult(analysis, options, { logError })?.text;
}

// "Fix all" on its own: the combination rules that the LSP test cannot force.
describe('fix all (core)', () => {
  const noLog = () => assert.fail('no error expected');

  it('applies overlapping preferred fixes one at a time, re-analysing in between', () => {
    const first = analyze(withDnsRoutingOnInternalOrg());
    const finding = first.findings.find((f) => f.code === 'smarthosts-dns-routing');
    assert.ok(finding);
    // The same fix reported twice overlaps itself: applied together, it would corrupt the text.
    const doubled: Analysis = {
      ...first,
      findings: [finding, { ...finding, message: `${finding.message} (again)` }],
    };
    const fixed = fixAll(doubled, {}, noLog);
    assert.ok(fixed);
    assert.deepEqual(
      analyze(fixed).findings.filter((f) => f.severity === 'error'),
      [],
    );
    assert.equal(
      fixed,
      withDnsRoutingOnInternalOrg().replace(
        '"dnsRoutingEnabled": true,\n      "smartHosts"',
        '"dnsRoutingEnabled": false,\n      "smartHosts"',
      ),
    );
  });

  it('applies independent fixes together and stops when none is left', () => {
    const text = withDnsRoutingOnToEdge(withDnsRoutingOnInternalOrg());
    const fixed = fixAll(analyze(text), {}, noLog);
    assert.ok(fixed);
    assert.equal(
      analyze(fixed).findings.some((f) => f.code === 'smarthosts-dns-routing'),
      false,
    );
    assert.ok(FIX_ALL_MAX_PASSES >= 2);
  });

  it('returns undefined when nothing changes, and survives a fix that throws', () => {
    const first = analyze(withDnsRoutingOnInternalOrg());
    const logged: string[] = [];
    const broken: Analysis = {
      ...first,
      findings: first.findings.map((f) => ({
        ...f,
        fixes: () => {
          throw new Error('boom');
        },
      })),
    };
    assert.equal(
      fixAll(broken, {}, (what: string) => logged.push(what)),
      undefined,
    );
    assert.ok(logged.length > 0);
  });
});

// Issue: a connector that exists but is wrong must be repaired, not joined by a second one.
describe('fix all on a wrong connector: one correct connector, no duplicate', () => {
  const noLog = () => assert.fail('no error expected');
  const base = readRepoFile('test', 'fixtures', 'base.edgeflow.json');
  const sendConnectors = (text: string) =>
    (
      parse(text) as {
        sendConnectors: { name: string; server?: string; addressSpaces: string[] }[];
      }
    ).sendConnectors;

  it("'*' instead of '--' on the Edge's connector to the organization", () => {
    const text = base.replace('"addressSpaces": ["--"]', '"addressSpaces": ["*"]');
    assert.deepEqual(
      analyze(text).findings.map((f) => f.code),
      ['mail-loop'],
      'the loop is the one finding, on the wrong address space (not a missing connector)',
    );
    const fixed = fixAll(analyze(text), {}, noLog);
    assert.ok(fixed);
    assert.deepEqual(analyze(fixed).findings, []);
    const edge = sendConnectors(fixed).filter((c) => c.server === 'EDGE01');
    assert.deepEqual(
      edge.map((c) => [c.name, c.addressSpaces]),
      [
        ['To Internet', ['*']],
        ['To Internal Org', ['--']],
      ],
    );
  });

  it("a connector whose server misspells the Edge's name", () => {
    const text = base.replace(
      '"name": "To Internal Org",\n      "server": "EDGE01"',
      '"name": "To Internal Org",\n      "server": "EDGE1"',
    );
    assert.notEqual(text, base);
    assert.deepEqual(
      analyze(text).findings.map((f) => f.code),
      ['unknown-reference'],
      'the misspelt reference is the one finding: the connector is not reported missing',
    );
    const fixed = fixAll(analyze(text), {}, noLog);
    assert.ok(fixed);
    assert.deepEqual(analyze(fixed).findings, []);
    assert.equal(sendConnectors(fixed).length, 3, 'no connector was added');
  });

  it("an organization smart host that misspells the Edge's FQDN", () => {
    const text = base.replace(
      '"smartHosts": ["edge01.contoso.net"]',
      '"smartHosts": ["edge01.contoso.ne"]',
    );
    assert.notEqual(text, base);
    const fixed = fixAll(analyze(text), {}, noLog);
    assert.ok(fixed);
    assert.deepEqual(analyze(fixed).findings, []);
    assert.equal(sendConnectors(fixed).length, 3, 'no connector was added');
    assert.ok(fixed.includes('"smartHosts": ["edge01.contoso.net"]'));
  });
});
