import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { registerCommands } from './commands';
import { registerCompareWithServers } from './compareWithServers';
import { CLIENT_NAME, startLanguageClient } from './languageClient';
import { registerLanguageStatus } from './languageStatus';
import { registerMailFlow } from './mailFlow';
import { registerTraceMail } from './traceMail';

// The extension is a thin client: the EdgeFlow language server does the work.

let client: LanguageClient | undefined;

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  // Registered first: "New Topology File" works even when the server cannot start.
  registerCommands(context, () => client);
  registerCompareWithServers(context, () => client);
  registerTraceMail(context, () => client);
  registerMailFlow(context, () => client);
  // A log channel: the server's messages keep their level, and the user's filter applies.
  const output = vscode.window.createOutputChannel(CLIENT_NAME, { log: true });
  context.subscriptions.push(
    output,
    vscode.commands.registerCommand('edgeflow.showOutput', () => output.show(true)),
  );
  const status = registerLanguageStatus(context, () => client);
  client = await startLanguageClient(context, output, (created) => {
    client = created;
    status.watch(created);
  });
}

export async function deactivate(): Promise<void> {
  const stopping = client;
  client = undefined;
  if (stopping?.isRunning()) await stopping.stop();
}
