import { fileURLToPath } from 'node:url';
import { ErrorCodes, ResponseError } from 'vscode-languageserver';
import {
  drift,
  driftFromVerification,
  type ImportInput,
  type VerificationResult,
} from '../core/index';
import { readInputFile } from '../exportFiles/readInputFile';
import type { CommandHandler } from './commandContext';
import type { DriftCompareResponse } from './driftProtocol';

/**
 * The commands of "Compare with Servers". The files are read here, by URI,
 * as `edgeflow drift` reads them (the same reader): the client only asks
 * which files. Reading files the user picked is all it does, so it works in
 * an untrusted workspace too.
 */

function uriArgument(value: unknown, what: string): string {
  if (typeof value !== 'string')
    throw new ResponseError(ErrorCodes.InvalidParams, `EdgeFlow: ${what} must be a URI string.`);
  return value;
}

export const compareCommand: CommandHandler = (args, context): DriftCompareResponse => {
  const uri = uriArgument(args[0], 'the first argument');
  const files = args[1];
  if (!Array.isArray(files) || files.length === 0)
    throw new ResponseError(
      ErrorCodes.InvalidParams,
      'EdgeFlow: the second argument must list file URIs.',
    );
  const state = context.documents.analysed(uri);
  if (!state) return { ok: false, problem: `${uri} is not an open, analysable EdgeFlow topology.` };
  const exports: ImportInput[] = [];
  const verifications: VerificationResult[][] = [];
  for (const file of files) {
    const fileUri = uriArgument(file, 'each file');
    let filePath: string;
    try {
      filePath = fileURLToPath(fileUri);
    } catch {
      return { ok: false, problem: `${fileUri} is not a file on this machine.` };
    }
    const read = readInputFile(filePath, true);
    if ('problem' in read) return { ok: false, problem: read.problem };
    if (read.file.kind === 'export') exports.push(read.file.input);
    else verifications.push([...read.file.results]);
  }
  const analysis = state.analysis;
  const result = drift(analysis, exports);
  const fromVerification = verifications.map((results) => driftFromVerification(analysis, results));
  context.drift.set(uri, exports, verifications);
  context.refreshDiagnostics(uri);
  return {
    ok: true,
    differences:
      result.findings.length + fromVerification.reduce((sum, r) => sum + r.findings.length, 0),
    notCompared: exports.length > 0 ? result.notCompared : [],
    unmatched: fromVerification.flatMap((r) =>
      r.unmatched.map((u) => `${u.name} (expected: ${u.expected}; actual: ${u.actual})`),
    ),
  };
};

export const clearCommand: CommandHandler = (args, context): boolean => {
  const uri = uriArgument(args[0], 'the first argument');
  const cleared = context.drift.clear(uri);
  context.refreshDiagnostics(uri);
  return cleared;
};

export const dismissCommand: CommandHandler = (args, context): void => {
  const uri = uriArgument(args[0], 'the first argument');
  const key = uriArgument(args[1], 'the second argument');
  context.drift.dismiss(uri, key);
  context.refreshDiagnostics(uri);
};
