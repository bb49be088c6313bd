/**
 * The mail-flow diagram command as any LSP client sees it. Like
 * traceProtocol.ts, clients import this module, so it holds only constants
 * and types and imports nothing at run time.
 */

/** `[uri]`: the diagram of the open topology `uri`, at the version the editor shows. */
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
    }
  | { readonly ok: false; readonly problem: string };
