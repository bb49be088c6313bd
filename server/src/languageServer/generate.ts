import * as fs from 'node:fs';
import * as path from 'node:path';
import {
  DiagnosticSeverity,
  ErrorCodes,
  MessageType,
  ResponseError,
  ShowMessageNotification,
  type Diagnostic,
} from 'vscode-languageserver';
import { analyze, type Analysis, type Finding, generateScripts } from '../core/index';
import {
  needsConsent,
  planScripts,
  writePlanned,
  type PlannedFile,
} from '../scriptFiles/writeScripts';
import { baseNameOf } from '../scriptFiles/baseName';
import type { CommandContext, CommandHandler } from './commandContext';
import { SOURCE, toRange } from './convert';
import type {
  GenerateOptions,
  GenerateRefusal,
  GenerateResult,
  GeneratedScript,
} from './generateProtocol';
import { MAX_FILE_SIZE_SETTING } from './documents';
import { filePathOf, mergeRules } from './projectConfigs';

/**
 * The generation commands: the language server's only writes (its other file
 * I/O reads edgeflow.config.json). They read the topology (the open document's
 * text, unsaved changes included, or the file), refuse while it has errors or
 * its config file is broken, ask before overwriting a script edited by hand,
 * and write all scripts or none, only into the chosen folder.
 */

const OVERWRITE = 'Overwrite';
const CANCEL = 'Cancel';

interface GenerateRequest {
  readonly uri: string;
  /** The topology's path on disk. */
  readonly file: string;
  /** The client's choice (the VS Code client's: `edgeflow.outputFolder`), absolute. */
  readonly outDir: string | undefined;
}

export function generationCommand(options: { readonly verifyOnly: boolean }): CommandHandler {
  return (args, context) => generate(readArguments(args), options.verifyOnly, context);
}

function invalidParams(message: string): ResponseError<void> {
  return new ResponseError(ErrorCodes.InvalidParams, message);
}

/** `[uri, { outDir? }]`; anything else is the client's mistake, answered with InvalidParams. */
function readArguments(args: readonly unknown[]): GenerateRequest {
  const [uri, options] = args;
  if (typeof uri !== 'string') {
    throw invalidParams('EdgeFlow: the first argument must be the topology document URI.');
  }
  const file = filePathOf(uri);
  if (file === undefined) {
    throw invalidParams(
      `EdgeFlow generates scripts only for files on disk (file: URIs), not ${uri}.`,
    );
  }
  let outDir: string | undefined;
  if (options !== undefined && options !== null) {
    if (typeof options !== 'object')
      throw invalidParams('EdgeFlow: the options must be an object.');
    const requested = (options as GenerateOptions).outDir;
    if (requested !== undefined && requested !== null && requested !== '') {
      if (typeof requested !== 'string' || !path.isAbsolute(requested)) {
        throw invalidParams('EdgeFlow: outDir must be an absolute path.');
      }
      outDir = path.resolve(requested);
    }
  }
  return { uri, file, outDir };
}

async function generate(
  request: GenerateRequest,
  verifyOnly: boolean,
  context: CommandContext,
): Promise<GenerateResult> {
  const name = path.basename(request.file);
  const config = context.configs.forFile(request.file);
  if (config && config.problems.length > 0) {
    // Its rules decide what is an error and its outputFolder where the scripts go: not a guess.
    return refuse(context, {
      ok: false,
      reason: 'failed',
      message: `EdgeFlow generated nothing: ${config.file}: ${config.problems.join('; ')}. Fix it first.`,
    });
  }
  // The client's folder, else the config file's outputFolder, else beside the topology.
  const outDir = request.outDir ?? config?.outputFolder ?? path.dirname(request.file);
  const read = analyseTopology(request, context);
  if ('reason' in read) return refuse(context, read);
  const generated = generateScripts(read.analysis, baseNameOf(request.file), { verifyOnly });
  if (!generated.ok) {
    const first = generated.errors[0];
    const where = first
      ? ` (line ${read.analysis.lines.positionAt(first.range.start).line + 1}: ${first.message})`
      : '';
    return refuse(context, {
      ok: false,
      reason: 'errors',
      message: `EdgeFlow generated nothing: ${name} has ${plural(generated.errors.length, 'error')}${where}. Fix them first.`,
      errors: generated.errors.map((finding) => toErrorDiagnostic(finding, read.analysis)),
    });
  }

  let plan: PlannedFile[];
  try {
    if (fs.statSync(outDir, { throwIfNoEntry: false })?.isDirectory() === false) {
      return refuse(context, {
        ok: false,
        reason: 'failed',
        message: `EdgeFlow generated nothing: ${outDir} is not a folder.`,
      });
    }
    plan = planScripts(generated.files, outDir);
    const blocked = needsConsent(plan);
    if (blocked.length > 0) {
      if (!(await askToOverwrite(blocked, context))) {
        return {
          ok: false,
          reason: 'cancelled',
          message: 'EdgeFlow wrote nothing: overwriting was declined.',
          files: blocked.map(describe),
        };
      }
      // Plan again: a file that was edited while the question was open was not part of the consent.
      const consented = new Set(blocked.map((file) => file.path));
      plan = planScripts(generated.files, outDir);
      const late = needsConsent(plan).filter((file) => !consented.has(file.path));
      if (late.length > 0) {
        return refuse(context, {
          ok: false,
          reason: 'failed',
          message: `EdgeFlow wrote nothing: ${late.map((f) => f.fileName).join(', ')} changed while asking. Generate again.`,
        });
      }
    }
    writePlanned(plan);
  } catch (error) {
    return refuse(context, {
      ok: false,
      reason: 'failed',
      message: `EdgeFlow wrote nothing: ${describeErrorAt(error)}.`,
    });
  }
  context.connection.console.log(
    `EdgeFlow: ${verifyOnly ? 'verification scripts' : 'scripts'} for ${request.file} in ${outDir}: ` +
      plan.map((file) => `${file.fileName} (${file.state})`).join(', '),
  );
  return { ok: true, outDir, files: plan.map(describe) };
}

type ReadTopology = { readonly analysis: Analysis } | GenerateRefusal;

/** The open document's analysis (as the editor shows it), or the file read and analysed. */
function analyseTopology(request: GenerateRequest, context: CommandContext): ReadTopology {
  const { documents, settings, configs } = context;
  const name = path.basename(request.file);
  const open =
    documents.documents.get(request.uri) ??
    documents.documents.all().find((document) => filePathOf(document.uri) === request.file);
  const state = open ? documents.get(open.uri) : undefined;
  if (state?.kind === 'analysed') return { analysis: state.analysis };
  let text: string;
  if (open) text = open.getText();
  else {
    try {
      // A byte-order mark is dropped; bytes that are not UTF-8 are refused.
      text = new TextDecoder('utf-8', { fatal: true }).decode(fs.readFileSync(request.file));
    } catch (error) {
      const problem = error instanceof TypeError ? 'it is not UTF-8 text' : describeError(error);
      return {
        ok: false,
        reason: 'unreadable',
        message: `EdgeFlow cannot read ${name}: ${problem}.`,
      };
    }
  }
  const folderSettings = settings.for(request.uri);
  const { maxFileSize } = folderSettings;
  // The same settings as the diagnostics, so generation refuses exactly when the editor shows an
  // error; a text over the limit gets the core's file-too-large error and is refused like any other.
  return {
    analysis: analyze(text, {
      rules: mergeRules(configs.forFile(request.file), folderSettings.rules),
      maxFileSize,
      maxFileSizeSetting: MAX_FILE_SIZE_SETTING,
    }),
  };
}

/** Shows the refusal (`window/showMessage`) and returns it as the command's result. */
export function refuse<R extends GenerateRefusal>(context: CommandContext, refusal: R): R {
  void context.connection
    .sendNotification(ShowMessageNotification.type, {
      type: MessageType.Error,
      message: refusal.message,
    })
    .catch(() => undefined);
  context.connection.console.warn(refusal.message);
  return refusal;
}

/** Asks with `window/showMessageRequest`; anything but "Overwrite" (or no answer support) means no. */
export async function askToOverwrite(
  blocked: readonly PlannedFile[],
  context: CommandContext,
): Promise<boolean> {
  const edited = blocked.filter((file) => file.state === 'edited').map((file) => file.fileName);
  const foreign = blocked.filter((file) => file.state === 'foreign').map((file) => file.fileName);
  const parts: string[] = [];
  if (edited.length > 0) {
    parts.push(
      `${plural(edited.length, 'script')} ${edited.length === 1 ? 'was' : 'were'} edited by hand since ${edited.length === 1 ? 'it was' : 'they were'} generated: ${edited.join(', ')}`,
    );
  }
  if (foreign.length > 0) {
    parts.push(
      `${plural(foreign.length, 'file')} ${foreign.length === 1 ? 'was' : 'were'} not written by EdgeFlow: ${foreign.join(', ')}`,
    );
  }
  const message = `${parts.join('; ')}. Overwrite?`;
  try {
    const answer = await context.connection.window.showWarningMessage(
      message,
      { title: OVERWRITE },
      { title: CANCEL },
    );
    return answer?.title === OVERWRITE;
  } catch (error) {
    context.connection.console.warn(
      `EdgeFlow: could not ask before overwriting: ${describeError(error)}`,
    );
    return false;
  }
}

function toErrorDiagnostic(finding: Finding, analysis: Analysis): Diagnostic {
  return {
    range: toRange(analysis.lines, finding.range),
    severity: DiagnosticSeverity.Error,
    code: finding.code,
    source: SOURCE,
    message: finding.message,
  };
}

export function describe(file: PlannedFile): GeneratedScript {
  return { path: file.path, state: file.state };
}

function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}

function describeError(error: unknown): string {
  const code = (error as { code?: unknown }).code;
  if (code === 'ENOENT') return 'no such file or directory';
  if (code === 'EACCES' || code === 'EPERM') return 'permission denied';
  if (code === 'EISDIR') return 'is a directory';
  return error instanceof Error ? error.message : String(error);
}

/** The same, led by the file it concerns when Node names it: a write error says where. */
export function describeErrorAt(error: unknown): string {
  const file = (error as { path?: unknown }).path;
  return typeof file === 'string' ? `${file}: ${describeError(error)}` : describeError(error);
}
