import * as vscode from 'vscode';
import { ExecuteCommandRequest, type LanguageClient } from 'vscode-languageclient/node';
import {
  DRIFT_CLEAR_COMMAND,
  DRIFT_COMPARE_COMMAND,
  type DriftCompareResponse,
} from '../../server/src/languageServer/driftProtocol';

/**
 * "EdgeFlow: Compare with Servers": asks for the export files (or the
 * verification scripts' -Json output) and hands their URIs to the server,
 * which reads them and makes the drift part of the topology's diagnostics,
 * with their quick fixes, until "EdgeFlow: Clear Server Comparison" or the
 * document closes (driftProtocol.ts). A thin client: no comparison here.
 */
export function registerCompareWithServers(
  context: vscode.ExtensionContext,
  client: () => LanguageClient | undefined,
): void {
  context.subscriptions.push(
    vscode.commands.registerCommand('edgeflow.compareWithServers', (files?: unknown) =>
      compare(client(), files),
    ),
    vscode.commands.registerCommand('edgeflow.clearServerComparison', () => clear(client())),
  );
}

function activeTopology(): vscode.Uri | undefined {
  const document = vscode.window.activeTextEditor?.document;
  return document?.languageId === 'edgeflow' ? document.uri : undefined;
}

function running(client: LanguageClient | undefined): client is LanguageClient {
  if (client?.isRunning()) return true;
  void vscode.window.showErrorMessage(
    'EdgeFlow: the language server is not running; see the EdgeFlow output.',
  );
  return false;
}

/** `files`: URIs given by a test or another extension; the user is asked otherwise. */
async function compare(
  client: LanguageClient | undefined,
  files: unknown,
): Promise<DriftCompareResponse | undefined> {
  const topology = activeTopology();
  if (!topology) {
    void vscode.window.showErrorMessage('EdgeFlow: open a *.edgeflow.json topology first.');
    return undefined;
  }
  const chosen =
    Array.isArray(files) && files.every((f) => f instanceof vscode.Uri)
      ? (files as vscode.Uri[])
      : await vscode.window.showOpenDialog({
          canSelectMany: true,
          openLabel: 'Compare',
          title: 'The export files of the servers (or the verification scripts’ -Json output)',
          filters: { 'Export or verification JSON': ['json'] },
        });
  if (!chosen || chosen.length === 0 || !running(client)) return undefined;
  let response: DriftCompareResponse | null;
  try {
    response = (await client.sendRequest(ExecuteCommandRequest.type, {
      command: DRIFT_COMPARE_COMMAND,
      arguments: [
        client.code2ProtocolConverter.asUri(topology),
        chosen.map((uri) => client.code2ProtocolConverter.asUri(uri)),
      ],
    })) as DriftCompareResponse | null;
  } catch (error) {
    void vscode.window.showErrorMessage(
      `EdgeFlow: ${error instanceof Error ? error.message : String(error)}`,
    );
    return undefined;
  }
  if (!response) return undefined;
  if (!response.ok) {
    void vscode.window.showErrorMessage(`EdgeFlow: ${response.problem}`);
    return response;
  }
  const parts = [
    response.differences === 0
      ? 'The servers match the topology.'
      : `${response.differences} difference${response.differences === 1 ? '' : 's'} with the servers, shown as problems in the topology.`,
    response.notCompared.length > 0 ? `Not compared: ${response.notCompared.join(', ')}.` : '',
    response.unmatched.length > 0
      ? `${response.unmatched.length} other failed check${response.unmatched.length === 1 ? '' : 's'} in the verification output.`
      : '',
  ].filter((p) => p !== '');
  void vscode.window.showInformationMessage(`EdgeFlow: ${parts.join(' ')}`);
  return response;
}

async function clear(client: LanguageClient | undefined): Promise<void> {
  const topology = activeTopology();
  if (!topology || !running(client)) return;
  await client.sendRequest(ExecuteCommandRequest.type, {
    command: DRIFT_CLEAR_COMMAND,
    arguments: [client.code2ProtocolConverter.asUri(topology)],
  });
}
