import * as assert from 'node:assert/strict';
import { applyFix } from '../../support/fixtures';
import { readRepoFile } from '../../support/repo';
import { findingsOf, rangeTexts, withAppended, withValue } from '../../support/topology';

const CODE = 'no-accepted-domains';
const base = readRepoFile('test', 'fixtures', 'base.edgeflow.json');
const DOMAINS = ['organization', 'acceptedDomains'];
const TITLE = "Declare the accepted domain 'contoso.com'";

const withDomains = (domains: unknown) => withValue(base, DOMAINS, domains);
const declared = (text: string): unknown =>
  (
    JSON.parse(text.replace(/^\s*\/\/.*$/gm, '')) as {
      organization?: { acceptedDomains?: unknown };
    }
  ).organization?.acceptedDomains;

describe(CODE, () => {
  it("reports '--' on the Edge when no accepted domain is declared, naming the connector and the Edge", () => {
    const text = withDomains([]);
    assert.deepEqual(rangeTexts(text, CODE), ['"--"']);
    const [finding] = findingsOf(text, CODE);
    assert.equal(finding?.severity, 'error');
    assert.match(finding?.message ?? '', /'To Internal Org' on EDGE01 uses '--'/);
    assert.equal(finding?.related?.length, 1);
  });

  it('declares the domain of the Mailbox servers as its preferred fix', () => {
    const text = withDomains([]);
    assert.equal(findingsOf(text, CODE)[0]?.fixes?.()[0]?.isPreferred, true);
    const fixed = applyFix(text, CODE, TITLE);
    assert.deepEqual(findingsOf(fixed, CODE), []);
    assert.deepEqual(declared(fixed), ['contoso.com']);
  });

  it('does not count ExternalRelay domains, and appends to them', () => {
    const text = withDomains([{ domainName: 'partner.example', domainType: 'ExternalRelay' }]);
    assert.deepEqual(rangeTexts(text, CODE), ['"--"']);
    const fixed = applyFix(text, CODE, TITLE);
    assert.deepEqual(declared(fixed), [
      { domainName: 'partner.example', domainType: 'ExternalRelay' },
      'contoso.com',
    ]);
    assert.deepEqual(findingsOf(fixed, CODE), []);
  });

  it('creates acceptedDomains, or the whole organization, when they are missing', () => {
    const noList = withDomains(undefined);
    assert.deepEqual(rangeTexts(noList, CODE), ['"--"']);
    assert.deepEqual(declared(applyFix(noList, CODE, TITLE)), ['contoso.com']);
    const noOrganization = withValue(base, ['organization'], undefined);
    assert.deepEqual(rangeTexts(noOrganization, CODE), ['"--"']);
    const fixed = applyFix(noOrganization, CODE, TITLE);
    assert.deepEqual(declared(fixed), ['contoso.com']);
    assert.deepEqual(findingsOf(fixed, CODE), []);
  });

  it('takes the domain most Mailbox FQDNs share', () => {
    let text = withDomains([]);
    text = withValue(text, ['servers', 1, 'fqdn'], 'mbx01.corp.fabrikam.com');
    text = withValue(text, ['servers', 2, 'fqdn'], 'MBX02.Corp.Fabrikam.com');
    text = withAppended(text, ['servers'], {
      name: 'MBX03',
      role: 'Mailbox',
      fqdn: 'mbx03.contoso.com',
      ipAddresses: ['192.168.5.30'],
    });
    const fixed = applyFix(text, CODE, "Declare the accepted domain 'corp.fabrikam.com'");
    assert.deepEqual(declared(fixed), ['corp.fabrikam.com']);
  });

  it('offers no fix without a dotted Mailbox FQDN, or when the domain is already declared (as ExternalRelay)', () => {
    let text = withDomains([]);
    text = withValue(text, ['servers', 1, 'fqdn'], 'mbx01');
    text = withValue(text, ['servers', 2, 'fqdn'], undefined);
    assert.deepEqual(rangeTexts(text, CODE), ['"--"']);
    assert.deepEqual(findingsOf(text, CODE)[0]?.fixes?.(), []);
    const relay = withDomains([{ domainName: 'Contoso.com', domainType: 'ExternalRelay' }]);
    assert.deepEqual(findingsOf(relay, CODE)[0]?.fixes?.(), []);
  });

  describe('which domain the fix declares', () => {
    /** The titles of the fixes with both Mailbox servers' FQDNs set. */
    const titles = (first: string | undefined, second: string | undefined) => {
      let text = withDomains([]);
      text = withValue(text, ['servers', 1, 'fqdn'], first);
      text = withValue(text, ['servers', 2, 'fqdn'], second);
      return (findingsOf(text, CODE)[0]?.fixes?.() ?? []).map((f) => f.title);
    };
    const declaring = (domain: string) => [`Declare the accepted domain '${domain}'`];

    it('the first of two domains that as many servers share', () => {
      assert.deepEqual(
        titles('mbx01.fabrikam.com', 'mbx02.contoso.com'),
        declaring('fabrikam.com'),
      );
      assert.deepEqual(titles('mbx01.contoso.com', 'mbx02.fabrikam.com'), declaring('contoso.com'));
    });

    it('without the final dot of an FQDN', () => {
      assert.deepEqual(titles('mbx01.contoso.com.', undefined), declaring('contoso.com'));
    });

    it('none from a name that starts with a dot, an address, or an invalid domain', () => {
      assert.deepEqual(titles('.contoso.com', undefined), []);
      assert.deepEqual(titles('192.168.5.10', undefined), []);
      assert.deepEqual(titles('mbx01.contoso..com', undefined), []);
      assert.deepEqual(titles('mbx01.*', undefined), []);
    });
  });

  it('counts an accepted domain written as an empty string as none', () => {
    assert.deepEqual(rangeTexts(withDomains(['', '  ']), CODE), ['"--"']);
  });

  it('reports every Edge connector that uses --', () => {
    let text = withDomains([]);
    const edge2 = {
      name: 'EDGE02',
      role: 'Edge',
      fqdn: 'edge02.contoso.net',
      adapters: [{ name: 'Internal', network: 'internal', ipAddresses: ['10.1.2.2'] }],
    };
    text = withAppended(text, ['servers'], edge2);
    text = withAppended(text, ['sendConnectors'], {
      name: 'To Internal Org',
      server: 'EDGE02',
      addressSpaces: ['SMTP:--;1'],
      smartHosts: ['mbxserver01.contoso.com'],
    });
    assert.deepEqual(rangeTexts(text, CODE), ['"--"', '"SMTP:--;1"']);
    assert.match(findingsOf(text, CODE)[1]?.message ?? '', /on EDGE02/);
  });

  it('accepts Authoritative and InternalRelay domains in any form', () => {
    assert.deepEqual(findingsOf(base, CODE), []);
    assert.deepEqual(findingsOf(withDomains([{ domainName: 'contoso.com' }]), CODE), []);
    assert.deepEqual(
      findingsOf(withDomains([{ domainName: 'contoso.com', domainType: 'InternalRelay' }]), CODE),
      [],
    );
    assert.deepEqual(
      findingsOf(
        withDomains(['partner.example', { domainName: 'x.example', domainType: 'ExternalRelay' }]),
        CODE,
      ),
      [],
    );
  });

  it('leaves alone a subscribed Edge, connectors without --, and -- off an Edge', () => {
    assert.deepEqual(
      findingsOf(withValue(withDomains([]), ['servers', 0, 'subscribed'], true), CODE),
      [],
    );
    const noDashes = withValue(
      withDomains([]),
      ['sendConnectors', 1, 'addressSpaces'],
      ['contoso.com'],
    );
    assert.deepEqual(findingsOf(noDashes, CODE), []);
    let offEdge = withValue(withDomains([]), ['sendConnectors', 1, 'server'], undefined);
    offEdge = withValue(offEdge, ['sendConnectors', 1, 'addressSpaces'], ['--']);
    assert.deepEqual(findingsOf(offEdge, CODE), []);
  });
});
