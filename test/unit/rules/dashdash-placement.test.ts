import * as assert from 'node:assert/strict';
import { applyFix } from '../../support/fixtures';
import { readRepoFile } from '../../support/repo';
import { findingsOf, rangeTexts, withAppended, withValue } from '../../support/topology';

const CODE = 'dashdash-placement';
const base = readRepoFile('test', 'fixtures', 'base.edgeflow.json');
const INTERNET = ['sendConnectors', 0];
const ORG = ['sendConnectors', 1];
const TO_EDGE = ['sendConnectors', 2];

const titles = (text: string) =>
  findingsOf(text, CODE).flatMap((f) => f.fixes?.().map((x) => x.title) ?? []);

describe(CODE, () => {
  it("reports '--' on an organization connector, on the element, naming the connector", () => {
    const text = withValue(base, [...TO_EDGE, 'addressSpaces'], ['--']);
    assert.deepEqual(rangeTexts(text, CODE), ['"--"']);
    const [finding] = findingsOf(text, CODE);
    assert.equal(finding?.severity, 'error');
    assert.match(finding?.message ?? '', /'To Edge' is not configured on an Edge/);
    assert.deepEqual(titles(text), ["Replace '--' with '*'"]);
    assert.equal(finding?.fixes?.()[0]?.isPreferred, false);
    assert.equal(
      applyFix(text, CODE, "Replace '--' with '*'"),
      withValue(base, [...TO_EDGE, 'addressSpaces'], ['*']),
    );
  });

  it("removes '--' from the connector to the Edge when '*' is already listed (preferred)", () => {
    const text = withValue(base, [...TO_EDGE, 'addressSpaces'], ['*', '--']);
    assert.deepEqual(rangeTexts(text, CODE), ['"--"']);
    const [fix] = findingsOf(text, CODE)[0]?.fixes?.() ?? [];
    assert.equal(fix?.isPreferred, true);
    const fixed = applyFix(text, CODE, "Remove '--' ('*' is already listed)");
    assert.deepEqual(findingsOf(fixed, CODE), []);
    assert.match(fixed, /"addressSpaces": \[\s*"\*"\s*\]/);
  });

  it('offers no fix for -- on an organization connector that does not send to an Edge', () => {
    const text = withValue(
      withValue(base, [...TO_EDGE, 'addressSpaces'], ['--']),
      [...TO_EDGE, 'smartHosts'],
      ['relay.contoso.com'],
    );
    assert.deepEqual(rangeTexts(text, CODE), ['"--"']);
    assert.deepEqual(titles(text), []);
  });

  it("reports '--' with a type and cost on a connector configured on a Mailbox server", () => {
    let text = withValue(base, [...TO_EDGE, 'addressSpaces'], ['smtp:--;1']);
    text = withValue(text, [...TO_EDGE, 'server'], 'MBX01');
    assert.deepEqual(rangeTexts(text, CODE), ['"smtp:--;1"']);
  });

  it("reports '--' beside other address spaces and offers both repairs, neither preferred", () => {
    const text = withValue(base, [...ORG, 'addressSpaces'], ['--', 'contoso.com']);
    assert.deepEqual(rangeTexts(text, CODE), ['"--"']);
    const [finding] = findingsOf(text, CODE);
    assert.match(finding?.message ?? '', /'To Internal Org'.*only address space.*'contoso\.com'/);
    assert.equal(finding?.related?.length, 1);
    assert.ok(finding?.fixes?.().every((f) => !f.isPreferred));
    const removed = applyFix(text, CODE, "Remove '--'");
    assert.deepEqual(findingsOf(removed, CODE), []);
    assert.match(removed, /"addressSpaces": \[\s*"contoso\.com"\s*\]/);
    const kept = applyFix(text, CODE, "Keep only '--'");
    assert.deepEqual(findingsOf(kept, CODE), []);
    assert.match(kept, /"addressSpaces": \[\s*"--"\s*\]/);
  });

  it("never offers to drop '*' from the internet connector", () => {
    const text = withValue(base, [...INTERNET, 'addressSpaces'], ['*', '--']);
    assert.deepEqual(rangeTexts(text, CODE), ['"--"']);
    assert.deepEqual(titles(text), ["Remove '--'"]);
  });

  it("reports '--' as a smart host on an Edge and replaces it with the Mailbox FQDNs (not preferred)", () => {
    const text = withValue(base, [...ORG, 'smartHosts'], ['--']);
    assert.deepEqual(rangeTexts(text, CODE), ['"--"']);
    const [finding] = findingsOf(text, CODE);
    assert.match(finding?.message ?? '', /'To Internal Org'.*reserved for EdgeSync/);
    assert.equal(finding?.fixes?.()[0]?.isPreferred, false);
    const fixed = applyFix(text, CODE, "Replace '--' with the Mailbox servers' FQDNs");
    assert.deepEqual(findingsOf(fixed, CODE), []);
    assert.match(
      fixed,
      /"smartHosts": \[\s*"mbxserver01\.contoso\.com",\s*"mbxserver02\.contoso\.com"\s*\]/,
    );
  });

  it('does not list a Mailbox FQDN twice when it replaces a -- smart host', () => {
    const text = withValue(base, [...ORG, 'smartHosts'], ['mbxserver02.contoso.com', '--']);
    const fixed = applyFix(text, CODE, /Replace '--'/);
    assert.match(
      fixed,
      /"smartHosts": \[\s*"mbxserver02\.contoso\.com",\s*"mbxserver01\.contoso\.com"\s*\]/,
    );
  });

  it("reports '--' as a smart host on an organization connector, without a fix", () => {
    const text = withValue(base, [...TO_EDGE, 'smartHosts'], ['--']);
    assert.deepEqual(rangeTexts(text, CODE), ['"--"']);
    assert.deepEqual(titles(text), []);
  });

  it("accepts '--' alone on Edge connectors, in any spelling, on several Edges", () => {
    assert.deepEqual(findingsOf(base, CODE), []);
    assert.deepEqual(
      findingsOf(withValue(base, [...ORG, 'addressSpaces'], ['SMTP:--;1']), CODE),
      [],
    );
    const edge2 = {
      name: 'EDGE02',
      role: 'Edge',
      fqdn: 'edge02.contoso.net',
      adapters: [{ name: 'Internal', network: 'internal', ipAddresses: ['10.1.2.2'] }],
    };
    let text = withAppended(base, ['servers'], edge2);
    text = withAppended(text, ['sendConnectors'], {
      name: 'To Internal Org',
      server: 'edge02',
      addressSpaces: ['--'],
      smartHosts: ['mbxserver01.contoso.com'],
    });
    assert.deepEqual(findingsOf(text, CODE), []);
  });

  it("leaves alone '--' listed twice, an unknown server, and a connector sourced from an Edge", () => {
    assert.deepEqual(
      findingsOf(withValue(base, [...ORG, 'addressSpaces'], ['--', '--']), CODE),
      [],
    );
    const unknown = withValue(
      withValue(base, [...TO_EDGE, 'addressSpaces'], ['--']),
      [...TO_EDGE, 'server'],
      'EDGE09',
    );
    assert.deepEqual(findingsOf(unknown, CODE), []);
    const fromEdge = withValue(
      withValue(base, [...TO_EDGE, 'addressSpaces'], ['--']),
      [...TO_EDGE, 'sourceTransportServers'],
      ['EDGE01'],
    );
    assert.deepEqual(findingsOf(fromEdge, CODE), []);
  });

  it('does not mistake look-alikes for --', () => {
    const text = withValue(
      base,
      [...TO_EDGE, 'addressSpaces'],
      ['*', 'x--y.contoso.com', 'X400:--;'],
    );
    assert.deepEqual(findingsOf(text, CODE), []);
  });
});
