import {
  BUILT_IN_RECEIVE_CONNECTORS,
  type BuiltInReceiveConnector,
} from '../model/builtInReceiveConnectors';
import type { Role } from '../model/topology';
import type { ExportedReceiveConnector } from './document';
import { sameValue } from './values';

/**
 * Recognises Exchange's built-in receive connectors in an export by their
 * real identities (model/builtInReceiveConnectors.ts: an Edge's
 * `Default internal receive connector <EDGE>`, a Mailbox server's
 * `Default Frontend <MBX>` and the others; receive-connectors.md, "Default
 * Receive connectors created during setup").
 *
 * Once renamed (Microsoft's procedure renames the Edge's to "From Internet",
 * configure-without-edgesync.md step 3), the identity is gone and the export
 * holds no other mark of it (no GUID, no creation date). The Edge's is then
 * recognised by what Set-ReceiveConnector keeps: its three permission
 * groups, AnonymousUsers, ExchangeServers and Partners, which no usage of
 * New-ReceiveConnector sets together (research RC-05). That is a guess, and
 * the importer says so.
 */

export interface BuiltInMatch {
  readonly builtIn: BuiltInReceiveConnector;
  /** Matched by its setup name (true) or guessed from its permission groups (false). */
  readonly byIdentity: boolean;
}

function sameName(a: string, b: string): boolean {
  return a.trim().toLowerCase() === b.trim().toLowerCase();
}

/** The built-in connectors of the export's connectors on `server` (of `role`), by connector. */
export function recogniseBuiltIns(
  connectors: readonly ExportedReceiveConnector[],
  server: string,
  role: Role,
): Map<ExportedReceiveConnector, BuiltInMatch> {
  const result = new Map<ExportedReceiveConnector, BuiltInMatch>();
  const candidates = BUILT_IN_RECEIVE_CONNECTORS.filter((b) => b.role === role);
  for (const builtIn of candidates) {
    const name = builtIn.name(server);
    const found = connectors.find((c) => sameName(c.name, name) && sameName(c.server, server));
    if (found) result.set(found, { builtIn, byIdentity: true });
  }
  if (role !== 'Edge' || result.size > 0) return result;
  const edgeBuiltIn = candidates[0];
  if (!edgeBuiltIn) return result;
  const guesses = connectors.filter(
    (c) =>
      sameName(c.server, server) &&
      sameValue('flags', c.properties['PermissionGroups'] ?? null, [
        ...edgeBuiltIn.permissionGroups,
      ]),
  );
  // Only an unambiguous guess: with two such connectors neither is taken for it.
  const [guess] = guesses;
  if (guess && guesses.length === 1) result.set(guess, { builtIn: edgeBuiltIn, byIdentity: false });
  return result;
}

/** The bindings a built-in connector has after setup: all addresses of its families on its port. */
export function builtInBindings(builtIn: BuiltInReceiveConnector): string[] {
  const port = String(builtIn.port);
  return builtIn.ipv6 ? [`0.0.0.0:${port}`, `[::]:${port}`] : [`0.0.0.0:${port}`];
}

/** Its remote ranges after setup: every address of its families. */
export function builtInRanges(builtIn: BuiltInReceiveConnector): string[] {
  return builtIn.ipv6
    ? ['0.0.0.0-255.255.255.255', '::-ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff']
    : ['0.0.0.0-255.255.255.255'];
}
