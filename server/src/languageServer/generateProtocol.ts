import type { Diagnostic } from 'vscode-languageserver';
import type { PlannedState } from '../scriptFiles/writeScripts';

/**
 * The generation commands as any LSP client sees them: their
 * `workspace/executeCommand` ids, arguments and results. Clients import this
 * module (the VS Code client does), so it holds only constants and types and
 * imports nothing at run time.
 *
 * The ids differ from the VS Code palette commands (`edgeflow.generateScripts`,
 * `edgeflow.generateVerification`) on purpose: vscode-languageclient registers
 * every server command as a VS Code command of the same id, which would clash
 * with the palette commands the extension registers itself.
 */

/** Writes the connector scripts and the verification scripts. */
export const GENERATE_SCRIPTS_COMMAND = 'edgeflow.server.generateScripts';

/** Writes only the verification scripts. */
export const GENERATE_VERIFICATION_COMMAND = 'edgeflow.server.generateVerification';

/**
 * Writes the read-only export script (`edgeflow export-script`). Its one
 * argument is the target file's `file:` URI; the result is a GenerateResult
 * whose `files` holds that one file. A file edited by hand or not written by
 * EdgeFlow is overwritten only when the user agrees (window/showMessageRequest).
 */
export const SAVE_EXPORT_SCRIPT_COMMAND = 'edgeflow.server.saveExportScript';

/**
 * The second argument (optional); the first is the topology's `file:` URI.
 * `outDir` is an absolute path; without it the scripts go to the `outputFolder`
 * of the topology's edgeflow.config.json, or beside the topology.
 */
export interface GenerateOptions {
  readonly outDir?: string;
}

export interface GeneratedScript {
  /** Absolute path of the script. */
  readonly path: string;
  /**
   * What writing did: `new`, `replace` (an earlier unedited script),
   * `edited`/`foreign` (overwritten with consent), `unchanged` (already up to date).
   */
  readonly state: PlannedState;
}

export type GenerateResult =
  | { readonly ok: true; readonly outDir: string; readonly files: readonly GeneratedScript[] }
  | GenerateRefusal;

export type GenerateRefusal =
  /** The topology has errors (listed as diagnostics of the topology); nothing was written. */
  | {
      readonly ok: false;
      readonly reason: 'errors';
      readonly message: string;
      readonly errors: readonly Diagnostic[];
    }
  /** Scripts were edited by hand or not written by EdgeFlow, and the user did not agree to overwrite them. */
  | {
      readonly ok: false;
      readonly reason: 'cancelled';
      readonly message: string;
      readonly files: readonly GeneratedScript[];
    }
  /**
   * The topology could not be read, is too large, its edgeflow.config.json is
   * broken, or writing failed; nothing was written.
   */
  | {
      readonly ok: false;
      readonly reason: 'unreadable' | 'failed';
      readonly message: string;
    };
