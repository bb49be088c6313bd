import * as assert from 'node:assert/strict';
import { applyFix } from '../../support/fixtures';
import { readRepoFile } from '../../support/repo';
import { findingsOf, rangeTexts, withAppended, withValue } from '../../support/topology';

const CODE = 'address-space-syntax';
const base = readRepoFile('test', 'fixtures', 'base.edgeflow.json');
const INTERNET = ['sendConnectors', 0];
const TO_EDGE = ['sendConnectors', 2];

/** The base with the internet connector's address spaces replaced. */
const internet = (...spaces: string[]) => withValue(base, [...INTERNET, 'addressSpaces'], spaces);
/** The base with address spaces added to the organization connector "To Edge" (smart hosts, no Edge). */
const toEdge = (...spaces: string[]) =>
  withValue(base, [...TO_EDGE, 'addressSpaces'], ['*', ...spaces]);

describe(CODE, () => {
  it('reports *contoso.com on the element, naming the connector, and fixes it to *.contoso.com', () => {
    const text = internet('*', '*contoso.com');
    assert.deepEqual(rangeTexts(text, CODE), ['"*contoso.com"']);
    const [finding] = findingsOf(text, CODE);
    assert.equal(finding?.severity, 'error');
    assert.match(finding?.message ?? '', /'To Internet'.*'\*\.contoso\.com'/);
    const fixed = applyFix(text, CODE, "Change to '*.contoso.com'");
    assert.deepEqual(findingsOf(fixed, CODE), []);
    assert.equal(fixed, internet('*', '*.contoso.com'));
  });

  it('keeps the type and the cost when it repairs the wildcard', () => {
    const fixed = applyFix(internet('*', 'smtp:*contoso.com;5'), CODE, /Change to/);
    assert.equal(fixed, internet('*', 'smtp:*.contoso.com;5'));
  });

  for (const bad of [
    'contoso .com',
    'contoso..com',
    'contoso.com.',
    '.contoso.com',
    '[10.0.0.1]',
    'cont*so.com',
    'a'.repeat(64) + '.com',
    'SMTP:',
    '*.',
  ]) {
    it(`reports the invalid SMTP address space '${bad}' as an error, without a fix`, () => {
      const text = internet('*', bad);
      assert.deepEqual(rangeTexts(text, CODE), [JSON.stringify(bad)]);
      const [finding] = findingsOf(text, CODE);
      assert.equal(finding?.severity, 'error');
      assert.deepEqual(finding?.fixes?.() ?? [], []);
    });
  }

  it('reports an empty entry and removes it when other entries remain', () => {
    const text = internet('*', '');
    assert.deepEqual(rangeTexts(text, CODE), ['""']);
    assert.equal(applyFix(text, CODE, 'Remove the empty address space'), internet('*'));
  });

  it('offers no removal when the empty entry is the only one (addressSpaces needs one)', () => {
    const text = internet('');
    assert.deepEqual(rangeTexts(text, CODE), ['""']);
    assert.deepEqual(findingsOf(text, CODE)[0]?.fixes?.(), []);
  });

  it('reports a cost outside 1–100 and clamps it in a fix that is not preferred', () => {
    const low = internet('*;0');
    assert.deepEqual(rangeTexts(low, CODE), ['"*;0"']);
    assert.match(findingsOf(low, CODE)[0]?.message ?? '', /cost 0 .*1–100/);
    assert.equal(findingsOf(low, CODE)[0]?.fixes?.()[0]?.isPreferred, false);
    assert.equal(applyFix(low, CODE, 'Set the cost to 1'), internet('*;1'));
    assert.equal(
      applyFix(internet('SMTP:*;101'), CODE, 'Set the cost to 100'),
      internet('SMTP:*;100'),
    );
    assert.deepEqual(rangeTexts(internet('*;-3'), CODE), ['"*;-3"']);
  });

  it('reports a cost that is not a whole number and offers to remove it', () => {
    for (const cost of ['abc', '1.5', '1e2']) {
      const text = internet(`*;${cost}`);
      assert.deepEqual(rangeTexts(text, CODE), [JSON.stringify(`*;${cost}`)], cost);
    }
    assert.equal(applyFix(internet('*;abc'), CODE, 'Remove the cost (default 1)'), internet('*'));
  });

  it('reports a non-SMTP type on an Edge connector as an error', () => {
    const text = internet('*', 'X400:c=US;a= ;p=Contoso;');
    assert.deepEqual(rangeTexts(text, CODE), ['"X400:c=US;a= ;p=Contoso;"']);
    assert.equal(findingsOf(text, CODE)[0]?.severity, 'error');
    assert.match(findingsOf(text, CODE)[0]?.message ?? '', /Edge.*SMTP/);
  });

  it('reports a non-SMTP type on an organization connector that routes by DNS as a warning', () => {
    const connector = {
      name: 'To Legacy',
      addressSpaces: ['X400:c=US;a= ;p=Legacy;'],
      dnsRoutingEnabled: true,
    };
    const text = withAppended(base, ['sendConnectors'], connector);
    assert.deepEqual(rangeTexts(text, CODE), ['"X400:c=US;a= ;p=Legacy;"']);
    assert.equal(findingsOf(text, CODE)[0]?.severity, 'warning');
    assert.match(findingsOf(text, CODE)[0]?.message ?? '', /'To Legacy' routes by DNS/);
    const implicit = withAppended(base, ['sendConnectors'], {
      name: 'To Legacy',
      addressSpaces: ['X400:c=US;'],
    });
    assert.equal(findingsOf(implicit, CODE).length, 1);
  });

  it('accepts non-SMTP types on an organization smart-host connector, without checking their address', () => {
    assert.deepEqual(
      findingsOf(
        toEdge('X400:c=US;a= ;p=Legacy;', 'x400:anything at all;', 'FAX:+1 555 0100;20'),
        CODE,
      ),
      [],
    );
  });

  it('warns when the text after the last ";" of a non-SMTP entry is no cost, and adds the final ";"', () => {
    const text = toEdge('X400:c=US;a= ;p=Legacy');
    assert.deepEqual(rangeTexts(text, CODE), ['"X400:c=US;a= ;p=Legacy"']);
    assert.equal(findingsOf(text, CODE)[0]?.severity, 'warning');
    assert.equal(
      applyFix(text, CODE, "End the address with ';'"),
      toEdge('X400:c=US;a= ;p=Legacy;'),
    );
  });

  it('warns about a non-SMTP type with no address', () => {
    const text = toEdge('X400:');
    assert.deepEqual(rangeTexts(text, CODE), ['"X400:"']);
    assert.equal(findingsOf(text, CODE)[0]?.severity, 'warning');
  });

  it("warns about the 'Local:' prefix and removes it", () => {
    const text = toEdge('Local:contoso.com');
    assert.deepEqual(rangeTexts(text, CODE), ['"Local:contoso.com"']);
    assert.equal(findingsOf(text, CODE)[0]?.severity, 'warning');
    assert.match(findingsOf(text, CODE)[0]?.message ?? '', /isScopedConnector/);
    assert.equal(applyFix(text, CODE, "Remove the 'Local:' prefix"), toEdge('contoso.com'));
  });

  describe("offers to remove the 'Local:' prefix only when what remains is a valid entry", () => {
    const offered = (entry: string) =>
      (findingsOf(toEdge(entry), CODE)[0]?.fixes?.() ?? []).map((f) => f.title);
    for (const entry of ['Local:*', 'Local:*.contoso.com;5', 'Local:contoso.com;100']) {
      it(`offers it for '${entry}'`, () =>
        assert.deepEqual(offered(entry), ["Remove the 'Local:' prefix"]));
    }
    for (const entry of [
      'Local:',
      'Local:   ',
      'Local:*contoso.com',
      'Local:X400:c=US;a= ;p=Contoso;',
      'Local:contoso.com;0',
      'Local:contoso.com;101',
      'Local:contoso.com;x',
    ]) {
      it(`offers nothing for '${entry}'`, () => assert.deepEqual(offered(entry), []));
    }
  });

  it('accepts the costs at the ends of 1–100', () => {
    assert.deepEqual(findingsOf(internet('*;1', 'contoso.com;100'), CODE), []);
  });

  it('accepts every form Exchange accepts', () => {
    const valid = [
      '*',
      'contoso.com',
      '*.contoso.com',
      'SMTP:contoso.com;10',
      'smtp:*;100',
      'Smtp:fabrikam.com;1',
      'contoso',
      'mail_relay.contoso.com',
      'xn--bcher-kva.example',
      '-odd-.contoso.com',
      'contoso.com;',
      'contoso.com; 5 ',
      'contoso.com;+7',
      ':contoso.net',
      'CONTOSO.CO.UK',
      'a'.repeat(63) + '.com',
      'contoso.com',
    ];
    assert.deepEqual(findingsOf(toEdge(...valid), CODE), []);
  });

  it("accepts -- (placement is dashdash-placement's job) and the base topology", () => {
    assert.deepEqual(findingsOf(base, CODE), []);
    assert.deepEqual(
      findingsOf(withValue(base, ['sendConnectors', 1, 'addressSpaces'], ['SMTP:--;1']), CODE),
      [],
    );
  });

  it('ignores address spaces of the wrong type (the schema rule reports them)', () => {
    assert.deepEqual(
      findingsOf(withValue(base, [...INTERNET, 'addressSpaces'], ['*', 5]), CODE),
      [],
    );
  });
});

describe(`${CODE}: each problem's words, severity and fixes`, () => {
  const onInternet = (spaces: string[]) =>
    withValue(base, ['sendConnectors', 0, 'addressSpaces'], spaces);
  /** The organization's connector to the Edge, through smart hosts or (dns) by DNS without them. */
  const onToEdge = (spaces: string[], dns = false) => {
    let text = withValue(base, ['sendConnectors', 2, 'addressSpaces'], spaces);
    text = withValue(text, ['sendConnectors', 2, 'dnsRoutingEnabled'], dns);
    return dns ? withValue(text, ['sendConnectors', 2, 'smartHosts'], undefined) : text;
  };
  const said = (text: string) =>
    findingsOf(text, CODE).map(
      (f) =>
        `${f.severity}: ${f.message} [${(f.fixes?.() ?? []).map((x) => `${x.title}${x.isPreferred ? ' *' : ''}`).join(' | ')}]`,
    );
  const I = "'To Internet'";
  const cases: [string, string, string[]][] = [
    [
      'an empty entry alone: nothing to remove it for',
      onInternet([' ']),
      [
        `error: ${I} has an empty address space: remove it, or write a domain such as 'contoso.com' or '*'. []`,
      ],
    ],
    [
      'an empty entry beside another',
      onInternet(['*', '']),
      [
        `error: ${I} has an empty address space: remove it, or write a domain such as 'contoso.com' or '*'. [Remove the empty address space *]`,
      ],
    ],
    [
      'Local: before a valid domain',
      onInternet(['Local:contoso.com']),
      [
        `warning: ${I}: the address space 'Local:contoso.com' starts with 'Local:', which New-SendConnector refuses. Remove the prefix; to keep the connector to its Active Directory site, set isScopedConnector to true. [Remove the 'Local:' prefix]`,
      ],
    ],
    [
      'Local: before an invalid one: no fix',
      onInternet(['Local:*contoso']),
      [
        `warning: ${I}: the address space 'Local:*contoso' starts with 'Local:', which New-SendConnector refuses. Remove the prefix; to keep the connector to its Active Directory site, set isScopedConnector to true. []`,
      ],
    ],
    [
      'X400 on an Edge',
      onInternet(['X400:c=US;a=;p=Org;']),
      [
        `error: ${I} is configured on an Edge Transport server, where every address space must be of type SMTP, not 'X400'. Use an SMTP domain such as 'contoso.com'. []`,
      ],
    ],
    [
      'X400 without an address',
      onToEdge(['X400:']),
      [
        "warning: 'To Edge': the X400 address space 'X400:' has no address after the type. Write the address after 'X400:'. []",
      ],
    ],
    [
      'X400 on a connector that routes by DNS',
      onToEdge(['X400:c=US;a=;p=Org;'], true),
      [
        "warning: 'To Edge' routes by DNS, so it cannot carry the X400 address space 'X400:c=US;a=;p=Org;' (New-SendConnector refuses it): use smart hosts with dnsRoutingEnabled false, or an SMTP address space. []",
      ],
    ],
    [
      'a star without its dot, with its cost kept',
      onInternet(['*contoso.com;2']),
      [
        `error: ${I} has an invalid SMTP address space '*contoso.com;2': a wildcard must be followed by a dot ('*.' and a domain). Write '*.contoso.com;2'. [Change to '*.contoso.com;2' *]`,
      ],
    ],
    [
      'a character no domain has',
      onInternet(['con toso.com']),
      [
        `error: ${I} has an invalid SMTP address space 'con toso.com': ' ' is not allowed in a domain (letters, digits, '-' and '_' only). Write '*', a domain such as 'contoso.com', or '*.contoso.com'. []`,
      ],
    ],
    [
      'an X400 address whose last part reads as a cost',
      onToEdge(['X400:c=US;a=;p=Org;x']),
      [
        "warning: 'To Edge': Exchange reads the text after the last ';' of 'X400:c=US;a=;p=Org;x' as its cost, and 'x' is not a whole number. End the X400 address with ';' (then add the cost after it, if any). [End the address with ';']",
      ],
    ],
    [
      'a cost that is no number',
      onInternet(['*;abc']),
      [
        `error: ${I}: the cost 'abc' of the address space '*;abc' is not a whole number. Write a cost from 1 to 100 after ';', or leave it out (default 1). [Remove the cost (default 1)]`,
      ],
    ],
    [
      'a cost below 1',
      onInternet(['*;0']),
      [
        `error: ${I}: the cost 0 of the address space '*;0' is outside 1–100. Use a cost from 1 (preferred route) to 100. [Set the cost to 1]`,
      ],
    ],
    [
      'a cost above 100',
      onInternet(['*;101']),
      [
        `error: ${I}: the cost 101 of the address space '*;101' is outside 1–100. Use a cost from 1 (preferred route) to 100. [Set the cost to 100]`,
      ],
    ],
    ['the costs 1 and 100, and none', onInternet(['*;1', 'contoso.com;100', 'fabrikam.com']), []],
  ];
  for (const [what, text, expected] of cases) {
    it(what, () => {
      assert.deepEqual(said(text), expected);
    });
  }
});
