/**
 * "EdgeFlow: Compare with Servers" as any LSP client sees it. Like
 * diagramProtocol.ts, clients import this module, so it holds only constants
 * and types and imports nothing at run time.
 */

/**
 * `[topologyUri, fileUris]`: compare the open topology with export documents
 * or verification -Json output (file URIs the server can read). The drift is
 * then part of the topology's diagnostics, recomputed on every change of the
 * file (a fix that takes the server's value makes its diagnostic go), until
 * DRIFT_CLEAR_COMMAND or the document is closed.
 */
export const DRIFT_COMPARE_COMMAND = 'edgeflow.server.compareWithServers';

/** `[topologyUri]`: forget the comparison; the drift diagnostics go. */
export const DRIFT_CLEAR_COMMAND = 'edgeflow.server.clearServerComparison';

/**
 * `[topologyUri, key]`: what the "keep the file" quick fix runs when it edits
 * nothing (the generated script converges the server): that one diagnostic is
 * dismissed until the next comparison.
 */
export const DRIFT_DISMISS_COMMAND = 'edgeflow.server.dismissDrift';

export type DriftCompareResponse =
  | {
      readonly ok: true;
      /** How many differences were found. */
      readonly differences: number;
      /** Servers of the topology no file was given for. */
      readonly notCompared: readonly string[];
      /** FAILs of verification output that are no difference of configuration. */
      readonly unmatched: readonly string[];
    }
  | { readonly ok: false; readonly problem: string };
