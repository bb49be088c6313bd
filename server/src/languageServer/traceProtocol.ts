/**
 * The mail-trace commands as any LSP client sees them: their
 * `workspace/executeCommand` ids, arguments and results. Like
 * generateProtocol.ts, clients import this module, so it holds only constants
 * and types and imports nothing at run time.
 *
 * The ids are not the palette command `edgeflow.traceMail`: vscode-languageclient
 * registers every server command as a VS Code command of the same id.
 */

/** `[uri, { from?, to? }]`: the trace of the open topology `uri`, as text. */
export const TRACE_COMMAND = 'edgeflow.server.trace';

/** `[uri]`: whom a trace of the open topology `uri` can start from and go to, for pickers. */
export const TRACE_CHOICES_COMMAND = 'edgeflow.server.traceChoices';

/**
 * What to trace. `from`: `internet`, `internal`, a server of the topology or
 * an IP address; `to`: an e-mail address or a domain. Without one of them,
 * every sender (or every recipient class) of the design.
 */
export interface TraceRequest {
  readonly from?: string;
  readonly to?: string;
}

export type TraceResponse =
  | {
      readonly ok: true;
      /** The trace hop by hop, as `edgeflow trace --detailed` writes it. */
      readonly text: string;
      /** How many sender × recipient cells fail what the design needs. */
      readonly failing: number;
      readonly cells: number;
    }
  /** The sender or the recipient is not one the model knows, or the topology cannot be traced. */
  | { readonly ok: false; readonly problem: string };

/** One item of a picker: `value` is what the trace request takes. */
export interface TraceChoice {
  readonly value: string;
  readonly label: string;
  readonly description?: string;
}

export type TraceChoices =
  | {
      readonly ok: true;
      readonly senders: readonly TraceChoice[];
      readonly recipients: readonly TraceChoice[];
    }
  | { readonly ok: false; readonly problem: string };
