import type { Node } from 'jsonc-parser';
import type { Analysis, ExportedValue } from '../../../server/src/core';
import { edgeGrants } from '../../../server/src/core/flow/grants';
import {
  GenerationContext,
  builtInReceiveName,
  connectorName,
  serverName,
} from '../../../server/src/core/generate/context';
import {
  RECEIVE_NON_PARAMETER_KEYS,
  SEND_NON_PARAMETER_KEYS,
  omittedOnEdge,
  receiveParameter,
  sendParameter,
  type CheckKind,
  type ParameterSpec,
} from '../../../server/src/core/generate/parameters';
import { builtInReceiveConnectorsOf } from '../../../server/src/core/model/builtInReceiveConnectors';
import { parseAddress, parseBinding, parseRange } from '../../../server/src/core/model/network';
import type { ObjectView } from '../../../server/src/core/model/objectView';

/**
 * What an export document must say after the generated scripts ran on an
 * empty simulated Exchange, derived from the topology (not typed by hand),
 * and the comparison of one declared value with one exported value: both
 * sides normalised as the verification script's prelude normalises them
 * (verifyPrelude.ts), so that `35MB` equals `35 MB (36,700,160 bytes)`.
 */

/** One normalised key per list element, sorted and unique: two writings of one setting compare equal. */
export function normalised(kind: CheckKind, values: readonly string[]): string[] {
  const keys = values.flatMap((value) => keysOf(kind, value.trim()));
  return [...new Set(keys)].sort();
}

function keysOf(kind: CheckKind, text: string): string[] {
  const lower = text.toLowerCase();
  switch (kind) {
    case 'flags':
      return lower
        .split(',')
        .map((part) => part.trim())
        .filter((part) => part !== '');
    case 'addressSpace': {
      const typed = /^([^:]+):(.*)$/.exec(lower);
      const type = typed ? (typed[1] ?? '').trim() : 'smtp';
      const rest = typed ? (typed[2] ?? '').trim() : lower;
      const costed = /^(.*);\s*(\d+)$/.exec(rest);
      const space = costed ? (costed[1] ?? '').trim() : rest;
      const cost = costed ? String(Number(costed[2])) : '1';
      return [`${type}:${space};${cost}`];
    }
    case 'smartHost':
      return [lower.replace(/^\[(.*)\]$/, '$1').replace(/\.$/, '')];
    case 'binding': {
      const parsed = parseBinding(text);
      return [parsed.ok ? `${parsed.value.address.canonical}|${parsed.value.port}` : lower];
    }
    case 'range': {
      const parsed = parseRange(text);
      return [
        parsed.ok ? `${parsed.value.family}:${parsed.value.start}-${parsed.value.end}` : lower,
      ];
    }
    case 'address':
      return [parseAddress(text.replace(/^\[(.*)\]$/, '$1'))?.canonical ?? lower];
    case 'size':
      return [sizeKey(lower)];
    case 'timeSpan':
      return [timeSpanKey(lower)];
    default:
      return [lower];
  }
}

const UNITS: Record<string, number> = {
  b: 1,
  kb: 1024,
  mb: 1024 ** 2,
  gb: 1024 ** 3,
  tb: 1024 ** 4,
};

function sizeKey(lower: string): string {
  if (lower === 'unlimited') return lower;
  const printed = /\(([\d,]+) bytes\)/.exec(lower);
  if (printed) return (printed[1] ?? '').replace(/,/g, '');
  const declared = /^(\d+(?:\.\d+)?)\s*(b|kb|mb|gb|tb)?$/.exec(lower);
  if (!declared) return lower;
  return String(Math.floor(Number(declared[1]) * (UNITS[declared[2] ?? 'b'] ?? 1)));
}

function timeSpanKey(lower: string): string {
  const match = /^(?:(\d+)\.)?(\d+):(\d+):(\d+(?:\.\d+)?)$/.exec(lower);
  if (!match) return lower;
  const [, days, hours, minutes, seconds] = match;
  return String(
    Number(days ?? 0) * 86400 + Number(hours) * 3600 + Number(minutes) * 60 + Number(seconds),
  );
}

/** A declared JSON value as the strings the verification compares. */
export function declaredTexts(node: Node): string[] {
  if (node.type === 'array') return (node.children ?? []).map((child) => String(child.value));
  return [String(node.value)];
}

/** An exported value as a list of strings (null is none). */
export function exportedTexts(value: ExportedValue | undefined): string[] {
  if (value === null || value === undefined) return [];
  return typeof value === 'string' ? [value] : [...value];
}

export interface PropertyExpectation {
  readonly parameter: string;
  readonly kind: CheckKind;
  /** Normalised. */
  readonly expected: readonly string[];
}

/** Every declared property the scripts set and Exchange reads back, with its normalised value. */
export function declaredProperties(
  context: GenerationContext,
  view: ObjectView,
  kind: 'send' | 'receive',
  onEdge: boolean,
): PropertyExpectation[] {
  const nonParameters = kind === 'send' ? SEND_NON_PARAMETER_KEYS : RECEIVE_NON_PARAMETER_KEYS;
  const lookup: (key: string) => ParameterSpec | undefined =
    kind === 'send' ? sendParameter : receiveParameter;
  const result: PropertyExpectation[] = [];
  for (const key of view.keys()) {
    if (nonParameters.includes(key)) continue;
    const spec = lookup(key);
    const node = view.valueNode(key);
    if (!spec?.check || !node || (onEdge && omittedOnEdge(spec, node))) continue;
    let texts = declaredTexts(node);
    if (key === 'sourceTransportServers') {
      // Exchange stores the server and prints its name, whether a name or an FQDN was given.
      texts = texts.map((value) => {
        const server = context.index.server(value) ?? context.index.serverForHost(value);
        return server ? serverName(server) : value;
      });
    }
    result.push({
      parameter: spec.parameter,
      kind: spec.check,
      expected: normalised(spec.check, texts),
    });
  }
  return result;
}

export interface ConnectorExpectation {
  readonly name: string;
  readonly properties: readonly PropertyExpectation[];
  /** The credential's user name, for a send connector that logs on with one. */
  readonly userName?: string;
  /** `user|right`, lower-cased, for the extended rights the scripts grant on it. */
  readonly grants: readonly string[];
}

export interface ServerExpectation {
  readonly name: string;
  readonly role: 'Edge' | 'Mailbox';
  readonly fqdn: string;
  readonly adapters: readonly { readonly name: string; readonly addresses: readonly string[] }[];
  readonly acceptedDomains: readonly {
    readonly domainName: string;
    readonly domainType: string;
    readonly name: string;
  }[];
  readonly sendConnectors: readonly ConnectorExpectation[];
  /** By identity `SERVER\Name`; the built-in ones the topology does not declare have no properties. */
  readonly receiveConnectors: ReadonlyMap<string, ConnectorExpectation>;
  /** On a Mailbox server: the other Mailbox servers, with the addresses their FQDN resolves to. */
  readonly mailboxServers: readonly { readonly name: string; readonly fqdn: string }[];
}

function sendExpectation(
  context: GenerationContext,
  connector: Parameters<typeof connectorName>[0] & {
    readonly authenticationCredential?: { readonly value: string };
  },
  onEdge: boolean,
): ConnectorExpectation {
  const credential = connector.authenticationCredential?.value;
  const userName =
    credential === undefined ? undefined : context.index.credential(credential)?.userName?.value;
  return {
    name: connectorName(connector),
    properties: declaredProperties(context, connector.view, 'send', onEdge),
    userName,
    grants: [],
  };
}

/** What the export of `server` must hold after the generated scripts ran. */
export function expectedExport(
  analysis: Pick<Analysis, 'topology' | 'index'>,
  server: string,
): ServerExpectation {
  const context = new GenerationContext(analysis.topology, analysis.index, 'expected');
  const found = analysis.index.server(server);
  if (!found) throw new Error(`no server ${server}`);
  const edge = context.edges.find((e) => e.server === found);
  const grants = edgeGrants(analysis.index);
  const receive = new Map<string, ConnectorExpectation>();
  const servers = edge ? [found] : context.mailboxes;
  for (const host of servers) {
    const declared = context.receiveConnectorsOn(host);
    for (const connector of declared) {
      receive.set(context.receiveIdentity(connector), {
        name: connectorName(connector),
        properties: declaredProperties(context, connector.view, 'receive', edge !== undefined),
        grants: grants
          .filter((g) => g.connector === connector)
          .flatMap((g) => g.rights.map((right) => `${g.account}|${right}`.toLowerCase())),
      });
    }
    // The built-in connectors setup creates, unless a declared one is the Edge's, renamed.
    const renamed = edge !== undefined && declared.some((c) => c.isDefault);
    for (const builtIn of builtInReceiveConnectorsOf(host.role?.value)) {
      const name = builtIn.name(serverName(host));
      const identity = `${serverName(host)}\\${name}`;
      if (renamed && name === builtInReceiveName(serverName(host))) continue;
      if (!receive.has(identity)) receive.set(identity, { name, properties: [], grants: [] });
    }
  }
  const addressesOf = (s: typeof found) => analysis.index.addressesOf(s).map((a) => a.canonical);
  return {
    name: serverName(found),
    role: edge ? 'Edge' : 'Mailbox',
    fqdn: found.fqdn?.value ?? serverName(found),
    adapters:
      found.adapters.length > 0
        ? found.adapters.map((adapter) => ({
            name: adapter.name?.value ?? '',
            addresses: adapter.ipAddresses.flatMap((ip) => parseAddress(ip.value)?.canonical ?? []),
          }))
        : [{ name: 'Ethernet', addresses: addressesOf(found) }],
    // Only the Edge scripts create accepted domains: the organization has its own already.
    acceptedDomains: edge
      ? analysis.topology.acceptedDomains.map((domain) => ({
          domainName: domain.domainName.value,
          domainType: domain.domainType,
          name: context.acceptedDomainName(domain),
        }))
      : [],
    sendConnectors: edge
      ? context.sendConnectorsOn(edge).map((c) => sendExpectation(context, c, true))
      : context.organizationSendConnectors().map((c) => sendExpectation(context, c, false)),
    receiveConnectors: receive,
    mailboxServers: edge
      ? []
      : context.mailboxes
          .filter((m) => m !== found)
          .map((m) => ({ name: serverName(m), fqdn: m.fqdn?.value ?? serverName(m) })),
  };
}
