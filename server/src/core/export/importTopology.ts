import type { Finding } from '../findings';
import { parseAddress } from '../model/network';
import { recogniseBuiltIns, type BuiltInMatch } from './builtIns';
import type {
  ExportDocument,
  ExportedAdapter,
  ExportedReceiveConnector,
  ExportedSendConnector,
} from './document';
import {
  mailboxBuiltInUntouched,
  receiveMembers,
  sendMembers,
  type ConnectorMembers,
} from './importConnectors';
import {
  commentText,
  fromValue,
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

function byName<T>(items: readonly T[], name: (item: T) => string): T[] {
  return [...items].sort((a, b) => {
    const x = name(a).toLowerCase();
    const y = name(b).toLowerCase();
    return x < y ? -1 : x > y ? 1 : 0;
  });
}

/** A name in a comment: in double quotes, backslashes as written (commentText escapes line breaks). */
function quoted(text: string): string {
  return `"${text}"`;
}

/** Adds the kept values of a connector to it as trailing comments, and records their findings. */
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

// ------------------------------------------------------------------ servers

function isPublic(address: string): boolean {
  const parsed = parseAddress(address);
  if (!parsed) return false;
  if (parsed.family === 6)
    return !/^f[cd]/i.test(parsed.canonical) && !/^fe80/i.test(parsed.canonical);
  const v = Number(parsed.value);
  const in4 = (base: number, bits: number): boolean => v >>> (32 - bits) === base >>> (32 - bits);
  return !(
    in4(0x0a000000, 8) ||
    in4(0xac100000, 12) ||
    in4(0xc0a80000, 16) ||
    in4(0x64400000, 10) ||
    in4(0xa9fe0000, 16)
  );
}

/** The addresses the internet-facing receive connector binds to, canonical, wildcards left out. */
function internetBindings(
  connectors: readonly ExportedReceiveConnector[],
  builtIns: Map<ExportedReceiveConnector, BuiltInMatch>,
): { addresses: Set<string>; connector?: ExportedReceiveConnector } {
  const builtIn = [...builtIns.keys()][0];
  const anonymous = connectors.filter((c) =>
    String(c.properties['PermissionGroups'] ?? '')
      .toLowerCase()
      .includes('anonymoususers'),
  );
  for (const connector of builtIn ? [builtIn, ...anonymous] : anonymous) {
    const addresses = new Set<string>();
    const bindings = connector.properties['Bindings'];
    for (const binding of typeof bindings === 'string' ? [bindings] : (bindings ?? [])) {
      const match = /^\[?(.+?)\]?:\d+$/.exec(binding.trim());
      const address = match ? parseAddress(match[1] ?? '') : undefined;
      if (address && address.value !== 0n) addresses.add(address.canonical);
    }
    if (addresses.size > 0) return { addresses, connector };
  }
  return { addresses: new Set() };
}

function adapterItems(
  adapters: readonly ExportedAdapter[],
  connectors: readonly ExportedReceiveConnector[],
  builtIns: Map<ExportedReceiveConnector, BuiltInMatch>,
): JsonItem[] {
  const { addresses, connector } = internetBindings(connectors, builtIns);
  const holds = (adapter: ExportedAdapter): boolean =>
    adapter.ipAddresses.some((ip) => addresses.has(parseAddress(ip)?.canonical ?? ip));
  let internet: ExportedAdapter | undefined = adapters.find(holds);
  let reason: string;
  if (internet && connector) {
    reason = `Faces the internet: the internet-facing receive connector ${quoted(connector.name)} is bound to it.`;
  } else {
    const publicOnes = adapters.filter((a) => a.ipAddresses.some(isPublic));
    internet = publicOnes.length === 1 ? publicOnes[0] : adapters[0];
    reason =
      publicOnes.length === 1
        ? 'Faces the internet: a guess (no receive connector is bound to one of its addresses; it holds the only public address).'
        : 'Faces the internet: a guess (no receive connector is bound to one of its addresses, and the addresses do not tell): check it.';
  }
  return adapters.map((adapter) => ({
    comments: adapter === internet ? [reason] : [],
    value: jsonObject([
      { key: 'name', value: scalar(adapter.name) },
      { key: 'network', value: scalar(adapter === internet ? 'internet' : 'internal') },
      { key: 'ipAddresses', value: fromValue(adapter.ipAddresses) },
    ]),
  }));
}

function certificateOf(document: ExportDocument): JsonMember | undefined {
  const smtp = document.certificates;
  const thirdParty = smtp.filter((c) => !c.isSelfSigned);
  const chosen = thirdParty[0];
  if (chosen) {
    return {
      key: 'certificate',
      comments: [
        `Certificate ${chosen.thumbprint} (${chosen.subject}), enabled for ${chosen.services}.`,
      ],
      value: jsonObject([
        { key: 'type', value: scalar('thirdParty') },
        { key: 'thumbprint', value: scalar(chosen.thumbprint) },
        { key: 'subject', value: scalar(chosen.subject) },
      ]),
    };
  }
  const selfSigned = smtp[0];
  if (!selfSigned) return undefined;
  return {
    key: 'certificate',
    comments: [
      `Exchange's self-signed certificate ${selfSigned.thumbprint} (${selfSigned.subject}).`,
    ],
    value: jsonObject([{ key: 'type', value: scalar('selfSigned') }]),
  };
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

function organizationMember(
  edges: readonly ExportDocument[],
  organization: ExportDocument | undefined,
): JsonMember {
  // The Edges' accepted domains are the ones the topology declares (the Edge script creates
  // them there); the organization's are the fallback when no Edge was exported.
  const sources = edges.length > 0 ? edges : organization ? [organization] : [];
  const domains = new Map<string, ExportDocument['acceptedDomains'][number]>();
  for (const document of sources) {
    for (const domain of document.acceptedDomains) {
      const key = domain.domainName.trim().toLowerCase();
      if (!domains.has(key)) domains.set(key, domain);
    }
  }
  const all = [
    ...(organization?.acceptedDomains ?? []),
    ...sources.flatMap((d) => d.acceptedDomains),
  ];
  const defaultDomain = all.find((d) => d.default) ?? all[0];
  const guessed = defaultDomain?.domainName.trim().replace(/^\*\./, '').split('.')[0] ?? '';
  const name = guessed === '' ? 'Organization' : guessed.charAt(0).toUpperCase() + guessed.slice(1);
  const items: JsonItem[] = [...domains.values()].map((domain) => {
    const simple =
      domain.domainType.trim().toLowerCase() === 'authoritative' &&
      domain.name.trim().toLowerCase() === domain.domainName.trim().toLowerCase();
    return {
      value: simple
        ? scalar(domain.domainName.trim())
        : jsonObject([
            { key: 'domainName', value: scalar(domain.domainName.trim()) },
            { key: 'domainType', value: scalar(domain.domainType.trim()) },
            { key: 'name', value: scalar(domain.name) },
          ]),
    };
  });
  return {
    key: 'organization',
    value: jsonObject([
      {
        key: 'name',
        comments: [
          defaultDomain
            ? `The export holds no organization name: guessed from the accepted domain ${defaultDomain.domainName}.`
            : 'The export holds no organization name and no accepted domain: name it.',
        ],
        value: scalar(name),
      },
      {
        key: 'acceptedDomains',
        comments: [
          edges.length > 0
            ? `As on ${edges.map((e) => e.server.name).join(', ')}.`
            : `The organization's, from ${organization?.server.name ?? ''}: no Edge was exported.`,
        ],
        value: jsonArray(items),
      },
    ]),
  };
}

function serverList(
  edges: readonly ExportDocument[],
  organization: ExportDocument | undefined,
  mailboxDocuments: readonly ExportDocument[],
) {
  const items: JsonItem[] = [];
  for (const edge of edges) {
    const own = edge.receiveConnectors.filter(
      (c) => c.server.trim().toLowerCase() === edge.server.name.trim().toLowerCase(),
    );
    const builtIns = recogniseBuiltIns(own, edge.server.name, 'Edge');
    const members: JsonMember[] = [
      { key: 'name', value: scalar(edge.server.name) },
      { key: 'role', value: scalar('Edge') },
      { key: 'fqdn', value: scalar(edge.server.fqdn) },
      { key: 'adapters', value: jsonArray(adapterItems(edge.networkAdapters, own, builtIns)) },
    ];
    const certificate = certificateOf(edge);
    if (certificate) members.push(certificate);
    items.push({
      comments: [
        `From ${edge.server.name}'s export: ${edge.server.fqdn}, ${edge.server.exchangeVersion}.`,
      ],
      value: jsonObject(members),
    });
  }
  const mailboxes = new Map<
    string,
    { name: string; fqdn: string; ipAddresses: string[]; from: string }
  >();
  for (const document of mailboxDocuments) {
    const key = document.server.name.trim().toLowerCase();
    mailboxes.set(key, {
      name: document.server.name,
      fqdn: document.server.fqdn,
      ipAddresses: document.networkAdapters.flatMap((a) => a.ipAddresses),
      from: `From ${document.server.name}'s export (its own adapters).`,
    });
  }
  for (const mailbox of organization?.mailboxServers ?? []) {
    const key = mailbox.name.trim().toLowerCase();
    if (mailboxes.has(key)) continue;
    mailboxes.set(key, {
      name: mailbox.name,
      fqdn: mailbox.fqdn,
      ipAddresses: [...mailbox.ipAddresses],
      from: `From ${organization?.server.name ?? ''}'s export: its FQDN resolves to these addresses there.`,
    });
  }
  for (const mailbox of byName([...mailboxes.values()], (m) => m.name)) {
    items.push({
      comments: [mailbox.from],
      value: jsonObject([
        { key: 'name', value: scalar(mailbox.name) },
        { key: 'role', value: scalar('Mailbox') },
        { key: 'fqdn', value: scalar(mailbox.fqdn) },
        { key: 'ipAddresses', value: fromValue(mailbox.ipAddresses) },
      ]),
    });
  }
  return jsonArray(items);
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
