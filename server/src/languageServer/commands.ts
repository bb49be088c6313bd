import { ErrorCodes, ResponseError } from 'vscode-languageserver';
import type { CommandContext, CommandHandler } from './commandContext';
import { diagramCommand } from './diagram';
import { DIAGRAM_COMMAND } from './diagramProtocol';
import { saveExportScriptCommand } from './exportScript';
import { clearCommand, compareCommand, dismissCommand } from './drift';
import { DRIFT_CLEAR_COMMAND, DRIFT_COMPARE_COMMAND, DRIFT_DISMISS_COMMAND } from './driftProtocol';
import { generationCommand } from './generate';
import {
  GENERATE_SCRIPTS_COMMAND,
  GENERATE_VERIFICATION_COMMAND,
  SAVE_EXPORT_SCRIPT_COMMAND,
} from './generateProtocol';
import { traceChoicesCommand, traceCommand } from './trace';
import { TRACE_CHOICES_COMMAND, TRACE_COMMAND } from './traceProtocol';

/**
 * The `workspace/executeCommand` commands, by name. The server capability
 * `executeCommandProvider.commands` is built from this map, so adding a
 * command is one entry here (and its module). The ids and results of the
 * generation commands are in `generateProtocol.ts`, those of the trace
 * commands in `traceProtocol.ts`; clients import both.
 */
export const COMMANDS: ReadonlyMap<string, CommandHandler> = new Map<string, CommandHandler>([
  [GENERATE_SCRIPTS_COMMAND, generationCommand({ verifyOnly: false })],
  [GENERATE_VERIFICATION_COMMAND, generationCommand({ verifyOnly: true })],
  [TRACE_COMMAND, traceCommand],
  [TRACE_CHOICES_COMMAND, traceChoicesCommand],
  [DIAGRAM_COMMAND, diagramCommand],
  [SAVE_EXPORT_SCRIPT_COMMAND, saveExportScriptCommand],
  [DRIFT_COMPARE_COMMAND, compareCommand],
  [DRIFT_CLEAR_COMMAND, clearCommand],
  [DRIFT_DISMISS_COMMAND, dismissCommand],
]);

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
