import * as fs from 'node:fs';
import * as path from 'node:path';
import { ErrorCodes, ResponseError } from 'vscode-languageserver';
import { exportScriptFile } from '../core/index';
import { needsConsent, planScripts, writePlanned } from '../scriptFiles/writeScripts';
import type { CommandHandler } from './commandContext';
import { askToOverwrite, describe, describeErrorAt, refuse } from './generate';
import type { GenerateResult } from './generateProtocol';
import { filePathOf } from './projectConfigs';

/**
 * `edgeflow.server.saveExportScript [fileUri]`: writes the export script to
 * that file, as generation writes scripts (atomically; a file edited by hand
 * or not written by EdgeFlow only with the user's consent). No topology is
 * involved: the script is the same for every deployment.
 */
export const saveExportScriptCommand: CommandHandler = async (args, context) => {
  const [uri] = args;
  const target = typeof uri === 'string' ? filePathOf(uri) : undefined;
  if (target === undefined) {
    throw new ResponseError(
      ErrorCodes.InvalidParams,
      'EdgeFlow: the argument must be the file: URI to write the export script to.',
    );
  }
  const outDir = path.dirname(target);
  try {
    if (fs.statSync(target, { throwIfNoEntry: false })?.isDirectory() === true) {
      return refuse(context, {
        ok: false,
        reason: 'failed',
        message: `EdgeFlow wrote nothing: ${target} is a folder.`,
      });
    }
    const file = exportScriptFile(path.basename(target));
    let plan = planScripts([file], outDir);
    const blocked = needsConsent(plan);
    if (blocked.length > 0) {
      if (!(await askToOverwrite(blocked, context))) {
        return {
          ok: false,
          reason: 'cancelled',
          message: 'EdgeFlow wrote nothing: overwriting was declined.',
          files: blocked.map(describe),
        } satisfies GenerateResult;
      }
      plan = planScripts([file], outDir);
    }
    writePlanned(plan);
    context.connection.console.log(
      `EdgeFlow: export script ${target} (${plan[0]?.state ?? 'unchanged'})`,
    );
    return { ok: true, outDir, files: plan.map(describe) } satisfies GenerateResult;
  } catch (error) {
    return refuse(context, {
      ok: false,
      reason: 'failed',
      message: `EdgeFlow wrote nothing: ${describeErrorAt(error)}.`,
    });
  }
};
