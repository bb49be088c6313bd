import * as assert from 'node:assert/strict';
import { unbracketed } from '../../../server/src/core/model/network';
import { isIpLiteral, isSingleLabel } from '../../../server/src/core/model/sendConnectorFacts';

describe('host spellings shared by the rules and the verification script', () => {
  it('unbrackets an IPv6 literal and leaves anything else as it is', () => {
    assert.equal(unbracketed('[fd00::5]'), 'fd00::5');
    assert.equal(unbracketed('[fd00::5'), '[fd00::5');
    assert.equal(unbracketed('[fd00::5]:25'), '[fd00::5]:25');
    assert.equal(unbracketed('mbx01.contoso.com'), 'mbx01.contoso.com');
  });

  for (const host of ['10.1.1.2', '[fd00::5]', 'fd00::5', ' 10.1.1.2 ', '10.1.1.2.']) {
    it(`reads ${JSON.stringify(host)} as an IP literal`, () =>
      assert.equal(isIpLiteral(host), true));
  }

  for (const host of ['mbx01.contoso.com', 'mbx01', '[mbx01]', '10.1']) {
    it(`reads ${JSON.stringify(host)} as no IP literal`, () =>
      assert.equal(isIpLiteral(host), false));
  }

  it('tells a single-label name from an FQDN and from an address, whatever the spacing', () => {
    assert.equal(isSingleLabel('mbx01'), true);
    assert.equal(isSingleLabel(' mbx01 '), true);
    assert.equal(isSingleLabel('mbx01.'), true);
    assert.equal(isSingleLabel('mbx01.contoso.com'), false);
    assert.equal(isSingleLabel('[fd00::5]'), false);
    assert.equal(isSingleLabel(''), false);
  });
});
