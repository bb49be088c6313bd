import { displayAddress } from './receivers';
import { parseAddressSpace } from '../model/addressSpace';
import type { Address } from '../model/network';
import type { AcceptedDomain, Server } from '../model/topology';
import type { TopologyIndex } from '../model/topologyIndex';
import type { Refusal, Session } from './session';

/**
 * The messages the model follows: who sends them and to which kind of
 * recipient. Accepted-domain types from accepted-domains.md: an
 * Authoritative domain's recipients all exist in the organization; an
 * InternalRelay domain's recipients may exist elsewhere too, and "the Send
 * connector that you configure for the internal relay domain is sourced on an
 * internal Mailbox server"; an ExternalRelay domain's recipients never exist
 * in the organization, and its send connector "is sourced on an Edge
 * Transport server".
 */
export type RecipientKind = 'Authoritative' | 'InternalRelay' | 'ExternalRelay' | 'NotAccepted';

export interface RecipientClass {
  readonly kind: RecipientKind;
  /** Lower case, without a leading `*.`. */
  readonly domain: string;
  /** `user@contoso.com`: how a trace names a recipient of the class. */
  readonly address: string;
  readonly acceptedDomain?: AcceptedDomain;
}

export type SenderKind = 'internet' | 'internal' | 'mailbox' | 'edge';

export interface Sender {
  readonly kind: SenderKind;
  /** For a Mailbox server or an Edge. */
  readonly server?: Server;
  /** For `--from <ip>`: the host's own address; otherwise any address outside the declared servers. */
  readonly address?: Address;
}

/** A message of a class, as a receive connector judges it. */
export interface Message {
  readonly recipient: RecipientClass;
  /** Messages from the organization carry a sender of an authoritative domain; others an outside one. */
  readonly fromOrganization: boolean;
  /** What a receive connector's judgement depends on, as a cache key. */
  readonly key: string;
  /** The same as a number below 4. */
  readonly kind: number;
}

export function messageOf(recipient: RecipientClass, fromOrganization: boolean): Message {
  // A receive connector judges a message by whether its sender is of the organization and its
  // recipient in an accepted domain, never by the domain itself.
  const accepted = recipient.kind !== 'NotAccepted';
  return {
    recipient,
    fromOrganization,
    key: `${fromOrganization ? 'o' : 'x'}${accepted ? 'a' : 'n'}`,
    kind: (fromOrganization ? 2 : 0) + (accepted ? 1 : 0),
  };
}

export function senderLabel(sender: Sender): string {
  switch (sender.kind) {
    case 'internet':
      return sender.address
        ? `an internet host (${displayAddress(sender.address)})`
        : 'the internet';
    case 'internal':
      return sender.address
        ? `an internal host (${displayAddress(sender.address)})`
        : 'an internal host that is no declared server';
    default:
      return sender.server?.name?.value ?? sender.kind;
  }
}

export function recipientLabel(recipient: RecipientClass): string {
  return recipient.kind === 'NotAccepted'
    ? `${recipient.address} (a domain that is not accepted)`
    : `${recipient.address} (${recipient.kind} accepted domain)`;
}

function bare(domain: string): string {
  const key = domain.trim().toLowerCase().replace(/\.$/, '');
  return key.startsWith('*.') ? key.slice(2) : key;
}

/** Whether `pattern` (`contoso.com` or `*.contoso.com`) covers `domain`. */
export function domainMatches(pattern: string, domain: string): boolean {
  const key = pattern.trim().toLowerCase().replace(/\.$/, '');
  if (key.startsWith('*.')) {
    const parent = key.slice(2);
    return domain === parent || domain.endsWith(`.${parent}`);
  }
  return key === domain;
}

/** The accepted domain that covers `domain`, preferring an exact entry over a wildcard one. */
export function acceptedDomainFor(
  index: TopologyIndex,
  domain: string,
): AcceptedDomain | undefined {
  const key = bare(domain);
  let wildcard: AcceptedDomain | undefined;
  for (const accepted of index.topology.acceptedDomains) {
    const pattern = accepted.domainName.value;
    if (!domainMatches(pattern, key)) continue;
    if (!pattern.trim().startsWith('*.')) return accepted;
    wildcard ??= accepted;
  }
  return wildcard;
}

const OUTSIDE_CANDIDATES = ['example.org', 'example.net', 'example.com', 'outside.example'];

/**
 * The recipient classes of a topology: each accepted domain, each domain a
 * send connector names that is not accepted, and one domain that nothing
 * names (the rest of the internet).
 */
export function recipientClasses(index: TopologyIndex): RecipientClass[] {
  const classes: RecipientClass[] = [];
  const seen = new Set<string>();
  for (const accepted of index.topology.acceptedDomains) {
    const domain = bare(accepted.domainName.value);
    if (!domain || seen.has(domain)) continue;
    seen.add(domain);
    classes.push({
      kind: accepted.domainType,
      domain,
      address: `user@${domain}`,
      acceptedDomain: accepted,
    });
  }
  const named = new Set<string>();
  for (const connector of index.topology.sendConnectors) {
    for (const space of connector.addressSpaces) {
      const parts = parseAddressSpace(space.value.trim());
      const domain = bare(parts.address);
      if (!parts.isSmtp || parts.local || domain === '*' || domain === '--' || !domain) continue;
      named.add(domain);
      if (seen.has(domain) || acceptedDomainFor(index, domain)) continue;
      seen.add(domain);
      classes.push({ kind: 'NotAccepted', domain, address: `user@${domain}` });
    }
  }
  const outside =
    OUTSIDE_CANDIDATES.find(
      (d) => !acceptedDomainFor(index, d) && ![...named].some((n) => domainMatches(`*.${n}`, d)),
    ) ?? 'outside.example';
  if (!seen.has(outside))
    classes.push({ kind: 'NotAccepted', domain: outside, address: `user@${outside}` });
  return classes;
}

/** The class of one recipient address (`user@contoso.com`, or a bare domain). */
export function recipientClassOf(index: TopologyIndex, address: string): RecipientClass {
  const at = address.lastIndexOf('@');
  const domain = bare(at >= 0 ? address.slice(at + 1) : address);
  const accepted = acceptedDomainFor(index, domain);
  return {
    kind: accepted?.domainType ?? 'NotAccepted',
    domain,
    address: at >= 0 ? address.trim() : `user@${domain}`,
    acceptedDomain: accepted,
  };
}

/**
 * What a receive connector does with the message once the session is open,
 * from receive-connectors.md, "Receive connector permissions":
 * ms-Exch-SMTP-Submit is needed to submit at all; without
 * ms-Exch-SMTP-Accept-Any-Recipient only recipients in accepted domains are
 * accepted; without ms-Exch-SMTP-Accept-Any-Sender the sender must be in an
 * accepted domain. ms-Exch-SMTP-Accept-Authoritative-Domain-Sender "allows
 * access ... by senders that have email addresses in authoritative
 * domains": EdgeFlow requires it of anonymous sessions only, since the
 * built-in Client Frontend connector (ExchangeUsers, which lacks that right)
 * is documented to take authenticated users' mail (an inference; RULES.md).
 */
export function refusalOf(
  index: TopologyIndex,
  session: Session,
  message: Message,
): Refusal | undefined {
  const principal = session.principals[session.principals.length - 1];
  const lacks = (right: Parameters<Session['rights']['has']>[0], why: string): Refusal => ({
    reason: 'right-missing',
    right,
    principal,
    message: why,
  });
  if (!session.rights.has('ms-Exch-SMTP-Submit'))
    return lacks('ms-Exch-SMTP-Submit', 'without it MAIL FROM and AUTH fail');
  if (message.fromOrganization) {
    if (
      session.authentication.kind === 'anonymous' &&
      !session.rights.has('ms-Exch-SMTP-Accept-Authoritative-Domain-Sender')
    )
      return lacks(
        'ms-Exch-SMTP-Accept-Authoritative-Domain-Sender',
        'without it an anonymous session cannot send from an authoritative domain',
      );
  } else if (!session.rights.has('ms-Exch-SMTP-Accept-Any-Sender')) {
    return lacks(
      'ms-Exch-SMTP-Accept-Any-Sender',
      'without it a sender outside the accepted domains fails the spoofing check',
    );
  }
  if (
    !acceptedDomainFor(index, message.recipient.domain) &&
    !session.rights.has('ms-Exch-SMTP-Accept-Any-Recipient')
  )
    return lacks(
      'ms-Exch-SMTP-Accept-Any-Recipient',
      'the recipient is in no accepted domain, and relaying needs it',
    );
  return undefined;
}
