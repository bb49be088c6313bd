import { RELAY_RIGHTS } from '../flow/grants';
import type { ExportDocument, ExportedPermission, ExportedReceiveConnector } from './document';
import { ACCEPT_ANY_RECIPIENT, permissionGroupOf } from './principals';

/**
 * The Get-ADPermission entries of receive connectors that the topology
 * cannot express: not a permission group's principal (principals.ts), and not
 * the rights the Edge script grants the organization's local Edge account
 * (flow/grants.ts RELAY_RIGHTS, on an Edge, to `EDGE\user` or `user` of an
 * `edgeLocal` credential). Anything else, a deny included, is kept in a
 * comment by the importer and reported.
 */

export interface UnexpressedGrant extends ExportedPermission {
  readonly why: string;
}

/** The user names (without prefix, lower case) the organization logs on to the Edges with. */
export function localEdgeUsers(organization: ExportDocument | undefined): Set<string> {
  const users = new Set<string>();
  for (const connector of organization?.sendConnectors ?? []) {
    const userName = connector.properties['AuthenticationCredential'];
    if (typeof userName !== 'string') continue;
    users.add(
      userName
        .slice(userName.lastIndexOf('\\') + 1)
        .trim()
        .toLowerCase(),
    );
  }
  return users;
}

function explained(
  permission: ExportedPermission,
  document: ExportDocument,
  localUsers: ReadonlySet<string>,
): boolean {
  if (permission.deny) return false;
  if (permissionGroupOf(permission.user, permission.extendedRights) !== undefined) return true;
  if (document.server.role !== 'Edge') return false;
  const user = permission.user.trim();
  const slash = user.indexOf('\\');
  const prefix = slash >= 0 ? user.slice(0, slash).toLowerCase() : undefined;
  if (prefix !== undefined && prefix !== document.server.name.toLowerCase() && prefix !== '.')
    return false;
  const name = user.slice(slash + 1).toLowerCase();
  const relay = new Set(RELAY_RIGHTS.map((r) => r.toLowerCase()));
  return (
    localUsers.has(name) &&
    permission.extendedRights.every((r) => relay.has(r.trim().toLowerCase()))
  );
}

export function explicitGrants(
  document: ExportDocument,
  connectors: readonly ExportedReceiveConnector[],
  localUsers: ReadonlySet<string>,
): Map<ExportedReceiveConnector, UnexpressedGrant[]> {
  const result = new Map<ExportedReceiveConnector, UnexpressedGrant[]>();
  for (const connector of connectors) {
    const grants = connector.permissions
      .filter((p) => !explained(p, document, localUsers))
      .map((p) => ({
        ...p,
        why:
          !p.deny &&
          /anonymous logon$/i.test(p.user.trim()) &&
          p.extendedRights.some(
            (r) => r.trim().toLowerCase() === ACCEPT_ANY_RECIPIENT.toLowerCase(),
          )
            ? 'a right granted with Add-ADPermission; this one lets anyone relay through the connector: an open relay'
            : 'a right granted or denied with Add-ADPermission outside the permission groups, which the topology has no setting for',
      }));
    if (grants.length > 0) result.set(connector, grants);
  }
  return result;
}
