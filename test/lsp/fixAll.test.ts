import * as assert from 'node:assert/strict';
import { analyze, type Analysis } from '../../server/src/core/index';
import { fixAll, FIX_ALL_MAX_PASSES } from '../../server/src/languageServer/codeActions';
import { withDnsRoutingOnInternalOrg, withDnsRoutingOnToEdge } from './topologies';

// "Fix all" on its own: the combination rules that the LSP test cannot force.
describe('language server: fix all', () => {
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
      fixAll(broken, {}, (what) => logged.push(what)),
      undefined,
    );
    assert.ok(logged.length > 0);
  });
});
