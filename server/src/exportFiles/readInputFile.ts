import * as fs from 'node:fs';
import * as path from 'node:path';
import {
  isVerificationOutput,
  readExportDocument,
  readVerificationResults,
  type ImportInput,
  type VerificationResult,
} from '../core/index';

/** The reason a file could not be read, without Node's error code noise. */
function describeError(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') return 'no such file';
  if (code === 'EISDIR') return 'a directory, not an export file';
  return error instanceof Error ? error.message : String(error);
}

/**
 * Reads the files `edgeflow import`, `edgeflow drift` and the editor's
 * "Compare with Servers" take (shared by the CLI and the language server, as
 * config/ is): export documents, and for drift
 * also a verification script's -Json output. Windows PowerShell 5.1 writes
 * UTF-8 with a BOM (`Out-File -Encoding utf8`) or, by default, UTF-16 LE with
 * a BOM (`Out-File`, `>`): both are read, the BOM says which.
 */

export type InputFile =
  | { readonly kind: 'export'; readonly input: ImportInput }
  | {
      readonly kind: 'verification';
      readonly fileName: string;
      readonly results: readonly VerificationResult[];
    };

function decode(bytes: Uint8Array): string | undefined {
  try {
    if (bytes[0] === 0xff && bytes[1] === 0xfe)
      return new TextDecoder('utf-16le', { fatal: true }).decode(bytes.subarray(2));
    if (bytes[0] === 0xfe && bytes[1] === 0xff)
      return new TextDecoder('utf-16be', { fatal: true }).decode(bytes.subarray(2));
    // The UTF-8 decoder drops a BOM itself.
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return undefined;
  }
}

/** One file: an export document, verification output (when allowed), or why not. */
export function readInputFile(
  argument: string,
  allowVerification: boolean,
): { readonly file: InputFile } | { readonly problem: string } {
  const fileName = path.normalize(argument);
  let bytes: Uint8Array;
  try {
    bytes = fs.readFileSync(path.resolve(argument));
  } catch (error) {
    return { problem: `${fileName}: ${describeError(error)}` };
  }
  const text = decode(bytes);
  if (text === undefined) return { problem: `${fileName}: not UTF-8 or UTF-16 text` };
  if (allowVerification) {
    let value: unknown;
    try {
      value = JSON.parse(text) as unknown;
    } catch {
      value = undefined;
    }
    if (isVerificationOutput(value)) {
      const read = readVerificationResults(text, fileName);
      return read.problem !== undefined
        ? { problem: read.problem }
        : { file: { kind: 'verification', fileName, results: read.results } };
    }
  }
  const read = readExportDocument(text, { fileName });
  return read.problem !== undefined
    ? { problem: read.problem }
    : { file: { kind: 'export', input: { fileName, document: read.document } } };
}
