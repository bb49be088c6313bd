import * as path from 'node:path';
import * as vscode from 'vscode';
import { ExecuteCommandRequest, type LanguageClient } from 'vscode-languageclient/node';
import { withoutSchemaLine } from '../../server/src/core/text/schemaLine';
import {
  GENERATE_SCRIPTS_COMMAND,
  GENERATE_VERIFICATION_COMMAND,
  SAVE_EXPORT_SCRIPT_COMMAND,
  type GenerateOptions,
  type GenerateResult,
} from '../../server/src/languageServer/generateProtocol';

/**
 * The palette commands. Generation runs in the language server
 * (`workspace/executeCommand`, see generateProtocol.ts); the client resolves
 * the output folder setting, checks workspace trust, and opens what was written.
 */

const TOPOLOGY_SUFFIX = '.edgeflow.json';
const TEMPLATE = 'examples/contoso.edgeflow.json';
const NEW_FILE_NAME = 'topology';

export function registerCommands(
  context: vscode.ExtensionContext,
  client: () => LanguageClient | undefined,
): void {
  context.subscriptions.push(
    vscode.commands.registerCommand('edgeflow.generateScripts', (resource?: unknown) =>
      generate(client(), GENERATE_SCRIPTS_COMMAND, resource),
    ),
    vscode.commands.registerCommand('edgeflow.generateVerification', (resource?: unknown) =>
      generate(client(), GENERATE_VERIFICATION_COMMAND, resource),
    ),
    vscode.commands.registerCommand('edgeflow.newTopology', () => newTopology(context)),
    vscode.commands.registerCommand('edgeflow.saveExportScript', (target?: unknown) =>
      saveExportScript(client(), target),
    ),
  );
}

const EXPORT_SCRIPT_NAME = 'edgeflow-export.ps1';

/**
 * "Save Export Script…": asks where (a save dialog, unless a caller passes
 * the target `Uri`), then lets the language server write the script, as
 * `edgeflow export-script --out` does, and opens it. Writes a file, so only
 * in a trusted workspace.
 */
async function saveExportScript(
  client: LanguageClient | undefined,
  target: unknown,
): Promise<GenerateResult | undefined> {
  if (!vscode.workspace.isTrusted) {
    void vscode.window.showWarningMessage(
      'EdgeFlow saves the export script only in a trusted workspace: trust this folder first.',
    );
    return undefined;
  }
  if (!client?.isRunning()) {
    void vscode.window.showErrorMessage(
      'EdgeFlow: the language server is not running; see the EdgeFlow output.',
    );
    return undefined;
  }
  const active = vscode.window.activeTextEditor?.document.uri;
  const folder =
    (active && vscode.workspace.getWorkspaceFolder(active)?.uri) ??
    vscode.workspace.workspaceFolders?.[0]?.uri;
  const uri =
    target instanceof vscode.Uri
      ? target
      : await vscode.window.showSaveDialog({
          title: 'Save the EdgeFlow export script',
          saveLabel: 'Save Export Script',
          defaultUri: folder && vscode.Uri.joinPath(folder, EXPORT_SCRIPT_NAME),
          filters: { PowerShell: ['ps1'] },
        });
  if (!uri) return undefined;
  if (uri.scheme !== 'file') {
    void vscode.window.showErrorMessage('EdgeFlow saves the export script only to a file on disk.');
    return undefined;
  }
  let result: GenerateResult | null;
  try {
    result = (await client.sendRequest(ExecuteCommandRequest.type, {
      command: SAVE_EXPORT_SCRIPT_COMMAND,
      arguments: [client.code2ProtocolConverter.asUri(uri)],
    })) as GenerateResult | null;
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    void vscode.window.showErrorMessage(`EdgeFlow: saving the export script failed: ${reason}`);
    return undefined;
  }
  if (result?.ok) {
    await vscode.window.showTextDocument(uri, { preview: false });
    void vscode.window.showInformationMessage(
      `EdgeFlow saved ${vscode.workspace.asRelativePath(uri)}: run it in the Exchange Management Shell on each Edge and on one Mailbox server; it writes one <server>.edgeflow-export.json each.`,
    );
  }
  return result ?? undefined;
}

/**
 * Generates for `resource` (the editor context menu passes it) or the active
 * editor's topology. Resolves with the server's result, or undefined when
 * nothing was asked of the server; the server has already shown any refusal.
 */
async function generate(
  client: LanguageClient | undefined,
  command: string,
  resource: unknown,
): Promise<GenerateResult | undefined> {
  if (!vscode.workspace.isTrusted) {
    void vscode.window.showWarningMessage(
      'EdgeFlow generates scripts only in a trusted workspace: trust this folder first.',
    );
    return undefined;
  }
  const uri =
    resource instanceof vscode.Uri ? resource : vscode.window.activeTextEditor?.document.uri;
  if (!uri || !isTopology(uri)) {
    void vscode.window.showErrorMessage(
      `EdgeFlow: open a *${TOPOLOGY_SUFFIX} topology first, then generate its scripts.`,
    );
    return undefined;
  }
  if (uri.scheme !== 'file') {
    void vscode.window.showErrorMessage(
      uri.scheme === 'untitled'
        ? `EdgeFlow: save the topology as a *${TOPOLOGY_SUFFIX} file first; the scripts are written beside it.`
        : 'EdgeFlow generates scripts only for topology files on disk.',
    );
    return undefined;
  }
  if (!client?.isRunning()) {
    void vscode.window.showErrorMessage(
      'EdgeFlow: the language server is not running; see the EdgeFlow output.',
    );
    return undefined;
  }
  const options: GenerateOptions = { outDir: outputFolderFor(uri) };
  let result: GenerateResult | null;
  try {
    result = (await client.sendRequest(ExecuteCommandRequest.type, {
      command,
      arguments: [client.code2ProtocolConverter.asUri(uri), options],
    })) as GenerateResult | null;
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    void vscode.window.showErrorMessage(`EdgeFlow: generation failed: ${reason}`);
    return undefined;
  }
  if (!result) {
    void vscode.window.showErrorMessage(
      'EdgeFlow: generation failed inside the language server; see the EdgeFlow output.',
    );
    return undefined;
  }
  if (result.ok) await showWritten(result);
  return result;
}

function isTopology(uri: vscode.Uri): boolean {
  const document = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
  return document?.languageId === 'edgeflow' || uri.path.endsWith(TOPOLOGY_SUFFIX);
}

/**
 * `edgeflow.outputFolder`: empty leaves the choice to the server (the
 * `outputFolder` of the topology's edgeflow.config.json, else beside the
 * topology); a relative folder is relative to the topology's workspace folder
 * (or, outside any, to the topology's own folder).
 */
function outputFolderFor(uri: vscode.Uri): string | undefined {
  const setting = vscode.workspace
    .getConfiguration('edgeflow', uri)
    .get<string>('outputFolder', '')
    .trim();
  if (setting === '') return undefined;
  if (path.isAbsolute(setting)) return path.normalize(setting);
  const folder = vscode.workspace.getWorkspaceFolder(uri);
  const base = folder?.uri.scheme === 'file' ? folder.uri.fsPath : path.dirname(uri.fsPath);
  return path.resolve(base, setting);
}

/** Opens the first script and says where they all are; "Open All" opens the rest. */
async function showWritten(result: Extract<GenerateResult, { ok: true }>): Promise<void> {
  const [first] = result.files;
  if (!first) return;
  await vscode.window.showTextDocument(vscode.Uri.file(first.path), { preview: false });
  const changed = result.files.filter((file) => file.state !== 'unchanged').length;
  const where = vscode.workspace.asRelativePath(result.outDir);
  const names = result.files.map((file) => path.basename(file.path)).join(', ');
  const message =
    changed === 0
      ? `EdgeFlow: the scripts in ${where} are up to date: ${names}.`
      : `EdgeFlow wrote ${changed} of ${result.files.length} scripts to ${where}: ${names}.`;
  // Not awaited: the command is done once the scripts are written and shown.
  void vscode.window.showInformationMessage(message, 'Open All').then(async (choice) => {
    if (choice !== 'Open All') return;
    for (const file of result.files) {
      await vscode.window.showTextDocument(vscode.Uri.file(file.path), { preview: false });
    }
  });
}

/**
 * A new, unsaved topology from the bundled reference design (without its
 * `$schema` line, a path inside the extension). In a workspace folder it is
 * an untitled document that will be saved as `topology.edgeflow.json` there
 * (or `topology-2…`), so it keeps its language when saved; elsewhere a plain
 * untitled EdgeFlow document.
 */
async function newTopology(context: vscode.ExtensionContext): Promise<vscode.TextEditor> {
  const bytes = await vscode.workspace.fs.readFile(
    vscode.Uri.joinPath(context.extensionUri, TEMPLATE),
  );
  const content = withoutSchemaLine(new TextDecoder('utf-8').decode(bytes));
  const target = await freeTopologyName();
  let document: vscode.TextDocument;
  if (target) {
    document = await vscode.workspace.openTextDocument(target.with({ scheme: 'untitled' }));
    const edit = new vscode.WorkspaceEdit();
    edit.insert(document.uri, new vscode.Position(0, 0), content);
    await vscode.workspace.applyEdit(edit);
  } else {
    document = await vscode.workspace.openTextDocument({ language: 'edgeflow', content });
  }
  if (document.languageId !== 'edgeflow') {
    document = await vscode.languages.setTextDocumentLanguage(document, 'edgeflow');
  }
  return vscode.window.showTextDocument(document);
}

/** `topology.edgeflow.json` in the current workspace folder, numbered past existing files and open documents. */
async function freeTopologyName(): Promise<vscode.Uri | undefined> {
  const active = vscode.window.activeTextEditor?.document.uri;
  const folder =
    (active && vscode.workspace.getWorkspaceFolder(active)) ??
    vscode.workspace.workspaceFolders?.[0];
  if (!folder || folder.uri.scheme !== 'file') return undefined;
  const open = new Set(vscode.workspace.textDocuments.map((d) => d.uri.path));
  for (let n = 1; n < 100; n++) {
    const name = `${NEW_FILE_NAME}${n === 1 ? '' : `-${n}`}${TOPOLOGY_SUFFIX}`;
    const candidate = vscode.Uri.joinPath(folder.uri, name);
    if (!open.has(candidate.path) && !(await exists(candidate))) return candidate;
  }
  return undefined;
}

async function exists(uri: vscode.Uri): Promise<boolean> {
  try {
    await vscode.workspace.fs.stat(uri);
    return true;
  } catch {
    return false;
  }
}
