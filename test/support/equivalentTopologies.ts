import { isExchangeDefault, type Side } from '../../server/src/core/export/defaults';
import { keySet } from '../../server/src/core/export/values';
import { RECEIVE_USAGE_AUTH, RECEIVE_USAGE_GROUPS } from '../../server/src/core/export/usage';
import {
  RECEIVE_PARAMETERS,
  SEND_PARAMETERS,
  type ParameterSpec,
} from '../../server/src/core/generate/parameters';
import { BUILT_IN_RECEIVE_CONNECTORS } from '../../server/src/core/model/builtInReceiveConnectors';
import { parseAddress } from '../../server/src/core/model/network';
import type { Role } from '../../server/src/core/model/topology';
import { parseDocument } from '../../server/src/core/parse/parseDocument';

/**
 * Whether two topologies describe the same servers and the same Exchange
 * configuration: what an import of the servers a topology configured must
 * give back. Aside: comments, the organization's name, credential names
 * (credentials compare by the user name and scope each connector uses),
 * adapter names, and what Exchange cannot give back: `usage` (no property
 * reads it; what it implies is compared: permission groups, mechanisms, the
 * size limit), `linkProtection` (IPsec or a VPN is outside Exchange), an
 * adapter's `dnsNames` that only repeat the Edge's FQDN on an internal
 * adapter (what the format assumes anyway), a certificate's thumbprint and
 * subject when only one side states them. A value spelt out at Exchange's
 * default equals its absence. Names of servers and connectors are Exchange's
 * identities and compare without case.
 *
 * `topologyDifferences` says what differs, one line each; the round trip on
 * the simulated Exchange reuses it.
 */

type Json = Record<string, unknown>;

function parse(text: string): Json {
  const value = parseDocument(text).value;
  return typeof value === 'object' && value !== null ? (value as Json) : {};
}

const lower = (v: unknown): string =>
  String(v ?? '')
    .trim()
    .toLowerCase();

function list(value: unknown): unknown[] {
  return Array.isArray(value) ? value : value === undefined ? [] : [value];
}

function objects(value: unknown): Json[] {
  return list(value).filter((v): v is Json => typeof v === 'object' && v !== null);
}

/** A declared value as Exchange prints it: `True`, `25`, a list of strings. */
function printed(value: unknown): string | string[] {
  if (Array.isArray(value)) return value.map((v) => String(v as string));
  if (typeof value === 'boolean') return value ? 'True' : 'False';
  return String(value as string | number);
}

function canonicalIps(value: unknown): string {
  return list(value)
    .map((ip) => parseAddress(String(ip))?.canonical ?? lower(ip))
    .sort()
    .join(',');
}

function credentialOf(topology: Json, name: unknown): string {
  const credential = objects(topology['credentials']).find((c) => c['name'] === name);
  return credential ? `${lower(credential['userName'])} (${lower(credential['scope'])})` : '';
}

function serverRole(topology: Json, name: unknown): Role {
  const server = objects(topology['servers']).find((s) => lower(s['name']) === lower(name));
  return server?.['role'] === 'Edge' ? 'Edge' : 'Mailbox';
}

function serverFqdn(topology: Json, name: unknown): string | undefined {
  const server = objects(topology['servers']).find((s) => lower(s['name']) === lower(name));
  return typeof server?.['fqdn'] === 'string' ? server['fqdn'] : undefined;
}

function groupsFor(connector: Json, role: Role): string[] {
  if (connector['default'] === true && role === 'Edge')
    return [...(BUILT_IN_RECEIVE_CONNECTORS[0]?.permissionGroups ?? [])];
  const usage = connector['usage'];
  if (typeof usage === 'string')
    return usage === 'Custom' ? ['None'] : [...(RECEIVE_USAGE_GROUPS[usage]?.(role) ?? [])];
  return role === 'Edge'
    ? ['AnonymousUsers', 'ExchangeServers', 'Partners']
    : ['ExchangeUsers', 'ExchangeServers', 'ExchangeLegacyServers'];
}

function authFor(connector: Json, role: Role): string[] {
  if (connector['default'] === true && role === 'Edge')
    return [...(BUILT_IN_RECEIVE_CONNECTORS[0]?.authMechanisms ?? [])];
  const usage = connector['usage'];
  if (typeof usage === 'string') return [...(RECEIVE_USAGE_AUTH[usage] ?? [])];
  return role === 'Edge'
    ? ['Tls', 'ExchangeServer']
    : ['Tls', 'Integrated', 'BasicAuth', 'BasicAuthRequireTLS', 'ExchangeServer'];
}

/** One connector as `key = normalised value` lines. */
function connectorLines(topology: Json, connector: Json, side: Side): string[] {
  const server = connector['server'];
  const role: Role =
    side === 'send' ? (server === undefined ? 'Mailbox' : 'Edge') : serverRole(topology, server);
  const usage = typeof connector['usage'] === 'string' ? connector['usage'] : undefined;
  const specs: readonly ParameterSpec[] = side === 'send' ? SEND_PARAMETERS : RECEIVE_PARAMETERS;
  const values = new Map<string, string>();
  for (const spec of specs) {
    if (!spec.check || !(spec.key in connector)) continue;
    const value = printed(connector[spec.key]);
    const context = {
      role,
      usage,
      serverFqdn: side === 'receive' ? serverFqdn(topology, server) : undefined,
    };
    if (isExchangeDefault(side, spec, value, context)) continue;
    values.set(spec.key, keySet(spec.check, value).join(' | '));
  }
  if (side === 'receive') {
    if (!values.has('permissionGroups'))
      values.set('permissionGroups', keySet('flags', groupsFor(connector, role)).join(' | '));
    if (!values.has('authMechanism'))
      values.set('authMechanism', keySet('flags', authFor(connector, role)).join(' | '));
    if (!values.has('remoteIPRanges'))
      values.set('remoteIPRanges', keySet('range', '0.0.0.0-255.255.255.255').join(' | '));
    if (!values.has('bindings'))
      values.set('bindings', keySet('binding', '0.0.0.0:25').join(' | '));
    values.set('default', String(connector['default'] === true));
  } else {
    if (!values.has('maxMessageSize') && usage === 'Internal')
      values.set('maxMessageSize', 'unlimited');
    values.set('credential', credentialOf(topology, connector['authenticationCredential']));
  }
  return [...values].map(([key, value]) => `${key} = ${value}`).sort();
}

function describe(topology: Json): Map<string, string[]> {
  const result = new Map<string, string[]>();
  const organization = (topology['organization'] ?? {}) as Json;
  for (const domain of list(organization['acceptedDomains'])) {
    const object =
      typeof domain === 'object' && domain !== null ? (domain as Json) : { domainName: domain };
    const name = lower(object['domainName']);
    result.set(`accepted domain ${name}`, [
      `domainType = ${lower(object['domainType'] ?? 'Authoritative')}`,
      `name = ${lower(object['name'] ?? object['domainName'])}`,
    ]);
  }
  for (const server of objects(topology['servers'])) {
    const fqdn = lower(server['fqdn']);
    const lines = [`role = ${String(server['role'])}`, `fqdn = ${fqdn}`];
    if (server['role'] === 'Edge') {
      for (const adapter of objects(server['adapters'])) {
        const names = list(adapter['dnsNames'])
          .map(lower)
          .filter((n) => !(adapter['network'] === 'internal' && n === fqdn));
        lines.push(
          `adapter ${String(adapter['network'])} = ${canonicalIps(adapter['ipAddresses'])}${names.length > 0 ? ` dns ${names.sort().join(',')}` : ''}`,
        );
      }
      const certificate = (server['certificate'] ?? {}) as Json;
      lines.push(`certificate = ${String(certificate['type'] ?? 'none')}`);
    } else {
      lines.push(`ipAddresses = ${canonicalIps(server['ipAddresses'])}`);
    }
    result.set(`server ${lower(server['name'])}`, lines.sort());
  }
  for (const connector of objects(topology['sendConnectors']))
    result.set(
      `send connector ${lower(connector['server'] ?? '(organization)')}\\${lower(connector['name'])}`,
      connectorLines(topology, connector, 'send'),
    );
  for (const connector of objects(topology['receiveConnectors']))
    result.set(
      `receive connector ${lower(connector['server'])}\\${lower(connector['name'])}`,
      connectorLines(topology, connector, 'receive'),
    );
  return result;
}

/** Certificate details stated on both sides must agree. */
function certificateDetails(a: Json, b: Json): string[] {
  const differences: string[] = [];
  for (const server of objects(a['servers'])) {
    const other = objects(b['servers']).find((s) => lower(s['name']) === lower(server['name']));
    const mine = (server['certificate'] ?? {}) as Json;
    const theirs = (other?.['certificate'] ?? {}) as Json;
    for (const key of ['thumbprint', 'subject'])
      if (
        mine[key] !== undefined &&
        theirs[key] !== undefined &&
        lower(mine[key]) !== lower(theirs[key])
      )
        differences.push(
          `server ${String(server['name'])}: certificate ${key} ${String(mine[key])} ≠ ${String(theirs[key])}`,
        );
  }
  return differences;
}

export function topologyDifferences(a: string, b: string): string[] {
  const left = parse(a);
  const right = parse(b);
  const mine = describe(left);
  const theirs = describe(right);
  const differences: string[] = [];
  for (const [object, lines] of mine) {
    const other = theirs.get(object);
    if (!other) {
      differences.push(`${object}: only in the first`);
      continue;
    }
    for (const line of lines)
      if (!other.includes(line))
        differences.push(
          `${object}: ${line} (second: ${other.find((o) => o.split(' = ')[0] === line.split(' = ')[0]) ?? 'absent'})`,
        );
    for (const line of other)
      if (!lines.includes(line) && !lines.some((l) => l.split(' = ')[0] === line.split(' = ')[0]))
        differences.push(`${object}: ${line} only in the second`);
  }
  for (const object of theirs.keys())
    if (!mine.has(object)) differences.push(`${object}: only in the second`);
  return [...differences, ...certificateDetails(left, right)];
}

export function equivalentTopologies(a: string, b: string): boolean {
  return topologyDifferences(a, b).length === 0;
}
