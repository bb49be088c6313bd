/**
 * What the export script (`edgeflow export-script`) writes for one server, and
 * what `edgeflow import` and `edgeflow drift` read: the contract between the
 * PowerShell that runs on a live Exchange server and the engine.
 *
 * Values are kept as Exchange prints them (the `ToString()` of each property,
 * which survives implicit remoting, where the Mailbox side's objects arrive
 * deserialized): a binding `10.1.1.1:25` or `[::]:25`, a remote range
 * `192.168.5.10`, `10.0.0.0/8` or `10.0.0.1-10.0.0.9`, an address space
 * `SMTP:*;1`, a flags value `Tls, BasicAuth`, a size `35 MB (36,700,160 bytes)`
 * or `Unlimited`, a time span `00:05:00`, a boolean `True`. The engine
 * normalises them (the verification script's comparisons, parameters.ts's
 * `check` kinds, say how); the script does not, so that what it wrote can be
 * compared with what an administrator sees in `Format-List`.
 *
 * No secret is ever part of it: of a send connector's AuthenticationCredential
 * only the user name is read.
 */

/** `format` and `version` of every document; a reader refuses any other pair. */
export const EXPORT_FORMAT = 'edgeflow-export';
export const EXPORT_VERSION = 1;

/** A property as Exchange prints it: one string, a list of strings, or absent ($null). */
export type ExportedValue = string | readonly string[] | null;

/**
 * Connector properties keyed by the Exchange property name, exactly as
 * parameters.ts's `parameter` spells it (`DNSRoutingEnabled`, `RemoteIPRanges`).
 * Every parameter of SEND_PARAMETERS / RECEIVE_PARAMETERS that reads back is
 * present (null when Exchange holds none); `Name`, `Usage` (not a property) and
 * `Server` (the connector's own field) are not.
 */
export type ExportedProperties = Readonly<Record<string, ExportedValue>>;

export interface ExportedServer {
  /** Get-ExchangeServer's Name (the NetBIOS name). */
  readonly name: string;
  readonly role: 'Edge' | 'Mailbox';
  readonly fqdn: string;
  /** AdminDisplayVersion, e.g. `Version 15.2 (Build 1544.4)`. */
  readonly exchangeVersion: string;
}

/** One network adapter of the server the script ran on (Get-NetIPAddress, by InterfaceAlias). */
export interface ExportedAdapter {
  readonly name: string;
  /** Unicast addresses, loopback and link-local excluded, as IPAddress prints them. */
  readonly ipAddresses: readonly string[];
}

/** Another Mailbox server of the organization, seen from the one the script ran on. */
export interface ExportedMailboxServer {
  readonly name: string;
  readonly fqdn: string;
  /** What its FQDN resolves to from here (Resolve-DnsName, A and AAAA answers); empty when it does not resolve. */
  readonly ipAddresses: readonly string[];
}

export interface ExportedAcceptedDomain {
  readonly name: string;
  /** DomainName as printed (`contoso.com`, `*.contoso.com`). */
  readonly domainName: string;
  /** `Authoritative`, `InternalRelay` or `ExternalRelay`. */
  readonly domainType: string;
  readonly default: boolean;
}

export interface ExportedSendConnector {
  readonly name: string;
  /** Identity as printed (a send connector's is its name). */
  readonly identity: string;
  /** Includes `AuthenticationCredential`: the credential's user name only, or null. */
  readonly properties: ExportedProperties;
}

/** A non-inherited extended-right entry of a receive connector (Get-ADPermission). */
export interface ExportedPermission {
  /** The principal as printed, e.g. `NT AUTHORITY\ANONYMOUS LOGON`, `MS Exchange\Externally Secured Servers`. */
  readonly user: string;
  /** Extended rights as printed, e.g. `ms-Exch-SMTP-Accept-Any-Recipient`. */
  readonly extendedRights: readonly string[];
  readonly deny: boolean;
}

export interface ExportedReceiveConnector {
  readonly name: string;
  /** The server it belongs to (its Server property). */
  readonly server: string;
  /** Identity as printed: `SERVER\Name`. */
  readonly identity: string;
  readonly properties: ExportedProperties;
  readonly permissions: readonly ExportedPermission[];
}

export interface ExportedCertificate {
  readonly thumbprint: string;
  readonly subject: string;
  readonly certificateDomains: readonly string[];
  /** Services as printed, e.g. `IMAP, POP, SMTP`. */
  readonly services: string;
  readonly isSelfSigned: boolean;
  /** NotAfter in ISO 8601 (round-trip format `o`). */
  readonly notAfter: string;
}

/**
 * One document per server. On an Edge it holds what the Edge's own AD LDS
 * instance holds (its accepted domains and connectors); on a Mailbox server,
 * the organization's (accepted domains, send connectors, the receive connectors
 * of every Mailbox server) and the other Mailbox servers.
 */
export interface ExportDocument {
  readonly format: typeof EXPORT_FORMAT;
  readonly version: typeof EXPORT_VERSION;
  /** When it was exported (ISO 8601, UTC): for the reader, never compared. */
  readonly exportedAt: string;
  readonly server: ExportedServer;
  readonly networkAdapters: readonly ExportedAdapter[];
  /** Mailbox documents only (an empty list on an Edge). */
  readonly mailboxServers: readonly ExportedMailboxServer[];
  readonly acceptedDomains: readonly ExportedAcceptedDomain[];
  readonly sendConnectors: readonly ExportedSendConnector[];
  readonly receiveConnectors: readonly ExportedReceiveConnector[];
  /** Certificates enabled for SMTP (and Exchange's self-signed one) on this server. */
  readonly certificates: readonly ExportedCertificate[];
}
