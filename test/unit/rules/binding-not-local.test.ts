import * as assert from 'node:assert/strict';
import { applyFix, assertEveryFixRepairs } from '../../support/fixtures';
import { readRepoFile } from '../../support/repo';
import { findingsOf, rangeTexts, withAppended, withValue } from '../../support/topology';

const CODE = 'binding-not-local';
const base = readRepoFile('test', 'fixtures', 'base.edgeflow.json');
const INTERNET = ['receiveConnectors', 0];
const ORG = ['receiveConnectors', 1];
const ADAPTERS = ['servers', 0, 'adapters'];

const titles = (text: string) =>
  findingsOf(text, CODE).flatMap((f) =>
    (f.fixes?.() ?? []).map((x) => `${x.isPreferred ? '*' : ''}${x.title}`),
  );

describe(CODE, () => {
  it('reports a binding to an address the Edge does not have, on the element', () => {
    const text = withValue(base, [...ORG, 'bindings'], ['10.1.1.9:25']);
    assert.deepEqual(rangeTexts(text, CODE), ['"10.1.1.9:25"']);
    const [finding] = findingsOf(text, CODE);
    assert.equal(finding?.severity, 'error');
    assert.match(
      finding?.message ?? '',
      /'From Internal Org' binds to 10\.1\.1\.9:25.*EDGE01 \(10\.1\.1\.1, 10\.1\.1\.2\)/,
    );
    assert.equal(
      text.slice(finding?.related?.[0]?.range.start, finding?.related?.[0]?.range.end),
      '"EDGE01"',
    );
  });

  it('reads a binding with spaces around it as Exchange does (trimmed), and fixes the element', () => {
    const text = withValue(base, [...ORG, 'bindings'], [' 10.1.1.9:25 ']);
    assert.deepEqual(rangeTexts(text, CODE), ['" 10.1.1.9:25 "']);
    assert.match(findingsOf(text, CODE)[0]?.message ?? '', /binds to 10\.1\.1\.9:25, but/);
    assert.equal(
      applyFix(text, CODE, 'Bind to 10.1.1.2:25 (Internal)'),
      withValue(base, [...ORG, 'bindings'], ['10.1.1.2:25']),
    );
  });

  it('offers every adapter address of the family and prefers the internal one for the organization connector', () => {
    const text = withValue(base, [...ORG, 'bindings'], ['10.1.1.9:25']);
    assert.deepEqual(titles(text), [
      'Bind to 10.1.1.1:25 (External)',
      '*Bind to 10.1.1.2:25 (Internal)',
    ]);
    assert.equal(
      applyFix(text, CODE, 'Bind to 10.1.1.2:25 (Internal)'),
      withValue(base, [...ORG, 'bindings'], ['10.1.1.2:25']),
    );
  });

  it('prefers the internet adapter for the default connector, keeping the port', () => {
    const text = withValue(base, [...INTERNET, 'bindings'], ['10.1.1.9:587']);
    assert.deepEqual(titles(text), [
      '*Bind to 10.1.1.1:587 (External)',
      'Bind to 10.1.1.2:587 (Internal)',
    ]);
    const fixed = applyFix(text, CODE, /10\.1\.1\.1:587/);
    assert.deepEqual(findingsOf(fixed, CODE), []);
  });

  it('prefers nothing when the intended adapter has several addresses', () => {
    const twoInternal = withValue(base, [...ADAPTERS, 1, 'ipAddresses'], ['10.1.1.2', '10.1.1.3']);
    const text = withValue(twoInternal, [...ORG, 'bindings'], ['10.1.1.9:25']);
    assert.ok(titles(text).every((t) => !t.startsWith('*')));
    assert.equal(titles(text).length, 3);
  });

  it('compares IPv6 addresses whatever their spelling, and offers bracketed IPv6 fixes', () => {
    const withIpv6 = withValue(
      base,
      [...ADAPTERS, 1, 'ipAddresses'],
      ['10.1.1.2', 'FD00:0:0:0:0:0:0:2'],
    );
    assert.deepEqual(
      findingsOf(withValue(withIpv6, [...ORG, 'bindings'], ['10.1.1.2:25', '[fd00::2]:25']), CODE),
      [],
    );
    const wrong = withValue(withIpv6, [...ORG, 'bindings'], ['10.1.1.2:25', '[fd00::9]:25']);
    assert.deepEqual(rangeTexts(wrong, CODE), ['"[fd00::9]:25"']);
    assert.deepEqual(titles(wrong), ['*Bind to [FD00:0:0:0:0:0:0:2]:25 (Internal)']);
  });

  it('prefers nothing when the connector is meant for neither network (no internet binding, no Mailbox range)', () => {
    const elsewhere = withValue(base, [...ORG, 'remoteIPRanges'], ['10.50.0.0/16']);
    const text = withValue(elsewhere, [...ORG, 'bindings'], ['10.1.1.9:25']);
    assert.deepEqual(titles(text), [
      'Bind to 10.1.1.1:25 (External)',
      'Bind to 10.1.1.2:25 (Internal)',
    ]);
  });

  it('prefers nothing when the connector looks meant for both (default, yet its ranges hold a Mailbox server)', () => {
    const both = withValue(base, [...INTERNET, 'remoteIPRanges'], ['192.168.5.10']);
    const text = withValue(both, [...INTERNET, 'bindings'], ['10.1.1.9:587']);
    assert.deepEqual(titles(text), [
      'Bind to 10.1.1.1:587 (External)',
      'Bind to 10.1.1.2:587 (Internal)',
    ]);
  });

  it('takes a connector with one binding on the internet adapter as internet-facing, and prefers that adapter', () => {
    const text = withAppended(base, ['receiveConnectors'], {
      name: 'Partners',
      server: 'EDGE01',
      usage: 'Custom',
      permissionGroups: ['AnonymousUsers'],
      bindings: ['10.1.1.1:2525', '10.1.1.9:587'],
      remoteIPRanges: ['10.50.0.0/16'],
    });
    assert.deepEqual(rangeTexts(text, CODE), ['"10.1.1.9:587"']);
    assert.deepEqual(titles(text), [
      '*Bind to 10.1.1.1:587 (External)',
      'Bind to 10.1.1.2:587 (Internal)',
    ]);
  });

  it('suggests [::] for all addresses in the message of an IPv6 binding, and names the server in the related information', () => {
    const withIpv6 = withValue(base, [...ADAPTERS, 1, 'ipAddresses'], ['10.1.1.2', 'fd00::2']);
    const text = withValue(withIpv6, [...ORG, 'bindings'], ['10.1.1.2:25', '[fd00::9]:25']);
    const [finding] = findingsOf(text, CODE);
    assert.equal(
      finding?.message,
      // The address in the canonical form the rule compares (ipaddr.js, uncompressed).
      "'From Internal Org' binds to [fd00::9]:25, but fd00:0:0:0:0:0:0:9 is not an address of EDGE01 (10.1.1.1, 10.1.1.2, fd00::2): after the next restart the Transport service may not start. Bind to one of EDGE01's addresses, or to [::] for all of them.",
    );
    assert.equal(finding?.related?.[0]?.message, 'the addresses of EDGE01');
    const ipv4 = findingsOf(withValue(base, [...ORG, 'bindings'], ['10.1.1.9:25']), CODE)[0];
    assert.match(ipv4?.message ?? '', /, or to 0\.0\.0\.0 for all of them\.$/);
  });

  it('offers the fixes of a server whose role is missing (schema reports it), preferring none', () => {
    const text = withAppended(
      withValue(base, ['servers', 1, 'role'], undefined),
      ['receiveConnectors'],
      {
        name: 'From Edge',
        server: 'MBX01',
        bindings: ['192.168.5.20:25'],
        remoteIPRanges: ['10.1.1.2'],
      },
    );
    assert.deepEqual(rangeTexts(text, CODE), ['"192.168.5.20:25"']);
    assert.deepEqual(titles(text), ['Bind to 192.168.5.10:25 (MBX01)']);
  });

  it('does not offer an address the connector already binds on the same port', () => {
    const text = withValue(base, [...ORG, 'bindings'], ['10.1.1.2:25', '10.1.1.9:25']);
    assert.deepEqual(titles(text), ['Bind to 10.1.1.1:25 (External)']);
    const otherPort = withValue(base, [...ORG, 'bindings'], ['10.1.1.2:2525', '10.1.1.9:25']);
    assert.deepEqual(titles(otherPort), [
      'Bind to 10.1.1.1:25 (External)',
      '*Bind to 10.1.1.2:25 (Internal)',
    ]);
  });

  it('does not offer a binding that would take the same binding and remote ranges as another connector', () => {
    // "From Internet" binds 10.1.1.1:25 and, being the default connector, accepts every address.
    const text = withAppended(base, ['receiveConnectors'], {
      name: 'Second',
      server: 'EDGE01',
      remoteIPRanges: ['0.0.0.0-255.255.255.255'],
      bindings: ['10.1.1.9:25'],
    });
    assert.deepEqual(titles(text), ['Bind to 10.1.1.2:25 (Internal)']);
  });

  it('checks Mailbox connectors against the Mailbox server addresses', () => {
    const text = withAppended(base, ['receiveConnectors'], {
      name: 'From Edge',
      server: 'MBX01',
      transportRole: 'FrontendTransport',
      usage: 'Custom',
      permissionGroups: ['ExchangeServers'],
      bindings: ['192.168.5.20:25'],
      remoteIPRanges: ['10.1.1.2'],
    });
    assert.deepEqual(rangeTexts(text, CODE), ['"192.168.5.20:25"']);
    assert.match(
      findingsOf(text, CODE)[0]?.message ?? '',
      /not an address of MBX01 \(192\.168\.5\.10\)/,
    );
    assert.deepEqual(titles(text), ['Bind to 192.168.5.10:25 (MBX01)']);
  });

  it('accepts the wildcards, loopback and the declared addresses', () => {
    const text = withValue(
      base,
      [...ORG, 'bindings'],
      ['10.1.1.2:25', '0.0.0.0:2525', '[::]:25', '127.0.0.1:25', '[::1]:25'],
    );
    assert.deepEqual(findingsOf(text, CODE), []);
    assert.deepEqual(findingsOf(base, CODE), []);
  });

  it('skips an unknown server and a server that declares no address', () => {
    const unknown = withValue(
      withValue(base, [...ORG, 'server'], 'EDGE09'),
      [...ORG, 'bindings'],
      ['10.1.1.9:25'],
    );
    assert.deepEqual(findingsOf(unknown, CODE), []);
    const noAddresses = withValue(
      withValue(base, ['servers', 0, 'adapters'], []),
      [...ORG, 'bindings'],
      ['10.1.1.9:25'],
    );
    assert.deepEqual(findingsOf(noAddresses, CODE), []);
  });

  it('leaves malformed bindings to binding-syntax', () => {
    assert.deepEqual(findingsOf(withValue(base, [...ORG, 'bindings'], ['10.1.1.9']), CODE), []);
  });

  it('offers only fixes that repair without a new error', () => {
    const text = withValue(base, [...INTERNET, 'bindings'], ['10.1.1.9:25', '10.1.1.8:2525']);
    assert.ok(assertEveryFixRepairs(text) >= 4);
  });
});
