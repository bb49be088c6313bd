/**
 * Topology key → Exchange cmdlet parameter, for every key of a send or receive
 * connector in the schema. The keys are the parameter names with the leading
 * capital run lower-cased, which is not reversible in general
 * (`dnsRoutingEnabled` → `DNSRoutingEnabled`), hence an explicit table.
 *
 * `cmdlets` says where the parameter exists: on both New-* and Set-*, only on
 * New-* (`Usage` is set at creation, research SC-15/RC-04; `Server` picks the
 * server of a new receive connector), or only on Set-*
 * (`BareLinefeedRejectionEnabled`). `check` says how the verification
 * script compares the declared value with the live property of the same name
 * (see verifyScript.ts for what each kind normalises).
 */

export type CheckKind =
  | 'text'
  | 'bool'
  | 'number'
  | 'flags'
  | 'name'
  | 'address'
  | 'addressSpace'
  | 'smartHost'
  | 'binding'
  | 'range'
  | 'size'
  | 'timeSpan';

export interface ParameterSpec {
  readonly key: string;
  readonly parameter: string;
  readonly cmdlets: 'both' | 'new' | 'set';
  /** How the verification script compares it; absent when it is checked in another way. */
  readonly check?: CheckKind;
  /**
   * A parameter the cmdlet reference lists for Mailbox servers only: an Edge
   * script does not pass it at its default (false), which a topology may spell out.
   */
  readonly mailboxOnly?: boolean;
}

/** Keys that are EdgeFlow's own, not cmdlet parameters. */
export const SEND_NON_PARAMETER_KEYS: readonly string[] = ['server', 'linkProtection'];
export const RECEIVE_NON_PARAMETER_KEYS: readonly string[] = ['default', 'linkProtection'];

function both(key: string, parameter: string, check: CheckKind): ParameterSpec {
  return { key, parameter, cmdlets: 'both', check };
}

export const SEND_PARAMETERS: readonly ParameterSpec[] = [
  // The name is the identity: checked by reading the connector back at all.
  { key: 'name', parameter: 'Name', cmdlets: 'new' },
  // Usage cannot be read back; the verification checks what it implies.
  { key: 'usage', parameter: 'Usage', cmdlets: 'new' },
  both('addressSpaces', 'AddressSpaces', 'addressSpace'),
  both('dnsRoutingEnabled', 'DNSRoutingEnabled', 'bool'),
  both('smartHosts', 'SmartHosts', 'smartHost'),
  both('smartHostAuthMechanism', 'SmartHostAuthMechanism', 'text'),
  // Passed as the credential variable; the verification reads back the user name.
  { key: 'authenticationCredential', parameter: 'AuthenticationCredential', cmdlets: 'both' },
  both('sourceTransportServers', 'SourceTransportServers', 'name'),
  both('port', 'Port', 'number'),
  both('requireTLS', 'RequireTLS', 'bool'),
  both('ignoreSTARTTLS', 'IgnoreSTARTTLS', 'bool'),
  both('tlsAuthLevel', 'TlsAuthLevel', 'text'),
  both('tlsDomain', 'TlsDomain', 'text'),
  both('tlsCertificateName', 'TlsCertificateName', 'text'),
  both('domainSecureEnabled', 'DomainSecureEnabled', 'bool'),
  both('sourceIPAddress', 'SourceIPAddress', 'address'),
  both('useExternalDNSServersEnabled', 'UseExternalDNSServersEnabled', 'bool'),
  both('fqdn', 'Fqdn', 'text'),
  both('maxMessageSize', 'MaxMessageSize', 'size'),
  both('enabled', 'Enabled', 'bool'),
  both('comment', 'Comment', 'text'),
  both('connectionInactivityTimeOut', 'ConnectionInactivityTimeOut', 'timeSpan'),
  both('errorPolicies', 'ErrorPolicies', 'flags'),
  both('forceHELO', 'ForceHELO', 'bool'),
  // New-SendConnector.md: both "available only on Mailbox servers" (exchange-params.json).
  { ...both('frontendProxyEnabled', 'FrontendProxyEnabled', 'bool'), mailboxOnly: true },
  { ...both('isScopedConnector', 'IsScopedConnector', 'bool'), mailboxOnly: true },
  both('protocolLoggingLevel', 'ProtocolLoggingLevel', 'text'),
  both('smtpMaxMessagesPerConnection', 'SmtpMaxMessagesPerConnection', 'number'),
];

export const RECEIVE_PARAMETERS: readonly ParameterSpec[] = [
  { key: 'name', parameter: 'Name', cmdlets: 'new' },
  { key: 'server', parameter: 'Server', cmdlets: 'new' },
  { key: 'usage', parameter: 'Usage', cmdlets: 'new' },
  both('bindings', 'Bindings', 'binding'),
  both('remoteIPRanges', 'RemoteIPRanges', 'range'),
  both('authMechanism', 'AuthMechanism', 'flags'),
  both('permissionGroups', 'PermissionGroups', 'flags'),
  both('transportRole', 'TransportRole', 'text'),
  both('requireTLS', 'RequireTLS', 'bool'),
  both('domainSecureEnabled', 'DomainSecureEnabled', 'bool'),
  both('fqdn', 'Fqdn', 'text'),
  both('banner', 'Banner', 'text'),
  both('comment', 'Comment', 'text'),
  both('enabled', 'Enabled', 'bool'),
  both('maxMessageSize', 'MaxMessageSize', 'size'),
  both('maxRecipientsPerMessage', 'MaxRecipientsPerMessage', 'number'),
  both('connectionTimeout', 'ConnectionTimeout', 'timeSpan'),
  both('connectionInactivityTimeout', 'ConnectionInactivityTimeout', 'timeSpan'),
  both('messageRateLimit', 'MessageRateLimit', 'number'),
  both('messageRateSource', 'MessageRateSource', 'flags'),
  both('maxInboundConnection', 'MaxInboundConnection', 'number'),
  both('maxInboundConnectionPerSource', 'MaxInboundConnectionPerSource', 'number'),
  both(
    'maxInboundConnectionPercentagePerSource',
    'MaxInboundConnectionPercentagePerSource',
    'number',
  ),
  both('maxHeaderSize', 'MaxHeaderSize', 'size'),
  both('maxHopCount', 'MaxHopCount', 'number'),
  both('maxLocalHopCount', 'MaxLocalHopCount', 'number'),
  both('maxLogonFailures', 'MaxLogonFailures', 'number'),
  both('maxProtocolErrors', 'MaxProtocolErrors', 'number'),
  both('protocolLoggingLevel', 'ProtocolLoggingLevel', 'text'),
  both('tarpitInterval', 'TarpitInterval', 'timeSpan'),
  both('authTarpitInterval', 'AuthTarpitInterval', 'timeSpan'),
  both('advertiseClientSettings', 'AdvertiseClientSettings', 'bool'),
  both('binaryMimeEnabled', 'BinaryMimeEnabled', 'bool'),
  both('chunkingEnabled', 'ChunkingEnabled', 'bool'),
  both('deliveryStatusNotificationEnabled', 'DeliveryStatusNotificationEnabled', 'bool'),
  both('eightBitMimeEnabled', 'EightBitMimeEnabled', 'bool'),
  both('enhancedStatusCodesEnabled', 'EnhancedStatusCodesEnabled', 'bool'),
  both('pipeliningEnabled', 'PipeliningEnabled', 'bool'),
  both('sizeEnabled', 'SizeEnabled', 'text'),
  // New-ReceiveConnector.md: "available only on Mailbox servers" (exchange-params.json).
  { ...both('longAddressesEnabled', 'LongAddressesEnabled', 'bool'), mailboxOnly: true },
  both('orarEnabled', 'OrarEnabled', 'bool'),
  both('requireEHLODomain', 'RequireEHLODomain', 'bool'),
  { ...both('suppressXAnonymousTls', 'SuppressXAnonymousTls', 'bool'), mailboxOnly: true },
  both('enableAuthGSSAPI', 'EnableAuthGSSAPI', 'bool'),
  both('extendedProtectionPolicy', 'ExtendedProtectionPolicy', 'text'),
  both('tlsCertificateName', 'TlsCertificateName', 'text'),
  both('defaultDomain', 'DefaultDomain', 'name'),
  both('serviceDiscoveryFqdn', 'ServiceDiscoveryFqdn', 'text'),
  both(
    'rejectReservedSecondLevelRecipientDomains',
    'RejectReservedSecondLevelRecipientDomains',
    'bool',
  ),
  both('rejectReservedTopLevelRecipientDomains', 'RejectReservedTopLevelRecipientDomains', 'bool'),
  both('rejectSingleLabelRecipientDomains', 'RejectSingleLabelRecipientDomains', 'bool'),
  // New-ReceiveConnector has no such parameter: applied with Set-ReceiveConnector once it exists.
  {
    key: 'bareLinefeedRejectionEnabled',
    parameter: 'BareLinefeedRejectionEnabled',
    cmdlets: 'set',
    check: 'bool',
  },
];

/**
 * Whether a script for an Edge leaves a declared value out: a Mailbox-only
 * parameter at its default, false. The Edge's cmdlets may not have the
 * parameter at all, and false changes nothing.
 */
export function omittedOnEdge(
  spec: ParameterSpec,
  node: { type: string; value?: unknown },
): boolean {
  return spec.mailboxOnly === true && node.type === 'boolean' && node.value === false;
}

/**
 * Whether a parameter is also a property Exchange reads back on the connector
 * (Get-SendConnector / Get-ReceiveConnector): every one Set-* can change.
 * `Name` is the identity, `Usage` leaves no property and `Server` is the
 * connector's own field, all three set only at creation. The export script
 * reads exactly these.
 */
export function readsBack(spec: ParameterSpec): boolean {
  return spec.cmdlets !== 'new';
}

const SEND_BY_KEY = new Map(SEND_PARAMETERS.map((spec) => [spec.key, spec]));
const RECEIVE_BY_KEY = new Map(RECEIVE_PARAMETERS.map((spec) => [spec.key, spec]));

export function sendParameter(key: string): ParameterSpec | undefined {
  return SEND_BY_KEY.get(key);
}

export function receiveParameter(key: string): ParameterSpec | undefined {
  return RECEIVE_BY_KEY.get(key);
}
