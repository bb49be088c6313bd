import { parseAddress, unbracketed } from './network';
import type { SendConnector } from './topology';

/**
 * Facts about send connectors that several rules share. A value of the wrong
 * type reads as "unknown" rather than as absent, so that a rule never reports
 * "no smart hosts" because the schema rule found `"smartHosts": "x"`.
 */
export type SmartHostsState = 'none' | 'some' | 'unknown';

export function smartHostsState(connector: SendConnector): SmartHostsState {
  const node = connector.view.valueNode('smartHosts');
  if (!node) return 'none';
  if (node.type !== 'array') return 'unknown';
  if ((node.children ?? []).length === 0) return 'none';
  return connector.smartHosts.length > 0 ? 'some' : 'unknown';
}

/** Routed by MX records: DNS routing not turned off, and no smart hosts (SC-02). */
export function isDnsRouted(connector: SendConnector): boolean {
  return connector.dnsRoutingEnabled?.value !== false && smartHostsState(connector) === 'none';
}

/** Routed through smart hosts, or with DNS routing explicitly off. */
export function isSmartHostRouted(connector: SendConnector): boolean {
  return connector.dnsRoutingEnabled?.value === false || smartHostsState(connector) === 'some';
}

/** The connector's name for messages, as written. */
export function connectorName(connector: { readonly name?: { readonly value: string } }): string {
  return connector.name ? `'${connector.name.value}'` : 'this connector';
}

/** `[addr]` → `addr`, and a trailing root dot removed: the host as Exchange resolves it. */
function bareHost(host: string): string {
  // Most hosts begin and end with a letter or digit: nothing to trim, no
  // brackets, no root dot.
  if (
    isAsciiAlphanumeric(host.charCodeAt(0)) &&
    isAsciiAlphanumeric(host.charCodeAt(host.length - 1))
  )
    return host;
  return unbracketed(host.trim()).replace(/\.$/, '');
}

function isAsciiAlphanumeric(code: number): boolean {
  return (
    (code >= 0x30 && code <= 0x39) ||
    (code >= 0x41 && code <= 0x5a) ||
    (code >= 0x61 && code <= 0x7a)
  );
}

/** An IPv4 or IPv6 literal, with or without brackets. */
export function isIpLiteral(host: string): boolean {
  return parseAddress(bareHost(host)) !== undefined;
}

/** A host name without a dot (`mbx01`), which no public certificate names. */
export function isSingleLabel(host: string): boolean {
  const bare = bareHost(host);
  return bare !== '' && !bare.includes('.') && !isIpLiteral(host);
}
