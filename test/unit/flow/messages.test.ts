import * as assert from 'node:assert/strict';
import { analyze } from '../../../server/src/core';
import {
  acceptedDomainFor,
  domainMatches,
  messageOf,
  recipientClasses,
  recipientClassOf,
  recipientLabel,
  senderLabel,
  type RecipientClass,
} from '../../../server/src/core/flow/messages';
import { parseAddress } from '../../../server/src/core/model/network';
import { readRepoFile } from '../../support/repo';
import { withAppended, withValue } from '../../support/topology';

/** The messages of the mail-flow model: which classes, their keys, and their words. */
const base = readRepoFile('test', 'fixtures', 'base.edgeflow.json');
const indexOf = (text: string) => analyze(text).index;
const withDomains = (domains: unknown[]) =>
  withValue(base, ['organization', 'acceptedDomains'], domains);
const summary = (classes: readonly RecipientClass[]) =>
  classes.map((c) => `${c.kind} ${c.domain} ${c.address}`);

describe('messages of the mail-flow model (flow/messages)', () => {
  it('a message is judged by its sender side and whether its recipient is accepted', () => {
    const accepted: RecipientClass = {
      kind: 'Authoritative',
      domain: 'contoso.com',
      address: 'user@contoso.com',
    };
    const outside: RecipientClass = {
      kind: 'NotAccepted',
      domain: 'example.org',
      address: 'user@example.org',
    };
    const relay: RecipientClass = { ...accepted, kind: 'InternalRelay' };
    const of = (r: RecipientClass, o: boolean) => {
      const m = messageOf(r, o);
      return `${m.key} ${m.kind}`;
    };
    assert.deepEqual(
      [
        of(outside, false),
        of(accepted, false),
        of(outside, true),
        of(accepted, true),
        of(relay, true),
      ],
      ['xn 0', 'xa 1', 'on 2', 'oa 3', 'oa 3'],
    );
  });

  it('names senders and recipients', () => {
    const address = parseAddress('2001:0db8:0:0:0:0:0:1');
    assert.ok(address);
    assert.equal(senderLabel({ kind: 'internet' }), 'the internet');
    assert.equal(senderLabel({ kind: 'internet', address }), 'an internet host (2001:db8::1)');
    assert.equal(senderLabel({ kind: 'internal' }), 'an internal host that is no declared server');
    const local = parseAddress('10.0.0.7');
    assert.ok(local);
    assert.equal(senderLabel({ kind: 'internal', address: local }), 'an internal host (10.0.0.7)');
    const server = analyze(base).topology.servers[1];
    assert.ok(server);
    assert.equal(senderLabel({ kind: 'mailbox', server }), 'MBX01');
    assert.equal(senderLabel({ kind: 'edge' }), 'edge');
    assert.equal(
      recipientLabel({ kind: 'NotAccepted', domain: 'example.org', address: 'user@example.org' }),
      'user@example.org (a domain that is not accepted)',
    );
    assert.equal(
      recipientLabel({ kind: 'InternalRelay', domain: 'contoso.com', address: 'a@contoso.com' }),
      'a@contoso.com (InternalRelay accepted domain)',
    );
  });

  it('matches a domain exactly, or a wildcard entry to the domain and its subdomains', () => {
    const cases: [string, string, boolean][] = [
      ['contoso.com', 'contoso.com', true],
      [' Contoso.COM. ', 'contoso.com', true],
      ['contoso.com', 'mail.contoso.com', false],
      ['*.contoso.com', 'contoso.com', true],
      ['*.contoso.com', 'mail.contoso.com', true],
      ['*.contoso.com', 'a.b.contoso.com', true],
      ['*.contoso.com', 'notcontoso.com', false],
      ['*.contoso.com', 'contoso.com.evil', false],
    ];
    for (const [pattern, domain, expected] of cases)
      assert.equal(domainMatches(pattern, domain), expected, `${pattern} / ${domain}`);
  });

  it('prefers the exact accepted domain over a wildcard one, whatever their order', () => {
    for (const domains of [
      ['*.contoso.com', 'mail.contoso.com'],
      ['mail.contoso.com', '*.contoso.com'],
    ]) {
      const index = indexOf(withDomains(domains));
      assert.equal(
        acceptedDomainFor(index, 'mail.contoso.com')?.domainName.value,
        'mail.contoso.com',
      );
      assert.equal(
        acceptedDomainFor(index, 'other.contoso.com')?.domainName.value,
        '*.contoso.com',
      );
      assert.equal(
        acceptedDomainFor(index, '*.other.contoso.com')?.domainName.value,
        '*.contoso.com',
      );
      assert.equal(acceptedDomainFor(index, 'fabrikam.com'), undefined);
    }
  });

  it('makes one class per accepted domain, per outside domain a connector names, and the rest', () => {
    let text = withDomains([
      'contoso.com',
      'Contoso.com.',
      { domainName: '*.fabrikam.com', domainType: 'InternalRelay' },
    ]);
    text = withAppended(text, ['sendConnectors'], {
      name: 'To Partners',
      server: 'EDGE01',
      addressSpaces: ['SMTP:partner.example;2', 'X400:c=US;a=;p=Org;', 'mail.fabrikam.com', '--'],
      dnsRoutingEnabled: true,
    });
    assert.deepEqual(summary(recipientClasses(indexOf(text))), [
      'Authoritative contoso.com user@contoso.com',
      'InternalRelay fabrikam.com user@fabrikam.com',
      'NotAccepted partner.example user@partner.example',
      'NotAccepted example.org user@example.org',
    ]);
  });

  it('takes for the rest of the internet a domain that nothing accepts or names', () => {
    // example.org accepted, example.net named under a wildcard address space: example.com is left.
    let text = withDomains(['contoso.com', 'example.org']);
    text = withAppended(text, ['sendConnectors'], {
      name: 'To Net',
      server: 'EDGE01',
      addressSpaces: ['*.net'],
      dnsRoutingEnabled: true,
    });
    const classes = summary(recipientClasses(indexOf(text)));
    assert.equal(classes[classes.length - 1], 'NotAccepted example.com user@example.com');
  });

  it('classifies one address, or a bare domain', () => {
    const index = indexOf(
      withDomains([{ domainName: 'contoso.com', domainType: 'ExternalRelay' }]),
    );
    const of = (address: string) => {
      const c = recipientClassOf(index, address);
      return `${c.kind} ${c.domain} ${c.address} ${c.acceptedDomain ? 'accepted' : '-'}`;
    };
    assert.equal(of(' ann@Contoso.com '), 'ExternalRelay contoso.com ann@Contoso.com accepted');
    assert.equal(of('contoso.com'), 'ExternalRelay contoso.com user@contoso.com accepted');
    assert.equal(of('bob@example.org'), 'NotAccepted example.org bob@example.org -');
  });
});
