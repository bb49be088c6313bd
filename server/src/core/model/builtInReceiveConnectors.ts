import type { AuthMechanism, PermissionGroup, Role } from './topology';

/**
 * The receive connectors Exchange creates at setup, which a topology does not
 * declare unless it reconfigures one (by its name). Source: Exchange Server
 * docs, mail-flow/connectors/receive-connectors.md, "Default Receive
 * connectors created during setup" (research §3.1, §3.2). Every one listens on
 * all addresses of its families and accepts every remote address.
 */
export interface BuiltInReceiveConnector {
  /** `Default Frontend MBX01`: the name Exchange gives it on a server. */
  readonly name: (serverName: string) => string;
  readonly role: Role;
  /** The Mailbox transport service it runs in; an Edge has one service. */
  readonly service: 'FrontendTransport' | 'HubTransport' | 'Edge';
  readonly port: number;
  /** The Edge's connector listens on IPv4 only (0.0.0.0), the Mailbox ones on IPv4 and IPv6. */
  readonly ipv6: boolean;
  readonly authMechanisms: readonly AuthMechanism[];
  readonly permissionGroups: readonly PermissionGroup[];
  /**
   * The permission groups of the connector in the Transport service that a
   * Front End connector proxies its authenticated sessions to, where the
   * message is accepted.
   */
  readonly proxiedTo?: readonly PermissionGroup[];
}

const MAILBOX_AUTH: readonly AuthMechanism[] = [
  'Tls',
  'BasicAuth',
  'BasicAuthRequireTLS',
  'ExchangeServer',
  'Integrated',
];

export const BUILT_IN_RECEIVE_CONNECTORS: readonly BuiltInReceiveConnector[] = [
  {
    name: (server) => `Default internal receive connector ${server}`,
    role: 'Edge',
    service: 'Edge',
    port: 25,
    ipv6: false,
    authMechanisms: ['Tls', 'ExchangeServer'],
    permissionGroups: ['AnonymousUsers', 'ExchangeServers', 'Partners'],
  },
  {
    name: (server) => `Default Frontend ${server}`,
    role: 'Mailbox',
    service: 'FrontendTransport',
    port: 25,
    ipv6: true,
    authMechanisms: MAILBOX_AUTH,
    permissionGroups: ['AnonymousUsers', 'ExchangeLegacyServers', 'ExchangeServers'],
  },
  {
    name: (server) => `Client Frontend ${server}`,
    role: 'Mailbox',
    service: 'FrontendTransport',
    port: 587,
    ipv6: true,
    authMechanisms: ['Tls', 'BasicAuth', 'BasicAuthRequireTLS', 'Integrated'],
    permissionGroups: ['ExchangeUsers'],
    // configure-without-edgesync.md, note 1: mail from the Edge to port 587 "will be seen as
    // authenticated SMTP" by Client Frontend "and the messages are accepted in the backend
    // Transport service using" Client Proxy on port 465: its groups count too.
    proxiedTo: ['ExchangeServers', 'ExchangeUsers'],
  },
  {
    name: (server) => `Outbound Proxy Frontend ${server}`,
    role: 'Mailbox',
    service: 'FrontendTransport',
    port: 717,
    ipv6: true,
    authMechanisms: MAILBOX_AUTH,
    permissionGroups: ['ExchangeServers'],
  },
  {
    name: (server) => `Default ${server}`,
    role: 'Mailbox',
    service: 'HubTransport',
    port: 2525,
    ipv6: true,
    authMechanisms: ['Tls', 'BasicAuth', 'ExchangeServer', 'Integrated'],
    permissionGroups: ['ExchangeLegacyServers', 'ExchangeServers', 'ExchangeUsers'],
  },
  {
    name: (server) => `Client Proxy ${server}`,
    role: 'Mailbox',
    service: 'HubTransport',
    port: 465,
    ipv6: true,
    authMechanisms: MAILBOX_AUTH,
    permissionGroups: ['ExchangeServers', 'ExchangeUsers'],
  },
];

/** The built-in connectors of a server of `role`. */
export function builtInReceiveConnectorsOf(
  role: Role | undefined,
): readonly BuiltInReceiveConnector[] {
  if (role === undefined) return NONE;
  let list = BY_ROLE.get(role);
  if (!list) BY_ROLE.set(role, (list = BUILT_IN_RECEIVE_CONNECTORS.filter((c) => c.role === role)));
  return list;
}

const NONE: readonly BuiltInReceiveConnector[] = [];
/** Per role, made once: asked for every server of every analysis. */
const BY_ROLE = new Map<Role, readonly BuiltInReceiveConnector[]>();
