import type { Node } from 'jsonc-parser';
import type { Analysis } from '../analyze';
import type { Finding } from '../findings';
import { recogniseBuiltIns } from '../export/builtIns';
import type {
  ExportDocument,
  ExportedReceiveConnector,
  ExportedSendConnector,
} from '../export/document';
import { importTopology, type ImportInput } from '../export/importTopology';
import { explicitGrants } from '../export/importGrants';
import { parseDocument } from '../parse/parseDocument';
import { edgeGrants, localAccountOn } from '../flow/grants';
import { builtInReceiveConnectorsOf } from '../model/builtInReceiveConnectors';
import { parseAddress } from '../model/network';
import type { ReceiveConnector, SendConnector, Server } from '../model/topology';
import { nameKey } from '../model/topologyIndex';
import { connectorDrift, shown } from './connectorDrift';
import {
  DRIFT_EXTRA,
  DRIFT_MISSING,
  DRIFT_PROPERTY,
  driftFinding,
  keepFix,
  takeEdits,
  takeFix,
} from './driftFinding';

/**
 * Topology + export documents → drift findings on the topology (see
 * driftFinding.ts for the codes, their severity and their fixes).
 *
 * What is compared, per document: an Edge's document with that Edge's
 * declared objects (its accepted domains, which the Edge script creates there;
 * its send and receive connectors; its certificate; its adapters' addresses;
 * the rights the Edge script grants); a Mailbox document with the
 * organization's send connectors and the declared receive connectors of the
 * Mailbox servers. A server of the topology with no document is not compared
 * (`notCompared` names it). Names compare without case, as Exchange's do.
 * Mailbox receive connectors the topology does not declare are not reported:
 * a Mailbox server carries connectors for other purposes (applications,
 * clients) that this design does not describe, unlike an Edge, which carries
 * only its design's (the verification script says the same).
 */

export interface DriftResult {
  readonly findings: readonly Finding[];
  /** Servers of the topology no document was given for. */
  readonly notCompared: readonly string[];
}

const same = (a: string | undefined, b: string | undefined): boolean =>
  a !== undefined && b !== undefined && nameKey(a) === nameKey(b);

function label(kind: string, name: string, where: string): string {
  return `${kind} "${name}" on ${where}`;
}

/** The topology's JSON for one live object: what an import writes for it, without comments. */
function importedObject(
  document: ExportDocument,
  collection: 'sendConnectors' | 'receiveConnectors',
  name: string,
  organization: ExportDocument | undefined,
): unknown {
  const inputs: ImportInput[] = [{ fileName: '', document }];
  if (organization && organization !== document)
    inputs.push({ fileName: '', document: organization });
  const parsed = parseDocument(importTopology(inputs).text).value as Record<string, unknown>;
  const list = (parsed[collection] ?? []) as { name?: string; server?: string }[];
  return list.find(
    (item) =>
      same(item.name, name) &&
      (document.server.role === 'Mailbox' || same(item.server, document.server.name)),
  );
}

export function drift(analysis: Analysis, inputs: readonly ImportInput[]): DriftResult {
  const findings: Finding[] = [];
  const index = analysis.index;
  const topology = analysis.topology;
  const compared = new Set<string>();
  const organization = inputs.find((i) => i.document.server.role === 'Mailbox')?.document;
  for (const { document } of inputs) {
    if (document.server.role === 'Edge') {
      const edge = topology.servers.find(
        (s) => index.isEdge(s) && same(s.name?.value, document.server.name),
      );
      if (!edge) {
        findings.push(...undeclaredServer(analysis, document));
        continue;
      }
      compared.add(nameKey(document.server.name));
      findings.push(...edgeDrift(analysis, edge, document, organization));
    } else if (organization === document) {
      for (const server of topology.servers)
        if (index.isMailbox(server) && server.name) compared.add(nameKey(server.name.value));
      findings.push(...organizationDrift(analysis, document));
    }
  }
  const notCompared = topology.servers
    .map((s) => s.name?.value)
    .filter((n): n is string => n !== undefined && !compared.has(nameKey(n)));
  findings.sort((a, b) => a.range.start - b.range.start || a.code.localeCompare(b.code));
  return { findings, notCompared };
}

function undeclaredServer(analysis: Analysis, document: ExportDocument): Finding[] {
  const servers = analysis.topology.root?.valueNode('servers');
  if (!servers) return [];
  return [
    driftFinding(
      DRIFT_EXTRA,
      servers,
      `The Edge ${document.server.name} (${document.server.fqdn}) was exported, but the topology declares no Edge of that name.`,
      () => [],
    ),
  ];
}

function serverNode(server: Server): Node {
  return server.name?.node ?? server.view.node;
}

// ------------------------------------------------------------------ an Edge

function edgeDrift(
  analysis: Analysis,
  edge: Server,
  document: ExportDocument,
  organization: ExportDocument | undefined,
): Finding[] {
  const edgeName = edge.name?.value ?? document.server.name;
  return [
    ...acceptedDomainDrift(analysis, edge, document),
    ...sendDrift(analysis, analysis.index.sendConnectorsOn(edge), document, edge, organization),
    ...receiveDrift(analysis, edge, analysis.index.receiveConnectorsOn(edge), document, {
      name: edgeName,
      role: 'Edge',
      reportExtras: true,
      organization,
    }),
    ...certificateDrift(edge, document),
    ...adapterDrift(edge, document),
  ];
}

function acceptedDomainDrift(
  analysis: Analysis,
  edge: Server,
  document: ExportDocument,
): Finding[] {
  const findings: Finding[] = [];
  const text = analysis.document.text;
  const edgeName = edge.name?.value ?? document.server.name;
  const live = document.acceptedDomains;
  const declared = analysis.topology.acceptedDomains;
  for (const domain of declared) {
    const found = live.find((d) => same(d.domainName.trim(), domain.domainName.value.trim()));
    const node = domain.view?.node ?? domain.domainName.node;
    if (!found) {
      findings.push(
        driftFinding(
          DRIFT_MISSING,
          node,
          `The accepted domain ${domain.domainName.value} is not on ${edgeName}.`,
          () => [
            takeFix(
              `Take the server's state: remove ${domain.domainName.value} from the topology`,
              takeEdits.remove(text, node),
            ),
            keepFix(
              `Keep the file: the generated script of ${edgeName} creates ${domain.domainName.value}`,
            ),
          ],
        ),
      );
      continue;
    }
    if (found.domainType.trim().toLowerCase() !== domain.domainType.toLowerCase()) {
      const typeNode = domain.view?.valueNode('domainType') ?? node;
      findings.push(
        driftFinding(
          DRIFT_PROPERTY,
          typeNode,
          `The accepted domain ${domain.domainName.value} on ${edgeName}: DomainType is ${found.domainType} on the server, ${domain.domainType} in the topology.`,
          () => [
            takeFix(
              `Take the server's value: domainType ${found.domainType}`,
              domain.view
                ? domain.view.valueNode('domainType')
                  ? takeEdits.replace(typeNode, found.domainType)
                  : takeEdits.set(text, [...domain.view.path, 'domainType'], found.domainType)
                : takeEdits.replace(node, {
                    domainName: domain.domainName.value,
                    domainType: found.domainType,
                  }),
            ),
            keepFix(`Keep the file's domainType: the generated script sets ${domain.domainType}`),
          ],
        ),
      );
    }
    const declaredName = domain.view?.string('name');
    if (declaredName && !same(declaredName.value, found.name)) {
      findings.push(
        driftFinding(
          DRIFT_PROPERTY,
          declaredName.node,
          `The accepted domain ${domain.domainName.value} on ${edgeName}: Name is ${found.name} on the server, ${declaredName.value} in the topology.`,
          () => [
            takeFix(
              `Take the server's value: name ${found.name}`,
              takeEdits.replace(declaredName.node, found.name),
            ),
            keepFix(`Keep the file's name: the generated script renames it ${declaredName.value}`),
          ],
        ),
      );
    }
  }
  for (const domain of live) {
    if (declared.some((d) => same(d.domainName.value.trim(), domain.domainName.trim()))) continue;
    const value =
      domain.domainType.trim().toLowerCase() === 'authoritative' &&
      same(domain.name, domain.domainName)
        ? domain.domainName
        : { domainName: domain.domainName, domainType: domain.domainType, name: domain.name };
    findings.push(
      driftFinding(
        DRIFT_EXTRA,
        serverNode(edge),
        `${edgeName} has the accepted domain ${domain.domainName} (${domain.domainType}), which the topology does not declare.`,
        () => [
          takeFix(
            `Take the server's state: declare the accepted domain ${domain.domainName}`,
            analysis.topology.root?.object('organization')?.valueNode('acceptedDomains')
              ? takeEdits.append(analysis.document.text, ['organization', 'acceptedDomains'], value)
              : [],
          ),
          keepFix(
            `Keep the file: remove it from ${edgeName} with Remove-AcceptedDomain -Identity '${domain.name.replace(/'/g, "''")}' (the generated script does not remove accepted domains)`,
          ),
        ],
      ),
    );
  }
  return findings;
}

function sendDrift(
  analysis: Analysis,
  declared: readonly SendConnector[],
  document: ExportDocument,
  edge: Server | undefined,
  organization: ExportDocument | undefined,
): Finding[] {
  const findings: Finding[] = [];
  const text = analysis.document.text;
  const where = edge ? (edge.name?.value ?? document.server.name) : 'the organization';
  const matched = new Set<ExportedSendConnector>();
  for (const connector of declared) {
    const name = connector.name?.value;
    if (name === undefined) continue;
    const live = document.sendConnectors.find(
      (c) => !matched.has(c) && same(c.name.trim(), name.trim()),
    );
    if (!live) {
      findings.push(
        missing(text, connector.view.node, connector.name?.node, `Send connector "${name}"`, where),
      );
      continue;
    }
    matched.add(live);
    const credentialName = connector.authenticationCredential?.value;
    findings.push(
      ...connectorDrift(analysis, {
        side: 'send',
        view: connector.view,
        label: label('Send connector', name, where),
        properties: live.properties,
        role: edge ? 'Edge' : 'Mailbox',
        usage: connector.usage?.value,
        send: connector,
        credentialUserName:
          credentialName === undefined
            ? undefined
            : analysis.index.credential(credentialName)?.userName?.value,
        sourceServerName: (value) => {
          const server = analysis.index.server(value) ?? analysis.index.serverForHost(value);
          return server?.name?.value ?? value;
        },
      }),
    );
  }
  for (const live of document.sendConnectors) {
    if (matched.has(live)) continue;
    findings.push(
      extra(
        analysis,
        edge,
        'sendConnectors',
        `Send connector "${live.name}"`,
        where,
        () => importedObject(document, 'sendConnectors', live.name, organization),
        `Remove-SendConnector -Identity '${live.identity.replace(/'/g, "''")}'`,
      ),
    );
  }
  return findings;
}

function missing(
  text: string,
  objectNode: Node,
  nameNode: Node | undefined,
  what: string,
  where: string,
): Finding {
  return driftFinding(
    DRIFT_MISSING,
    nameNode ?? objectNode,
    `${what} is declared for ${where} but is not on the server.`,
    () => [
      takeFix(
        `Take the server's state: remove ${what} from the topology`,
        takeEdits.remove(text, objectNode),
      ),
      keepFix(`Keep the file: the generated script creates ${what} when it runs`),
    ],
  );
}

function extra(
  analysis: Analysis,
  edge: Server | undefined,
  collection: 'sendConnectors' | 'receiveConnectors',
  what: string,
  where: string,
  imported: () => unknown,
  removal: string,
): Finding {
  const root = analysis.topology.root;
  const node = edge ? serverNode(edge) : (root?.keyNode(collection) ?? root?.node);
  return driftFinding(
    DRIFT_EXTRA,
    node ?? ({ type: 'null', offset: 0, length: 0 } as Node),
    `${what} is on ${where} but not in the topology.`,
    () => {
      const value = imported();
      return [
        value !== undefined && root?.valueNode(collection)
          ? takeFix(
              `Take the server's state: add ${what} to the topology`,
              takeEdits.append(analysis.document.text, [collection], value),
            )
          : undefined,
        keepFix(
          `Keep the file: remove it from the server with ${removal} (the generated script does not remove connectors)`,
        ),
      ];
    },
  );
}

interface ReceiveScope {
  readonly name: string;
  readonly role: 'Edge' | 'Mailbox';
  readonly reportExtras: boolean;
  readonly organization: ExportDocument | undefined;
}

function receiveDrift(
  analysis: Analysis,
  server: Server,
  declared: readonly ReceiveConnector[],
  document: ExportDocument,
  scope: ReceiveScope,
): Finding[] {
  const findings: Finding[] = [];
  const text = analysis.document.text;
  const own = document.receiveConnectors.filter((c) => same(c.server, scope.name));
  const builtIns = recogniseBuiltIns(own, scope.name, scope.role);
  const setup = builtInReceiveConnectorsOf(scope.role);
  const matched = new Set<ExportedReceiveConnector>();
  // The local accounts of this Edge that the topology's credentials name: the Edge script grants
  // them the relay rights (flow/grants.ts). Taken from the topology, not from the organization's
  // export, which may be missing or be what drifted.
  const localUsers = new Set(
    analysis.topology.credentials
      .map((credential) => localAccountOn(credential, server))
      .filter((account): account is string => account !== undefined)
      .map((account) => account.slice(account.indexOf('\\') + 1).toLowerCase()),
  );
  const unexplained = explicitGrants(document, own, localUsers);
  for (const connector of declared) {
    const name = connector.name?.value;
    if (name === undefined) continue;
    let live = own.find((c) => !matched.has(c) && same(c.name.trim(), name.trim()));
    const builtIn = connector.isDefault
      ? setup.find((b) => b.role === 'Edge')
      : setup.find((b) => same(b.name(scope.name), name));
    const where = scope.name;
    if (!live && connector.isDefault) {
      // Not renamed yet: the built-in still carries setup's name.
      live = own.find((c) => !matched.has(c) && builtIn && same(c.name, builtIn.name(scope.name)));
      if (live && connector.name) {
        const liveName = live.name;
        const nameNode = connector.name.node;
        findings.push(
          driftFinding(
            DRIFT_PROPERTY,
            nameNode,
            `Receive connector "${name}" on ${where}: the built-in connector is still named "${liveName}" on the server.`,
            () => [
              takeFix(
                `Take the server's value: name "${liveName}"`,
                takeEdits.replace(nameNode, liveName),
              ),
              keepFix(
                `Keep the file's name: the generated script renames the built-in connector "${name}"`,
              ),
            ],
          ),
        );
      }
    }
    if (!live) {
      findings.push(
        missing(
          text,
          connector.view.node,
          connector.name?.node,
          `Receive connector "${name}"`,
          where,
        ),
      );
      continue;
    }
    matched.add(live);
    findings.push(
      ...connectorDrift(analysis, {
        side: 'receive',
        view: connector.view,
        label: label('Receive connector', name, where),
        properties: live.properties,
        role: scope.role,
        serverFqdn: server.fqdn?.value,
        usage: connector.usage?.value,
        receive: connector,
        builtIn: connector.isDefault ? builtIn : undefined,
      }),
    );
    for (const grant of unexplained.get(live) ?? []) {
      findings.push(
        driftFinding(
          DRIFT_PROPERTY,
          connector.name?.node ?? connector.view.node,
          `Receive connector "${name}" on ${where}: the server ${grant.deny ? 'denies' : 'grants'} ${grant.extendedRights.join(', ')} ${grant.deny ? 'to' : 'to'} ${grant.user} (${grant.why}); the topology declares no such right.`,
          () => [
            keepFix(
              `Keep the file: remove it with Remove-ADPermission -Identity '${live.identity.replace(/'/g, "''")}' -User '${grant.user.replace(/'/g, "''")}' -ExtendedRights ${grant.extendedRights.join(',')} (the generated script does not remove rights)`,
            ),
          ],
        ),
      );
    }
  }
  if (scope.role === 'Edge') findings.push(...grantDrift(analysis, server, own));
  if (!scope.reportExtras) return findings;
  const declaresDefault = declared.some((c) => c.isDefault);
  for (const live of own) {
    if (matched.has(live)) continue;
    const match = builtIns.get(live);
    // Left as it is on purpose when the topology declares no "default": true connector.
    if (match?.byIdentity && !declaresDefault) continue;
    findings.push(
      extra(
        analysis,
        server,
        'receiveConnectors',
        `Receive connector "${live.identity}"`,
        scope.name,
        () => importedObject(document, 'receiveConnectors', live.name, scope.organization),
        `Remove-ReceiveConnector -Identity '${live.identity.replace(/'/g, "''")}'`,
      ),
    );
  }
  return findings;
}

/** The rights the Edge script grants (flow/grants.ts), each on the server. */
function grantDrift(
  analysis: Analysis,
  edge: Server,
  own: readonly ExportedReceiveConnector[],
): Finding[] {
  const findings: Finding[] = [];
  for (const grant of edgeGrants(analysis.index).filter((g) => g.edge === edge)) {
    const name = grant.connector.name?.value;
    const live = own.find((c) => same(c.name, name));
    if (!live || name === undefined) continue;
    const user = grant.account.slice(grant.account.indexOf('\\') + 1);
    const held = new Set(
      live.permissions
        .filter((p) => !p.deny && (same(p.user, grant.account) || same(p.user, user)))
        .flatMap((p) => p.extendedRights.map((r) => r.trim().toLowerCase())),
    );
    const lacking = grant.rights.filter((r) => !held.has(r.toLowerCase()));
    if (lacking.length === 0) continue;
    findings.push(
      driftFinding(
        DRIFT_PROPERTY,
        grant.connector.name?.node ?? grant.connector.view.node,
        `Receive connector "${name}" on ${edge.name?.value ?? ''}: ${grant.account} lacks ${lacking.join(', ')} on the server; the topology's credential "${grant.credential.name?.value ?? ''}" needs ${grant.rights.join(', ')}.`,
        // The rights follow from the credential and the connector: there is no value to take.
        () => [
          keepFix(
            `Keep the file: the generated script of ${edge.name?.value ?? ''} grants ${lacking.join(', ')} with Add-ADPermission`,
          ),
        ],
      ),
    );
  }
  return findings;
}

function certificateDrift(edge: Server, document: ExportDocument): Finding[] {
  const certificate = edge.view.object('certificate');
  if (!certificate) return [];
  const edgeName = edge.name?.value ?? document.server.name;
  const thumbprint = certificate.string('thumbprint');
  const type = certificate.string('type');
  const live = document.certificates;
  const liveThirdParty = live.find((c) => !c.isSelfSigned);
  if (thumbprint) {
    if (live.some((c) => same(c.thumbprint.trim(), thumbprint.value.trim()))) return [];
    const actual = liveThirdParty ?? live[0];
    return [
      driftFinding(
        DRIFT_PROPERTY,
        thumbprint.node,
        `The certificate of ${edgeName}: ${thumbprint.value} is not enabled for SMTP on the server; it uses ${actual ? `${actual.thumbprint} (${actual.subject})` : 'none'}.`,
        () => [
          actual
            ? takeFix(`Take the server's certificate: ${actual.thumbprint}`, [
                ...takeEdits.replace(thumbprint.node, actual.thumbprint),
              ])
            : undefined,
          keepFix(
            `Keep the file: enable ${thumbprint.value} for SMTP on ${edgeName} (Enable-ExchangeCertificate -Services SMTP); the generated script uses it`,
          ),
        ],
      ),
    ];
  }
  const declaredType = type?.value;
  const liveType = liveThirdParty ? 'thirdParty' : live.length > 0 ? 'selfSigned' : undefined;
  if (!type || !liveType || declaredType === liveType) return [];
  return [
    driftFinding(
      DRIFT_PROPERTY,
      type.node,
      `The certificate of ${edgeName}: ${liveType === 'thirdParty' ? `a certificate from a CA (${liveThirdParty?.subject ?? ''})` : "Exchange's self-signed certificate"} on the server, ${declaredType ?? ''} in the topology.`,
      () => [
        takeFix(
          `Take the server's value: type ${liveType}`,
          takeEdits.replace(type.node, liveType),
        ),
        keepFix(
          `Keep the file: install the certificate the topology describes on ${edgeName} and enable it for SMTP`,
        ),
      ],
    ),
  ];
}

function adapterDrift(edge: Server, document: ExportDocument): Finding[] {
  const live = new Set(
    document.networkAdapters
      .flatMap((a) => a.ipAddresses)
      .map((ip) => parseAddress(ip)?.canonical ?? ip),
  );
  const findings: Finding[] = [];
  for (const adapter of edge.adapters) {
    for (const ip of adapter.ipAddresses) {
      const address = parseAddress(ip.value);
      if (!address || live.has(address.canonical)) continue;
      findings.push(
        driftFinding(
          DRIFT_MISSING,
          ip.node,
          `${edge.name?.value ?? ''} has no adapter with the address ${ip.value}; its addresses are ${shown([...live])}.`,
          // Addresses are the network's, not Exchange's: no script sets them.
          () => [
            keepFix(
              `Keep the file: give ${edge.name?.value ?? ''} the address ${ip.value} (the generated scripts do not configure adapters)`,
            ),
          ],
        ),
      );
    }
  }
  return findings;
}

// ------------------------------------------------------------------ the organization

function organizationDrift(analysis: Analysis, document: ExportDocument): Finding[] {
  const index = analysis.index;
  const findings = [
    ...sendDrift(analysis, index.organizationSendConnectors(), document, undefined, document),
  ];
  for (const server of analysis.topology.servers) {
    if (!index.isMailbox(server) || !server.name) continue;
    findings.push(
      ...receiveDrift(analysis, server, index.receiveConnectorsOn(server), document, {
        name: server.name.value,
        role: 'Mailbox',
        reportExtras: false,
        organization: document,
      }),
    );
  }
  return findings;
}
