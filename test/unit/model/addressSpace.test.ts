import * as assert from 'node:assert/strict';
import {
  isDashDash,
  parseAddressSpace,
  smtpAddressProblem,
  withAddress,
  withCost,
} from '../../../server/src/core/model/addressSpace';

/**
 * Address space entries split as Exchange splits them (model/addressSpace):
 * the type up to the first ':', the cost after the last ';' (an X400 space may
 * end with ';'), an empty or missing cost meaning 1. The rules address-space-syntax
 * and dashdash-placement read them through these functions.
 */
describe('address space entries (model/addressSpace)', () => {
  const spanned = (value: string) => ({ value }) as Parameters<typeof isDashDash>[0];

  it('takes an entry without type as SMTP with cost 1', () => {
    assert.deepEqual(parseAddressSpace('contoso.com'), {
      type: 'SMTP',
      typeWritten: false,
      isSmtp: true,
      address: 'contoso.com',
      cost: 1,
      local: false,
    });
    assert.deepEqual(parseAddressSpace(':contoso.com'), {
      type: 'SMTP',
      typeWritten: false,
      isSmtp: true,
      address: 'contoso.com',
      cost: 1,
      local: false,
    });
  });

  it('splits the type at the first colon and the cost at the last semicolon, reading the cost as .NET does', () => {
    assert.deepEqual(parseAddressSpace('smtp:contoso.com;5'), {
      type: 'smtp',
      typeWritten: true,
      isSmtp: true,
      address: 'contoso.com',
      costText: '5',
      cost: 5,
      local: false,
    });
    assert.equal(parseAddressSpace('contoso.com;').cost, 1);
    assert.equal(parseAddressSpace('contoso.com;').costText, '');
    assert.equal(parseAddressSpace('contoso.com; +7 ').cost, 7);
    assert.equal(parseAddressSpace('contoso.com;-2').cost, -2);
    assert.equal(parseAddressSpace('contoso.com;x').cost, undefined);
    assert.equal(parseAddressSpace('contoso.com;1.5').cost, undefined);
    assert.equal(parseAddressSpace('contoso.com;x').address, 'contoso.com');
    assert.deepEqual([parseAddressSpace(';5').address, parseAddressSpace(';5').cost], ['', 5]);
    // A semicolon before the type's colon belongs to the type, not to a cost.
    assert.deepEqual(parseAddressSpace('a;1:b'), {
      type: 'a;1',
      typeWritten: true,
      isSmtp: false,
      address: 'b',
      cost: 1,
      local: false,
    });
  });

  it('keeps the closing semicolon of an X400 space in its address, in any letter case', () => {
    const x400 = parseAddressSpace('x400:c=US;a= ;p=Contoso;');
    assert.equal(x400.address, 'c=US;a= ;p=Contoso;');
    assert.equal(x400.cost, 1);
    assert.equal(x400.costText, undefined);
    assert.equal(x400.isSmtp, false);
    const costed = parseAddressSpace('X400:c=US;a= ;p=Contoso;5');
    assert.equal(costed.address, 'c=US;a= ;p=Contoso');
    assert.equal(costed.cost, 5);
    // Only X400 keeps it: an SMTP space's final ';' is an empty cost.
    assert.equal(parseAddressSpace('smtp:contoso.com;').address, 'contoso.com');
  });

  it('marks Local: entries, in any letter case', () => {
    assert.equal(parseAddressSpace('Local:*').local, true);
    assert.equal(parseAddressSpace('LOCAL:*').local, true);
    assert.equal(parseAddressSpace('Local:*').isSmtp, false);
    assert.equal(parseAddressSpace('smtp:local.contoso.com').local, false);
    assert.equal(parseAddressSpace('smtp:local:contoso.com').local, false);
  });

  it('knows the -- placeholder: SMTP, any cost, not Local', () => {
    assert.equal(isDashDash(spanned('--')), true);
    assert.equal(isDashDash(spanned('--;5')), true);
    assert.equal(isDashDash(spanned('SMTP:--')), true);
    assert.equal(isDashDash(spanned('X400:--')), false);
    assert.equal(isDashDash(spanned('Local:--')), false);
    assert.equal(isDashDash(spanned('---')), false);
  });

  it('says why an SMTP address is refused, and accepts *, domains and *.domains', () => {
    const label63 = 'a'.repeat(63);
    const domain255 = `${label63}.${label63}.${label63}.${label63}`;
    assert.equal(domain255.length, 255);
    for (const ok of [
      '*',
      'contoso.com',
      '*.contoso.com',
      'my_host-1.contoso.com',
      '--',
      'bücher.de',
      // Anything outside ASCII, U+0080 included, is left to Exchange's EAI setting.
      'a\u0080b.com',
      `${label63}.com`,
      domain255,
    ])
      assert.equal(smtpAddressProblem(ok), undefined, ok);
    assert.equal(smtpAddressProblem(' '), 'the address is empty');
    assert.equal(smtpAddressProblem('[10.0.0.1]'), 'an IP literal is not an SMTP address space');
    assert.equal(
      smtpAddressProblem('*contoso.com'),
      "a wildcard must be followed by a dot ('*.' and a domain)",
    );
    assert.equal(smtpAddressProblem(`${domain255}a`), 'the domain is longer than 255 characters');
    assert.equal(
      smtpAddressProblem('contoso..com'),
      'the domain has an empty label (two dots, or a dot at the start or end)',
    );
    assert.equal(
      smtpAddressProblem('*.'),
      'the domain has an empty label (two dots, or a dot at the start or end)',
    );
    assert.equal(
      smtpAddressProblem(`${label63}a.com`),
      `the label '${label63}a' is longer than 63 characters`,
    );
    assert.equal(
      smtpAddressProblem('con!toso.com'),
      "'!' is not allowed in a domain (letters, digits, '-' and '_' only)",
    );
  });

  it('replaces the address or the cost and keeps the rest as written', () => {
    const edit = (text: string) => ({
      address: withAddress(text, parseAddressSpace(text), 'fabrikam.com'),
      cost: withCost(text, parseAddressSpace(text), 3),
    });
    assert.deepEqual(edit('smtp:contoso.com;5'), {
      address: 'smtp:fabrikam.com;5',
      cost: 'smtp:contoso.com;3',
    });
    assert.deepEqual(edit(':contoso.com'), { address: ':fabrikam.com', cost: ':contoso.com;3' });
    assert.deepEqual(edit('contoso.com'), { address: 'fabrikam.com', cost: 'contoso.com;3' });
    assert.deepEqual(edit('contoso.com;'), { address: 'fabrikam.com;', cost: 'contoso.com;3' });
  });
});
