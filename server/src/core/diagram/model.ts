import type { OffsetRange, Severity } from '../findings';

/**
 * The mail-flow diagram: what an Exchange architect draws by hand (the
 * internet, each Edge with its adapters, the Mailbox servers, every connector
 * an arrow from sender to receiver), computed once in the core and drawn by
 * both the CLI's SVG and the editor's webview. Plain data (no tree nodes), so
 * that the language server can send it to the client as it is.
 */

export type DiagramNodeKind = 'internet' | 'internal' | 'organization' | 'edge' | 'mailbox';

export interface DiagramAdapter {
  /** Its port on the Edge's box, where the arrows of its network meet the box. */
  readonly id: string;
  readonly name: string;
  readonly network: string;
  readonly addresses: readonly string[];
  /** The receive connectors that listen on one of its addresses (or on every address). */
  readonly receiveConnectors: readonly string[];
}

export interface DiagramNode {
  /** Stable for one text: `internet`, `internal`, `organization`, `server:<index>`. */
  readonly id: string;
  readonly kind: DiagramNodeKind;
  readonly title: string;
  /** Further lines under the title: FQDN, addresses. */
  readonly details: readonly string[];
  /** Edge only. */
  readonly adapters: readonly DiagramAdapter[];
  /** The organization node's members (Mailbox servers): drawn inside it. */
  readonly parent?: string;
  /** The worst severity of the findings inside its object in the file. */
  readonly severity?: Severity;
  /** Its object in the file, to reveal it; none for the internet or other hosts. */
  readonly range?: OffsetRange;
}

export interface DiagramEdge {
  /** `send:<index>` or `receive:<index>` (the connector), with `#<n>` for its further arrows. */
  readonly id: string;
  readonly connector: { readonly kind: 'send' | 'receive'; readonly index: number };
  readonly from: string;
  readonly to: string;
  /** The adapter (DiagramAdapter.id) the arrow leaves from or arrives at, on an Edge. */
  readonly fromPort?: string;
  readonly toPort?: string;
  /** The connector's name, then what it carries and how: address spaces, port, TLS, authentication, credential. */
  readonly label: readonly string[];
  readonly severity?: Severity;
  readonly range?: OffsetRange;
}

export interface Diagram {
  readonly title: string;
  readonly nodes: readonly DiagramNode[];
  readonly edges: readonly DiagramEdge[];
  /** Servers and connectors left out of a topology too large to draw. */
  readonly omitted: number;
  /** One message's paths, when the picture shows them (message.ts). */
  readonly message?: DiagramMessage;
}

export interface DiagramMessagePath {
  readonly verdict: string;
  readonly explanation: string;
  /** Whether this path gives what the design needs for the message. */
  readonly ok: boolean;
  /** The arrows it follows and the boxes it passes, as the diagram's ids. */
  readonly edges: readonly string[];
  readonly nodes: readonly string[];
}

export interface DiagramMessage {
  /** As the trace says them: `internet`, `MBX01`; `user@contoso.com`. */
  readonly from: string;
  readonly to: string;
  /** The recipient's kind: Authoritative, InternalRelay, ExternalRelay or NotAccepted. */
  readonly recipientKind: string;
  readonly need: string;
  /** Every path gives what the design needs. */
  readonly ok: boolean;
  readonly paths: readonly DiagramMessagePath[];
}

export const SEVERITY_ORDER: readonly Severity[] = ['error', 'warning', 'information', 'hint'];

/** The worse of two severities (error first). */
export function worse(a: Severity | undefined, b: Severity | undefined): Severity | undefined {
  if (a === undefined) return b;
  if (b === undefined) return a;
  return SEVERITY_ORDER.indexOf(a) <= SEVERITY_ORDER.indexOf(b) ? a : b;
}
