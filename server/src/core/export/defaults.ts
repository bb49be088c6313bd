import type { ParameterSpec } from '../generate/parameters';
import type { Role } from '../model/topology';
import type { ExportedValue } from './document';
import { sameValue } from './values';

/**
 * What a connector property reads back as when nobody set it: the values an
 * import leaves out and a drift check does not report for a key the topology
 * does not declare. Sources: ../shared/research/exchange-params.json
 * (`default` of each New-SendConnector / New-ReceiveConnector parameter, from
 * the cmdlet references MicrosoftDocs/office-docs-powershell
 * exchange/exchange-ps/ExchangePowerShell/New-SendConnector.md and
 * New-ReceiveConnector.md) and schemas/edgeflow.schema.json's `default`s.
 *
 * Where the sources disagree (MaxHopCount 30 in the cmdlet reference, 60 in
 * the decompiled 2013 schema; UseExternalDNSServersEnabled false in the
 * reference, true on an Edge in the decompiled code), every value they give
 * counts as a default: an import then never writes a value a source calls
 * Exchange's own, and drift never reports one.
 *
 * A property Exchange holds no value for (null, an empty list) is a default too.
 */

export interface DefaultContext {
  readonly role: Role;
  /** The server's FQDN: a receive connector's Fqdn defaults to it, a send connector's to null. */
  readonly serverFqdn?: string;
  /** The usage the connector was (or is taken to have been) created with. */
  readonly usage?: string;
}

type Defaults = (context: DefaultContext) => readonly string[];

const always =
  (...values: string[]): Defaults =>
  () =>
    values;

/** Send connector defaults (exchange-params.json, New-SendConnector). */
const SEND_DEFAULTS: Readonly<Record<string, Defaults>> = {
  port: always('25'),
  requireTLS: always('False'),
  ignoreSTARTTLS: always('False'),
  enabled: always('True'),
  forceHELO: always('False'),
  frontendProxyEnabled: always('False'),
  isScopedConnector: always('False'),
  // "20 (code-2013 schema; docs silent)".
  smtpMaxMessagesPerConnection: always('20'),
  protocolLoggingLevel: always('None'),
  smartHostAuthMechanism: always('None'),
  errorPolicies: always('Default'),
  connectionInactivityTimeOut: always('00:10:00'),
  sourceIPAddress: always('0.0.0.0'),
  // "$false for user-created connectors (Mailbox and Edge)".
  domainSecureEnabled: always('False'),
  // "docs: $false; code-2013: $true for connectors created on an Edge when not specified".
  useExternalDNSServersEnabled: ({ role }) => (role === 'Edge' ? ['False', 'True'] : ['False']),
  // research SC-16: unlimited for Usage Internal; 35 MB otherwise (the cmdlet page says 25 MB).
  maxMessageSize: ({ usage }) => (usage === 'Internal' ? ['Unlimited'] : ['35 MB', '25 MB']),
};

/** Receive connector defaults (exchange-params.json, New-ReceiveConnector). */
const RECEIVE_DEFAULTS: Readonly<Record<string, Defaults>> = {
  requireTLS: always('False'),
  domainSecureEnabled: ({ usage }) => (usage === 'Partner' ? ['True', 'False'] : ['False']),
  fqdn: ({ serverFqdn }) => (serverFqdn ? [serverFqdn] : []),
  enabled: always('True'),
  maxMessageSize: always('36 MB'),
  maxRecipientsPerMessage: always('200'),
  connectionTimeout: ({ role }) => [role === 'Edge' ? '00:05:00' : '00:10:00'],
  connectionInactivityTimeout: ({ role }) => [role === 'Edge' ? '00:01:00' : '00:05:00'],
  messageRateLimit: ({ role }) => [role === 'Edge' ? '600' : 'Unlimited'],
  messageRateSource: always('IPAddress'),
  maxInboundConnection: always('5000'),
  maxInboundConnectionPerSource: always('20'),
  maxInboundConnectionPercentagePerSource: ({ role, usage }) =>
    role === 'Mailbox' && usage === 'Internal' ? ['100'] : ['2'],
  maxHeaderSize: always('256 KB'),
  maxHopCount: always('30', '60'),
  maxLocalHopCount: always('8', '12'),
  maxLogonFailures: always('3'),
  maxProtocolErrors: always('5'),
  protocolLoggingLevel: always('None'),
  tarpitInterval: always('00:00:05'),
  authTarpitInterval: always('00:00:05'),
  advertiseClientSettings: always('False'),
  binaryMimeEnabled: always('True'),
  chunkingEnabled: always('True'),
  deliveryStatusNotificationEnabled: always('True'),
  eightBitMimeEnabled: always('True'),
  enhancedStatusCodesEnabled: always('True'),
  pipeliningEnabled: always('True'),
  sizeEnabled: ({ role, usage }) =>
    role === 'Mailbox' && usage === 'Internal' ? ['EnabledWithoutValue', 'Enabled'] : ['Enabled'],
  longAddressesEnabled: always('False'),
  orarEnabled: always('False'),
  requireEHLODomain: always('False'),
  suppressXAnonymousTls: always('False'),
  enableAuthGSSAPI: always('False'),
  extendedProtectionPolicy: always('None'),
  rejectReservedSecondLevelRecipientDomains: always('False'),
  rejectReservedTopLevelRecipientDomains: always('False'),
  rejectSingleLabelRecipientDomains: always('False'),
  bareLinefeedRejectionEnabled: always('False'),
  // "code-2013: HubTransport on a Mailbox server". An Edge has one transport service: whatever it
  // prints there is no choice the topology could make (not-valid-on-role refuses the key).
  transportRole: ({ role }) =>
    role === 'Mailbox' ? ['HubTransport'] : ['HubTransport', 'FrontendTransport'],
};

export type Side = 'send' | 'receive';

/** Whether a live value is what Exchange holds when nobody set the property. */
export function isExchangeDefault(
  side: Side,
  spec: ParameterSpec,
  value: ExportedValue | undefined,
  context: DefaultContext,
): boolean {
  if (value === null || value === undefined || (Array.isArray(value) && value.length === 0))
    return true;
  if (typeof value === 'string' && value.trim() === '') return true;
  const defaults = (side === 'send' ? SEND_DEFAULTS : RECEIVE_DEFAULTS)[spec.key];
  if (!defaults || !spec.check) return false;
  const kind = spec.check;
  return defaults(context).some((candidate) => sameValue(kind, value, candidate));
}

/** The value the topology declares to restore a default, in Exchange's printed form; undefined when none is fixed. */
export function defaultValue(
  side: Side,
  spec: ParameterSpec,
  context: DefaultContext,
): string | undefined {
  const defaults = (side === 'send' ? SEND_DEFAULTS : RECEIVE_DEFAULTS)[spec.key];
  return defaults?.(context)[0];
}
