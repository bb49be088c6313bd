import type { Credential, SendConnector, Server } from '../model/topology';
import type { TopologyIndex } from '../model/topologyIndex';
import { grantsOn, localAccountOn, type EdgeGrant } from './grants';
import type { ReceivePoint } from './receivers';
import { rightsOf, type ExtendedRight, type Principal } from './rights';

/**
 * How an SMTP session between two hosts authenticates, and the rights it ends
 * up with on the receive connector. Sources: receive-connectors.md
 * ("Receive connector authentication mechanisms", "permission groups",
 * "permissions"), send-connectors.md (smart host authentication), research
 * §5.2 (the accounts of this design) and §6 item 1 (Exchange Server
 * authentication needs an Edge Subscription).
 */
export type Authentication =
  | { readonly kind: 'anonymous' }
  | { readonly kind: 'externally-secured' }
  | { readonly kind: 'exchange-server' }
  | {
      readonly kind: 'basic';
      readonly account: string;
      readonly credential: Credential;
      /** An Active Directory account, taken to be in "Exchange Servers" as the procedure requires. */
      readonly exchangeServersMember?: boolean;
    };

export interface Session {
  readonly authentication: Authentication;
  readonly principals: readonly Principal[];
  readonly rights: ReadonlySet<ExtendedRight>;
  /** The grant of EdgeFlow's Edge script that gives the account its rights, if any. */
  readonly grant?: EdgeGrant;
}

export type RefusalReason =
  | 'authentication-not-offered'
  | 'logon-failed'
  | 'tls'
  | 'exchange-server-authentication'
  | 'no-credential'
  | 'unknown-settings'
  | 'right-missing'
  | 'no-connector';

export interface Refusal {
  readonly reason: RefusalReason;
  /** A sentence: what fails and why, naming both sides as written. */
  readonly message: string;
  /** For `right-missing`: the right, and who lacks it. */
  readonly right?: ExtendedRight;
  readonly principal?: Principal;
}

/** Who connects: a server through one of its send connectors, or a host that is no declared server. */
export interface Sending {
  readonly server?: Server;
  readonly connector?: SendConnector;
}

export type SessionResult = { readonly session: Session } | { readonly refusal: Refusal };

const BASIC = new Set(['BasicAuth', 'BasicAuthRequireTLS']);

export function openSession(
  index: TopologyIndex,
  point: ReceivePoint,
  sending: Sending,
): SessionResult {
  const offered = point.authMechanisms;
  const groups = point.permissionGroups;
  const where = `'${point.name}' on ${point.server.name?.value ?? 'the server'}`;
  if (!offered || !groups) {
    return refuse(
      'unknown-settings',
      `${where} has authentication or permission settings EdgeFlow cannot read`,
    );
  }
  const connector = sending.connector;
  const via = connector ? `'${connector.name?.value ?? 'the send connector'}'` : 'the host';
  const offers = (mechanism: string) => (offered as readonly string[]).includes(mechanism);
  // An Exchange send connector starts TLS when it is offered, unless told to ignore it; a host is assumed to.
  const tls = offers('Tls') && connector?.view.boolean('ignoreSTARTTLS')?.value !== true;
  if (connector?.view.boolean('requireTLS')?.value === true && !offers('Tls'))
    return refuse(
      'tls',
      `${via} requires TLS, and ${where} does not offer STARTTLS (authMechanism without Tls)`,
    );
  if (point.requireTLS && !tls)
    return refuse('tls', `${where} requires TLS, and ${via} does not start it`);

  const mechanism = connector?.smartHostAuthMechanism?.value ?? 'None';
  if (offers('ExternalAuthoritative')) {
    // receive-connectors.md: the connection "is presumed to be secured" outside Exchange;
    // allow-anonymous-relay.md (its table of methods): such connections "use the MS Exchange\
    // Externally Secured Servers security principal", which holds Accept-Any-Recipient.
    if (BASIC.has(mechanism) || mechanism === 'ExchangeServer')
      return refuse(
        'authentication-not-offered',
        `${via} logs on with ${mechanism}, and ${where} offers only ExternalAuthoritative and Tls`,
      );
    return session(index, point, { kind: 'externally-secured' }, [
      'MS Exchange\\Externally Secured Servers',
    ]);
  }
  if (BASIC.has(mechanism)) return basicSession(index, point, sending, mechanism, tls, where, via);
  if (mechanism === 'ExchangeServer' && crossesTheEdge(sending.server, point.server)) {
    return refuse(
      'exchange-server-authentication',
      `${via} uses Exchange Server authentication, which needs an Edge Subscription: between an Edge without EdgeSync and the organization only Basic authentication or ExternalAuthoritative work`,
    );
  }
  // receive-connectors.md, authentication mechanisms: ExchangeServer is "Exchange Server
  // authentication (Kerberos and TLS)" between the organization's servers, which then act as
  // members of Exchange Servers.
  if (mechanism === 'ExchangeServer' && offers('ExchangeServer'))
    return session(index, point, { kind: 'exchange-server' }, ['<Domain>\\Exchange Servers']);
  // None, or ExternalAuthoritative on a sender whose receiver does not trust the link: anonymous.
  return session(index, point, { kind: 'anonymous' }, ['NT AUTHORITY\\ANONYMOUS LOGON']);
}

function basicSession(
  index: TopologyIndex,
  point: ReceivePoint,
  sending: Sending,
  mechanism: string,
  tls: boolean,
  where: string,
  via: string,
): SessionResult {
  const offered = point.authMechanisms ?? [];
  if (!offered.includes('BasicAuth'))
    return refuse(
      'authentication-not-offered',
      `${via} logs on with ${mechanism}, and ${where} does not offer Basic authentication (authMechanism without BasicAuth)`,
    );
  if ((mechanism === 'BasicAuthRequireTLS' || offered.includes('BasicAuthRequireTLS')) && !tls)
    return refuse(
      'tls',
      `${via} logs on with Basic authentication only over TLS, and TLS is not used with ${where}`,
    );
  const reference = sending.connector?.authenticationCredential;
  const credential = reference && index.credential(reference.value);
  if (!credential) return refuse('no-credential', `${via} has no credential to log on with`);
  const userName = credential.userName?.value ?? credential.name?.value ?? 'its account';
  if (index.isEdge(point.server)) {
    const account = localAccountOn(credential, point.server);
    if (!account) {
      return refuse(
        'logon-failed',
        `${via} logs on to ${where} as '${userName}', which is no local account of ${point.server.name?.value ?? 'the Edge'}: an Edge without EdgeSync is not in the domain and knows only its own accounts`,
      );
    }
    const grant = point.connector
      ? grantsOn(index, point.connector).find(
          (g) => g.account.toLowerCase() === account.toLowerCase(),
        )
      : undefined;
    return session(
      index,
      point,
      { kind: 'basic', account, credential },
      ['NT AUTHORITY\\Authenticated Users'],
      grant,
    );
  }
  if (credential.scope?.value.toLowerCase() !== 'activedirectory') {
    return refuse(
      'logon-failed',
      `${via} logs on to ${where} as '${userName}', a local account of an Edge, which a server in the domain does not know`,
    );
  }
  // configure-without-edgesync.md requires the Edge's account to belong to the "Exchange Servers"
  // universal security group; the file cannot say whether it does, so the model takes it to (and
  // says so in the trace). That the account then holds what the ExchangeServers permission group
  // grants is an inference: the group is in its logon token, and the connector's permissions name
  // the group (receive-connectors.md, permission groups). Only a lab proves it.
  return session(
    index,
    point,
    { kind: 'basic', account: userName, credential, exchangeServersMember: true },
    ['NT AUTHORITY\\Authenticated Users', '<Domain>\\Exchange Servers'],
  );
}

function crossesTheEdge(from: Server | undefined, to: Server): boolean {
  return from?.role?.value !== to.role?.value || to.role?.value === 'Edge';
}

function session(
  _index: TopologyIndex,
  point: ReceivePoint,
  authentication: Authentication,
  principals: readonly Principal[],
  grant?: EdgeGrant,
): SessionResult {
  const rights = rightsOf(
    [...(point.permissionGroups ?? []), ...(point.builtIn?.proxiedTo ?? [])],
    principals,
  );
  if (grant) for (const right of grant.rights) rights.add(right);
  return { session: { authentication, principals, rights, grant } };
}

function refuse(reason: RefusalReason, message: string): SessionResult {
  return { refusal: { reason, message } };
}

/** How a session is described in a trace: "anonymous", "Basic as EDGE01\mbxrelay", "Externally Secured". */
export function describeAuthentication(authentication: Authentication): string {
  switch (authentication.kind) {
    case 'anonymous':
      return 'anonymous';
    case 'externally-secured':
      return 'Externally Secured (ExternalAuthoritative)';
    case 'exchange-server':
      return 'Exchange Server authentication';
    case 'basic':
      return authentication.exchangeServersMember
        ? `Basic as ${authentication.account} (taken to be in Exchange Servers)`
        : `Basic as ${authentication.account}`;
  }
}
