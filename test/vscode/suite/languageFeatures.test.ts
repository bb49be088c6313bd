import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import {
  codesOf,
  copyWorkspaceFile,
  openTopology,
  positionOf,
  waitFor,
  waitForDiagnostics,
  workspaceFile,
} from './support';

function labelOf(item: vscode.CompletionItem): string {
  return typeof item.label === 'string' ? item.label : item.label.label;
}

function hoverText(hovers: readonly vscode.Hover[]): string {
  return hovers
    .flatMap((hover) => hover.contents)
    .map((content) => (typeof content === 'string' ? content : content.value))
    .join('\n');
}

function symbolNames(
  symbols: readonly (vscode.DocumentSymbol | vscode.SymbolInformation)[],
): string[] {
  return symbols.flatMap((symbol) => [
    symbol.name,
    ...('children' in symbol ? symbolNames(symbol.children) : []),
  ]);
}

/** Replaces the one occurrence of `search` in the document through a workspace edit. */
async function replaceInDocument(
  document: vscode.TextDocument,
  search: string,
  replacement: string,
) {
  const text = document.getText();
  const offset = text.indexOf(search);
  assert.ok(offset >= 0 && text.indexOf(search, offset + 1) < 0, `'${search}' occurs once`);
  const edit = new vscode.WorkspaceEdit();
  edit.replace(
    document.uri,
    new vscode.Range(document.positionAt(offset), document.positionAt(offset + search.length)),
    replacement,
  );
  assert.equal(await vscode.workspace.applyEdit(edit), true);
}

describe('language features', () => {
  it('pops completion up inside strings, where names are completed, as JSON does', () => {
    const quickSuggestions = vscode.workspace
      .getConfiguration('editor', { languageId: 'edgeflow' })
      .get<Record<string, unknown>>('quickSuggestions');
    assert.ok(
      quickSuggestions?.['strings'] === 'on' || quickSuggestions?.['strings'] === true,
      JSON.stringify(quickSuggestions),
    );
  });

  it('completes sourceTransportServers with the Mailbox servers only', async () => {
    const uri = await copyWorkspaceFile('contoso.edgeflow.json', 'completion.edgeflow.json');
    const { document } = await openTopology(uri);
    await replaceInDocument(
      document,
      '"sourceTransportServers": ["MBX01", "MBX02"]',
      '"sourceTransportServers": [""]',
    );
    const position = positionOf(
      document,
      '"sourceTransportServers": [""]',
      '"sourceTransportServers": ["'.length,
    );

    // The first request may reach the server before it has seen the edit; ask until it answers names.
    const labels = await waitFor('completion items naming servers', async () => {
      const list = await vscode.commands.executeCommand<vscode.CompletionList>(
        'vscode.executeCompletionItemProvider',
        uri,
        position,
      );
      const found = list.items.map(labelOf);
      return found.some((label) => label.includes('MBX01')) ? found : undefined;
    });
    assert.ok(
      labels.some((label) => label.includes('MBX01')),
      JSON.stringify(labels),
    );
    assert.ok(
      labels.some((label) => label.includes('MBX02')),
      JSON.stringify(labels),
    );
    assert.equal(
      labels.some((label) => label.includes('EDGE01')),
      false,
      `no Edge server among ${JSON.stringify(labels)}`,
    );
  });

  it('explains smartHostAuthMechanism on hover, with its cmdlet parameter', async () => {
    const uri = workspaceFile('contoso.edgeflow.json');
    const { document } = await openTopology(uri);
    const position = positionOf(document, '"smartHostAuthMechanism"', 3);
    const text = await waitFor('a hover on smartHostAuthMechanism', async () => {
      const hovers = await vscode.commands.executeCommand<vscode.Hover[]>(
        'vscode.executeHoverProvider',
        uri,
        position,
      );
      const value = hoverText(hovers);
      return value.length > 0 ? value : undefined;
    });
    assert.match(text, /SmartHostAuthMechanism/);
  });

  it('goes from a server reference to its definition', async () => {
    const uri = workspaceFile('contoso.edgeflow.json');
    const { document } = await openTopology(uri);
    const position = positionOf(
      document,
      '"sourceTransportServers": ["MBX01"',
      '"sourceTransportServers": ["'.length + 1,
    );
    const locations = await vscode.commands.executeCommand<
      (vscode.Location | vscode.LocationLink)[]
    >('vscode.executeDefinitionProvider', uri, position);
    assert.equal(locations.length, 1, JSON.stringify(locations));
    const location = locations[0];
    assert.ok(location);
    const range =
      'targetRange' in location
        ? (location.targetSelectionRange ?? location.targetRange)
        : location.range;
    assert.match(document.lineAt(range.start.line).text, /"name": "MBX01", "role": "Mailbox"/);
  });

  it('renames EDGE01 everywhere, and the design stays free of errors', async () => {
    const uri = await copyWorkspaceFile('contoso.edgeflow.json', 'rename.edgeflow.json');
    const { document } = await openTopology(uri);
    const before = (document.getText().match(/"EDGE01"/g) ?? []).length;
    assert.ok(before > 1, 'EDGE01 is referenced');
    const edit = await vscode.commands.executeCommand<vscode.WorkspaceEdit>(
      'vscode.executeDocumentRenameProvider',
      uri,
      positionOf(document, '"EDGE01"', 1),
      'EDGE02',
    );
    assert.ok(edit, 'the rename provider answers');
    assert.equal(await vscode.workspace.applyEdit(edit), true);
    const after = document.getText();
    assert.equal((after.match(/"EDGE02"/g) ?? []).length, before);
    assert.equal((after.match(/"EDGE01"/g) ?? []).length, 0);
    await waitForDiagnostics(
      uri,
      'the analysis of the renamed design',
      (all) =>
        codesOf(all).join() === 'self-signed-certificate' &&
        all[0]?.message.includes('EDGE02') === true,
    );
  });

  it('outlines servers and connectors by name', async () => {
    const uri = workspaceFile('contoso.edgeflow.json');
    await openTopology(uri);
    const names = await waitFor('document symbols', async () => {
      const symbols = await vscode.commands.executeCommand<
        (vscode.DocumentSymbol | vscode.SymbolInformation)[] | undefined
      >('vscode.executeDocumentSymbolProvider', uri);
      return symbols && symbols.length > 0 ? symbolNames(symbols) : undefined;
    });
    for (const name of [
      'EDGE01',
      'MBX01',
      'MBX02',
      'EdgeToOrg',
      'OrgToEdge',
      'To Internet',
      'To Internal Org',
      'To Edge',
      'From Internet',
      'From Internal Org',
    ]) {
      assert.ok(names.includes(name), `${name} in ${JSON.stringify(names)}`);
    }
  });
});
