import type { Node } from 'jsonc-parser';
import {
  SymbolKind,
  type DocumentSymbol,
  type Range,
  type SymbolInformation,
} from 'vscode-languageserver';
import type { Analysis, LineIndex, ObjectView, Spanned, Server } from '../core/index';
import { toRange } from './convert';

/**
 * The outline: the organization, then servers (with their adapters),
 * credentials, send and receive connectors, each by name. Built from the
 * model, which holds whatever the parser recovered, so a broken document
 * still gets the part of its outline that parses.
 */
export function documentSymbols(analysis: Analysis): DocumentSymbol[] {
  const { topology, lines } = analysis;
  const root = topology.root;
  if (!root) return [];
  const result: DocumentSymbol[] = [];
  const organization = root.object('organization');
  const organizationGroup = group(
    lines,
    root,
    'organization',
    'Organization',
    SymbolKind.Namespace,
    [
      ...topology.acceptedDomains.map((domain) =>
        item(
          lines,
          domain.view?.node ?? domain.domainName.node,
          domain.domainName,
          'accepted domain',
          SymbolKind.Constant,
          domain.domainType,
        ),
      ),
    ],
  );
  if (organizationGroup) {
    result.push({ ...organizationGroup, detail: organization?.string('name')?.value ?? '' });
  }
  const servers = topology.servers.map((server) =>
    item(
      lines,
      server.view.node,
      server.name,
      'server',
      serverKind(server),
      [server.role?.value, server.fqdn?.value].filter(Boolean).join(' · '),
      server.adapters.map((adapter) =>
        item(
          lines,
          adapter.view.node,
          adapter.name,
          'adapter',
          SymbolKind.Property,
          [adapter.network?.value, ...adapter.ipAddresses.map((ip) => ip.value)]
            .filter(Boolean)
            .join(' · '),
        ),
      ),
    ),
  );
  const credentials = topology.credentials.map((credential) =>
    item(
      lines,
      credential.view.node,
      credential.name,
      'credential',
      SymbolKind.Key,
      credential.userName?.value ?? '',
    ),
  );
  const sendConnectors = topology.sendConnectors.map((connector) =>
    item(
      lines,
      connector.view.node,
      connector.name,
      'send connector',
      SymbolKind.Function,
      connector.server?.value ?? 'organization',
    ),
  );
  const receiveConnectors = topology.receiveConnectors.map((connector) =>
    item(
      lines,
      connector.view.node,
      connector.name,
      'receive connector',
      SymbolKind.Event,
      connector.server?.value ?? '',
    ),
  );
  for (const [key, name, children] of [
    ['servers', 'Servers', servers],
    ['credentials', 'Credentials', credentials],
    ['sendConnectors', 'Send connectors', sendConnectors],
    ['receiveConnectors', 'Receive connectors', receiveConnectors],
  ] as const) {
    const symbol = group(lines, root, key, name, SymbolKind.Array, children);
    if (symbol) result.push(symbol);
  }
  return result;
}

/** The flat form, for clients without hierarchical document symbols. */
export function flattenSymbols(
  symbols: readonly DocumentSymbol[],
  uri: string,
): SymbolInformation[] {
  const result: SymbolInformation[] = [];
  const visit = (symbol: DocumentSymbol, container?: string) => {
    result.push({
      name: symbol.name,
      kind: symbol.kind,
      location: { uri, range: symbol.range },
      ...(container ? { containerName: container } : {}),
    });
    for (const child of symbol.children ?? []) visit(child, symbol.name);
  };
  for (const symbol of symbols) visit(symbol);
  return result;
}

function serverKind(server: Server): SymbolKind {
  switch (server.role?.value) {
    case 'Edge':
      return SymbolKind.Interface;
    case 'Mailbox':
      return SymbolKind.Class;
    default:
      return SymbolKind.Object;
  }
}

function rangeOf(lines: LineIndex, node: Node): Range {
  return toRange(lines, { start: node.offset, end: node.offset + node.length });
}

/** A top-level property as a group: the whole property is its range, the key its selection. */
function group(
  lines: LineIndex,
  root: ObjectView,
  key: string,
  name: string,
  kind: SymbolKind,
  children: DocumentSymbol[],
): DocumentSymbol | undefined {
  const property = root.property(key);
  const keyNode = root.keyNode(key);
  if (!property || !keyNode) return undefined;
  return {
    name,
    kind,
    range: rangeOf(lines, property),
    selectionRange: rangeOf(lines, keyNode),
    children,
  };
}

function item(
  lines: LineIndex,
  node: Node,
  name: Spanned<string> | undefined,
  what: string,
  kind: SymbolKind,
  detail: string,
  children: DocumentSymbol[] = [],
): DocumentSymbol {
  const range = rangeOf(lines, node);
  const selectionRange = name
    ? rangeOf(lines, name.node)
    : { start: range.start, end: range.start };
  // Editors reject empty symbol names.
  const label = name?.value.trim() ? name.value : `(${what} without a name)`;
  return { name: label, kind, range, selectionRange, detail, children };
}
