import * as vscode from 'vscode';

/**
 * The traces shown as read-only virtual documents (`edgeflow-trace:`): no
 * "save changes?" when closed, nothing written anywhere, which suits a
 * command that also runs in untrusted and virtual workspaces. One document per
 * topology, sender and recipient: tracing the same again after an edit
 * updates that tab instead of opening another.
 */

export const TRACE_SCHEME = 'edgeflow-trace';

/** How long to wait for an open trace tab to show its new text before showing it anyway. */
const UPDATE_DEADLINE_MS = 5000;

export class TraceDocuments implements vscode.TextDocumentContentProvider, vscode.Disposable {
  private readonly texts = new Map<string, string>();
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.changed.event;
  private readonly subscriptions: vscode.Disposable[];

  constructor() {
    this.subscriptions = [
      this.changed,
      vscode.workspace.registerTextDocumentContentProvider(TRACE_SCHEME, this),
      // Closed traces are not kept: a trace is cheap to run again, and stale otherwise.
      vscode.workspace.onDidCloseTextDocument((document) => {
        if (document.uri.scheme === TRACE_SCHEME) this.texts.delete(document.uri.toString());
      }),
    ];
  }

  provideTextDocumentContent(uri: vscode.Uri): string {
    return (
      this.texts.get(uri.toString()) ??
      'This trace is no longer available: run "EdgeFlow: Trace Mail" again.\n'
    );
  }

  /** Shows `text` in the trace document `uri`, beside the topology; resolves once it shows it. */
  async show(uri: vscode.Uri, text: string): Promise<vscode.TextDocument> {
    const key = uri.toString();
    this.texts.set(key, text);
    const open = vscode.workspace.textDocuments.find((d) => d.uri.toString() === key);
    if (open && open.getText() !== text) {
      const updated = textShown(open, text);
      this.changed.fire(uri);
      await updated;
    }
    let document = await vscode.workspace.openTextDocument(uri);
    // The title ends with the recipient, whose `.com` must not pick a language.
    if (document.languageId !== 'plaintext') {
      document = await vscode.languages.setTextDocumentLanguage(document, 'plaintext');
    }
    await vscode.window.showTextDocument(document, {
      preview: false,
      viewColumn: vscode.ViewColumn.Beside,
    });
    return document;
  }

  dispose(): void {
    for (const subscription of this.subscriptions) subscription.dispose();
    this.texts.clear();
  }
}

/** Resolves when `document` holds `text`, or at the deadline (it is shown either way). */
function textShown(document: vscode.TextDocument, text: string): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      listener.dispose();
      resolve();
    };
    const listener = vscode.workspace.onDidChangeTextDocument((event) => {
      if (event.document === document && document.getText() === text) done();
    });
    const timer = setTimeout(done, UPDATE_DEADLINE_MS);
  });
}
