import type { Finding } from '../findings';
import { recogniseBuiltIns } from './builtIns';
import type { ExportDocument, ExportedReceiveConnector, ExportedSendConnector } from './document';
import {
  mailboxBuiltInUntouched,
  receiveMembers,
  sendMembers,
  type ConnectorMembers,
} from './importConnectors';
import {
  commentText,
  jsonArray,
  jsonObject,
  printDocument,
  scalar,
  type JsonItem,
  type JsonMember,
  type JsonObject,
} from './jsoncWriter';
import { importedCredentials, type ImportedCredential } from './importCredentials';
import { explicitGrants, localEdgeUsers } from './importGrants';
import { byName, organizationMember, quoted, serverList } from './importServers';

/**
 * Export documents (one per Edge, one from a Mailbox server) → topology text,
 * JSONC formatted as the examples are, the same bytes for the same documents
 * in any order. Every object carries a comment saying where it came from; a
 * guess says it is one; a value the format cannot express is kept in a
 * comment and reported as an information finding (`import-kept-in-comment`)
 * on that comment. The caller analyses the text (analyzeImport).
 */

export interface ImportInput {
  /** As the user named it, for messages. */
  readonly fileName: string;
  readonly document: ExportDocument;
}

export interface ImportResult {
  readonly text: string;
  /** Information findings on the kept values' comments. */
  readonly notes: readonly Finding[];
}

export const KEPT_IN_COMMENT = 'import-kept-in-comment';

/** Exchange neither knows nor prints what protects an Externally Secured link. */
const LINK_PROTECTION =
  'linkProtection: the export cannot tell what protects this link (IPsec or a VPN): declare it.';

const KEPT_PREFIX = 'Kept from the server, not expressible in the topology';

interface Collected {
  /** The full comment texts of kept values, in document order, with their finding messages. */
  readonly kept: { readonly comment: string; readonly message: string }[];
}

function keep(
  object: JsonObject,
  members: ConnectorMembers,
  where: string,
  collected: Collected,
): void {
  for (const kept of members.kept) {
    const comment = `${KEPT_PREFIX} (${kept.why}): ${kept.text}`;
    object.trailing?.push(comment);
    collected.kept.push({
      comment,
      message: `${where}: ${kept.text} cannot be expressed in the topology (${kept.why}); it is kept in a comment and the generated scripts will not set it.`,
    });
  }
}

// ------------------------------------------------------------------ the document

export function importTopology(inputs: readonly ImportInput[]): ImportResult {
  const documents = inputs.map((input) => input.document);
  const edges = byName(
    documents.filter((d) => d.server.role === 'Edge'),
    (d) => d.server.name,
  );
  const mailboxDocuments = byName(
    documents.filter((d) => d.server.role === 'Mailbox'),
    (d) => d.server.name,
  );
  const organization = mailboxDocuments[0];
  const collected: Collected = { kept: [] };
  const credentials = importedCredentials(edges, organization);
  const header = [
    `Imported by edgeflow import from the export of ${[...edges, ...mailboxDocuments]
      .map((d) => `${d.server.name} (${d.server.role})`)
      .join(', ')}.`,
    'Review it: every object says where it came from, and guesses say so.',
  ];
  if (mailboxDocuments.length > 1)
    header.push(
      `The organization's connectors are read from ${organization?.server.name ?? ''}'s export; the other Mailbox exports hold the same organization.`,
    );

  const root = jsonObject();
  root.members.push({ key: 'version', value: scalar(1) });
  root.members.push(organizationMember(edges, organization));
  root.members.push({ key: 'servers', value: serverList(edges, organization, mailboxDocuments) });
  root.members.push({ key: 'credentials', value: credentialList(credentials) });
  root.members.push({
    key: 'sendConnectors',
    value: sendList(edges, organization, credentials, collected),
  });
  root.members.push({
    key: 'receiveConnectors',
    value: receiveList(edges, organization, collected),
  });
  const text = printDocument(header, root);
  return { text, notes: keptFindings(text, collected) };
}

function credentialList(credentials: readonly ImportedCredential[]) {
  return jsonArray(
    credentials.map((credential) => {
      const members: JsonMember[] = [
        { key: 'name', value: scalar(credential.name) },
        { key: 'userName', value: scalar(credential.userName) },
        { key: 'scope', value: scalar(credential.scope) },
      ];
      if (credential.server !== undefined)
        members.push({ key: 'server', value: scalar(credential.server) });
      return { comments: [credential.comment], value: jsonObject(members) };
    }),
  );
}

function sendItem(
  connector: ExportedSendConnector,
  edge: ExportDocument | undefined,
  credentials: readonly ImportedCredential[],
  where: string,
  collected: Collected,
): JsonItem {
  const userName = connector.properties['AuthenticationCredential'];
  const credential =
    typeof userName === 'string'
      ? credentials.find(
          (c) =>
            c.userName.toLowerCase() === userName.trim().toLowerCase() &&
            c.scope === (edge ? 'activeDirectory' : 'edgeLocal'),
        )
      : undefined;
  const members = sendMembers(connector.properties, {
    edge: edge?.server.name,
    serverFqdn: edge?.server.fqdn,
    credentialName: credential?.name,
  });
  const head: JsonMember[] = [{ key: 'name', value: scalar(connector.name) }];
  if (edge) head.push({ key: 'server', value: scalar(edge.server.name) });
  const object = jsonObject([...head, ...members.members]);
  if (/externalauthoritative/i.test(String(connector.properties['SmartHostAuthMechanism'] ?? '')))
    object.trailing?.push(LINK_PROTECTION);
  keep(object, members, where, collected);
  return { comments: [where, ...members.notes], value: object };
}

function sendList(
  edges: readonly ExportDocument[],
  organization: ExportDocument | undefined,
  credentials: readonly ImportedCredential[],
  collected: Collected,
) {
  const items: JsonItem[] = [];
  for (const edge of edges) {
    for (const connector of edge.sendConnectors) {
      const where = `From ${edge.server.name}: send connector ${quoted(connector.identity)}.`;
      items.push(sendItem(connector, edge, credentials, where, collected));
    }
  }
  for (const connector of organization?.sendConnectors ?? []) {
    const where = `From the organization (${organization?.server.name ?? ''}'s export): send connector ${quoted(connector.identity)}.`;
    items.push(sendItem(connector, undefined, credentials, where, collected));
  }
  return jsonArray(items);
}

function receiveItems(
  document: ExportDocument,
  server: { readonly name: string; readonly fqdn: string; readonly role: 'Edge' | 'Mailbox' },
  connectors: readonly ExportedReceiveConnector[],
  localUsers: ReadonlySet<string>,
  collected: Collected,
): JsonItem[] {
  const items: JsonItem[] = [];
  const builtIns = recogniseBuiltIns(connectors, server.name, server.role);
  const grants = explicitGrants(document, connectors, localUsers);
  for (const connector of connectors) {
    const match = builtIns.get(connector);
    const context = { role: server.role, serverFqdn: server.fqdn, builtIn: match };
    if (
      match &&
      server.role === 'Mailbox' &&
      mailboxBuiltInUntouched(connector.properties, match, context) &&
      !grants.has(connector)
    )
      continue;
    const members = receiveMembers(connector.properties, context);
    const setupName = match?.builtIn.name(server.name);
    const renamed =
      setupName !== undefined && setupName.toLowerCase() !== connector.name.trim().toLowerCase();
    // The Edge's built-in, untouched: Exchange's own, not part of the design.
    if (
      match &&
      server.role === 'Edge' &&
      !renamed &&
      members.members.length === 1 &&
      members.kept.length === 0 &&
      !grants.has(connector)
    )
      continue;
    const where = `From ${server.name}: receive connector ${quoted(connector.identity)}.`;
    const comments = [where];
    if (match && server.role === 'Edge')
      comments.push(
        match.byIdentity
          ? `The built-in ${quoted(setupName ?? '')}, kept by its identity: "default": true.`
          : `Taken for the built-in ${quoted(setupName ?? '')}, renamed: a guess from its permission groups (AnonymousUsers, ExchangeServers, Partners), which no usage sets together.`,
      );
    else if (match)
      comments.push(
        `The built-in ${quoted(setupName ?? '')}, changed since setup: every setting is written out.`,
      );
    const object = jsonObject([
      { key: 'name', value: scalar(connector.name) },
      { key: 'server', value: scalar(server.name) },
      ...members.members,
    ]);
    if (/externalauthoritative/i.test(String(connector.properties['AuthMechanism'] ?? '')))
      object.trailing?.push(LINK_PROTECTION);
    for (const grant of grants.get(connector) ?? [])
      members.kept.push({
        text: `${grant.deny ? 'denied' : 'granted'} ${grant.extendedRights.join(', ')} to ${grant.user}`,
        why: grant.why,
      });
    keep(object, members, where, collected);
    items.push({ comments: [...comments, ...members.notes], value: object });
  }
  return items;
}

function receiveList(
  edges: readonly ExportDocument[],
  organization: ExportDocument | undefined,
  collected: Collected,
) {
  const items: JsonItem[] = [];
  const localUsers = localEdgeUsers(organization);
  for (const edge of edges) {
    const own = edge.receiveConnectors.filter(
      (c) => c.server.trim().toLowerCase() === edge.server.name.trim().toLowerCase(),
    );
    items.push(
      ...receiveItems(
        edge,
        { name: edge.server.name, fqdn: edge.server.fqdn, role: 'Edge' },
        own,
        localUsers,
        collected,
      ),
    );
  }
  if (organization) {
    const servers = new Map<string, { name: string; fqdn: string }>();
    servers.set(organization.server.name.toLowerCase(), organization.server);
    for (const m of organization.mailboxServers) servers.set(m.name.toLowerCase(), m);
    const byServer = new Map<string, ExportedReceiveConnector[]>();
    for (const connector of organization.receiveConnectors) {
      const key = connector.server.trim().toLowerCase();
      byServer.set(key, [...(byServer.get(key) ?? []), connector]);
    }
    for (const key of [...byServer.keys()].sort()) {
      const server = servers.get(key);
      const connectors = byServer.get(key) ?? [];
      const name = server?.name ?? connectors[0]?.server ?? key;
      items.push(
        ...receiveItems(
          organization,
          { name, fqdn: server?.fqdn ?? '', role: 'Mailbox' },
          connectors,
          localUsers,
          collected,
        ),
      );
    }
  }
  return jsonArray(items);
}

/** The information findings, each on its comment line in the printed text. */
function keptFindings(text: string, collected: Collected): Finding[] {
  const findings: Finding[] = [];
  let from = 0;
  for (const kept of collected.kept) {
    const line = `// ${commentText(kept.comment)}`;
    const start = text.indexOf(line, from);
    if (start < 0) continue;
    from = start + line.length;
    findings.push({
      code: KEPT_IN_COMMENT,
      severity: 'information',
      message: kept.message,
      range: { start, end: start + line.length },
    });
  }
  return findings;
}
