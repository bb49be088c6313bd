import type { Analysis } from '../analyze';
import type { Finding } from '../findings';
import type { ExportDocument } from '../export/document';
import { quote } from '../generate/powershell';
import { parseAddress } from '../model/network';
import type { Server } from '../model/topology';
import { shown } from './connectorDrift';
import {
  DRIFT_EXTRA,
  DRIFT_MISSING,
  DRIFT_PROPERTY,
  driftFinding,
  keepFix,
  takeEdits,
  takeFix,
} from './driftFinding';
import { same, serverNode } from './matching';

/**
 * Drift of what an Edge holds besides connectors: the accepted domains the Edge script creates
 * there, the certificate it uses for SMTP, the addresses of its adapters.
 */

export function acceptedDomainDrift(
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
            `Keep the file: remove it from ${edgeName} with Remove-AcceptedDomain -Identity ${quote(domain.name)} (the generated script does not remove accepted domains)`,
          ),
        ],
      ),
    );
  }
  return findings;
}

export function certificateDrift(edge: Server, document: ExportDocument): Finding[] {
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

export function adapterDrift(edge: Server, document: ExportDocument): Finding[] {
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
