import { RECEIVE_PARAMETERS, SEND_PARAMETERS, type ParameterSpec } from '../generate/parameters';
import type { Role } from '../model/topology';
import { builtInBindings, builtInRanges, type BuiltInMatch } from './builtIns';
import { isExchangeDefault, type DefaultContext } from './defaults';
import type { ExportedProperties, ExportedValue } from './document';
import { fromValue, scalar, type JsonMember } from './jsoncWriter';
import { toTopologyValue } from './topologyValues';
import {
  RECEIVE_USAGE_AUTH,
  RECEIVE_USAGE_GROUPS,
  inferReceiveUsage,
  inferSendUsage,
} from './usage';
import { sameValue } from './values';

/**
 * The members of one imported connector: every property that differs from
 * what Exchange holds by default (defaults.ts), converted to the topology's
 * form (topologyValues.ts). A value the format cannot hold is returned in
 * `kept`, for a comment and an information finding.
 */

export interface Kept {
  /** `Parameter: value as printed`. */
  readonly text: string;
  readonly why: string;
}

export interface ConnectorMembers {
  readonly members: JsonMember[];
  readonly kept: Kept[];
  /** Comments on the connector besides where it came from (guesses). */
  readonly notes: string[];
}

function printed(value: ExportedValue): string {
  if (value === null) return '$null';
  return typeof value === 'string' ? value : value.join(', ');
}

function add(
  result: ConnectorMembers,
  spec: ParameterSpec,
  value: ExportedValue,
  comments?: string[],
): void {
  const converted = toTopologyValue(spec, value);
  if (!converted) return;
  if (converted.unexpressible !== undefined) {
    result.kept.push({
      text: `${spec.parameter}: ${printed(value)}`,
      why: converted.unexpressible,
    });
    return;
  }
  result.members.push({ key: spec.key, value: fromValue(converted.value), comments });
}

function has(properties: ExportedProperties, parameter: string): boolean {
  return Object.prototype.hasOwnProperty.call(properties, parameter);
}

function list(value: ExportedValue | undefined): string[] {
  if (value === null || value === undefined) return [];
  return typeof value === 'string' ? [value] : [...value];
}

export interface SendContext {
  /** The Edge it is configured on, or undefined for an organization connector. */
  readonly edge?: string;
  readonly serverFqdn?: string;
  /** The credential name the connector's user name is imported as. */
  readonly credentialName?: string;
}

export function sendMembers(
  properties: ExportedProperties,
  context: SendContext,
): ConnectorMembers {
  const result: ConnectorMembers = { members: [], kept: [], notes: [] };
  const usage = inferSendUsage(properties, context.edge !== undefined);
  if (usage) {
    result.members.push({ key: 'usage', value: scalar(usage) });
    result.notes.push(
      usage === 'Internal'
        ? 'usage: Internal, inferred from MaxMessageSize Unlimited (Exchange keeps no Usage property).'
        : 'usage: Internet, inferred from the address space * and DNS routing (Exchange keeps no Usage property).',
    );
  }
  const defaults: DefaultContext = {
    role: context.edge !== undefined ? 'Edge' : 'Mailbox',
    serverFqdn: context.serverFqdn,
    usage,
  };
  for (const spec of SEND_PARAMETERS) {
    if (spec.key === 'authenticationCredential') {
      if (context.credentialName !== undefined)
        result.members.push({ key: spec.key, value: scalar(context.credentialName) });
      continue;
    }
    if (!spec.check || !has(properties, spec.parameter)) continue;
    const value = properties[spec.parameter] ?? null;
    switch (spec.key) {
      case 'addressSpaces':
      case 'dnsRoutingEnabled':
        // What routes the connector: written always, as in every example.
        add(result, spec, value);
        continue;
      case 'sourceTransportServers': {
        const sources = list(value);
        if (context.edge === undefined) add(result, spec, value);
        // On an Edge the connector sends from the Edge itself (the only value Exchange shows there).
        else if (sources.some((s) => s.trim().toLowerCase() !== context.edge?.toLowerCase()))
          result.kept.push({
            text: `${spec.parameter}: ${printed(value)}`,
            why: 'source transport servers on an Edge connector, which the topology does not accept',
          });
        continue;
      }
    }
    if (!isExchangeDefault('send', spec, value, defaults)) add(result, spec, value);
  }
  return result;
}

export interface ReceiveContext {
  readonly role: Role;
  readonly serverFqdn?: string;
  readonly builtIn?: BuiltInMatch;
}

/** Whether `value` is one of the `candidates` (each a list of printed values). */
function oneOf(
  kind: 'binding' | 'range' | 'flags',
  value: ExportedValue,
  candidates: string[][],
): boolean {
  return candidates.some((candidate) => sameValue(kind, value, candidate));
}

export function receiveMembers(
  properties: ExportedProperties,
  context: ReceiveContext,
): ConnectorMembers {
  const result: ConnectorMembers = { members: [], kept: [], notes: [] };
  const builtIn = context.builtIn?.builtIn;
  const edgeBuiltIn = builtIn?.role === 'Edge';
  const usage = builtIn ? undefined : inferReceiveUsage(properties, context.role);
  if (edgeBuiltIn) result.members.push({ key: 'default', value: scalar(true) });
  else if (usage !== undefined) {
    result.members.push({ key: 'usage', value: scalar(usage) });
    result.notes.push(
      usage === 'Custom'
        ? 'usage: Custom, as no usage sets exactly these permission groups (Exchange keeps no Usage property).'
        : `usage: ${usage}, inferred from its permission groups (Exchange keeps no Usage property).`,
    );
  }
  const defaults: DefaultContext = { role: context.role, serverFqdn: context.serverFqdn, usage };
  for (const spec of RECEIVE_PARAMETERS) {
    if (!spec.check || !has(properties, spec.parameter)) continue;
    const value = properties[spec.parameter] ?? null;
    switch (spec.key) {
      case 'bindings':
        if (edgeBuiltIn && builtIn && oneOf('binding', value, [builtInBindings(builtIn)])) continue;
        add(result, spec, value);
        continue;
      case 'remoteIPRanges':
        if (edgeBuiltIn && builtIn && oneOf('range', value, [builtInRanges(builtIn)])) continue;
        add(result, spec, value);
        continue;
      case 'authMechanism': {
        const implied = builtIn
          ? [...builtIn.authMechanisms]
          : [...(RECEIVE_USAGE_AUTH[usage ?? ''] ?? [])];
        if (edgeBuiltIn || !builtIn) {
          if (sameValue('flags', value, implied)) continue;
        }
        add(result, spec, value);
        continue;
      }
      case 'permissionGroups': {
        if (edgeBuiltIn && builtIn && sameValue('flags', value, [...builtIn.permissionGroups]))
          continue;
        // A usage other than Custom was inferred from exactly these groups.
        if (!builtIn && usage !== undefined && usage !== 'Custom' && RECEIVE_USAGE_GROUPS[usage])
          continue;
        if (!builtIn && sameValue('flags', value, ['None'])) continue;
        add(result, spec, value);
        continue;
      }
      case 'transportRole':
        // An Edge has one transport service: the topology does not accept transportRole there.
        if (context.role === 'Edge') continue;
        // A Mailbox built-in written out keeps its service explicitly.
        if (builtIn) {
          add(result, spec, value);
          continue;
        }
        break;
    }
    if (!isExchangeDefault('receive', spec, value, defaults)) add(result, spec, value);
  }
  return result;
}

/**
 * Whether a Mailbox built-in connector is as setup left it: its bindings,
 * ranges, mechanisms and groups, and nothing else changed. Real Exchange
 * binds it to IPv4 and IPv6; a lab without IPv6 shows IPv4 only.
 */
export function mailboxBuiltInUntouched(
  properties: ExportedProperties,
  match: BuiltInMatch,
  context: ReceiveContext,
): boolean {
  const builtIn = match.builtIn;
  const bindings = builtInBindings(builtIn);
  const ranges = builtInRanges(builtIn);
  const same =
    oneOf('binding', properties['Bindings'] ?? null, [bindings, bindings.slice(0, 1)]) &&
    oneOf('range', properties['RemoteIPRanges'] ?? null, [ranges, ranges.slice(0, 1)]) &&
    sameValue('flags', properties['AuthMechanism'] ?? null, [...builtIn.authMechanisms]) &&
    sameValue('flags', properties['PermissionGroups'] ?? null, [...builtIn.permissionGroups]) &&
    sameValue('text', properties['TransportRole'] ?? null, builtIn.service);
  if (!same) return false;
  const skip = new Set([
    'bindings',
    'remoteIPRanges',
    'authMechanism',
    'permissionGroups',
    'transportRole',
  ]);
  const defaults: DefaultContext = { role: 'Mailbox', serverFqdn: context.serverFqdn };
  return RECEIVE_PARAMETERS.every(
    (spec) =>
      !spec.check ||
      skip.has(spec.key) ||
      !has(properties, spec.parameter) ||
      isExchangeDefault('receive', spec, properties[spec.parameter] ?? null, defaults),
  );
}
