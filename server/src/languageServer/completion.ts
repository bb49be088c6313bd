import { createScanner, getLocation, SyntaxKind, type JSONPath, type Node } from 'jsonc-parser';
import type { JSONDocument, LanguageService } from 'vscode-json-languageservice';
import {
  CompletionItemKind,
  MarkupKind,
  type CompletionItem,
  type CompletionList,
  type Position,
} from 'vscode-languageserver';
import type { Analysis, Spanned, Server } from '../core/index';
import { toOffset, toRange } from './convert';
import type { AnalysedState } from './documents';
import { contentRange } from './names';

/** A name or address defined elsewhere in the file, offered as a value. */
interface Candidate {
  readonly value: string;
  readonly detail: string;
  readonly kind: CompletionItemKind;
  readonly documentation?: string;
}

/**
 * Completion: values that name something defined elsewhere in the topology
 * (servers of the right role, credentials, adapter and Mailbox addresses,
 * smart-host FQDNs) come from the analysis; keys and enum values come from the
 * schema through the JSON language service.
 */
export async function provideCompletion(
  state: AnalysedState,
  position: Position,
  json: LanguageService,
  jsonDocument: JSONDocument,
): Promise<CompletionList> {
  const names = completeNames(state.analysis, toOffset(state.analysis.lines, position));
  if (names) return { isIncomplete: false, items: names };
  const fromSchema = await json.doComplete(state.document, position, jsonDocument);
  return fromSchema ?? { isIncomplete: false, items: [] };
}

/** Items for a value that names something in the file, or undefined when the schema decides. */
export function completeNames(analysis: Analysis, offset: number): CompletionItem[] | undefined {
  const text = withoutByteOrderMark(analysis.document.text);
  const location = getLocation(text, offset);
  if (location.isAtPropertyKey) return undefined;
  const candidates = candidatesAt(analysis, location.path);
  if (!candidates) return undefined;
  const insertion = insertionAt(text, offset, location.previousNode);
  if (!insertion) return undefined;
  const taken = new Set(siblingValues(analysis, location.path).map((v) => v.toLowerCase()));
  return candidates
    .filter((candidate) => !taken.has(candidate.value.toLowerCase()))
    .map((candidate, index) => {
      const newText = insertion.inString
        ? JSON.stringify(candidate.value).slice(1, -1)
        : JSON.stringify(candidate.value) + insertion.separator;
      const item: CompletionItem = {
        label: candidate.value,
        kind: candidate.kind,
        detail: candidate.detail,
        sortText: String(index).padStart(4, '0'),
        filterText: insertion.inString ? candidate.value : JSON.stringify(candidate.value),
        textEdit: { range: toRange(analysis.lines, insertion.range), newText },
      };
      if (candidate.documentation) {
        item.documentation = { kind: MarkupKind.Markdown, value: candidate.documentation };
      }
      return item;
    });
}

/** A BOM is replaced by a space of the same length, as the core's parser does. */
function withoutByteOrderMark(text: string): string {
  return text.charCodeAt(0) === 0xfeff ? ' ' + text.slice(1) : text;
}

interface Insertion {
  readonly range: { readonly start: number; readonly end: number };
  /** Inside quotes: the item replaces the string's content; outside: it inserts a whole string. */
  readonly inString: boolean;
  readonly separator: string;
}

function insertionAt(
  text: string,
  offset: number,
  previous: Node | undefined,
): Insertion | undefined {
  if (previous?.type === 'string') {
    const content = contentRange(text, previous);
    if (offset < content.start || offset > content.end) return undefined;
    return { range: content, inString: true, separator: '' };
  }
  // Anything else right before the cursor (a number, a keyword) is not ours to replace.
  if (previous) return undefined;
  return {
    range: { start: offset, end: offset },
    inString: false,
    separator: separatorAfter(text, offset),
  };
}

/** A comma when another value or property follows the insertion point, as the JSON service does. */
function separatorAfter(text: string, offset: number): string {
  const scanner = createScanner(text, true);
  scanner.setPosition(offset);
  let kind = scanner.scan();
  while (kind === SyntaxKind.LineCommentTrivia || kind === SyntaxKind.BlockCommentTrivia) {
    kind = scanner.scan();
  }
  switch (kind) {
    case SyntaxKind.StringLiteral:
    case SyntaxKind.OpenBraceToken:
    case SyntaxKind.OpenBracketToken:
    case SyntaxKind.NumericLiteral:
    case SyntaxKind.TrueKeyword:
    case SyntaxKind.FalseKeyword:
    case SyntaxKind.NullKeyword:
      return ',';
    default:
      return '';
  }
}

/** The path pattern `[collection, index, key]` or `[collection, index, key, element]`. */
function match(
  path: JSONPath,
  collection: string,
  key: string,
  element: boolean,
): number | undefined {
  const expectedLength = element ? 4 : 3;
  if (path.length !== expectedLength || path[0] !== collection || path[2] !== key) return undefined;
  if (typeof path[1] !== 'number') return undefined;
  if (element && typeof path[3] !== 'number') return undefined;
  return path[1];
}

function candidatesAt(analysis: Analysis, path: JSONPath): Candidate[] | undefined {
  const { index, topology } = analysis;
  if (match(path, 'sendConnectors', 'server', false) !== undefined) {
    return index.edges.flatMap(serverCandidate);
  }
  if (match(path, 'receiveConnectors', 'server', false) !== undefined) {
    return topology.servers.flatMap(serverCandidate);
  }
  if (match(path, 'credentials', 'server', false) !== undefined) {
    return index.edges.flatMap(serverCandidate);
  }
  if (match(path, 'sendConnectors', 'sourceTransportServers', true) !== undefined) {
    return index.mailboxes.flatMap(serverCandidate);
  }
  if (match(path, 'sendConnectors', 'authenticationCredential', false) !== undefined) {
    return topology.credentials.flatMap((credential) => {
      if (!credential.name?.value) return [];
      const parts = [credential.scope?.value, credential.userName?.value].filter(Boolean);
      return [
        {
          value: credential.name.value,
          detail: parts.length > 0 ? `credential · ${parts.join(' · ')}` : 'credential',
          kind: CompletionItemKind.Reference,
        },
      ];
    });
  }
  const receiveIndex = match(path, 'receiveConnectors', 'bindings', true);
  if (receiveIndex !== undefined) return bindingCandidates(analysis, receiveIndex);
  if (match(path, 'receiveConnectors', 'remoteIPRanges', true) !== undefined) {
    return index.mailboxes.flatMap((server) =>
      server.ipAddresses.map((ip) => ({
        value: ip.value,
        detail: `Mailbox server ${server.name?.value ?? ''}`.trim(),
        kind: CompletionItemKind.Value,
      })),
    );
  }
  const sendIndex = match(path, 'sendConnectors', 'smartHosts', true);
  if (sendIndex !== undefined) return smartHostCandidates(analysis, sendIndex);
  return undefined;
}

function serverCandidate(server: Server): Candidate[] {
  if (!server.name?.value) return [];
  const role = server.role?.value;
  const description =
    role === 'Edge' ? 'Edge Transport server' : role ? `${role} server` : 'server';
  const lines = [`**${server.name.value}**: ${description}`];
  if (server.fqdn) lines.push(`FQDN \`${server.fqdn.value}\``);
  if (server.ipAddresses.length > 0) {
    lines.push(`Addresses: ${server.ipAddresses.map((ip) => `\`${ip.value}\``).join(', ')}`);
  }
  return [
    {
      value: server.name.value,
      detail: [role ?? 'server', server.fqdn?.value].filter(Boolean).join(' · '),
      kind: CompletionItemKind.Reference,
      documentation: lines.join('\n\n'),
    },
  ];
}

function bindingCandidates(analysis: Analysis, connectorIndex: number): Candidate[] {
  const { index, topology } = analysis;
  const connector = topology.receiveConnectors.find((c) => c.view.path[1] === connectorIndex);
  const server = connector?.server && index.server(connector.server.value);
  const servers = server ? [server] : topology.servers;
  const result: Candidate[] = [];
  let hasIpv6 = false;
  for (const candidateServer of servers) {
    const addresses: { ip: Spanned<string>; where: string }[] = [];
    if (candidateServer.adapters.length > 0) {
      for (const adapter of candidateServer.adapters) {
        const label = [adapter.name?.value, adapter.network && `(${adapter.network.value})`]
          .filter(Boolean)
          .join(' ');
        for (const ip of adapter.ipAddresses) addresses.push({ ip, where: label || 'adapter' });
      }
    } else {
      for (const ip of candidateServer.ipAddresses) addresses.push({ ip, where: 'address' });
    }
    for (const { ip, where } of addresses) {
      const ipv6 = ip.value.includes(':');
      hasIpv6 ||= ipv6;
      result.push({
        value: ipv6 ? `[${ip.value}]:25` : `${ip.value}:25`,
        detail: `${candidateServer.name?.value ?? 'server'} ${where}`,
        kind: CompletionItemKind.Value,
      });
    }
  }
  result.push({
    value: '0.0.0.0:25',
    detail: 'every IPv4 address of the server',
    kind: CompletionItemKind.Value,
  });
  if (hasIpv6) {
    result.push({
      value: '[::]:25',
      detail: 'every IPv6 address of the server',
      kind: CompletionItemKind.Value,
    });
  }
  return result;
}

/**
 * An Edge connector (with `server`) sends to the organization through Mailbox
 * smart hosts; an organization connector (without) sends to the Edges.
 */
function smartHostCandidates(analysis: Analysis, connectorIndex: number): Candidate[] {
  const { index, topology } = analysis;
  const connector = topology.sendConnectors.find((c) => c.view.path[1] === connectorIndex);
  const onEdge = connector?.view.has('server') ?? false;
  const targets = onEdge ? index.mailboxes : index.edges;
  return targets.flatMap((server) => {
    const host = server.fqdn?.value ?? server.name?.value;
    if (!host) return [];
    return [
      {
        value: host,
        detail: `${server.role?.value ?? ''} server ${server.name?.value ?? ''}`.trim(),
        kind: CompletionItemKind.Value,
      },
    ];
  });
}

/** The values already in the array being completed, which are not offered again. */
function siblingValues(analysis: Analysis, path: JSONPath): string[] {
  if (path.length !== 4 || !analysis.topology.root) return [];
  const [collection, connectorIndex, key, elementIndex] = path;
  const list =
    collection === 'sendConnectors'
      ? analysis.topology.sendConnectors
      : collection === 'receiveConnectors'
        ? analysis.topology.receiveConnectors
        : [];
  const connector = list.find((c) => c.view.path[1] === connectorIndex);
  const array = connector && typeof key === 'string' ? connector.view.valueNode(key) : undefined;
  if (array?.type !== 'array') return [];
  return (array.children ?? []).flatMap((element, i) =>
    i !== elementIndex && element.type === 'string' ? [element.value as string] : [],
  );
}
