import type { Node } from 'jsonc-parser';
import {
  type OffsetRange,
  serverReferences,
  type ServerReferenceKind,
  type Topology,
  nameKey,
} from '../core/index';

/**
 * Where a topology defines and uses server and credential names: the ground
 * that hover, go to definition, find references and rename stand on. Server
 * references are the core's own list (the one unknown-reference and
 * wrong-role read), so every feature agrees on what a reference is.
 */

export type NameKind = 'server' | 'credential';

export interface NameOccurrence {
  readonly kind: NameKind;
  readonly name: string;
  /** The string node of the name, quotes included. */
  readonly node: Node;
  readonly isDefinition: boolean;
  /** Where the name is used, for hovers: "send connector 'To Edge' (sourceTransportServers)". */
  readonly where: string;
}

const REFERENCE_PLACES: Readonly<Record<ServerReferenceKind, [string, string]>> = {
  'send-server': ['send connector', 'server'],
  'source-server': ['send connector', 'sourceTransportServers'],
  'receive-server': ['receive connector', 'server'],
  'credential-server': ['credential', 'server'],
};

function describe(
  what: string,
  owner: { readonly name?: { readonly value: string } },
  key: string,
) {
  return owner.name
    ? `${what} '${owner.name.value}' (${key})`
    : `a ${what} without a name (${key})`;
}

export function nameOccurrences(topology: Topology): NameOccurrence[] {
  const result: NameOccurrence[] = [];
  for (const server of topology.servers) {
    if (server.name) {
      result.push({
        kind: 'server',
        name: server.name.value,
        node: server.name.node,
        isDefinition: true,
        where: 'servers',
      });
    }
  }
  for (const credential of topology.credentials) {
    if (credential.name) {
      result.push({
        kind: 'credential',
        name: credential.name.value,
        node: credential.name.node,
        isDefinition: true,
        where: 'credentials',
      });
    }
  }
  for (const reference of serverReferences(topology)) {
    const [what, key] = REFERENCE_PLACES[reference.kind];
    result.push({
      kind: 'server',
      name: reference.value.value,
      node: reference.value.node,
      isDefinition: false,
      where: describe(what, reference.owner, key),
    });
  }
  for (const connector of topology.sendConnectors) {
    const credential = connector.authenticationCredential;
    if (credential) {
      result.push({
        kind: 'credential',
        name: credential.value,
        node: credential.node,
        isDefinition: false,
        where: describe('send connector', connector, 'authenticationCredential'),
      });
    }
  }
  return result.sort((a, b) => a.node.offset - b.node.offset);
}

/** The occurrence whose string (quotes included) holds `offset`. */
export function occurrenceAt(
  occurrences: readonly NameOccurrence[],
  offset: number,
): NameOccurrence | undefined {
  return occurrences.find(
    (o) => o.node.offset <= offset && offset <= o.node.offset + o.node.length,
  );
}

/** Names compare without regard to case, as Exchange compares them. */
export function sameName(a: NameOccurrence, kind: NameKind, name: string): boolean {
  return a.kind === kind && nameKey(a.name) === nameKey(name);
}

export function occurrencesOf(
  occurrences: readonly NameOccurrence[],
  kind: NameKind,
  name: string,
): NameOccurrence[] {
  return occurrences.filter((o) => sameName(o, kind, name));
}

/** The text between the quotes of a string node (an unterminated string runs to its end). */
export function contentRange(text: string, node: Node): OffsetRange {
  const end = node.offset + node.length;
  const closed = node.length >= 2 && text.charCodeAt(end - 1) === 0x22; /* " */
  return { start: node.offset + 1, end: closed ? end - 1 : end };
}

/**
 * The `EDGE01` of each local Edge account written `EDGE01\\user` (scope
 * `edgeLocal`) where EDGE01 is `serverName`: Windows logs such an account on
 * only on the computer of that name, so renaming the server renames the prefix.
 * Only a prefix written without JSON escapes is found.
 */
export function accountPrefixRanges(
  topology: Topology,
  text: string,
  serverName: string,
): OffsetRange[] {
  const written = JSON.stringify(serverName).slice(1, -1);
  const ranges: OffsetRange[] = [];
  for (const credential of topology.credentials) {
    const userName = credential.userName;
    if (!userName || credential.scope?.value.toLowerCase() !== 'edgelocal') continue;
    const start = userName.node.offset + 1;
    const prefix = text.slice(start, start + written.length);
    if (nameKey(prefix) === nameKey(written) && text.startsWith('\\\\', start + written.length))
      ranges.push({ start, end: start + written.length });
  }
  return ranges;
}
