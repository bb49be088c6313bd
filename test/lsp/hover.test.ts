import * as assert from 'node:assert/strict';
import type { Hover, MarkupContent, MarkedString } from 'vscode-languageserver/node';
import { referenceTopology } from '../support/repo';
import { LspClient } from './client';

const URI = 'file:///work/hover/contoso.edgeflow.json';

function hoverText(hover: Hover | null): string {
  assert.ok(hover, 'a hover');
  const contents = hover.contents;
  const part = (p: MarkedString) => (typeof p === 'string' ? p : p.value);
  if (Array.isArray(contents)) return contents.map(part).join('\n');
  if (typeof contents === 'object' && 'kind' in contents) return (contents as MarkupContent).value;
  return part(contents);
}

describe('language server: hover', () => {
  let client: LspClient;

  before(async () => {
    client = await LspClient.start();
    await client.open(URI, referenceTopology());
  });

  after(async () => {
    const failures = client?.loggedFailures() ?? [];
    await client?.stop();
    assert.deepEqual(failures, [], 'no handler failed');
  });

  const hoverAt = async (needle: string, delta = 1, occurrence = 0) =>
    client.request<Hover | null>('textDocument/hover', {
      textDocument: { uri: URI },
      position: client.positionOf(URI, needle, delta, occurrence),
    });

  it('names the Exchange parameter of a key exactly, with its default and the cmdlet reference', async () => {
    const text = hoverText(await hoverAt('"smartHostAuthMechanism"'));
    assert.match(text, /-SmartHostAuthMechanism\b/);
    assert.match(text, /Default: None/);
    assert.match(
      text,
      /https:\/\/learn\.microsoft\.com\/powershell\/module\/exchangepowershell\/new-sendconnector/,
    );
  });

  it('explains dnsRoutingEnabled as DNSRoutingEnabled', async () => {
    assert.match(hoverText(await hoverAt('"dnsRoutingEnabled"')), /-DNSRoutingEnabled\b/);
  });

  it('describes an enum value', async () => {
    const text = hoverText(await hoverAt('"BasicAuthRequireTLS"'));
    assert.match(text, /`BasicAuthRequireTLS`: Basic authentication after STARTTLS/);
  });

  it('describes a key on a receive connector and on a server', async () => {
    assert.match(hoverText(await hoverAt('"remoteIPRanges"')), /-RemoteIPRanges\b/);
    assert.match(hoverText(await hoverAt('"fqdn"')), /\S/);
  });

  it('tells what a referenced server is and where it is used', async () => {
    const hover = await hoverAt('"EDGE01"', 3, 2);
    const text = hoverText(hover);
    assert.match(text, /\*\*EDGE01\*\*: Edge Transport server/);
    assert.match(text, /edge01\.contoso\.net/);
    assert.match(text, /External \(internet\) `10\.1\.1\.1`/);
    assert.match(text, /send connector 'To Internet' \(server\)/);
    assert.match(text, /receive connector 'From Internal Org' \(server\)/);
    assert.match(text, /credential 'OrgToEdge' \(server\)/);
    assert.match(text, /send connector 'To Edge' \(smartHosts `edge01\.contoso\.net`\)/);
    assert.deepEqual(hover?.range?.start, client.positionOf(URI, '"EDGE01"', 0, 2));
  });

  it('tells the same on the definition of a server, with the schema help of the field', async () => {
    const text = hoverText(await hoverAt('"MBX01"', 2, 0));
    assert.match(text, /\*\*MBX01\*\*: Mailbox server/);
    assert.match(text, /`192\.168\.5\.10`/);
    assert.match(text, /send connector 'To Edge' \(sourceTransportServers\)/);
    assert.match(text, /Server name/);
  });

  it('tells what a credential is and which connector uses it', async () => {
    const text = hoverText(await hoverAt('"OrgToEdge"', 2, 1));
    assert.match(text, /\*\*OrgToEdge\*\*: credential/);
    assert.match(text, /user name `EDGE01\\mbxrelay`/);
    assert.match(text, /scope `edgeLocal`/);
    assert.match(text, /send connector 'To Edge' \(authenticationCredential\)/);
  });
});
