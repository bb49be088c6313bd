import * as assert from 'node:assert/strict';
import type { Hover, MarkupContent } from 'vscode-languageserver/node';
import { referenceTopology } from '../support/repo';
import { LspClient } from './client';
import {
  replaceOnce,
  withLoopThroughInternalOrg,
  withUncoveredDomain,
  withUnknownProperty,
} from './topologies';

/**
 * The "Mail flow" section of the hover on accepted domains and connector
 * names, computed by the real server from the core's mail-flow model.
 */

const URI = 'file:///work/flow-hover/contoso.edgeflow.json';

function markdownOf(hover: Hover | null): string {
  assert.ok(hover, 'a hover');
  const contents = hover.contents as MarkupContent;
  assert.equal(contents.kind, 'markdown');
  return contents.value;
}

/** The lines of the Mail flow section, after its title. */
function flowLines(markdown: string): string[] {
  const section = markdown.slice(markdown.indexOf('**Mail flow**'));
  return section.split('\n').filter((line) => line.startsWith('- '));
}

const NAME_PREFIX = '"name": "';

describe('language server: mail-flow hover', () => {
  let client: LspClient;

  before(async () => {
    client = await LspClient.start();
  });

  after(async () => {
    const failures = client?.loggedFailures() ?? [];
    await client?.stop();
    assert.deepEqual(failures, [], 'no handler failed');
  });

  const hoverAt = (uri: string, needle: string, delta: number, occurrence = 0) =>
    client.request<Hover | null>('textDocument/hover', {
      textDocument: { uri },
      position: client.positionOf(uri, needle, delta, occurrence),
    });

  /** The hover on the name value of the connector `name`. */
  const hoverOnConnector = (uri: string, name: string) =>
    hoverAt(uri, `${NAME_PREFIX}${name}"`, NAME_PREFIX.length + 2);

  describe('in the reference design', () => {
    before(() => client.open(URI, referenceTopology()));
    after(() => client.close(URI));

    it('shows, on an accepted domain, the path from each sender to it with its verdict', async () => {
      const hover = await hoverAt(URI, '["contoso.com"]', 3);
      const markdown = markdownOf(hover);
      assert.match(
        markdown,
        /\*\*Mail flow\*\* to `user@contoso\.com` \(Authoritative accepted domain\)/,
      );
      const lines = flowLines(markdown);
      assert.deepEqual(lines, [
        "- ✓ the internet: `EDGE01 'From Internet' → 'To Internal Org' → MBX01 'Default Frontend MBX01'`: delivered (+1 more path)",
        "- ✓ an internal host that is no declared server: `MBX01 'Default Frontend MBX01'`: delivered (+1 more path)",
        '- ✓ MBX01: `MBX01`: delivered',
        '- ✓ MBX02: `MBX02`: delivered',
        "- ✓ EDGE01: `EDGE01 → 'To Internal Org' → MBX01 'Default Frontend MBX01'`: delivered (+1 more path)",
      ]);
      // The range is the domain's string.
      assert.deepEqual(hover?.range?.start, client.positionOf(URI, '["contoso.com"]', 1));
    });

    it('shows, on a send connector name, the paths through it, after the schema help of `name`', async () => {
      const markdown = markdownOf(await hoverOnConnector(URI, 'To Internal Org'));
      assert.ok(markdown.indexOf('-Name') >= 0, 'the schema help of the key stays');
      assert.ok(markdown.indexOf('-Name') < markdown.indexOf('**Mail flow**'), 'paths come after');
      assert.match(markdown, /\*\*Mail flow\*\* through this connector/);
      assert.deepEqual(flowLines(markdown), [
        "- ✓ the internet → `user@contoso.com`: `EDGE01 'From Internet' → 'To Internal Org' → MBX01 'Default Frontend MBX01'`: delivered",
        "- ✓ EDGE01 → `user@contoso.com`: `EDGE01 → 'To Internal Org' → MBX01 'Default Frontend MBX01'`: delivered",
      ]);
    });

    it('groups, on a receive connector name, the senders whose paths go on alike', async () => {
      const lines = flowLines(markdownOf(await hoverOnConnector(URI, 'From Internal Org')));
      assert.deepEqual(lines, [
        "- ✓ MBX01, MBX02 → `user@example.org`: `… → EDGE01 'From Internal Org' → 'To Internet'`: sent to the internet",
      ]);
    });

    it('shows the paths on the key `name` of a connector too, but not on its other keys', async () => {
      const onKey = markdownOf(await hoverAt(URI, `${NAME_PREFIX}From Internet"`, 2));
      assert.match(onKey, /\*\*Mail flow\*\* through this connector/);
      assert.match(
        onKey,
        /- ✓ the internet → `user@example\.org`: `EDGE01 'From Internet'`: refused/,
      );
      // The schema's own hover, as the JSON service gives it.
      const onBindings = await hoverAt(URI, '"bindings": ["10.1.1.1:25"]', 2);
      assert.ok(onBindings, 'the schema help of bindings');
      assert.doesNotMatch(JSON.stringify(onBindings.contents), /Mail flow/);
      assert.match(JSON.stringify(onBindings.contents), /-Bindings/);
    });
  });

  describe('in a design that fails', () => {
    const uri = 'file:///work/flow-hover/failing.edgeflow.json';
    after(() => client.close(uri));

    it('marks the senders whose mail for an uncovered domain leaves again, first', async () => {
      await client.open(uri, withUncoveredDomain());
      const lines = flowLines(markdownOf(await hoverAt(uri, '"domainName": "fabrikam.com"', 17)));
      assert.deepEqual(lines.slice(0, 2), [
        "- ✗ the internet: `EDGE01 'From Internet' → 'To Internet'`: sent to the internet — must be delivered",
        "- ✗ EDGE01: `EDGE01 → 'To Internet'`: sent to the internet — must be delivered",
      ]);
      assert.ok(
        lines.slice(2).every((line) => line.startsWith('- ✓')),
        lines.join('\n'),
      );
      // The domain that is covered still is.
      const contoso = flowLines(markdownOf(await hoverAt(uri, '["contoso.com"', 3)));
      assert.ok(
        contoso.every((line) => line.startsWith('- ✓')),
        contoso.join('\n'),
      );
    });

    it('follows the new version: a loop through a connector shows after the edit', async () => {
      await client.change(uri, withLoopThroughInternalOrg());
      const lines = flowLines(markdownOf(await hoverOnConnector(uri, 'To Internal Org')));
      assert.equal(
        lines[0],
        "- ✗ MBX01 → `user@example.org`: `… → EDGE01 'From Internal Org' → 'To Internal Org' → MBX01 'Default Frontend MBX01'`: loops back to MBX01 — must be sent on",
      );
      assert.ok(
        lines.includes(
          "- ✓ the internet → `user@contoso.com`: `EDGE01 'From Internet' → 'To Internal Org' → MBX01 'Default Frontend MBX01'`: delivered",
        ),
        lines.join('\n'),
      );
    });
  });

  it('caps the lines and counts the rest', async () => {
    const uri = 'file:///work/flow-hover/many.edgeflow.json';
    const mbx02 =
      '{ "name": "MBX02", "role": "Mailbox", "fqdn": "mbxserver02.contoso.com", "ipAddresses": ["192.168.5.20"] }';
    const more = [3, 4, 5, 6, 7, 8].map(
      (n) =>
        `{ "name": "MBX0${n}", "role": "Mailbox", "fqdn": "mbxserver0${n}.contoso.com", "ipAddresses": ["192.168.5.${n}0"] }`,
    );
    await client.open(uri, replaceOnce(referenceTopology(), mbx02, [mbx02, ...more].join(',\n')));
    const lines = flowLines(markdownOf(await hoverAt(uri, '["contoso.com"]', 3)));
    // The internet, an internal host, eight Mailbox servers and the Edge: 11 senders.
    assert.equal(lines.length, 7, lines.join('\n'));
    assert.equal(lines[6], '- …and 5 more (EdgeFlow: Trace Mail shows every path)');
    await client.close(uri);
  });

  it('answers on a half-written topology without failing', async () => {
    const uri = 'file:///work/flow-hover/partial.edgeflow.json';
    const text = referenceTopology();
    // Cut in the middle of the receive connectors, then an unknown property on top.
    const full = withUnknownProperty(text);
    const cut = full.slice(0, full.indexOf('"From Internal Org"') + 8);
    await client.open(uri, cut);
    const domain = markdownOf(await hoverAt(uri, '["contoso.com"]', 3));
    assert.match(domain, /\*\*Mail flow\*\* to `user@contoso\.com`/);
    const connector = await hoverOnConnector(uri, 'To Edge');
    assert.match(markdownOf(connector), /\*\*Mail flow\*\* through this connector/);
    // Nothing but a string where the accepted domains should be.
    await client.change(
      uri,
      text.replace('"acceptedDomains": ["contoso.com"]', '"acceptedDomains": "x"'),
    );
    const hover = await hoverOnConnector(uri, 'To Internet');
    assert.match(markdownOf(hover), /Mail flow/);
    await client.close(uri);
  });
});
