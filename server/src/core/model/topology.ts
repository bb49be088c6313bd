import type { Node } from 'jsonc-parser';
import {
  AUTH_MECHANISMS,
  PERMISSION_GROUPS,
  RECEIVE_USAGES,
  SEND_USAGES,
  SMART_HOST_AUTH_MECHANISMS,
  canonicalSpanned,
} from './enums';
import { ObjectView, type Spanned } from './objectView';
import { userNameWithoutSecret } from './secrets';

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
  const values = view.read(SERVER_KEYS);
  const role = oneOf(values.string('role'), ROLES);
  const adapters: Adapter[] = [];
  const edgeAddresses: Spanned<string>[] = [];
  if (role?.value === 'Edge') {
    for (const adapter of view.objectsIn(values.node('adapters'), 'adapters')) {
      const a = adapter.read(ADAPTER_KEYS);
      const ipAddresses = a.strings('ipAddresses');
      adapters.push({
        view: adapter,
        name: a.string('name'),
        network: oneOf(a.string('network'), NETWORKS),
        ipAddresses,
        dnsNames: a.strings('dnsNames'),
      });
      for (const address of ipAddresses) edgeAddresses.push(address);
    }
  }
  return {
    view,
    name: values.string('name'),
    role,
    fqdn: values.string('fqdn'),
    adapters,
    // A Mailbox server lists its addresses; an Edge has those of its adapters.
    ipAddresses: role?.value === 'Edge' ? edgeAddresses : values.strings('ipAddresses'),
  };
}

const CREDENTIAL_KEYS = ['name', 'userName', 'scope', 'server'] as const;

/**
 * The user name alone, when a password follows it (`CONTOSO\\edgerelay:…`):
 * whatever shows or uses the user name (hovers, symbols, mail-flow messages,
 * scripts) never sees the secret. secret-in-topology reads the node itself.
 */
function withoutSecret(userName: Spanned<string> | undefined): Spanned<string> | undefined {
  const user = userName && userNameWithoutSecret(userName.value);
  return userName && user !== undefined ? { ...userName, value: user } : userName;
}

function buildCredential(view: ObjectView): Credential {
  const c = view.read(CREDENTIAL_KEYS);
  return {
    view,
    name: c.string('name'),
    userName: withoutSecret(c.string('userName')),
    scope: c.string('scope'),
    server: c.string('server'),
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
  const c = view.read(SEND_KEYS);
  return {
    view,
    name: c.string('name'),
    server: c.string('server'),
    addressSpaces: c.strings('addressSpaces'),
    smartHosts: c.strings('smartHosts'),
    sourceTransportServers: c.strings('sourceTransportServers'),
    dnsRoutingEnabled: c.boolean('dnsRoutingEnabled'),
    smartHostAuthMechanism: canonicalSpanned(
      c.string('smartHostAuthMechanism'),
      SMART_HOST_AUTH_MECHANISMS,
    ),
    authenticationCredential: c.string('authenticationCredential'),
    usage: canonicalSpanned(c.string('usage'), SEND_USAGES),
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
  const c = view.read(RECEIVE_KEYS);
  return {
    view,
    name: c.string('name'),
    server: c.string('server'),
    isDefault: c.boolean('default')?.value === true,
    usage: canonicalSpanned(c.string('usage'), RECEIVE_USAGES),
    bindings: c.strings('bindings'),
    remoteIPRanges: c.strings('remoteIPRanges'),
    authMechanism: enumList(c.strings('authMechanism'), AUTH_MECHANISMS),
    permissionGroups: enumList(c.strings('permissionGroups'), PERMISSION_GROUPS),
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
  const organization = view.object('organization');
  return {
    root: view,
    organizationName: organization?.string('name'),
    acceptedDomains: buildAcceptedDomains(organization),
    servers: view.objects('servers').map(buildServer),
    credentials: view.objects('credentials').map(buildCredential),
    sendConnectors: view.objects('sendConnectors').map(buildSendConnector),
    receiveConnectors: view.objects('receiveConnectors').map(buildReceiveConnector),
  };
}
