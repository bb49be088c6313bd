/**
 * The mail-flow diagram command as any LSP client sees it. Like
 * traceProtocol.ts, clients import this module, so it holds only constants
 * and types and imports nothing at run time.
 */

import type { TraceChoice } from './traceProtocol';

/**
 * `[uri, { from?, to? }?]`: the diagram of the open topology `uri`, at the
 * version the editor shows; with `from` and `to` (as the trace takes them),
 * that message's paths stand out.
 */
export const DIAGRAM_COMMAND = 'edgeflow.server.diagram';

/** A node or an arrow of the picture, and the object it stands for. */
export interface DiagramItem {
  /** The `data-id` of its shape in the SVG. */
  readonly id: string;
  /** What it is, in words: the webview's text alternative and its shape's accessible name. */
  readonly text: string;
  /** UTF-16 offsets of its object in the text the server analysed; none for the internet. */
  readonly start?: number;
  readonly end?: number;
  readonly severity?: string;
}

export type DiagramResponse =
  | {
      readonly ok: true;
      /** The standalone SVG, as `edgeflow diagram` writes it. */
      readonly svg: string;
      readonly title: string;
      readonly nodes: readonly DiagramItem[];
      /** One per arrow: the list of connections. */
      readonly connections: readonly DiagramItem[];
      /** The document version the diagram was computed on. */
      readonly version: number;
      /** The message asked for, its paths' ends in words and the shapes it goes through. */
      readonly message?: DiagramMessageSummary;
      /** Why the message asked for is not shown (an unknown sender, not an address). */
      readonly messageProblem?: string;
      /** Whom a message can come from and go to: the view's choices. */
      readonly senders: readonly TraceChoice[];
      readonly recipients: readonly TraceChoice[];
    }
  | { readonly ok: false; readonly problem: string };

export interface DiagramMessageSummary {
  /** As asked: `internet`, a server's name; an address or a domain. */
  readonly from: string;
  readonly to: string;
  /** Every path gives what the design needs. */
  readonly ok: boolean;
  /** The caption: the message, then one line per path. */
  readonly lines: readonly string[];
  /** The `data-id`s of the arrows and boxes on its paths. */
  readonly onPath: readonly string[];
}
