import {
  CodeActionKind,
  TextDocumentSyncKind,
  type ClientCapabilities,
  type ServerCapabilities,
} from 'vscode-languageserver';
import { FIX_ALL_KIND } from './codeActions';
import { commandNames } from './commands';

/**
 * What the client declared and what the server answers with: the
 * capabilities, and the initialization options a client may pass.
 */

/** What the client said it supports, in the terms the handlers need. */
export interface ClientSupport {
  readonly configuration: boolean;
  /** The client has workspace folders and tells of their changes. */
  readonly workspaceFolders: boolean;
  readonly configurationRegistration: boolean;
  /** The client watches files for the server when asked (`workspace/didChangeWatchedFiles`). */
  readonly watchedFilesRegistration: boolean;
  readonly pullDiagnostics: boolean;
  readonly diagnosticRefresh: boolean;
  readonly hierarchicalSymbols: boolean;
  readonly documentChanges: boolean;
  readonly prepareRename: boolean;
  readonly foldingRangeLimit?: number;
}

export function describeClient(capabilities: ClientCapabilities): ClientSupport {
  const text = capabilities.textDocument;
  return {
    configuration: capabilities.workspace?.configuration === true,
    configurationRegistration:
      capabilities.workspace?.didChangeConfiguration?.dynamicRegistration === true,
    watchedFilesRegistration:
      capabilities.workspace?.didChangeWatchedFiles?.dynamicRegistration === true,
    pullDiagnostics: text?.diagnostic !== undefined,
    diagnosticRefresh: capabilities.workspace?.diagnostics?.refreshSupport === true,
    hierarchicalSymbols: text?.documentSymbol?.hierarchicalDocumentSymbolSupport === true,
    documentChanges: capabilities.workspace?.workspaceEdit?.documentChanges === true,
    prepareRename: text?.rename?.prepareSupport === true,
    foldingRangeLimit: text?.foldingRange?.rangeLimit,
    workspaceFolders: capabilities.workspace?.workspaceFolders === true,
  };
}

export function serverCapabilities(client: ClientSupport): ServerCapabilities {
  return {
    textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental },
    ...(client.pullDiagnostics
      ? {
          diagnosticProvider: {
            identifier: 'edgeflow',
            interFileDependencies: false,
            workspaceDiagnostics: false,
          },
        }
      : {}),
    codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix, FIX_ALL_KIND] },
    completionProvider: { triggerCharacters: ['"', ':', '['] },
    hoverProvider: true,
    definitionProvider: true,
    referencesProvider: true,
    renameProvider: client.prepareRename ? { prepareProvider: true } : true,
    documentSymbolProvider: { label: 'EdgeFlow' },
    foldingRangeProvider: true,
    selectionRangeProvider: true,
    documentLinkProvider: { resolveProvider: false },
    documentFormattingProvider: true,
    documentRangeFormattingProvider: true,
    executeCommandProvider: { commands: commandNames() },
    // Settings are read per workspace folder: the server follows the folders as they change.
    ...(client.workspaceFolders
      ? { workspace: { workspaceFolders: { supported: true, changeNotifications: true } } }
      : {}),
  };
}

/** `initializationOptions` a client may pass. */
export interface InitializationOptions {
  /** Where the rules documentation is (a client passes its bundled RULES.md): each code links to its section. */
  readonly rulesDocumentationUri?: string;
  /** The `edgeflow` settings section, for clients that neither answer nor push configuration. */
  readonly settings?: unknown;
}

export function readInitializationOptions(value: unknown): InitializationOptions {
  if (typeof value !== 'object' || value === null) return {};
  const options = value as Record<string, unknown>;
  const uri = options.rulesDocumentationUri;
  return {
    rulesDocumentationUri:
      typeof uri === 'string' && /^[a-z][a-z0-9+.-]*:/i.test(uri) ? uri : undefined,
    settings: options.settings,
  };
}
