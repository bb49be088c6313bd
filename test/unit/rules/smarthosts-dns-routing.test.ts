import * as assert from 'node:assert/strict';
import { applyFix } from '../../support/fixtures';
import { readRepoFile } from '../../support/repo';
import { findingsOf, rangeTexts, withValue } from '../../support/topology';

const CODE = 'smarthosts-dns-routing';
const base = readRepoFile('test', 'fixtures', 'base.edgeflow.json');
const ORG = ['sendConnectors', 1];

describe(CODE, () => {
  it('reports DNS routing on a connector with smart hosts, on the value', () => {
    const text = withValue(base, [...ORG, 'dnsRoutingEnabled'], true);
    assert.deepEqual(rangeTexts(text, CODE), ['true']);
    assert.match(findingsOf(text, CODE)[0]?.message ?? '', /To Internal Org.*false/);
  });

  it('fixes it by turning DNS routing off', () => {
    const text = withValue(base, [...ORG, 'dnsRoutingEnabled'], true);
    const fixed = applyFix(text, CODE, 'Set dnsRoutingEnabled to false');
    assert.equal(fixed, base);
  });

  it('reports DNS routing off without smart hosts and fixes it by routing by MX', () => {
    const text = withValue(base, ['sendConnectors', 0, 'dnsRoutingEnabled'], false);
    assert.deepEqual(rangeTexts(text, CODE), ['false']);
    assert.equal(applyFix(text, CODE, /to true/), base);
  });

  it('says what Exchange refuses and what to set, pointing at the smart hosts', () => {
    const text = withValue(base, [...ORG, 'dnsRoutingEnabled'], true);
    const [finding] = findingsOf(text, CODE);
    assert.equal(
      finding?.message,
      "'To Internal Org' has smart hosts, so DNS routing must be off: set dnsRoutingEnabled to false (New-SendConnector refuses smart hosts with DNS routing).",
    );
    assert.equal(finding?.severity, 'error');
    const related = finding?.related?.[0];
    assert.equal(related?.message, 'the smart hosts');
    assert.equal(
      text.slice(related?.range.start, related?.range.end),
      '["mbxserver01.contoso.com", "mbxserver02.contoso.com"]',
    );
  });

  it('says that DNS routing off needs smart hosts, and offers MX routing as the preferred fix', () => {
    const text = withValue(base, ['sendConnectors', 0, 'dnsRoutingEnabled'], false);
    const [finding] = findingsOf(text, CODE);
    assert.equal(
      finding?.message,
      "'To Internet' turns DNS routing off but has no smart hosts to route to: add smartHosts, or set dnsRoutingEnabled to true to route by MX records.",
    );
    assert.deepEqual(
      finding?.fixes?.().map((f) => [f.title, f.isPreferred]),
      [['Set dnsRoutingEnabled to true (route by MX records)', true]],
    );
  });

  it('names a connector without a name "this connector"', () => {
    const text = withValue(
      withValue(base, [...ORG, 'dnsRoutingEnabled'], true),
      [...ORG, 'name'],
      undefined,
    );
    assert.match(findingsOf(text, CODE)[0]?.message ?? '', /^'this connector' has smart hosts, /);
  });

  it('accepts smart hosts without dnsRoutingEnabled (Exchange derives it)', () => {
    assert.deepEqual(
      findingsOf(withValue(base, [...ORG, 'dnsRoutingEnabled'], undefined), CODE),
      [],
    );
  });

  it('accepts DNS routing with no smart hosts', () => {
    assert.deepEqual(findingsOf(base, CODE), []);
  });
});
