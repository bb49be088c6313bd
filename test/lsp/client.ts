import { spawn, type ChildProcess } from 'node:child_process';
import { TextDocument } from 'vscode-languageserver-textdocument';
import {
  createMessageConnection,
  StreamMessageReader,
  StreamMessageWriter,
  type ClientCapabilities,
  type InitializeResult,
  type MessageActionItem,
  type MessageConnection,
  type Position,
  type PublishDiagnosticsParams,
  type ShowMessageParams,
  type ShowMessageRequestParams,
  type TextEdit,
  type WorkspaceEdit,
} from 'vscode-languageserver/node';
import { repoPath } from '../support/repo';

/**
 * A small LSP client for the tests: it starts the real bundled server
 * (`bin/edgeflow-language-server.js --stdio`) in a child process and talks
 * JSON-RPC to it over its stdin and stdout, as an editor does.
 */

/** What VS Code declares, reduced to what the server looks at. */
export const FULL_CAPABILITIES: ClientCapabilities = {
  workspace: {
    configuration: true,
    didChangeConfiguration: { dynamicRegistration: true },
    workspaceEdit: { documentChanges: true },
  },
  textDocument: {
    synchronization: { dynamicRegistration: false },
    completion: {
      completionItem: {
        snippetSupport: true,
        documentationFormat: ['markdown', 'plaintext'],
      },
    },
    hover: { contentFormat: ['markdown', 'plaintext'] },
    codeAction: {
      codeActionLiteralSupport: {
        codeActionKind: { valueSet: ['quickfix', 'source', 'source.fixAll'] },
      },
      isPreferredSupport: true,
    },
    documentSymbol: { hierarchicalDocumentSymbolSupport: true },
    rename: { prepareSupport: true },
    publishDiagnostics: { relatedInformation: true, versionSupport: true },
    foldingRange: { rangeLimit: 5000 },
  },
};

/** A client that also pulls diagnostics (`textDocument/diagnostic`). */
export const PULL_CAPABILITIES: ClientCapabilities = {
  ...FULL_CAPABILITIES,
  workspace: { ...FULL_CAPABILITIES.workspace, diagnostics: { refreshSupport: true } },
  textDocument: { ...FULL_CAPABILITIES.textDocument, diagnostic: { dynamicRegistration: false } },
};

export interface ClientOptions {
  readonly capabilities?: ClientCapabilities;
  readonly initializationOptions?: unknown;
  /** The `edgeflow` settings section the client answers `workspace/configuration` with. */
  readonly settings?: unknown;
  /**
   * Workspace folders (sent at initialize) and their own `edgeflow` sections,
   * which the client answers for a request scoped to the folder.
   */
  readonly workspaceFolders?: readonly { readonly uri: string; readonly settings?: unknown }[];
  /**
   * Another server to start instead of the repository's bundle, such as an
   * installed `edgeflow-language-server` command (run as is, with `--stdio`).
   */
  readonly server?: { readonly command: string; readonly env?: NodeJS.ProcessEnv };
}

const DEFAULT_DEADLINE_MS = 10_000;

export class LspClient {
  readonly diagnostics = new Map<string, PublishDiagnosticsParams[]>();
  readonly messages: ShowMessageParams[] = [];
  readonly serverLog: string[] = [];
  /** The capabilities the server registered (`client/registerCapability`), in order. */
  readonly registrations: { id: string; method: string; registerOptions?: unknown }[] = [];
  refreshRequests = 0;
  /** How the user answers a `window/showMessageRequest`; by default, dismisses it (null). */
  answerMessageRequest: (params: ShowMessageRequestParams) => MessageActionItem | null = () => null;
  initializeResult!: InitializeResult;
  private readonly documents = new Map<string, TextDocument>();
  private readonly waiters = new Set<() => void>();
  private settings: unknown;
  private folderSettings: readonly { readonly uri: string; readonly settings?: unknown }[] = [];
  private exited = false;

  private constructor(
    private readonly child: ChildProcess,
    readonly connection: MessageConnection,
    private readonly capabilities: ClientCapabilities,
  ) {
    child.once('exit', () => {
      this.exited = true;
      this.notifyWaiters();
    });
    child.stderr?.on('data', (chunk: Buffer) => this.serverLog.push(chunk.toString()));
    connection.onNotification('textDocument/publishDiagnostics', (p: PublishDiagnosticsParams) => {
      const list = this.diagnostics.get(p.uri) ?? [];
      list.push(p);
      this.diagnostics.set(p.uri, list);
      this.notifyWaiters();
    });
    connection.onNotification('window/showMessage', (p: ShowMessageParams) => {
      this.messages.push(p);
      this.notifyWaiters();
    });
    connection.onNotification('window/logMessage', (p: { message: string }) => {
      this.serverLog.push(p.message);
    });
    connection.onRequest(
      'workspace/configuration',
      (p: { items: { section?: string; scopeUri?: string }[] }) =>
        p.items.map((item) => {
          if (item.section !== 'edgeflow') return null;
          const folder = this.folderSettings.find(
            (f) => item.scopeUri !== undefined && item.scopeUri.startsWith(f.uri),
          );
          return folder ? (folder.settings ?? this.settings ?? null) : (this.settings ?? null);
        }),
    );
    connection.onRequest('workspace/diagnostic/refresh', () => {
      this.refreshRequests++;
      this.notifyWaiters();
      return null;
    });
    connection.onRequest(
      'client/registerCapability',
      (p: { registrations: LspClient['registrations'] }) => {
        this.registrations.push(...p.registrations);
        this.notifyWaiters();
        return null;
      },
    );
    connection.onRequest('client/unregisterCapability', () => null);
    connection.onRequest('window/workDoneProgress/create', () => null);
    connection.onRequest('window/showMessageRequest', (p: ShowMessageRequestParams) => {
      this.messages.push(p);
      this.notifyWaiters();
      return this.answerMessageRequest(p);
    });
    connection.listen();
  }

  /** Starts the bundled server (or `options.server`) and completes the initialize handshake. */
  static async start(options: ClientOptions = {}): Promise<LspClient> {
    const child = options.server
      ? spawn(options.server.command, ['--stdio'], {
          stdio: ['pipe', 'pipe', 'pipe'],
          env: options.server.env ?? process.env,
        })
      : spawn(process.execPath, [repoPath('bin', 'edgeflow-language-server.js'), '--stdio'], {
          stdio: ['pipe', 'pipe', 'pipe'],
        });
    if (!child.stdout || !child.stdin) throw new Error('the server has no stdio');
    const connection = createMessageConnection(
      new StreamMessageReader(child.stdout),
      new StreamMessageWriter(child.stdin),
    );
    const capabilities = options.capabilities ?? FULL_CAPABILITIES;
    const client = new LspClient(child, connection, capabilities);
    client.settings = options.settings;
    client.folderSettings = options.workspaceFolders ?? [];
    try {
      client.initializeResult = await withDeadline(
        connection.sendRequest<InitializeResult>('initialize', {
          processId: process.pid,
          rootUri: null,
          capabilities,
          ...(options.workspaceFolders
            ? {
                workspaceFolders: options.workspaceFolders.map((f, i) => ({
                  uri: f.uri,
                  name: `folder${i}`,
                })),
              }
            : {}),
          initializationOptions: options.initializationOptions,
        }),
        DEFAULT_DEADLINE_MS,
        'initialize',
      );
      await connection.sendNotification('initialized', {});
    } catch (error) {
      client.kill();
      throw error;
    }
    return client;
  }

  get pullsConfiguration(): boolean {
    return this.capabilities.workspace?.configuration === true;
  }

  async open(uri: string, text: string, languageId = 'edgeflow'): Promise<TextDocument> {
    const document = TextDocument.create(uri, languageId, 1, text);
    this.documents.set(uri, document);
    await this.connection.sendNotification('textDocument/didOpen', {
      textDocument: { uri, languageId, version: 1, text },
    });
    return document;
  }

  /** Replaces the whole text (a change without a range); returns the new version. */
  async change(uri: string, text: string): Promise<number> {
    const document = this.document(uri);
    const version = document.version + 1;
    this.documents.set(uri, TextDocument.create(uri, document.languageId, version, text));
    await this.connection.sendNotification('textDocument/didChange', {
      textDocument: { uri, version },
      contentChanges: [{ text }],
    });
    return version;
  }

  async close(uri: string): Promise<void> {
    this.documents.delete(uri);
    await this.connection.sendNotification('textDocument/didClose', { textDocument: { uri } });
  }

  document(uri: string): TextDocument {
    const document = this.documents.get(uri);
    if (!document) throw new Error(`${uri} is not open`);
    return document;
  }

  text(uri: string): string {
    return this.document(uri).getText();
  }

  /** Says that watched files changed (1 created, 2 changed, 3 deleted), as an editor's file watcher does. */
  async filesChanged(...changes: { uri: string; type: 1 | 2 | 3 }[]): Promise<void> {
    await this.connection.sendNotification('workspace/didChangeWatchedFiles', { changes });
  }

  /** Adds and removes workspace folders the way the client would. */
  async changeWorkspaceFolders(
    added: readonly { readonly uri: string; readonly settings?: unknown }[],
    removed: readonly string[],
  ): Promise<void> {
    this.folderSettings = [
      ...this.folderSettings.filter((f) => !removed.includes(f.uri)),
      ...added,
    ];
    await this.connection.sendNotification('workspace/didChangeWorkspaceFolders', {
      event: {
        added: added.map((f) => ({ uri: f.uri, name: f.uri })),
        removed: removed.map((uri) => ({ uri, name: uri })),
      },
    });
  }

  /** Changes the `edgeflow` settings the way the client would: notify, then answer when asked. */
  async setSettings(settings: unknown): Promise<void> {
    this.settings = settings;
    await this.connection.sendNotification('workspace/didChangeConfiguration', {
      settings: this.pullsConfiguration ? null : { edgeflow: settings },
    });
  }

  request<R>(method: string, params: unknown, deadlineMs = DEFAULT_DEADLINE_MS): Promise<R> {
    return withDeadline(this.connection.sendRequest<R>(method, params), deadlineMs, method);
  }

  /**
   * Resolves with the first truthy result of `check`, evaluated now and each
   * time the server sends something; rejects at the deadline, with the
   * server's log in the message.
   */
  waitFor<T>(
    what: string,
    check: () => T | undefined,
    deadlineMs = DEFAULT_DEADLINE_MS,
  ): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const evaluate = () => {
        let result: T | undefined;
        try {
          result = check();
        } catch (error) {
          finish();
          reject(error instanceof Error ? error : new Error(String(error)));
          return;
        }
        if (result !== undefined && result !== null && result !== false) {
          finish();
          resolve(result);
        } else if (this.exited) {
          finish();
          reject(
            new Error(`the server exited while waiting for ${what}\n${this.serverLog.join('')}`),
          );
        }
      };
      const timer = setTimeout(() => {
        finish();
        reject(new Error(`no ${what} within ${deadlineMs} ms\n${this.serverLog.join('')}`));
      }, deadlineMs);
      const finish = () => {
        clearTimeout(timer);
        this.waiters.delete(evaluate);
      };
      this.waiters.add(evaluate);
      evaluate();
    });
  }

  /** The diagnostics published for `uri` at `version` (default: the client's current version). */
  waitForDiagnostics(uri: string, version?: number): Promise<PublishDiagnosticsParams> {
    const wanted = version ?? this.document(uri).version;
    return this.waitFor(`diagnostics for ${uri} version ${wanted}`, () =>
      this.diagnostics.get(uri)?.find((p) => p.version === wanted),
    );
  }

  /** Position of the `occurrence`-th `needle` in the document, plus `delta` characters. */
  positionOf(uri: string, needle: string, delta = 0, occurrence = 0): Position {
    const text = this.text(uri);
    let index = -1;
    for (let i = 0; i <= occurrence; i++) {
      index = text.indexOf(needle, index + 1);
      if (index < 0) throw new Error(`'${needle}' (#${occurrence}) not in ${uri}`);
    }
    return this.document(uri).positionAt(index + delta);
  }

  /** Shuts the server down politely; kills it if it does not exit in time. */
  async stop(): Promise<void> {
    if (this.exited) return;
    try {
      await this.request('shutdown', null, 5000);
      await this.connection.sendNotification('exit');
      await this.waitFor('the server to exit', () => this.exited || undefined, 5000);
    } finally {
      this.kill();
    }
  }

  /** Handler failures the server logged (each handler answers neutrally and logs why). */
  loggedFailures(): string[] {
    return this.serverLog.filter((entry) => /EdgeFlow: .* failed/.test(entry));
  }

  exitCode(): number | null {
    return this.child.exitCode;
  }

  kill(): void {
    this.connection.dispose();
    if (!this.exited) this.child.kill();
  }

  private notifyWaiters(): void {
    for (const waiter of [...this.waiters]) waiter();
  }
}

function withDeadline<T>(promise: PromiseLike<T>, deadlineMs: number, what: string): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`${what}: no answer within ${deadlineMs} ms`)),
      deadlineMs,
    );
    promise.then(
      (value) => {
        clearTimeout(timer);
        resolve(value);
      },
      (error: unknown) => {
        clearTimeout(timer);
        reject(error instanceof Error ? error : new Error(String(error)));
      },
    );
  });
}

/** Applies LSP text edits to `text`. */
export function applyTextEdits(text: string, edits: readonly TextEdit[]): string {
  return TextDocument.applyEdits(TextDocument.create('untitled:edit', 'edgeflow', 0, text), [
    ...edits,
  ]);
}

/** The edits a workspace edit makes to `uri`, in either of its two shapes. */
export function editsFor(edit: WorkspaceEdit, uri: string): TextEdit[] {
  const result: TextEdit[] = [...(edit.changes?.[uri] ?? [])];
  for (const change of edit.documentChanges ?? []) {
    if ('textDocument' in change && change.textDocument.uri === uri) result.push(...change.edits);
  }
  return result;
}

export function applyWorkspaceEdit(text: string, edit: WorkspaceEdit, uri: string): string {
  return applyTextEdits(text, editsFor(edit, uri));
}
