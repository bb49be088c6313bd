import * as assert from 'node:assert/strict';
import type {
  CompletionItem,
  CompletionList,
  MarkupContent,
  Position,
  TextEdit,
} from 'vscode-languageserver/node';
import { analyze } from '../../server/src/core/index';
import { referenceTopology } from '../support/repo';
import { applyTextEdits, LspClient } from './client';
import { replaceOnce } from './topologies';

describe('language server: completion', () => {
  let client: LspClient;
  let counter = 0;

  before(async () => {
    client = await LspClient.start();
  });

  after(async () => {
    const failures = client?.loggedFailures() ?? [];
    await client?.stop();
    assert.deepEqual(failures, [], 'no handler failed');
  });

  /**
   * Opens the reference with `search` replaced by `replacement`, in which `|`
   * marks the cursor, and asks for completion there.
   */
  async function completeAt(search: string, replacement: string) {
    const marked = replaceOnce(referenceTopology(), search, replacement);
    const offset = marked.indexOf('|');
    const text = marked.slice(0, offset) + marked.slice(offset + 1);
    const uri = `file:///work/completion/t${++counter}.edgeflow.json`;
    const document = await client.open(uri, text);
    const position: Position = document.positionAt(offset);
    const result = await client.request<CompletionList | CompletionItem[] | null>(
      'textDocument/completion',
      { textDocument: { uri }, position },
    );
    const items = Array.isArray(result) ? result : (result?.items ?? []);
    return { uri, text, offset, position, items, labels: items.map((i) => i.label) };
  }

  function textEdit(item: CompletionItem | undefined): TextEdit {
    assert.ok(item, 'the item exists');
    const edit = item.textEdit;
    assert.ok(edit && 'range' in edit, 'a text edit with a range');
    return edit;
  }

  it('offers the schema keys of a send connector, with their documentation, inside an empty ""', async () => {
    const { labels, items } = await completeAt(
      '"dnsRoutingEnabled": true\n',
      '"dnsRoutingEnabled": true,\n      "|"\n',
    );
    for (const key of ['smartHosts', 'smartHostAuthMechanism', 'requireTLS', 'tlsAuthLevel']) {
      assert.ok(labels.includes(key), `${key} in ${JSON.stringify(labels)}`);
    }
    assert.equal(labels.includes('usage'), false, 'keys already present are not offered');
    const mechanism = items.find((i) => i.label === 'smartHostAuthMechanism');
    const documentation = mechanism?.documentation as MarkupContent | string | undefined;
    const text = typeof documentation === 'string' ? documentation : (documentation?.value ?? '');
    assert.match(text, /-SmartHostAuthMechanism/);
  });

  it('offers enum values from the schema', async () => {
    const { labels } = await completeAt(
      '"smartHostAuthMechanism": "BasicAuthRequireTLS",\n      "authenticationCredential": "EdgeToOrg"',
      '"smartHostAuthMechanism": "|",\n      "authenticationCredential": "EdgeToOrg"',
    );
    for (const value of ['None', 'BasicAuth', 'BasicAuthRequireTLS', 'ExternalAuthoritative']) {
      assert.ok(
        labels.some((l) => l.includes(value)),
        `${value} in ${JSON.stringify(labels)}`,
      );
    }
  });

  it('offers only Edge servers for the server of a send connector', async () => {
    const { labels, items, text, offset } = await completeAt(
      '"name": "To Internet",\n      "server": "EDGE01",',
      '"name": "To Internet",\n      "server": "|",',
    );
    assert.deepEqual(labels, ['EDGE01']);
    const edit = textEdit(items[0]);
    assert.equal(edit.newText, 'EDGE01');
    assert.deepEqual(edit.range.start, edit.range.end, 'the empty content of ""');
    assert.equal(
      client
        .document(`file:///work/completion/t${counter}.edgeflow.json`)
        .offsetAt(edit.range.start),
      offset,
    );
    assert.ok(text.includes('"server": "",'));
  });

  it('offers every server, with its role, for the server of a receive connector', async () => {
    const { items } = await completeAt(
      '"name": "From Internet",\n      "server": "EDGE01",',
      '"name": "From Internet",\n      "server": "|",',
    );
    assert.deepEqual(
      items.map((i) => [i.label, i.detail?.split(' · ')[0]]),
      [
        ['EDGE01', 'Edge'],
        ['MBX01', 'Mailbox'],
        ['MBX02', 'Mailbox'],
      ],
    );
  });

  it('replaces the whole content of a partly typed name', async () => {
    const { items, uri } = await completeAt(
      '"name": "From Internet",\n      "server": "EDGE01",',
      '"name": "From Internet",\n      "server": "MB|x",',
    );
    const edit = textEdit(items.find((i) => i.label === 'MBX02'));
    assert.equal(client.document(uri).getText(edit.range), 'MBx');
    assert.match(applyTextEdits(client.text(uri), [edit]), /"server": "MBX02",/);
  });

  it('offers only Mailbox servers in sourceTransportServers, right after [', async () => {
    const { items, labels, uri } = await completeAt(
      '"sourceTransportServers": ["MBX01", "MBX02"]',
      '"sourceTransportServers": [|]',
    );
    assert.deepEqual(labels, ['MBX01', 'MBX02']);
    const edit = textEdit(items[0]);
    assert.equal(edit.newText, '"MBX01"');
    const completed = applyTextEdits(client.text(uri), [edit]);
    assert.match(completed, /"sourceTransportServers": \["MBX01"\]/);
    assert.deepEqual(
      analyze(completed).findings.filter((f) => f.code === 'json-syntax'),
      [],
    );
  });

  it('offers the Mailbox servers not yet listed inside an empty "" of sourceTransportServers', async () => {
    const { items, labels } = await completeAt(
      '"sourceTransportServers": ["MBX01", "MBX02"]',
      '"sourceTransportServers": ["MBX01", "|"]',
    );
    assert.deepEqual(labels, ['MBX02']);
    assert.equal(textEdit(items[0]).newText, 'MBX02');
  });

  it('offers the credentials, with scope and user name, for authenticationCredential', async () => {
    const { items } = await completeAt(
      '"authenticationCredential": "OrgToEdge"',
      '"authenticationCredential": "|"',
    );
    assert.deepEqual(
      items.map((i) => i.label),
      ['EdgeToOrg', 'OrgToEdge'],
    );
    assert.match(items[1]?.detail ?? '', /edgeLocal/);
    assert.match(items[1]?.detail ?? '', /EDGE01\\mbxrelay/);
  });

  it('offers the Edge servers for a credential server', async () => {
    const { labels } = await completeAt(
      '"scope": "edgeLocal", "server": "EDGE01"',
      '"scope": "edgeLocal", "server": "|"',
    );
    assert.deepEqual(labels, ['EDGE01']);
  });

  it("offers the connector's server adapter addresses with :25 for bindings", async () => {
    const { labels } = await completeAt('"bindings": ["10.1.1.2:25"]', '"bindings": ["|"]');
    assert.deepEqual(labels, ['10.1.1.1:25', '10.1.1.2:25', '0.0.0.0:25']);
  });

  it('writes IPv6 adapter addresses in brackets for bindings', async () => {
    const marked = replaceOnce(
      referenceTopology(),
      '"ipAddresses": ["10.1.1.2"]',
      '"ipAddresses": ["10.1.1.2", "fd00::2"]',
    );
    const text = replaceOnce(marked, '"bindings": ["10.1.1.2:25"]', '"bindings": [""]');
    const uri = `file:///work/completion/t${++counter}.edgeflow.json`;
    const document = await client.open(uri, text);
    const offset = text.indexOf('"bindings": [""]') + '"bindings": ["'.length;
    const result = await client.request<CompletionList>('textDocument/completion', {
      textDocument: { uri },
      position: document.positionAt(offset),
    });
    const labels = result.items.map((i) => i.label);
    assert.ok(labels.includes('[fd00::2]:25'), JSON.stringify(labels));
    assert.ok(labels.includes('[::]:25'));
  });

  it('offers the Mailbox addresses for remoteIPRanges', async () => {
    const { labels } = await completeAt(
      '"remoteIPRanges": ["192.168.5.10", "192.168.5.20"]',
      '"remoteIPRanges": ["192.168.5.10", |]',
    );
    assert.deepEqual(labels, ['192.168.5.20']);
  });

  it('offers Mailbox FQDNs as smart hosts of an Edge connector, Edge FQDNs on an organization connector', async () => {
    const onEdge = await completeAt(
      '"smartHosts": ["mbxserver01.contoso.com", "mbxserver02.contoso.com"]',
      '"smartHosts": [|]',
    );
    assert.deepEqual(onEdge.labels, ['mbxserver01.contoso.com', 'mbxserver02.contoso.com']);
    const toEdge = await completeAt('"smartHosts": ["edge01.contoso.net"]', '"smartHosts": ["|"]');
    assert.deepEqual(toEdge.labels, ['edge01.contoso.net']);
  });

  it('adds a comma when a property follows the inserted value', async () => {
    const { items, uri } = await completeAt(
      '"name": "To Internet",\n      "server": "EDGE01",',
      '"name": "To Internet",\n      "server": |\n',
    );
    const edit = textEdit(items[0]);
    assert.equal(edit.newText, '"EDGE01",');
    assert.deepEqual(
      analyze(applyTextEdits(client.text(uri), [edit])).findings.filter(
        (f) => f.severity === 'error',
      ),
      [],
    );
  });
});
