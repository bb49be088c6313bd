import * as vscode from 'vscode';
import { ExecuteCommandRequest, type LanguageClient } from 'vscode-languageclient/node';
import {
  TRACE_CHOICES_COMMAND,
  TRACE_COMMAND,
  type TraceChoice,
  type TraceChoices,
  type TraceRequest,
  type TraceResponse,
} from '../../server/src/languageServer/traceProtocol';
import { TRACE_SCHEME, TraceDocuments } from './traceDocuments';

/**
 * "EdgeFlow: Trace Mail": asks for a sender and a recipient (pickers filled
 * by the language server, free text allowed), asks the server for the trace
 * of the topology as the editor shows it, and opens it as a read-only
 * document. It only reads, so it is offered in untrusted and virtual
 * workspaces too. Scripts and tests pass `{ from, to, uri? }` and skip the
 * pickers.
 */

export interface TraceMailArguments {
  /** The topology; the active editor's when absent. */
  readonly uri?: vscode.Uri | string;
  readonly from?: string;
  readonly to?: string;
}

/** What the command resolves with: the server's answer and the document that shows it. */
export interface TraceMailResult {
  readonly response: TraceResponse;
  readonly document?: vscode.TextDocument;
}

export function registerTraceMail(
  context: vscode.ExtensionContext,
  client: () => LanguageClient | undefined,
): void {
  const documents = new TraceDocuments();
  context.subscriptions.push(
    documents,
    vscode.commands.registerCommand('edgeflow.traceMail', (argument?: unknown) =>
      traceMail(client(), documents, argument),
    ),
  );
}

async function traceMail(
  client: LanguageClient | undefined,
  documents: TraceDocuments,
  argument: unknown,
): Promise<TraceMailResult | undefined> {
  const given = readArguments(argument);
  const topology = await topologyDocument(given.uri);
  if (!topology) {
    void vscode.window.showErrorMessage(
      'EdgeFlow: open a *.edgeflow.json topology first, then trace mail through it.',
    );
    return undefined;
  }
  if (!client?.isRunning()) {
    void vscode.window.showErrorMessage(
      'EdgeFlow: the language server is not running; see the EdgeFlow output.',
    );
    return undefined;
  }
  const uri = client.code2ProtocolConverter.asUri(topology.uri);
  let request: TraceRequest = { from: given.from, to: given.to };
  if (request.from === undefined || request.to === undefined) {
    const choices = await ask<TraceChoices>(client, TRACE_CHOICES_COMMAND, [uri]);
    if (!choices) return undefined;
    if (!choices.ok) return failed({ ok: false, problem: choices.problem });
    const from = request.from ?? (await pick(senderPicker(choices.senders)));
    if (from === undefined) return undefined;
    const to = request.to ?? (await pick(recipientPicker(choices.recipients)));
    if (to === undefined) return undefined;
    request = { from, to };
  }
  const response = await ask<TraceResponse>(client, TRACE_COMMAND, [uri, request]);
  if (!response) return undefined;
  if (!response.ok) return failed(response);
  const document = await documents.show(
    traceUri(topology.uri, request),
    header(topology, request, response) + response.text,
  );
  return { response, document };
}

function failed(response: Extract<TraceResponse, { ok: false }>): TraceMailResult {
  void vscode.window.showErrorMessage(`EdgeFlow: ${response.problem}`);
  return { response };
}

function readArguments(argument: unknown): TraceMailArguments {
  // The editor context menu passes the document's URI.
  if (argument instanceof vscode.Uri) return { uri: argument };
  if (typeof argument !== 'object' || argument === null) return {};
  const { uri, from, to } = argument as Record<string, unknown>;
  const text = (value: unknown) => (typeof value === 'string' ? value : undefined);
  return {
    uri: uri instanceof vscode.Uri ? uri : text(uri),
    from: text(from),
    to: text(to),
  };
}

/** The topology to trace, opened (so the server has it) when it is not yet. */
async function topologyDocument(
  uri: vscode.Uri | string | undefined,
): Promise<vscode.TextDocument | undefined> {
  if (uri === undefined) {
    const active = vscode.window.activeTextEditor?.document;
    return active?.languageId === 'edgeflow' ? active : undefined;
  }
  const target = typeof uri === 'string' ? vscode.Uri.parse(uri) : uri;
  try {
    return await vscode.workspace.openTextDocument(target);
  } catch {
    return undefined;
  }
}

/** A server command; undefined (after saying why) when the request fails. */
async function ask<T>(
  client: LanguageClient,
  command: string,
  args: unknown[],
): Promise<T | undefined> {
  try {
    const result = (await client.sendRequest(ExecuteCommandRequest.type, {
      command,
      arguments: args,
    })) as T | null;
    if (result) return result;
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    void vscode.window.showErrorMessage(`EdgeFlow: tracing failed: ${reason}`);
    return undefined;
  }
  void vscode.window.showErrorMessage(
    'EdgeFlow: tracing failed inside the language server; see the EdgeFlow output.',
  );
  return undefined;
}

interface Picker {
  readonly title: string;
  readonly placeholder: string;
  readonly items: readonly TraceChoice[];
  /** How a typed value that is no item is offered. */
  readonly typed: string;
}

function senderPicker(items: readonly TraceChoice[]): Picker {
  return {
    title: 'EdgeFlow: Trace Mail (1/2): from',
    placeholder: 'Who sends the message? Pick one, or type an IP address',
    items,
    typed: 'an IP address or a server',
  };
}

function recipientPicker(items: readonly TraceChoice[]): Picker {
  return {
    title: 'EdgeFlow: Trace Mail (2/2): to',
    placeholder: 'To whom? Pick a domain, or type an e-mail address or a domain',
    items,
    typed: 'this address',
  };
}

type PickItem = vscode.QuickPickItem & { readonly value: string };

/** A QuickPick of `picker.items` that also takes what is typed; undefined when dismissed. */
function pick(picker: Picker): Promise<string | undefined> {
  const quickPick = vscode.window.createQuickPick<PickItem>();
  const base: PickItem[] = picker.items.map((item) => ({
    label: item.label,
    description: item.description,
    value: item.value,
  }));
  quickPick.title = picker.title;
  quickPick.placeholder = picker.placeholder;
  quickPick.items = base;
  return new Promise((resolve) => {
    let chosen: string | undefined;
    quickPick.onDidChangeValue((value) => {
      const typed = value.trim();
      const known = base.some((item) => item.value === typed || item.label === typed);
      quickPick.items =
        typed === '' || known
          ? base
          : [{ label: typed, description: picker.typed, value: typed, alwaysShow: true }, ...base];
    });
    quickPick.onDidAccept(() => {
      chosen = quickPick.selectedItems[0]?.value ?? (quickPick.value.trim() || undefined);
      quickPick.hide();
    });
    quickPick.onDidHide(() => {
      quickPick.dispose();
      resolve(chosen);
    });
    quickPick.show();
  });
}

function traceUri(topology: vscode.Uri, request: TraceRequest): vscode.Uri {
  const name = topology.path.split('/').pop() ?? 'topology';
  return vscode.Uri.from({
    scheme: TRACE_SCHEME,
    path: `/${name} ${request.from ?? 'everyone'} → ${request.to ?? 'everywhere'}`,
    query: topology.toString(),
  });
}

function header(
  topology: vscode.TextDocument,
  request: TraceRequest,
  response: Extract<TraceResponse, { ok: true }>,
): string {
  const name = vscode.workspace.asRelativePath(topology.uri);
  const verdict =
    response.failing === 0
      ? 'as the design needs'
      : `${response.failing} of ${response.cells} FAIL what the design needs`;
  return `Mail trace of ${name} (version ${topology.version}) from ${request.from ?? 'every sender'} to ${request.to ?? 'every recipient'}: ${verdict}\n\n`;
}
