import type { Spanned } from './objectView';
import type {
  Credential,
  ReceiveConnector,
  Role,
  SendConnector,
  Server,
  Topology,
} from './topology';
import { nameKey, type TopologyIndex } from './topologyIndex';

/**
 * The places where a topology names a server, and the role each expects.
 * Shared by unknown-reference (the name resolves to nothing) and wrong-role
 * (it resolves to a server of the other role), so that both read the same
 * references the same way.
 */
export type ServerReferenceKind =
  'send-server' | 'source-server' | 'receive-server' | 'credential-server';

export interface ServerReference {
  readonly kind: ServerReferenceKind;
  readonly value: Spanned<string>;
  /** The object that holds the reference, for messages and fixes. */
  readonly owner: SendConnector | ReceiveConnector | Credential;
}

/** The role a reference of each kind must name; undefined: any server. */
export const EXPECTED_ROLE: Readonly<Record<ServerReferenceKind, Role | undefined>> = {
  'send-server': 'Edge',
  'source-server': 'Mailbox',
  'receive-server': undefined,
  'credential-server': 'Edge',
};

export function serverReferences(topology: Topology): ServerReference[] {
  const result: ServerReference[] = [];
  for (const connector of topology.sendConnectors) {
    if (connector.server)
      result.push({ kind: 'send-server', value: connector.server, owner: connector });
    for (const source of connector.sourceTransportServers) {
      result.push({ kind: 'source-server', value: source, owner: connector });
    }
  }
  for (const connector of topology.receiveConnectors) {
    if (connector.server)
      result.push({ kind: 'receive-server', value: connector.server, owner: connector });
  }
  for (const credential of topology.credentials) {
    if (credential.server)
      result.push({ kind: 'credential-server', value: credential.server, owner: credential });
  }
  return result;
}

export interface ResolvedServer {
  readonly server: Server;
  /** EdgeFlow references servers by `name`; `-SourceTransportServers` also accepts an FQDN. */
  readonly by: 'name' | 'fqdn';
}

/** Resolves server references by name (case-insensitive), or else by FQDN. */
export class ServerResolver {
  private readonly byFqdn = new Map<string, Server>();

  constructor(private readonly index: TopologyIndex) {
    for (const server of index.topology.servers) {
      const key = server.fqdn && fqdnKey(server.fqdn.value);
      if (key && !this.byFqdn.has(key)) this.byFqdn.set(key, server);
    }
  }

  resolve(value: string): ResolvedServer | undefined {
    const named = this.index.server(value);
    if (named) return { server: named, by: 'name' };
    const byFqdn = this.byFqdn.get(fqdnKey(value));
    return byFqdn ? { server: byFqdn, by: 'fqdn' } : undefined;
  }
}

function fqdnKey(fqdn: string): string {
  return fqdn.trim().toLowerCase().replace(/\.$/, '');
}

/** How a topology object is named in messages: as the user wrote it. */
export function label(
  object: { readonly name?: Spanned<string> },
  fallback = 'this connector',
): string {
  return object.name ? `'${object.name.value}'` : fallback;
}

/** The server name as written, for messages. */
export function serverLabel(server: Server): string {
  return server.name?.value ?? 'this server';
}

/** Whether another object of `objects` (not `self`) has this name, ignoring case. */
export function nameTaken(
  objects: readonly { readonly name?: Spanned<string> }[],
  name: string,
  self?: object,
): boolean {
  const key = nameKey(name);
  return objects.some((o) => o !== self && o.name !== undefined && nameKey(o.name.value) === key);
}
