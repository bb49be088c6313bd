import type { Node } from 'jsonc-parser';
import type { JSONDocument, LanguageService } from 'vscode-json-languageservice';
import { MarkupKind, type Hover, type MarkedString, type Position } from 'vscode-languageserver';
import type { Analysis, Credential, Server } from '../core/index';
import { toOffset, toRange } from './convert';
import type { AnalysedState } from './documents';
import { flowSection } from './flowHover';
import { flowTargetAt, type FlowTarget } from './flowTargets';
import { nameOccurrences, occurrenceAt, occurrencesOf, type NameOccurrence } from './names';

/**
 * Hover: on a server or credential name, what it is and where it is used;
 * on an accepted domain or a connector's name, the mail paths to it or
 * through it; on every key and value, the schema's documentation (title, the
 * Exchange parameter it maps to, the default, a link to the cmdlet reference)
 * through the JSON language service. On a name, both.
 */
export async function provideHover(
  state: AnalysedState,
  position: Position,
  json: LanguageService,
  jsonDocument: JSONDocument,
  logError: (what: string, error: unknown) => void,
): Promise<Hover | null> {
  const { analysis } = state;
  const schemaHover = await json.doHover(state.document, position, jsonDocument);
  const offset = toOffset(analysis.lines, position);
  const occurrence = occurrenceAt(nameOccurrences(analysis.topology), offset);
  if (occurrence) {
    return markdownHover(
      analysis,
      [describeName(analysis, occurrence), schemaHover ? hoverText(schemaHover.contents) : ''],
      occurrence.node,
    );
  }
  const target = flowTargetAt(analysis.topology, offset);
  const flow = target && mailFlowSection(analysis, target, logError);
  if (!target || !flow) return schemaHover;
  // The schema's help first, as on any other value; the paths after it.
  return markdownHover(
    analysis,
    [schemaHover ? hoverText(schemaHover.contents) : '', flow],
    target.node,
  );
}

/**
 * The mail paths of the target. The model is new and a half-typed topology
 * can reach corners of it: a failure there costs the section, never the
 * schema help nor the server.
 */
function mailFlowSection(
  analysis: Analysis,
  target: FlowTarget,
  logError: (what: string, error: unknown) => void,
): string | undefined {
  try {
    return flowSection(analysis.index, target);
  } catch (error) {
    logError('the mail-flow hover', error);
    return undefined;
  }
}

function markdownHover(analysis: Analysis, parts: readonly string[], node: Node): Hover {
  return {
    contents: {
      kind: MarkupKind.Markdown,
      value: parts.filter((part) => part !== '').join('\n\n---\n\n'),
    },
    range: toRange(analysis.lines, { start: node.offset, end: node.offset + node.length }),
  };
}

function hoverText(contents: Hover['contents']): string {
  const asText = (part: MarkedString) =>
    typeof part === 'string' ? part : '```' + part.language + '\n' + part.value + '\n```';
  if (Array.isArray(contents)) return contents.map(asText).join('\n\n');
  if (typeof contents === 'object' && 'kind' in contents) return contents.value;
  return asText(contents);
}

/** Markdown inline code that survives backticks in the value. */
function code(value: string): string {
  return value.includes('`') ? `\`\` ${value} \`\`` : `\`${value}\``;
}

function describeName(analysis: Analysis, occurrence: NameOccurrence): string {
  const uses = occurrencesOf(nameOccurrences(analysis.topology), occurrence.kind, occurrence.name)
    .filter((o) => !o.isDefinition)
    .map((o) => o.where);
  if (occurrence.kind === 'server') {
    const server = analysis.index.server(occurrence.name);
    if (!server)
      return `${code(occurrence.name)}: no server of this name is defined in \`servers\`.`;
    return [...describeServer(server), ...usedBy(uses, smartHostUses(analysis, server))].join(
      '\n\n',
    );
  }
  const credential = analysis.index.credential(occurrence.name);
  if (!credential) {
    return `${code(occurrence.name)}: no credential of this name is defined in \`credentials\`.`;
  }
  return [...describeCredential(credential), ...usedBy(uses, [])].join('\n\n');
}

function describeServer(server: Server): string[] {
  const name = server.name?.value ?? '';
  const role = server.role?.value;
  const what =
    role === 'Edge'
      ? 'Edge Transport server'
      : role === 'Mailbox'
        ? 'Mailbox server'
        : 'server without a valid role';
  const lines = [`**${name}**: ${what}`];
  if (server.fqdn) lines.push(`FQDN ${code(server.fqdn.value)}`);
  if (server.adapters.length > 0) {
    const adapters = server.adapters.map((adapter) => {
      const label = adapter.name?.value ?? 'adapter';
      const network = adapter.network ? ` (${adapter.network.value})` : '';
      const ips = adapter.ipAddresses.map((ip) => code(ip.value)).join(', ');
      return `${label}${network}${ips ? ` ${ips}` : ''}`;
    });
    lines.push(`Adapters: ${adapters.join('; ')}`);
  } else if (server.ipAddresses.length > 0) {
    lines.push(`Addresses: ${server.ipAddresses.map((ip) => code(ip.value)).join(', ')}`);
  }
  return lines;
}

function describeCredential(credential: Credential): string[] {
  const lines = [`**${credential.name?.value ?? ''}**: credential`];
  const facts: string[] = [];
  if (credential.userName) facts.push(`user name ${code(credential.userName.value)}`);
  if (credential.scope) facts.push(`scope ${code(credential.scope.value)}`);
  if (credential.server) facts.push(`local account on ${code(credential.server.value)}`);
  if (facts.length > 0) lines.push(facts.join(' · '));
  return lines;
}

/** The connectors whose smart hosts name this server (by FQDN, name, DNS name or address). */
function smartHostUses(analysis: Analysis, server: Server): string[] {
  const result: string[] = [];
  for (const connector of analysis.topology.sendConnectors) {
    for (const host of connector.smartHosts) {
      if (analysis.index.serverForHost(host.value) === server) {
        const name = connector.name ? `'${connector.name.value}'` : 'without a name';
        result.push(`send connector ${name} (smartHosts ${code(host.value)})`);
      }
    }
  }
  return result;
}

function usedBy(references: readonly string[], smartHosts: readonly string[]): string[] {
  const all = [...references, ...smartHosts];
  if (all.length === 0) return ['Not used by any connector or credential.'];
  return ['Used by:\n' + all.map((use) => `- ${use}`).join('\n')];
}
