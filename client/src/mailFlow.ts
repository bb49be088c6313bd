import * as vscode from 'vscode';
import { ExecuteCommandRequest, type LanguageClient } from 'vscode-languageclient/node';
import {
  DIAGRAM_COMMAND,
  type DiagramResponse,
} from '../../server/src/languageServer/diagramProtocol';
import { mailFlowHtml } from './mailFlowHtml';

/**
 * "EdgeFlow: Show Mail Flow": a webview beside the topology with the server's
 * diagram of it. The server draws on the analysis it already published; the
 * view asks again whenever that topology's diagnostics change, so the picture
 * follows typing. Selecting a node or an arrow reveals its object in the
 * editor. A form on the page picks one message (a sender, a recipient) whose
 * paths through the mail-flow model stand out; the view keeps it while the
 * file is edited. It writes nothing, so it is offered in untrusted workspaces
 * too. Scripts and tests pass `{ uri?, from?, to? }`.
 */

export interface MailFlowResult {
  readonly response: DiagramResponse;
  readonly panel?: vscode.WebviewPanel;
}

/** Diagnostics come in bursts while typing: one redraw once they settle. */
const REDRAW_DELAY_MS = 250;

export function registerMailFlow(
  context: vscode.ExtensionContext,
  client: () => LanguageClient | undefined,
): void {
  const views = new Map<string, MailFlowView>();
  context.subscriptions.push(
    vscode.commands.registerCommand('edgeflow.showMailFlow', async (argument?: unknown) => {
      const given = readArguments(argument);
      const document = await topologyDocument(given.uri);
      if (!document) {
        void vscode.window.showErrorMessage(
          'EdgeFlow: open a *.edgeflow.json topology first, then show its mail flow.',
        );
        return undefined;
      }
      const key = document.uri.toString();
      let view = views.get(key);
      if (!view) {
        view = new MailFlowView(document, client, () => views.delete(key));
        views.set(key, view);
      } else view.panel.reveal(vscode.ViewColumn.Beside, true);
      if (given.from !== undefined && given.to !== undefined)
        view.message = { from: given.from, to: given.to };
      return view.refresh();
    }),
    { dispose: () => [...views.values()].forEach((v) => v.panel.dispose()) },
  );
}

interface ShowMailFlowArguments {
  readonly uri?: unknown;
  readonly from?: string;
  readonly to?: string;
}

function readArguments(argument: unknown): ShowMailFlowArguments {
  if (argument instanceof vscode.Uri || typeof argument === 'string') return { uri: argument };
  if (typeof argument !== 'object' || argument === null) return {};
  const { uri, from, to } = argument as Record<string, unknown>;
  return {
    uri,
    ...(typeof from === 'string' ? { from } : {}),
    ...(typeof to === 'string' ? { to } : {}),
  };
}

class MailFlowView {
  readonly panel: vscode.WebviewPanel;
  /** The message whose paths are shown, kept while the file is edited. */
  message: { from: string; to: string } | undefined;
  private ranges = new Map<string, { start: number; end: number }>();
  private timer: NodeJS.Timeout | undefined;
  private readonly subscriptions: vscode.Disposable[] = [];

  constructor(
    private readonly document: vscode.TextDocument,
    private readonly client: () => LanguageClient | undefined,
    onDispose: () => void,
  ) {
    const name = document.uri.path.split('/').pop() ?? 'topology';
    this.panel = vscode.window.createWebviewPanel(
      'edgeflow.mailFlow',
      `Mail Flow: ${name}`,
      { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true },
      // The page loads nothing: no local resource root at all.
      { enableScripts: true, localResourceRoots: [] },
    );
    this.subscriptions.push(
      this.panel.webview.onDidReceiveMessage((message: unknown) => this.receive(message)),
      vscode.languages.onDidChangeDiagnostics((event) => {
        if (event.uris.some((uri) => uri.toString() === document.uri.toString()))
          this.scheduleRefresh();
      }),
      this.panel.onDidDispose(() => {
        clearTimeout(this.timer);
        this.subscriptions.forEach((s) => s.dispose());
        onDispose();
      }),
    );
  }

  private scheduleRefresh(): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.refresh(), REDRAW_DELAY_MS);
  }

  async refresh(): Promise<MailFlowResult | undefined> {
    const client = this.client();
    if (!client?.isRunning()) {
      void vscode.window.showErrorMessage(
        'EdgeFlow: the language server is not running; see the EdgeFlow output.',
      );
      return undefined;
    }
    let response: DiagramResponse;
    try {
      response = (await client.sendRequest(ExecuteCommandRequest.type, {
        command: DIAGRAM_COMMAND,
        arguments: [client.code2ProtocolConverter.asUri(this.document.uri), this.message ?? null],
      })) as DiagramResponse;
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      response = { ok: false, problem: `drawing failed: ${reason}` };
    }
    if (!response.ok) {
      // The last good picture stays; the problem is said above it.
      if (this.ranges.size === 0)
        this.panel.webview.html = mailFlowHtml({
          title: 'Mail flow',
          svg: '',
          connections: [],
          nodes: [],
          note: response.problem,
        });
      return { response, panel: this.panel };
    }
    this.ranges = new Map(
      [...response.nodes, ...response.connections].flatMap((item) =>
        item.start === undefined || item.end === undefined
          ? []
          : [[item.id, { start: item.start, end: item.end }] as const],
      ),
    );
    const asked = this.message;
    // A message the model does not know is said once, then forgotten: the form keeps the text.
    if (response.messageProblem !== undefined) this.message = undefined;
    this.panel.webview.html = mailFlowHtml({ ...response, ...(asked ? { asked } : {}) });
    return { response, panel: this.panel };
  }

  /** What the page posts: reveal a shape's object, show a message's paths, or clear them. */
  private async receive(message: unknown): Promise<void> {
    if (typeof message !== 'object' || message === null) return;
    const { show, clear } = message as { show?: unknown; clear?: unknown };
    if (clear === true) {
      this.message = undefined;
      await this.refresh();
      return;
    }
    if (typeof show === 'object' && show !== null) {
      const { from, to } = show as Record<string, unknown>;
      if (typeof from !== 'string' || typeof to !== 'string') return;
      this.message = { from, to };
      await this.refresh();
      return;
    }
    await this.reveal(message);
  }

  /** `{ reveal: id }` from the page: select that object in the topology's editor. */
  private async reveal(message: unknown): Promise<void> {
    const id = (message as { reveal?: unknown } | null)?.reveal;
    const range = typeof id === 'string' ? this.ranges.get(id) : undefined;
    if (!range) return;
    const selection = new vscode.Range(
      this.document.positionAt(range.start),
      this.document.positionAt(range.end),
    );
    const shown = vscode.window.visibleTextEditors.find((e) => e.document === this.document);
    const editor = await vscode.window.showTextDocument(this.document, {
      viewColumn: shown?.viewColumn ?? vscode.ViewColumn.One,
      selection,
    });
    editor.revealRange(selection, vscode.TextEditorRevealType.InCenterIfOutsideViewport);
  }
}

/** The topology given (a URI, from a menu or a test) or the active editor's. */
async function topologyDocument(argument: unknown): Promise<vscode.TextDocument | undefined> {
  const given =
    argument instanceof vscode.Uri
      ? argument
      : typeof argument === 'string'
        ? vscode.Uri.parse(argument)
        : undefined;
  if (!given) {
    const active = vscode.window.activeTextEditor?.document;
    return active?.languageId === 'edgeflow' ? active : undefined;
  }
  try {
    return await vscode.workspace.openTextDocument(given);
  } catch {
    return undefined;
  }
}
