import type { Analysis } from '../analyze';
import type { Finding } from '../findings';
import type { ExportDocument } from '../export/document';
import type { ImportInput } from '../export/importTopology';
import type { Server } from '../model/topology';
import { nameKey } from '../model/topologyIndex';
import { receiveDrift, sendDrift } from './connectorSetDrift';
import { DRIFT_EXTRA, driftFinding } from './driftFinding';
import { same } from './matching';
import { acceptedDomainDrift, adapterDrift, certificateDrift } from './serverDrift';

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
