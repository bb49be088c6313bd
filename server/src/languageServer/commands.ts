import { ErrorCodes, ResponseError, type Connection } from 'vscode-languageserver';
import type { TopologyDocuments } from './documents';
import type { SettingsStore } from './settings';

/** What a command may use: the open documents and their analyses, the settings, the client. */
export interface CommandContext {
  readonly connection: Connection;
  readonly documents: TopologyDocuments;
  readonly settings: SettingsStore;
}

export type CommandHandler = (args: readonly unknown[], context: CommandContext) => unknown;

/**
 * The `workspace/executeCommand` commands, by name. The server capability
 * `executeCommandProvider.commands` is built from this map, so adding a
 * command is one entry here (and its module). The generation commands
 * (`edgeflow.generateScripts`, `edgeflow.generateVerification`) join when the
 * core's generator exists.
 */
export const COMMANDS: ReadonlyMap<string, CommandHandler> = new Map<string, CommandHandler>([]);

export function commandNames(): string[] {
  return [...COMMANDS.keys()];
}

export async function executeCommand(
  name: string,
  args: readonly unknown[] | undefined,
  context: CommandContext,
): Promise<unknown> {
  const handler = COMMANDS.get(name);
  if (!handler) {
    throw new ResponseError(ErrorCodes.InvalidParams, `EdgeFlow has no command '${name}'.`);
  }
  return handler(args ?? [], context);
}
