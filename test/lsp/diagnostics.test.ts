import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { pathToFileURL } from 'node:url';
import type {
  Diagnostic,
  DocumentDiagnosticReport,
  FullDocumentDiagnosticReport,
} from 'vscode-languageserver/node';
import { referenceTopology, repoPath } from '../support/repo';
import { LspClient, PULL_CAPABILITIES } from './client';
import { replaceOnce, withDnsRoutingOnInternalOrg, withUnknownProperty } from './topologies';

const RULES_DOC = 'file:///extension/RULES.md';

function textAt(client: LspClient, uri: string, diagnostic: Diagnostic): string {
  return client.document(uri).getText(diagnostic.range);
}

describe('language server: pushed diagnostics', () => {
  let client: LspClient;

  before(async () => {
    client = await LspClient.start({ initializationOptions: { rulesDocumentationUri: RULES_DOC } });
  });

  after(async () => {
    const failures = client?.loggedFailures() ?? [];
    await client?.stop();
    assert.deepEqual(failures, [], 'no handler failed');
  });

  it('reports nothing but (at most) the self-signed certificate information on the reference', async () => {
    const uri = 'file:///work/push/contoso.edgeflow.json';
    await client.open(uri, referenceTopology());
    const { diagnostics } = await client.waitForDiagnostics(uri, 1);
    assert.deepEqual(
      diagnostics.filter((d) => d.code !== 'self-signed-certificate'),
      [],
    );
    for (const diagnostic of diagnostics) {
      assert.equal(diagnostic.source, 'edgeflow');
      assert.equal(diagnostic.severity, 3, 'information');
    }
  });

  it('reports a broken variant with its code, range, documentation link, related information and data', async () => {
    const uri = 'file:///work/push/dns.edgeflow.json';
    await client.open(uri, withDnsRoutingOnInternalOrg());
    const { diagnostics } = await client.waitForDiagnostics(uri, 1);
    const found = diagnostics.find((d) => d.code === 'smarthosts-dns-routing');
    assert.ok(found, JSON.stringify(diagnostics));
    assert.equal(found.severity, 1, 'error');
    assert.equal(found.source, 'edgeflow');
    assert.equal(textAt(client, uri, found), 'true');
    assert.equal(found.codeDescription?.href, `${RULES_DOC}#smarthosts-dns-routing`);
    const related = found.relatedInformation?.[0];
    assert.ok(related, 'related information');
    assert.equal(related.location.uri, uri);
    assert.match(client.document(uri).getText(related.location.range), /^\["mbxserver01/);
    assert.deepEqual(Object.keys(found.data as object).sort(), ['end', 'start', 'version']);
    assert.equal((found.data as { version: number }).version, 1);
  });

  it('links a duplicate name to the first one as related information', async () => {
    const uri = 'file:///work/push/duplicate.edgeflow.json';
    const text = replaceOnce(
      referenceTopology(),
      '{ "name": "MBX02", "role": "Mailbox"',
      '{ "name": "mbx01", "role": "Mailbox"',
    );
    await client.open(uri, text);
    const { diagnostics } = await client.waitForDiagnostics(uri, 1);
    const found = diagnostics.find((d) => d.code === 'duplicate-name');
    assert.ok(found, JSON.stringify(diagnostics));
    assert.equal(textAt(client, uri, found), '"mbx01"');
    const related = found.relatedInformation ?? [];
    assert.equal(related.length, 1, JSON.stringify(related));
    assert.equal(related[0]?.location.uri, uri);
    assert.equal(client.document(uri).getText(related[0]?.location.range), '"MBX01"');
    assert.match(related[0]?.message ?? '', /'MBX01' is first defined here/);
  });

  it('reports a JSON syntax error and still analyses what parses', async () => {
    const uri = 'file:///work/push/syntax.edgeflow.json';
    const text = replaceOnce(
      withDnsRoutingOnInternalOrg(),
      '"usage": "Internet",',
      '"usage": "Internet"',
    );
    await client.open(uri, text);
    const { diagnostics } = await client.waitForDiagnostics(uri, 1);
    const codes = diagnostics.map((d) => d.code);
    assert.ok(codes.includes('json-syntax'), JSON.stringify(codes));
    assert.ok(codes.includes('smarthosts-dns-routing'), JSON.stringify(codes));
  });

  it('recomputes on change, publishing only the newest of quick successive versions', async () => {
    const uri = 'file:///work/push/typing.edgeflow.json';
    await client.open(uri, referenceTopology());
    await client.waitForDiagnostics(uri, 1);
    const broken = withDnsRoutingOnInternalOrg();
    await client.change(uri, broken + ' ');
    await client.change(uri, broken + '  ');
    const last = await client.change(uri, broken);
    const { diagnostics } = await client.waitForDiagnostics(uri, last);
    assert.ok(diagnostics.some((d) => d.code === 'smarthosts-dns-routing'));
    const versions = (client.diagnostics.get(uri) ?? []).map((p) => p.version);
    assert.deepEqual(versions, [1, last], 'the intermediate versions were never published');
  });

  it('empties the diagnostics of a closed document', async () => {
    const uri = 'file:///work/push/dns.edgeflow.json';
    await client.close(uri);
    await client.waitFor('empty diagnostics', () =>
      client.diagnostics
        .get(uri)
        ?.find((p) => p.version === undefined && p.diagnostics.length === 0),
    );
  });

  it('analyses a *.edgeflow.json document whatever its language id, and only topologies', async () => {
    const other = 'file:///work/push/package.json';
    await client.open(other, '{ "name": 1, ', 'json');
    const uri = 'file:///work/push/named.edgeflow.json';
    await client.open(uri, withDnsRoutingOnInternalOrg(), 'json');
    const { diagnostics } = await client.waitForDiagnostics(uri, 1);
    assert.ok(diagnostics.some((d) => d.code === 'smarthosts-dns-routing'));
    assert.equal(client.diagnostics.get(other), undefined);
  });

  it('re-validates every open document when the settings change', async () => {
    const uri = 'file:///work/push/settings.edgeflow.json';
    await client.open(uri, withUnknownProperty());
    const before = await client.waitForDiagnostics(uri, 1);
    assert.ok(before.diagnostics.some((d) => d.code === 'schema' && d.severity === 2));
    const count = client.diagnostics.get(uri)?.length ?? 0;
    await client.setSettings({ rules: { schema: 'off' } });
    const after = await client.waitFor(
      'diagnostics with the new settings',
      () => client.diagnostics.get(uri)?.[count],
    );
    assert.equal(after.version, 1);
    assert.deepEqual(
      after.diagnostics.filter((d) => d.code === 'schema'),
      [],
    );
    await client.setSettings({});
  });

  it('gives a document larger than the default limit one clear diagnostic instead of an analysis', async () => {
    const uri = 'file:///work/push/huge.edgeflow.json';
    const huge = referenceTopology() + `\n// ${'x'.repeat(5 * 1024 * 1024)}\n`;
    await client.open(uri, huge);
    const { diagnostics } = await client.waitForDiagnostics(uri, 1);
    assert.equal(diagnostics.length, 1);
    assert.equal(diagnostics[0]?.code, 'file-too-large');
    assert.match(diagnostics[0]?.message ?? '', /limit 5242880 \(setting edgeflow\.maxFileSize\)/);
    await client.close(uri);
  });

  it('honours edgeflow.maxFileSize', async () => {
    const uri = 'file:///work/push/limited.edgeflow.json';
    await client.open(uri, withDnsRoutingOnInternalOrg());
    await client.waitForDiagnostics(uri, 1);
    const count = client.diagnostics.get(uri)?.length ?? 0;
    await client.setSettings({ maxFileSize: 1000 });
    const limited = await client.waitFor(
      'the size diagnostic',
      () => client.diagnostics.get(uri)?.[count],
    );
    assert.deepEqual(
      limited.diagnostics.map((d) => d.code),
      ['file-too-large'],
    );
    assert.match(limited.diagnostics[0]?.message ?? '', /limit 1000/);
    await client.setSettings({});
    await client.close(uri);
  });
});

describe('language server: pulled diagnostics', () => {
  let client: LspClient;
  const uri = 'file:///work/pull/contoso.edgeflow.json';

  before(async () => {
    client = await LspClient.start({
      capabilities: PULL_CAPABILITIES,
      initializationOptions: { rulesDocumentationUri: RULES_DOC },
    });
  });

  after(async () => {
    const failures = client?.loggedFailures() ?? [];
    await client?.stop();
    assert.deepEqual(failures, [], 'no handler failed');
  });

  const pull = (previousResultId?: string) =>
    client.request<DocumentDiagnosticReport>('textDocument/diagnostic', {
      textDocument: { uri },
      ...(previousResultId ? { previousResultId } : {}),
    });

  it('declares a diagnostic provider to a client that pulls', () => {
    assert.deepEqual(client.initializeResult.capabilities.diagnosticProvider, {
      identifier: 'edgeflow',
      interFileDependencies: false,
      workspaceDiagnostics: false,
    });
  });

  it('answers with a full report, then "unchanged" while the version is the same', async () => {
    await client.open(uri, withDnsRoutingOnInternalOrg());
    const first = (await pull()) as FullDocumentDiagnosticReport;
    assert.equal(first.kind, 'full');
    assert.ok(first.resultId);
    const found = first.items.find((d) => d.code === 'smarthosts-dns-routing');
    assert.ok(found, JSON.stringify(first.items));
    assert.equal(found.codeDescription?.href, `${RULES_DOC}#smarthosts-dns-routing`);
    const again = await pull(first.resultId);
    assert.deepEqual(again, { kind: 'unchanged', resultId: first.resultId });

    await client.change(uri, referenceTopology());
    const changed = (await pull(first.resultId)) as FullDocumentDiagnosticReport;
    assert.equal(changed.kind, 'full');
    assert.notEqual(changed.resultId, first.resultId);
    assert.equal(
      changed.items.some((d) => d.code === 'smarthosts-dns-routing'),
      false,
    );
    assert.equal(client.diagnostics.size, 0, 'nothing is pushed to a client that pulls');
  });

  it('asks the client to pull again when the settings change', async () => {
    const before = (await pull()) as FullDocumentDiagnosticReport;
    const refreshes = client.refreshRequests;
    await client.setSettings({ rules: { 'self-signed-certificate': 'off' } });
    await client.waitFor(
      'a diagnostic refresh request',
      () => client.refreshRequests > refreshes || undefined,
    );
    const after = (await pull(before.resultId)) as FullDocumentDiagnosticReport;
    assert.equal(after.kind, 'full', 'the settings are part of the result id');
    assert.deepEqual(
      after.items.filter((d) => d.code === 'self-signed-certificate'),
      [],
    );
  });

  it('answers an empty report for a document that is not open', async () => {
    const report = (await client.request<DocumentDiagnosticReport>('textDocument/diagnostic', {
      textDocument: { uri: 'file:///work/pull/not-open.edgeflow.json' },
    })) as FullDocumentDiagnosticReport;
    assert.deepEqual(report.items, []);
  });
});

// Issue 16: VS Code opens a file link at its top and ignores `#<code>`; it selects `#L<line>`.
describe('language server: a code links to the line of its section in a RULES.md on disk', () => {
  let client: LspClient;
  const rules = repoPath('RULES.md');

  before(async () => {
    client = await LspClient.start({
      initializationOptions: { rulesDocumentationUri: pathToFileURL(rules).href },
    });
  });

  after(async () => {
    await client?.stop();
  });

  it('links smarthosts-dns-routing to the line of its heading', async () => {
    const uri = 'file:///work/lines/dns.edgeflow.json';
    await client.open(uri, withDnsRoutingOnInternalOrg());
    const { diagnostics } = await client.waitForDiagnostics(uri, 1);
    const found = diagnostics.find((d) => d.code === 'smarthosts-dns-routing');
    const href = found?.codeDescription?.href ?? '';
    const line = /#L(\d+)$/.exec(href)?.[1];
    assert.ok(line, href);
    assert.equal(href.slice(0, href.indexOf('#')), pathToFileURL(rules).href);
    const text = fs.readFileSync(rules, 'utf8').split(/\r?\n/);
    assert.equal(text[Number(line) - 1], '## smarthosts-dns-routing');
  });
});
