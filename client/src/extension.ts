import type * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { registerCommands } from './commands';
import { startLanguageClient } from './languageClient';
import { registerTraceMail } from './traceMail';

// The extension is a thin client: the EdgeFlow language server does the work.

let client: LanguageClient | undefined;

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  // Registered first: "New Topology File" works even when the server cannot start.
  registerCommands(context, () => client);
  registerTraceMail(context, () => client);
  client = await startLanguageClient(context);
}

export async function deactivate(): Promise<void> {
  const stopping = client;
  client = undefined;
  if (stopping?.isRunning()) await stopping.stop();
}
