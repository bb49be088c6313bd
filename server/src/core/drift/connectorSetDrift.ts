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
import { edgeGrants, localAccountOn } from '../flow/grants';
import { builtInReceiveConnectorsOf } from '../model/builtInReceiveConnectors';
import type { ReceiveConnector, SendConnector, Server } from '../model/topology';
import { quote, quoteList } from '../generate/powershell';
import { parseDocument } from '../parse/parseDocument';
import { connectorDrift } from './connectorDrift';
import {
  DRIFT_EXTRA,
  DRIFT_MISSING,
  DRIFT_PROPERTY,
  driftFinding,
  keepFix,
  takeEdits,
  takeFix,
} from './driftFinding';
import { label, same, serverNode } from './matching';

/**
 * Drift of the connectors of one server or of the organization: each declared one matched by
 * name with the live one (or found missing), the live ones nobody declared, and the rights the
 * Edge script grants.
 */

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

export function sendDrift(
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
        `Remove-SendConnector -Identity ${quote(live.identity)}`,
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

export interface ReceiveScope {
  readonly name: string;
  readonly role: 'Edge' | 'Mailbox';
  readonly reportExtras: boolean;
  readonly organization: ExportDocument | undefined;
}

export function receiveDrift(
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
          `Receive connector "${name}" on ${where}: the server ${grant.deny ? 'denies' : 'grants'} ${grant.extendedRights.join(', ')} to ${grant.user} (${grant.why}); the topology declares no such right.`,
          () => [
            keepFix(
              `Keep the file: remove it with Remove-ADPermission -Identity ${quote(live.identity)} -User ${quote(grant.user)} -ExtendedRights ${quoteList(grant.extendedRights)} (the generated script does not remove rights)`,
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
        `Remove-ReceiveConnector -Identity ${quote(live.identity)}`,
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
