import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { analyze } from '../../../server/src/core';
import { mailFlow, meets } from '../../../server/src/core/flow/mailFlow';
import type { MailPath } from '../../../server/src/core/flow/paths';
import { exampleNames } from '../../support/generation';
import { readRepoFile, repoPath } from '../../support/repo';
import { withAppended, withValue } from '../../support/topology';

/**
 * The design rules ask only for the paths that fail (MailFlow.failingPaths),
 * and the model takes shortcuts there: senders of one class share an empty
 * result, hops to built-in connectors are judged once per class, a connector
 * whose smart hosts are all Mailbox servers is judged without following each
 * one. Every shortcut must give exactly the failing paths of the trace, which
 * follows every path: compared here cell by cell on every example, every rule
 * fixture and designs made for the shortcuts.
 */
function describePath(path: MailPath): string {
  const stops = path.stops.map((stop) => {
    const point = stop.hop?.reception?.point.name ?? '';
    const refusal = stop.hop?.refusal?.reason ?? '';
    return `${stop.server.name?.value ?? '?'}[${point}${refusal ? ` ${refusal}` : ''}]`;
  });
  const origin = path.origin
    ? ` from ${path.origin.source.canonical} at ${path.origin.endpoint.address.canonical}:${path.origin.endpoint.port}`
    : '';
  return `${path.verdict.kind}${origin}: ${stops.join(' > ')}`;
}

/** Per cell the design rules look at, the failing paths: the shortcuts' and the trace's. */
function compare(text: string): { shortcuts: string[]; everyPath: string[] } {
  const index = analyze(text).index;
  const forRules = mailFlow(index);
  const forTrace = mailFlow(analyze(text).index);
  const shortcuts: string[] = [];
  const everyPath: string[] = [];
  // Two analyses of one text list the senders and recipients in the same order.
  const senders = forRules.senders();
  const recipients = forRules.recipients();
  senders.forEach((sender, s) => {
    recipients.forEach((recipient, r) => {
      const name = `${sender.kind} ${sender.server?.name?.value ?? ''} -> ${recipient.domain}`;
      for (const p of forRules.failingPaths(sender, recipient))
        shortcuts.push(`${name}: ${describePath(p)}`);
      // Hosts that are no declared server need nothing of accepted domains but from the internet.
      if (sender.kind === 'internal' && recipient.kind !== 'NotAccepted') return;
      const cell = forTrace.cell(
        forTrace.senders()[s] as typeof sender,
        forTrace.recipients()[r] as typeof recipient,
      );
      for (const p of cell.paths)
        if (!meets(cell.need, p.verdict)) everyPath.push(`${name}: ${describePath(p)}`);
    });
  });
  return { shortcuts: shortcuts.sort(), everyPath: everyPath.sort() };
}

const base = readRepoFile('test', 'fixtures', 'base.edgeflow.json');

describe('the failing paths the design rules read agree with the trace (flow/mailFlow)', () => {
  for (const example of exampleNames()) {
    it(`examples/${example}`, () => {
      const { shortcuts, everyPath } = compare(
        readRepoFile('examples', `${example}.edgeflow.json`),
      );
      assert.deepEqual(shortcuts, everyPath);
    });
  }

  it('every rule fixture', () => {
    const root = repoPath('test', 'fixtures', 'rules');
    let failing = 0;
    for (const code of fs.readdirSync(root)) {
      for (const file of fs.readdirSync(path.join(root, code))) {
        if (!file.endsWith('.edgeflow.json')) continue;
        const { shortcuts, everyPath } = compare(
          fs.readFileSync(path.join(root, code, file), 'utf8'),
        );
        assert.deepEqual(shortcuts, everyPath, `${code}/${file}`);
        if (everyPath.length > 0) failing++;
      }
    }
    // The comparison means something only if many fixtures have failing paths.
    assert.ok(failing > 20, `${failing} fixtures with failing paths`);
  });

  it('a Mailbox smart host reached over IPv6, which the Edge cannot send from', () => {
    // The other smart host is reached over IPv4 and accepted: the two are judged apart.
    const text = withValue(base, ['servers', 2, 'ipAddresses'], ['fd00::20']);
    const { shortcuts, everyPath } = compare(text);
    assert.deepEqual(shortcuts, everyPath);
    assert.ok(
      shortcuts.some(
        (p) =>
          p.startsWith('internet  -> contoso.com: refused') && p.includes('MBX02[ no-connector]'),
      ),
      shortcuts.join('\n'),
    );
  });

  it('a Mailbox smart host whose first address is refused and the second accepted', () => {
    // MBX02 resolves to an IPv6 address first, which the Edge cannot send from, then to IPv4.
    const text = withValue(base, ['servers', 2, 'ipAddresses'], ['fd00::20', '192.168.5.20']);
    const { shortcuts, everyPath } = compare(text);
    assert.deepEqual(shortcuts, everyPath);
    assert.ok(!shortcuts.some((p) => p.includes('MBX02[')), shortcuts.join('\n'));
  });

  it('Mailbox smart hosts whose own connectors listen, one taking the Edge and one refusing it', () => {
    // Each is judged on its own: declared connectors are not configured alike.
    const declare = (text: string, server: string, groups: string[]) =>
      withAppended(text, ['receiveConnectors'], {
        name: `Default Frontend ${server}`,
        server,
        bindings: ['0.0.0.0:25'],
        permissionGroups: groups,
      });
    const text = declare(declare(base, 'MBX01', ['AnonymousUsers', 'ExchangeServers']), 'MBX02', [
      'ExchangeUsers',
    ]);
    const { shortcuts, everyPath } = compare(text);
    assert.deepEqual(shortcuts, everyPath);
    assert.ok(
      shortcuts.some(
        (p) =>
          p.startsWith('internet  -> contoso.com: refused') &&
          p.includes('MBX02[Default Frontend MBX02'),
      ),
      shortcuts.join('\n'),
    );
    assert.ok(!shortcuts.some((p) => p.includes('MBX01[')), shortcuts.join('\n'));
  });

  it('a connector to the Edge whose smart hosts also name one of its source servers', () => {
    // MBX01 sends to itself, MBX02 through MBX01 as well: no class may be shared (each fails
    // its own way: MBX01 cannot log on to itself with the Edge's local account).
    const text = withValue(
      base,
      ['sendConnectors', 2, 'smartHosts'],
      ['edge01.contoso.net', 'mbxserver01.contoso.com'],
    );
    const { shortcuts, everyPath } = compare(text);
    assert.deepEqual(shortcuts, everyPath);
    for (const server of ['MBX01', 'MBX02'])
      assert.ok(
        shortcuts.some((p) => p.startsWith(`mailbox ${server} -> example.org:`)),
        shortcuts.join('\n'),
      );
  });

  it('a connector sourced on one Mailbox server: the others send through it', () => {
    for (const ranges of [['192.168.5.10', '192.168.5.20'], ['192.168.5.20']]) {
      // With the second range set, MBX01 (the only source) is refused by the Edge: both fail.
      let text = withValue(base, ['sendConnectors', 2, 'sourceTransportServers'], ['MBX01']);
      text = withValue(text, ['receiveConnectors', 1, 'remoteIPRanges'], ranges);
      const { shortcuts, everyPath } = compare(text);
      assert.deepEqual(shortcuts, everyPath, ranges.join(','));
      const failing = (server: string) =>
        shortcuts.some((p) => p.startsWith(`mailbox ${server} -> example.org: refused`));
      assert.deepEqual(
        [failing('MBX01'), failing('MBX02')],
        ranges.length === 1 ? [true, true] : [false, false],
      );
    }
  });
});
