import type { Node } from 'jsonc-parser';
import {
  AUTH_MECHANISMS,
  PERMISSION_GROUPS,
  RECEIVE_USAGES,
  SEND_USAGES,
  SMART_HOST_AUTH_MECHANISMS,
  canonicalSpanned,
} from './enums';
import {
  ObjectView,
  spannedBoolean,
  spannedString,
  spannedStrings,
  type Spanned,
} from './objectView';

export type Role = 'Edge' | 'Mailbox';
export type Network = 'internet' | 'internal';
export type AuthMechanism = (typeof AUTH_MECHANISMS)[number];
export type PermissionGroup = (typeof PERMISSION_GROUPS)[number];
export type SmartHostAuthMechanism = (typeof SMART_HOST_AUTH_MECHANISMS)[number];
export type ReceiveUsage = (typeof RECEIVE_USAGES)[number];
export type SendUsage = (typeof SEND_USAGES)[number];
export type AcceptedDomainType = 'Authoritative' | 'InternalRelay' | 'ExternalRelay';

export interface AcceptedDomain {
  /** The string element, or the `domainName` of the object form. */
  readonly domainName: Spanned<string>;
  readonly domainType: AcceptedDomainType;
  readonly view?: ObjectView;
}

export interface Adapter {
  readonly view: ObjectView;
  readonly name?: Spanned<string>;
  readonly network?: Spanned<Network>;
  readonly ipAddresses: readonly Spanned<string>[];
  readonly dnsNames: readonly Spanned<string>[];
}

export interface Server {
  readonly view: ObjectView;
  readonly name?: Spanned<string>;
  readonly role?: Spanned<Role>;
  readonly fqdn?: Spanned<string>;
  /** Edge only. */
  readonly adapters: readonly Adapter[];
  /** Mailbox servers list them directly; for an Edge, every adapter's addresses. */
  readonly ipAddresses: readonly Spanned<string>[];
}

export interface Credential {
  readonly view: ObjectView;
  readonly name?: Spanned<string>;
  readonly userName?: Spanned<string>;
  readonly scope?: Spanned<string>;
  readonly server?: Spanned<string>;
}

export interface SendConnector {
  readonly view: ObjectView;
  readonly name?: Spanned<string>;
  /** Present: configured on that Edge. Absent: an organization connector. */
  readonly server?: Spanned<string>;
  readonly addressSpaces: readonly Spanned<string>[];
  readonly smartHosts: readonly Spanned<string>[];
  readonly sourceTransportServers: readonly Spanned<string>[];
  readonly dnsRoutingEnabled?: Spanned<boolean>;
  readonly smartHostAuthMechanism?: Spanned<SmartHostAuthMechanism>;
  readonly authenticationCredential?: Spanned<string>;
  readonly usage?: Spanned<SendUsage>;
}

export interface ReceiveConnector {
  readonly view: ObjectView;
  readonly name?: Spanned<string>;
  readonly server?: Spanned<string>;
  readonly isDefault: boolean;
  readonly usage?: Spanned<ReceiveUsage>;
  readonly bindings: readonly Spanned<string>[];
  readonly remoteIPRanges: readonly Spanned<string>[];
  /** Only the values Exchange knows, canonically spelled; the schema rule reports others. */
  readonly authMechanism: readonly Spanned<AuthMechanism>[];
  readonly permissionGroups: readonly Spanned<PermissionGroup>[];
}

export interface Topology {
  /** The root object, or undefined when the document is not an object. */
  readonly root?: ObjectView;
  readonly organizationName?: Spanned<string>;
  readonly acceptedDomains: readonly AcceptedDomain[];
  readonly servers: readonly Server[];
  readonly credentials: readonly Credential[];
  readonly sendConnectors: readonly SendConnector[];
  readonly receiveConnectors: readonly ReceiveConnector[];
}

const ROLES: readonly Role[] = ['Edge', 'Mailbox'];
const NETWORKS: readonly Network[] = ['internet', 'internal'];
const DOMAIN_TYPES: readonly AcceptedDomainType[] = [
  'Authoritative',
  'InternalRelay',
  'ExternalRelay',
];

const oneOf = canonicalSpanned;

function enumList<T extends string>(
  values: readonly Spanned<string>[],
  allowed: readonly T[],
): Spanned<T>[] {
  const result: Spanned<T>[] = [];
  for (const v of values) {
    const known = canonicalSpanned(v, allowed);
    if (known) result.push(known);
  }
  return result;
}

const SERVER_KEYS = ['role', 'name', 'fqdn', 'adapters', 'ipAddresses'] as const;
const ADAPTER_KEYS = ['name', 'network', 'ipAddresses', 'dnsNames'] as const;

function buildServer(view: ObjectView): Server {
  const [role, name, fqdn, adapters, ipAddresses] = view.valueNodes(SERVER_KEYS);
  const spannedRole = oneOf(spannedString(role), ROLES);
  if (spannedRole?.value !== 'Edge') {
    return {
      view,
      name: spannedString(name),
      role: spannedRole,
      fqdn: spannedString(fqdn),
      adapters: [],
      ipAddresses: spannedStrings(ipAddresses),
    };
  }
  const edgeAdapters: Adapter[] = [];
  const edgeAddresses: Spanned<string>[] = [];
  for (const adapter of view.objectsIn(adapters, 'adapters')) {
    const [adapterName, network, adapterAddresses, dnsNames] = adapter.valueNodes(ADAPTER_KEYS);
    const addresses = spannedStrings(adapterAddresses);
    edgeAdapters.push({
      view: adapter,
      name: spannedString(adapterName),
      network: oneOf(spannedString(network), NETWORKS),
      ipAddresses: addresses,
      dnsNames: spannedStrings(dnsNames),
    });
    for (const address of addresses) edgeAddresses.push(address);
  }
  return {
    view,
    name: spannedString(name),
    role: spannedRole,
    fqdn: spannedString(fqdn),
    adapters: edgeAdapters,
    ipAddresses: edgeAddresses,
  };
}

const CREDENTIAL_KEYS = ['name', 'userName', 'scope', 'server'] as const;

function buildCredential(view: ObjectView): Credential {
  const [name, userName, scope, server] = view.valueNodes(CREDENTIAL_KEYS);
  return {
    view,
    name: spannedString(name),
    userName: spannedString(userName),
    scope: spannedString(scope),
    server: spannedString(server),
  };
}

const SEND_KEYS = [
  'name',
  'server',
  'addressSpaces',
  'smartHosts',
  'sourceTransportServers',
  'dnsRoutingEnabled',
  'smartHostAuthMechanism',
  'authenticationCredential',
  'usage',
] as const;

function buildSendConnector(view: ObjectView): SendConnector {
  const [
    name,
    server,
    addressSpaces,
    smartHosts,
    sourceTransportServers,
    dnsRoutingEnabled,
    smartHostAuthMechanism,
    authenticationCredential,
    usage,
  ] = view.valueNodes(SEND_KEYS);
  return {
    view,
    name: spannedString(name),
    server: spannedString(server),
    addressSpaces: spannedStrings(addressSpaces),
    smartHosts: spannedStrings(smartHosts),
    sourceTransportServers: spannedStrings(sourceTransportServers),
    dnsRoutingEnabled: spannedBoolean(dnsRoutingEnabled),
    smartHostAuthMechanism: canonicalSpanned(
      spannedString(smartHostAuthMechanism),
      SMART_HOST_AUTH_MECHANISMS,
    ),
    authenticationCredential: spannedString(authenticationCredential),
    usage: canonicalSpanned(spannedString(usage), SEND_USAGES),
  };
}

const RECEIVE_KEYS = [
  'name',
  'server',
  'default',
  'usage',
  'bindings',
  'remoteIPRanges',
  'authMechanism',
  'permissionGroups',
] as const;

function buildReceiveConnector(view: ObjectView): ReceiveConnector {
  const [
    name,
    server,
    isDefault,
    usage,
    bindings,
    remoteIPRanges,
    authMechanism,
    permissionGroups,
  ] = view.valueNodes(RECEIVE_KEYS);
  return {
    view,
    name: spannedString(name),
    server: spannedString(server),
    isDefault: spannedBoolean(isDefault)?.value === true,
    usage: canonicalSpanned(spannedString(usage), RECEIVE_USAGES),
    bindings: spannedStrings(bindings),
    remoteIPRanges: spannedStrings(remoteIPRanges),
    authMechanism: enumList(spannedStrings(authMechanism), AUTH_MECHANISMS),
    permissionGroups: enumList(spannedStrings(permissionGroups), PERMISSION_GROUPS),
  };
}

function buildAcceptedDomains(organization: ObjectView | undefined): AcceptedDomain[] {
  const node = organization?.valueNode('acceptedDomains');
  if (!organization || node?.type !== 'array') return [];
  const result: AcceptedDomain[] = [];
  (node.children ?? []).forEach((element, index) => {
    if (element.type === 'string') {
      result.push({
        domainName: { value: element.value as string, node: element },
        domainType: 'Authoritative',
      });
    } else if (element.type === 'object') {
      const view = new ObjectView(element, organization, 'acceptedDomains', index);
      const domainName = view.string('domainName');
      const declaredType = oneOf(view.string('domainType'), DOMAIN_TYPES);
      if (domainName)
        result.push({ domainName, domainType: declaredType?.value ?? 'Authoritative', view });
    }
  });
  return result;
}

const ROOT_KEYS = [
  'organization',
  'servers',
  'credentials',
  'sendConnectors',
  'receiveConnectors',
] as const;

/** Builds the model from whatever tree the parser recovered; never throws. */
export function buildTopology(root: Node | undefined): Topology {
  if (root?.type !== 'object') {
    return {
      acceptedDomains: [],
      servers: [],
      credentials: [],
      sendConnectors: [],
      receiveConnectors: [],
    };
  }
  const view = new ObjectView(root);
  const [organizationNode, servers, credentials, sendConnectors, receiveConnectors] =
    view.valueNodes(ROOT_KEYS);
  const organization =
    organizationNode?.type === 'object'
      ? new ObjectView(organizationNode, view, 'organization')
      : undefined;
  return {
    root: view,
    organizationName: organization?.string('name'),
    acceptedDomains: buildAcceptedDomains(organization),
    servers: view.objectsIn(servers, 'servers').map(buildServer),
    credentials: view.objectsIn(credentials, 'credentials').map(buildCredential),
    sendConnectors: view.objectsIn(sendConnectors, 'sendConnectors').map(buildSendConnector),
    receiveConnectors: view
      .objectsIn(receiveConnectors, 'receiveConnectors')
      .map(buildReceiveConnector),
  };
}
