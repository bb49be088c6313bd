import type { ClientCapabilities as JsonClientCapabilities } from 'vscode-json-languageservice';
import {
  DidChangeConfigurationNotification,
  DidChangeWatchedFilesNotification,
  DocumentDiagnosticReportKind,
  ResponseError,
  type Connection,
} from 'vscode-languageserver';
import {
  describeClient,
  readInitializationOptions,
  serverCapabilities,
  type InitializationOptions,
} from './capabilities';
import { provideCodeActions } from './codeActions';
import { DriftStore } from './driftStore';
import { executeCommand } from './commands';
import { provideCompletion } from './completion';
import { changeDelay, DiagnosticsPublisher, pullDiagnostics } from './diagnostics';
import { isTopologyDocument, TopologyDocuments } from './documents';
import { foldingRanges } from './folding';
import { documentLinks } from './documentLinks';
import { selectionRanges } from './selectionRanges';
import { formatDocument } from './formatting';
import { provideHover } from './hover';
import { createJsonService } from './jsonService';
import { findDefinition, findReferences, prepareRename, rename } from './navigation';
import { CONFIG_FILE_GLOB, isConfigFileUri, ProjectConfigs } from './projectConfigs';
import { SettingsStore } from './settings';
import { documentSymbols, flattenSymbols } from './symbols';

function describeError(error: unknown): string {
  return error instanceof Error ? (error.stack ?? error.message) : String(error);
}

/**
 * The EdgeFlow language server on `connection`: capabilities and handler
 * wiring. Every feature lives in its own module; every handler answers
 * neutrally (and logs) when something inside it fails.
 */
export function startServer(connection: Connection): void {
  const settings = new SettingsStore(connection);
  const configs = new ProjectConfigs(connection);
  const drift = new DriftStore();
  const documents = new TopologyDocuments(settings, configs, drift);
  let client = describeClient({});
  /** The workspace folders' URIs, whose settings are read each on its own. */
  let workspaceFolders: string[] = [];
  let json = createJsonService({});
  let options: InitializationOptions = {};
  let publisher: DiagnosticsPublisher | undefined;
  const published = new Set<string>();

  const reportError = (what: string, error: unknown) =>
    connection.console.error(`EdgeFlow: ${what} failed: ${describeError(error)}`);

  /** Runs a handler; a failure is logged and answered with `fallback`. Intended refusals pass through. */
  function guard<P, R>(what: string, fallback: R, handler: (params: P) => R | Promise<R>) {
    return async (params: P): Promise<R> => {
      try {
        return await handler(params);
      } catch (error) {
        if (error instanceof ResponseError) throw error;
        reportError(what, error);
        return fallback;
      }
    };
  }

  const jsonDocumentOf = (uri: string) => {
    const state = documents.analysed(uri);
    // Not for a text too large to analyse, nor one the core refused: the JSON
    // service parses recursively, and nesting over the limit overflows its stack.
    if (!state || state.analysis.document.refused) return undefined;
    return documents.derived(uri, 'json-document', (document) => json.parseJSONDocument(document));
  };

  function revalidateAll(): void {
    if (publisher) publisher.scheduleAll();
    else if (client.diagnosticRefresh) {
      // Typed void, but it is a request: a client's refusal must not become an unhandled rejection.
      const refreshing: unknown = connection.languages.diagnostics.refresh();
      if (refreshing instanceof Promise) {
        refreshing.catch((error: unknown) => reportError('asking for a diagnostic refresh', error));
      }
    }
  }

  async function refreshSettings(pushed?: unknown): Promise<void> {
    try {
      if (await settings.refresh(pushed)) revalidateAll();
    } catch (error) {
      reportError('reading the settings', error);
    }
  }

  connection.onInitialize((params) => {
    client = describeClient(params.capabilities);
    settings.pullsConfiguration = client.configuration;
    workspaceFolders = (params.workspaceFolders ?? []).map((folder) => folder.uri);
    settings.setFolders(workspaceFolders);
    json = createJsonService(params.capabilities as JsonClientCapabilities);
    options = readInitializationOptions(params.initializationOptions);
    if (!client.pullDiagnostics) {
      publisher = new DiagnosticsPublisher(
        documents,
        (diagnostics) => {
          // Fire and forget: the publisher does not wait, so a failure is reported here.
          connection
            .sendDiagnostics(diagnostics)
            .catch((error: unknown) => reportError('publishing diagnostics', error));
        },
        options.rulesDocumentationUri,
        reportError,
      );
    }
    return {
      capabilities: serverCapabilities(client),
      serverInfo: { name: 'edgeflow-language-server' },
    };
  });

  connection.onInitialized(() => {
    if (client.configurationRegistration) {
      connection.client
        .register(DidChangeConfigurationNotification.type, { section: 'edgeflow' })
        .then(undefined, (error: unknown) => reportError('registering for settings', error));
    }
    if (client.watchedFilesRegistration) {
      // The client watches the config files for the server, which has no watcher of its own.
      connection.client
        .register(DidChangeWatchedFilesNotification.type, {
          watchers: [{ globPattern: CONFIG_FILE_GLOB }],
        })
        .then(undefined, (error: unknown) => reportError('registering for config files', error));
    }
    if (client.workspaceFolders) {
      connection.workspace.onDidChangeWorkspaceFolders((event) => {
        const removed = new Set(event.removed.map((folder) => folder.uri));
        workspaceFolders = [
          ...workspaceFolders.filter((uri) => !removed.has(uri)),
          ...event.added.map((folder) => folder.uri),
        ];
        settings.setFolders(workspaceFolders);
        void refreshSettings();
      });
    }
    void refreshSettings(options.settings);
  });

  connection.onDidChangeWatchedFiles((params) => {
    try {
      // Created, changed or deleted: any of them can change which rules apply where.
      if (!params.changes.some((change) => isConfigFileUri(change.uri))) return;
      configs.reload();
      revalidateAll();
    } catch (error) {
      reportError('reloading the config files', error);
    }
  });

  connection.onDidChangeConfiguration((params) => {
    const all: unknown = params.settings;
    const pushed =
      typeof all === 'object' && all !== null
        ? (all as Record<string, unknown>).edgeflow
        : undefined;
    void refreshSettings(pushed);
  });

  documents.documents.onDidChangeContent(({ document }) => {
    if (!publisher || !isTopologyDocument(document)) return;
    // The first analysis of a document is immediate; edits wait for a pause in
    // typing that is shorter the faster the document is analysed.
    const delay = published.has(document.uri)
      ? changeDelay(documents.lastAnalysisMs(document.uri))
      : 0;
    published.add(document.uri);
    publisher.schedule(document.uri, delay);
  });

  documents.documents.onDidClose(({ document }) => {
    published.delete(document.uri);
    if (publisher && isTopologyDocument(document)) publisher.clear(document.uri);
  });

  connection.languages.diagnostics.on(
    guard('diagnostics', { kind: DocumentDiagnosticReportKind.Full, items: [] }, (params) =>
      pullDiagnostics(
        documents.get(params.textDocument.uri),
        params.previousResultId,
        options.rulesDocumentationUri,
      ),
    ),
  );

  connection.onCodeAction(
    guard('code actions', [], (params) => {
      const state = documents.analysed(params.textDocument.uri);
      if (!state) return [];
      return provideCodeActions(state, params, {
        analyzeOptions: { rules: documents.rulesFor(state.document.uri) },
        target: {
          uri: state.document.uri,
          version: state.document.version,
          rulesDocumentationUri: options.rulesDocumentationUri,
        },
        versioned: client.documentChanges,
        logError: reportError,
      });
    }),
  );

  connection.onCompletion(
    guard('completion', null, async (params) => {
      const state = documents.analysed(params.textDocument.uri);
      const jsonDocument = jsonDocumentOf(params.textDocument.uri);
      if (!state || !jsonDocument) return null;
      return provideCompletion(state, params.position, json, jsonDocument);
    }),
  );

  connection.onHover(
    guard('hover', null, async (params) => {
      const state = documents.analysed(params.textDocument.uri);
      const jsonDocument = jsonDocumentOf(params.textDocument.uri);
      if (!state || !jsonDocument) return null;
      return provideHover(state, params.position, json, jsonDocument, reportError);
    }),
  );

  connection.onDefinition(
    guard('go to definition', [], (params) => {
      const state = documents.analysed(params.textDocument.uri);
      return state ? findDefinition(state, params.position) : [];
    }),
  );

  connection.onReferences(
    guard('find references', [], (params) => {
      const state = documents.analysed(params.textDocument.uri);
      return state ? findReferences(state, params.position, params.context.includeDeclaration) : [];
    }),
  );

  connection.onPrepareRename(
    guard('prepare rename', null, (params) => {
      const state = documents.analysed(params.textDocument.uri);
      return state ? prepareRename(state, params.position) : null;
    }),
  );

  connection.onRenameRequest(
    guard('rename', null, (params) => {
      const state = documents.analysed(params.textDocument.uri);
      return state ? rename(state, params.position, params.newName, client.documentChanges) : null;
    }),
  );

  connection.onDocumentSymbol(
    guard('document symbols', [], (params) => {
      const state = documents.analysed(params.textDocument.uri);
      if (!state) return [];
      const symbols = documentSymbols(state.analysis);
      return client.hierarchicalSymbols ? symbols : flattenSymbols(symbols, state.document.uri);
    }),
  );

  connection.onFoldingRanges(
    guard('folding ranges', [], (params) => {
      const state = documents.analysed(params.textDocument.uri);
      return state ? foldingRanges(json, state.document, client.foldingRangeLimit) : [];
    }),
  );

  connection.onSelectionRanges(
    guard('selection ranges', [], (params) => {
      const state = documents.analysed(params.textDocument.uri);
      const jsonDocument = jsonDocumentOf(params.textDocument.uri);
      if (!state || !jsonDocument) return [];
      return selectionRanges(json, state.document, jsonDocument, params.positions);
    }),
  );

  connection.onDocumentLinks(
    guard('document links', [], (params) => {
      const state = documents.analysed(params.textDocument.uri);
      return state ? documentLinks(state.analysis, options.rulesDocumentationUri) : [];
    }),
  );

  connection.onDocumentFormatting(
    guard('formatting', [], (params) => {
      const state = documents.analysed(params.textDocument.uri);
      return state
        ? formatDocument(
            state.analysis,
            params.options,
            settings.for(state.document.uri).formatKeepLines,
          )
        : [];
    }),
  );

  connection.onDocumentRangeFormatting(
    guard('range formatting', [], (params) => {
      const state = documents.analysed(params.textDocument.uri);
      return state
        ? formatDocument(
            state.analysis,
            params.options,
            settings.for(state.document.uri).formatKeepLines,
            params.range,
          )
        : [];
    }),
  );

  connection.onExecuteCommand(
    guard('command', null, (params) =>
      executeCommand(params.command, params.arguments, {
        connection,
        documents,
        settings,
        configs,
        drift,
        refreshDiagnostics: (uri) => {
          if (publisher) publisher.schedule(uri, 0);
          else revalidateAll();
        },
      }),
    ),
  );

  connection.onShutdown(() => publisher?.dispose());

  documents.documents.listen(connection);
  connection.listen();
}
