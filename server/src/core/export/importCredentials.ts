import type { ExportDocument } from './document';

/**
 * The credentials of an import, named after the accounts the connectors log
 * on with. Only user names: the export never holds a password (document.ts),
 * and neither does the topology (SPEC §1). The scope follows the direction,
 * as the format says (credential-scope): an Edge's send connector logs on to
 * the Mailbox servers with an Active Directory account; the organization's
 * connector to the Edge logs on with a local account of the Edge, tied to it
 * by `server` when the user name carries that Edge's name.
 */

export interface ImportedCredential {
  readonly name: string;
  readonly userName: string;
  readonly scope: 'activeDirectory' | 'edgeLocal';
  readonly server?: string;
  readonly comment: string;
}

function accountName(userName: string): string {
  const afterSlash = userName.slice(userName.lastIndexOf('\\') + 1);
  const beforeAt = afterSlash.includes('@')
    ? afterSlash.slice(0, afterSlash.indexOf('@'))
    : afterSlash;
  return beforeAt.trim() === '' ? 'account' : beforeAt.trim();
}

export function importedCredentials(
  edges: readonly ExportDocument[],
  organization: ExportDocument | undefined,
): ImportedCredential[] {
  const uses = new Map<
    string,
    { userName: string; scope: ImportedCredential['scope']; connectors: string[] }
  >();
  const note = (userName: unknown, scope: ImportedCredential['scope'], connector: string): void => {
    if (typeof userName !== 'string' || userName.trim() === '') return;
    const key = `${scope}|${userName.trim().toLowerCase()}`;
    const entry = uses.get(key) ?? { userName: userName.trim(), scope, connectors: [] };
    entry.connectors.push(connector);
    uses.set(key, entry);
  };
  for (const edge of edges)
    for (const c of edge.sendConnectors)
      note(
        c.properties['AuthenticationCredential'],
        'activeDirectory',
        `"${c.name}" on ${edge.server.name}`,
      );
  for (const c of organization?.sendConnectors ?? [])
    note(c.properties['AuthenticationCredential'], 'edgeLocal', `"${c.name}"`);
  const taken = new Set<string>();
  const result: ImportedCredential[] = [];
  for (const use of uses.values()) {
    const base = accountName(use.userName);
    let name = base;
    for (let n = 2; taken.has(name.toLowerCase()); n++) name = `${base} ${String(n)}`;
    taken.add(name.toLowerCase());
    const slash = use.userName.indexOf('\\');
    const prefix = slash > 0 ? use.userName.slice(0, slash).toLowerCase() : undefined;
    const edge = edges.find((e) => e.server.name.toLowerCase() === prefix);
    result.push({
      name,
      userName: use.userName,
      scope: use.scope,
      ...(use.scope === 'edgeLocal' && edge ? { server: edge.server.name } : {}),
      comment: `The account send connector${use.connectors.length > 1 ? 's' : ''} ${use.connectors.join(', ')} log${use.connectors.length > 1 ? '' : 's'} on with (${use.scope === 'edgeLocal' ? 'a local account of the Edge' : 'an Active Directory account'}); the generated script asks for its password.`,
    });
  }
  return result;
}
