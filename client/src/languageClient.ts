import * as vscode from 'vscode';
import {
  TransportKind,
  type LanguageClient,
  type LanguageClientOptions,
  type ServerOptions,
} from 'vscode-languageclient/node';
import { LogChannelLanguageClient } from './logClient';

/**
 * The client id is also the settings prefix: vscode-languageclient reads the
 * trace level from `edgeflow.trace.server`.
 */
const CLIENT_ID = 'edgeflow';
export const CLIENT_NAME = 'EdgeFlow';

/**
 * Starts the bundled language server (`dist/server.js`) as a Node child
 * process over IPC. Resolves with the client even when the server fails to
 * start (vscode-languageclient then shows and logs why): analysis is
 * unavailable, but the extension stays active.
 */
export async function startLanguageClient(
  context: vscode.ExtensionContext,
  outputChannel: vscode.LogOutputChannel,
  started: (client: LanguageClient) => void,
): Promise<LanguageClient> {
  const module = context.asAbsolutePath('dist/server.js');
  const serverOptions: ServerOptions = {
    run: { module, transport: TransportKind.ipc },
    debug: {
      module,
      transport: TransportKind.ipc,
      options: { execArgv: ['--nolazy', '--inspect=6009'] },
    },
  };
  const clientOptions: LanguageClientOptions = {
    documentSelector: [{ language: 'edgeflow' }, { pattern: '**/*.edgeflow.json' }],
    initializationOptions: {
      // Diagnostics link to their rule's section in the bundled documentation.
      rulesDocumentationUri: vscode.Uri.joinPath(context.extensionUri, 'RULES.md').toString(),
    },
    synchronize: { configurationSection: 'edgeflow' },
    outputChannel,
  };
  const client = new LogChannelLanguageClient(CLIENT_ID, CLIENT_NAME, serverOptions, {
    ...clientOptions,
    outputChannel,
  });
  // Before start: the status item follows the client from "starting" on.
  started(client);
  try {
    await client.start();
  } catch {
    // The client has already shown the failure and logged it in the output channel.
  }
  return client;
}
