import type * as vscode from 'vscode';
import {
  LanguageClient,
  type LanguageClientOptions,
  type ServerOptions,
} from 'vscode-languageclient/node';

/**
 * A language client whose server log lands in a log output channel at its
 * own level (error, warning, info, debug), so that the channel's level filter
 * and colours apply. vscode-languageclient 9 writes every line of an output
 * channel as plain text; what the server logs (`window/logMessage`, never
 * shown as a notification) is routed here by level instead. The client's own
 * messages, which may show a notification, keep the library's handling.
 */
export class LogChannelLanguageClient extends LanguageClient {
  constructor(
    id: string,
    name: string,
    serverOptions: ServerOptions,
    clientOptions: LanguageClientOptions & { readonly outputChannel: vscode.LogOutputChannel },
  ) {
    super(id, name, serverOptions, clientOptions);
    this.log = clientOptions.outputChannel;
  }

  private readonly log: vscode.LogOutputChannel;

  override error(message: string, data?: unknown, showNotification: boolean | 'force' = true) {
    if (showNotification === false) this.log.error(withData(message, data));
    else super.error(message, data, showNotification);
  }

  override warn(message: string, data?: unknown, showNotification = true) {
    if (!showNotification) this.log.warn(withData(message, data));
    else super.warn(message, data, showNotification);
  }

  override info(message: string, data?: unknown, showNotification = true) {
    if (!showNotification) this.log.info(withData(message, data));
    else super.info(message, data, showNotification);
  }

  override debug(message: string, data?: unknown, showNotification = true) {
    if (!showNotification) this.log.debug(withData(message, data));
    else super.debug(message, data, showNotification);
  }
}

function withData(message: string, data: unknown): string {
  if (data === undefined || data === null) return message;
  return `${message}\n${typeof data === 'string' ? data : JSON.stringify(data, null, 2)}`;
}
