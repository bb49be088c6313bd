import * as assert from 'node:assert/strict';
import { analyze } from '../../../server/src/core';
import { isPublic, mailFlow } from '../../../server/src/core/flow/mailFlow';
import { parseAddress } from '../../../server/src/core/model/network';
import { displayAddress } from '../../../server/src/core/flow/receivers';
import { readRepoFile } from '../../support/repo';

/** Who `edgeflow trace --from` names, and which side of the Edge an address is on (flow/mailFlow). */
const base = readRepoFile('test', 'fixtures', 'base.edgeflow.json');

describe('the side of an address (flow/mailFlow isPublic)', () => {
  const cases: [string, boolean][] = [
    // RFC 1918, at both ends of each block and just outside.
    ['10.0.0.0', false],
    ['10.255.255.255', false],
    ['11.0.0.0', true],
    ['9.255.255.255', true],
    ['172.16.0.0', false],
    ['172.31.255.255', false],
    ['172.15.255.255', true],
    ['172.32.0.0', true],
    ['192.168.0.0', false],
    ['192.168.255.255', false],
    ['192.167.255.255', true],
    ['192.169.0.0', true],
    // Loopback, link-local, shared address space (RFC 6598).
    ['127.0.0.1', false],
    ['169.254.1.1', false],
    ['169.253.255.255', true],
    ['100.64.0.0', false],
    ['100.127.255.255', false],
    ['100.128.0.0', true],
    ['100.63.255.255', true],
    ['203.0.113.1', true],
    // IPv6: unique local fc00::/7, link-local fe80::/10, loopback.
    ['fc00::1', false],
    ['fdff:ffff::1', false],
    ['fe80::1', false],
    ['febf::1', false],
    ['fec0::1', true],
    ['fb00::1', true],
    ['::1', false],
    ['::2', true],
    ['2001:db8::1', true],
  ];
  for (const [text, expected] of cases) {
    it(`${text}: ${expected ? 'the internet' : 'inside'}`, () => {
      const address = parseAddress(text);
      assert.ok(address);
      assert.equal(isPublic(address), expected);
    });
  }
});

describe('senders for `edgeflow trace --from` (flow/mailFlow senderFrom)', () => {
  const flow = mailFlow(analyze(base).index);
  const of = (text: string) => {
    const sender = flow.senderFrom(text);
    if (!sender) return 'none';
    const who =
      sender.server?.name?.value ?? (sender.address ? displayAddress(sender.address) : '');
    return `${sender.kind}${who ? ` ${who}` : ''}`;
  };

  it('reads the two kinds of host in any case, servers by name or FQDN, and addresses by side', () => {
    assert.equal(of(' Internet '), 'internet');
    assert.equal(of('INTERNAL'), 'internal');
    assert.equal(of('mbx02'), 'mailbox MBX02');
    assert.equal(of('edge01.contoso.net'), 'edge EDGE01');
    // A declared server's address is that server.
    assert.equal(of('192.168.5.10'), 'mailbox MBX01');
    assert.equal(of('198.51.100.7'), 'internet 198.51.100.7');
    assert.equal(of('192.168.9.9'), 'internal 192.168.9.9');
    assert.equal(of('fd00::9'), 'internal fd00::9');
  });

  it('names nothing for a name that is no server and no address', () => {
    assert.equal(of('mbx9.contoso.com'), 'none');
    assert.equal(of(''), 'none');
  });
});
