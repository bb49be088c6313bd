import type { Connection } from 'vscode-languageserver';
import type { TopologyDocuments } from './documents';
import type { DriftStore } from './driftStore';
import type { ProjectConfigs } from './projectConfigs';
import type { SettingsStore } from './settings';

// In a file of their own so that the command modules (generate.ts, trace.ts)
// and the table that lists them (commands.ts) do not import each other.

/**
 * What a command may use: the open documents and their analyses, the
 * settings, the config files, the client.
 */
export interface CommandContext {
  readonly connection: Connection;
  readonly documents: TopologyDocuments;
  readonly settings: SettingsStore;
  readonly configs: ProjectConfigs;
  /** What "Compare with Servers" compared each topology with. */
  readonly drift: DriftStore;
  /** Recompute and send (or have the client pull) the diagnostics of `uri`. */
  readonly refreshDiagnostics: (uri: string) => void;
}

export type CommandHandler = (args: readonly unknown[], context: CommandContext) => unknown;
