import type { Role } from '../model/topology';
import type { ExportedProperties } from './document';
import { sameValue } from './values';

/**
 * Usage cannot be read back (research SC-15/RC-04: it is set at creation and
 * Exchange keeps no property for it), so an import infers it from what it
 * implies, and says so in a comment.
 *
 * Receive: the permission groups each usage sets (receive-connectors.md,
 * usage types; research RC-05; ExchangeLegacyServers only on a Mailbox
 * server). Send: Usage Internal is the one that leaves a mark, MaxMessageSize
 * unlimited (research SC-16); a connector with `*` and DNS routing on an Edge
 * is the internet connector Microsoft creates with Usage Internet.
 */

export const RECEIVE_USAGE_GROUPS: Readonly<Record<string, (role: Role) => readonly string[]>> = {
  Internal: (role) =>
    role === 'Mailbox' ? ['ExchangeServers', 'ExchangeLegacyServers'] : ['ExchangeServers'],
  Internet: () => ['AnonymousUsers'],
  Partner: () => ['Partners'],
  Client: () => ['ExchangeUsers'],
};

/** The mechanisms each usage sets (RC-05). */
export const RECEIVE_USAGE_AUTH: Readonly<Record<string, readonly string[]>> = {
  Internal: ['Tls', 'ExchangeServer'],
  Internet: ['Tls'],
  Partner: ['Tls'],
  Client: ['Tls', 'BasicAuth', 'BasicAuthRequireTLS', 'Integrated'],
  Custom: ['Tls'],
};

/** The usage whose permission groups are exactly the live ones, or Custom. */
export function inferReceiveUsage(properties: ExportedProperties, role: Role): string {
  const groups = properties['PermissionGroups'] ?? null;
  for (const [usage, implied] of Object.entries(RECEIVE_USAGE_GROUPS)) {
    if (usage === 'Client' && role === 'Edge') continue;
    if (sameValue('flags', groups, implied(role))) return usage;
  }
  return 'Custom';
}

export function inferSendUsage(
  properties: ExportedProperties,
  onEdge: boolean,
): 'Internal' | 'Internet' | undefined {
  if (sameValue('size', properties['MaxMessageSize'] ?? null, 'Unlimited')) return 'Internal';
  const dns = sameValue('bool', properties['DNSRoutingEnabled'] ?? null, 'True');
  const star = (
    typeof properties['AddressSpaces'] === 'string'
      ? [properties['AddressSpaces']]
      : (properties['AddressSpaces'] ?? [])
  ).some((space) => /^(smtp:)?\*(;\d+)?$/i.test(space.trim()));
  return onEdge && dns && star ? 'Internet' : undefined;
}
