import * as assert from 'node:assert/strict';
import { applyFix } from '../../support/fixtures';
import { readRepoFile } from '../../support/repo';
import { findingsOf, rangeTexts, withValue } from '../../support/topology';

const CODE = 'smarthost-name-for-tls';
const base = readRepoFile('test', 'fixtures', 'base.edgeflow.json');
const ORG = ['sendConnectors', 1];
const TO_EDGE = ['sendConnectors', 2];

const toEdge = (...hosts: string[]) => withValue(base, [...TO_EDGE, 'smartHosts'], hosts);
const toOrg = (...hosts: string[]) => withValue(base, [...ORG, 'smartHosts'], hosts);
const fixesOf = (text: string) => findingsOf(text, CODE).flatMap((f) => f.fixes?.() ?? []);

describe(CODE, () => {
  it('warns about an IP smart host, on the element, and replaces it with the Edge FQDN', () => {
    const text = toEdge('10.1.1.2');
    assert.deepEqual(rangeTexts(text, CODE), ['"10.1.1.2"']);
    const [finding] = findingsOf(text, CODE);
    assert.equal(finding?.severity, 'warning');
    assert.match(
      finding?.message ?? '',
      /'To Edge' authenticates with BasicAuthRequireTLS to '10\.1\.1\.2', an IP address.*'edge01\.contoso\.net'/,
    );
    assert.equal(finding?.fixes?.()[0]?.isPreferred, true);
    assert.equal(
      applyFix(text, CODE, "Change to 'edge01.contoso.net'"),
      toEdge('edge01.contoso.net'),
    );
  });

  it("says why the name must be the certificate's, and which name to use, or that it is unknown", () => {
    assert.deepEqual(
      findingsOf(toEdge('10.1.1.2'), CODE).map((f) => f.message),
      [
        "'To Edge' authenticates with BasicAuthRequireTLS to '10.1.1.2', an IP address: the smart host's certificate must carry the exact name typed here, and it names the host by FQDN. Use 'edge01.contoso.net'.",
      ],
    );
    assert.deepEqual(
      findingsOf(toEdge('relay'), CODE).map((f) => f.message),
      [
        "'To Edge' authenticates with BasicAuthRequireTLS to 'relay', a single-label name: the smart host's certificate must carry the exact name typed here, and it names the host by FQDN. Use the FQDN on the certificate.",
      ],
    );
  });

  it('warns about a single-label name and replaces it with the FQDN', () => {
    assert.deepEqual(rangeTexts(toEdge('edge01'), CODE), ['"edge01"']);
    assert.equal(applyFix(toEdge('edge01'), CODE, /Change to/), toEdge('edge01.contoso.net'));
    assert.deepEqual(rangeTexts(toEdge('EDGE01.'), CODE), ['"EDGE01."']);
  });

  it('handles Mailbox smart hosts, bracketed and IPv6 literals', () => {
    const text = toOrg('[192.168.5.10]', 'mbxserver02.contoso.com');
    assert.deepEqual(rangeTexts(text, CODE), ['"[192.168.5.10]"']);
    assert.equal(
      applyFix(text, CODE, "Change to 'mbxserver01.contoso.com'"),
      toOrg('mbxserver01.contoso.com', 'mbxserver02.contoso.com'),
    );
    const v6 = withValue(
      toOrg('fd00::10', '[FD00::20]'),
      ['servers', 1, 'ipAddresses'],
      ['192.168.5.10', 'fd00::10'],
    );
    assert.deepEqual(rangeTexts(v6, CODE), ['"fd00::10"', '"[FD00::20]"']);
    assert.deepEqual(
      fixesOf(v6).map((f) => f.title),
      ["Change to 'mbxserver01.contoso.com'"],
    );
  });

  it('removes the literal, as the preferred fix, when the FQDN is already listed in another spelling', () => {
    const text = toOrg('192.168.5.10', ' MBXSERVER01.contoso.com ');
    assert.deepEqual(
      fixesOf(text).map((f) => [f.title, f.isPreferred]),
      [["Remove '192.168.5.10' ('mbxserver01.contoso.com' is already listed)", true]],
    );
  });

  it('replaces with the FQDN as declared without its spaces, and offers nothing for a server without FQDN', () => {
    const spaced = withValue(toEdge('10.1.1.2'), ['servers', 0, 'fqdn'], ' edge01.contoso.net ');
    assert.deepEqual(
      fixesOf(spaced).map((f) => f.title),
      ["Change to 'edge01.contoso.net'"],
    );
    const noFqdn = withValue(toOrg('192.168.5.10'), ['servers', 1, 'fqdn'], undefined);
    assert.deepEqual(rangeTexts(noFqdn, CODE), ['"192.168.5.10"']);
    assert.deepEqual(fixesOf(noFqdn), []);
  });

  it('leaves "--" alone, with spaces around it too', () => {
    assert.deepEqual(findingsOf(toEdge(' -- ', 'edge01.contoso.net'), CODE), []);
  });

  it('removes the literal instead when the FQDN is already listed', () => {
    const text = toOrg('192.168.5.10', 'mbxserver01.contoso.com');
    const fixed = applyFix(
      text,
      CODE,
      "Remove '192.168.5.10' ('mbxserver01.contoso.com' is already listed)",
    );
    assert.deepEqual(findingsOf(fixed, CODE), []);
    assert.match(fixed, /"smartHosts": \[\s*"mbxserver01\.contoso\.com"\s*\]/);
  });

  it('offers no fix for an unknown host, a server without a dotted FQDN, or an Edge FQDN that reaches the internet adapter', () => {
    assert.deepEqual(rangeTexts(toEdge('172.16.9.9'), CODE), ['"172.16.9.9"']);
    assert.deepEqual(fixesOf(toEdge('172.16.9.9')), []);
    assert.deepEqual(
      fixesOf(withValue(toOrg('192.168.5.10'), ['servers', 1, 'fqdn'], 'mbxserver01')),
      [],
    );
    const external = withValue(
      toEdge('10.1.1.2'),
      ['servers', 0, 'adapters', 0, 'dnsNames'],
      ['edge01.contoso.net'],
    );
    assert.deepEqual(rangeTexts(external, CODE), ['"10.1.1.2"']);
    assert.deepEqual(fixesOf(external), []);
  });

  it('accepts FQDNs, other mechanisms, TLS levels without Basic, and --', () => {
    assert.deepEqual(findingsOf(base, CODE), []);
    for (const mechanism of ['BasicAuth', 'ExternalAuthoritative', 'None']) {
      assert.deepEqual(
        findingsOf(
          withValue(toEdge('10.1.1.2'), [...TO_EDGE, 'smartHostAuthMechanism'], mechanism),
          CODE,
        ),
        [],
        mechanism,
      );
    }
    let tls = withValue(toEdge('10.1.1.2'), [...TO_EDGE, 'smartHostAuthMechanism'], undefined);
    tls = withValue(tls, [...TO_EDGE, 'requireTLS'], true);
    tls = withValue(tls, [...TO_EDGE, 'tlsAuthLevel'], 'CertificateValidation');
    assert.deepEqual(findingsOf(tls, CODE), []);
    assert.deepEqual(findingsOf(toOrg('--'), CODE), []);
    assert.deepEqual(findingsOf(toEdge('EDGE01.CONTOSO.NET'), CODE), []);
  });
});
