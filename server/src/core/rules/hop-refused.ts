import type { Node } from 'jsonc-parser';
import { involvedNodes, oncePerTarget, pointLabel, sendLabel, serverName } from '../flow/blame';
import type { Hop } from '../flow/hops';
import { rightsOf } from '../flow/rights';
import { PERMISSION_GROUPS } from '../model/enums';
import { describeAuthentication } from '../flow/session';
import { messageOf as messageFor, refusalOf, senderLabel } from '../flow/messages';
import { unmetOf, type Unmet } from '../flow/unmet';
import { formatEndpoint } from '../flow/receivers';
import { listensOn } from '../model/mailPath';
import { misnamedConnectorsOf } from '../model/misnamedConnectors';
import { rangeContainsAddress } from '../model/network';
import type { ReceiveConnector } from '../model/topology';
import type { TopologyIndex } from '../model/topologyIndex';
import type { Rule } from './rule';

export const hopRefused: Rule = {
  code: 'hop-refused',
  severity: 'error',
  stage: 'design',
  summary: 'A hop the design relies on is refused by the receiving server.',
  description: [
    'For every message the design must carry (from the internet to the accepted domains, from the',
    'organization to the internet), the mail-flow model opens each SMTP connection as Exchange would: the',
    'receive connector that takes it (binding, then the most specific remote IP range, built-in connectors',
    "included), the authentication the sender ends up with (anonymous; Basic as the credential's account,",
    'which on an Edge must be one of its local accounts and on a Mailbox server an Active Directory account;',
    'Externally Secured for `ExternalAuthoritative`; Exchange Server authentication needs an Edge',
    'Subscription), and the rights its permission groups grant that principal, plus the rights the generated',
    'Edge script grants (see below). A hop is refused when no connector accepts the connection, the',
    'authentication the sender uses is not offered, TLS is required on one side and not used on the other, or',
    'a right is missing: `ms-Exch-SMTP-Submit` to send at all, `ms-Exch-SMTP-Accept-Any-Recipient` to relay,',
    '`ms-Exch-SMTP-Accept-Any-Sender` for a sender outside the accepted domains.',
    '',
    'Reported on the receive connector that refuses (its permission groups or authentication), or, for a',
    'built-in connector or a connection nobody takes, on the send connector that makes the hop, naming the',
    'right and the principal.',
    '',
    "**What EdgeFlow adds to Microsoft's procedure.** The Mailbox servers log on to the Edge's",
    'organization-facing connector with a local Edge account; `-Usage Internal` gives that connector only the',
    'ExchangeServers permission group, whose principals do not include a local account, so as Microsoft',
    'writes it the hop has no `ms-Exch-SMTP-Submit` and AUTH fails. The generated Edge script therefore grants',
    'that account, on that connector only, the rights an Exchange server would use to send mail out',
    '(`Add-ADPermission`), and the model counts them. Whether Add-ADPermission resolves a local account on an',
    'Edge (AD LDS) the documentation does not say: only a lab with Exchange proves it.',
    '',
    'The model applies `ms-Exch-SMTP-Accept-Authoritative-Domain-Sender` to anonymous sessions only (a',
    'sender of an accepted domain from outside); for authenticated sessions the sources do not say when',
    'Exchange checks it, and the servers of this design hold it anyway.',
    '',
    'Not flagged: a hop whose failure another finding explains at its root (`source-not-in-remote-ranges`,',
    '`credential-scope`, `credential-required`, `smarthost-target`, a schema error...), including a receive',
    'connector meant for that server whose `server` is misspelt (`unknown-reference`) and that would take the',
    'connection once corrected.',
  ].join('\n'),
  bad: '{ "name": "From Internal Org", "server": "EDGE01", "authMechanism": ["Tls", "ExchangeServer"], … }\n// "To Edge" logs on with BasicAuthRequireTLS: Basic authentication is not offered',
  good: '{ "name": "From Internal Org", "server": "EDGE01", "authMechanism": ["Tls", "BasicAuth", "BasicAuthRequireTLS", "ExchangeServer"], … }',
  sources:
    '[EX:mail-flow/connectors/receive-connectors.md] (selection, authentication mechanisms, permission groups, permissions); [EX:…/send-connectors.md]; research §5.2, §6 item 1, §7 item 8; mail-flow-facts.md.',
  check(context) {
    const { index } = context;
    const refused = unmetOf(index, 'hop-refused').flatMap((unmet) => {
      const hop = unmet.path.stops[unmet.path.stops.length - 1]?.hop;
      return hop?.refusal ? [{ unmet, hop }] : [];
    });
    for (const [target, found] of oncePerTarget(refused, ({ hop }) => targetOf(hop))) {
      const first = found[0];
      if (!first) continue;
      const involved = involvedNodes(index, first.unmet.path);
      // Nothing takes the connection: a connector the design lacks on that server is the cause,
      // or one meant for it whose `server` is misspelt (unknown-reference) and would take it.
      if (first.hop.refusal?.reason === 'no-connector') {
        involved.push(first.hop.to.view.node);
        for (const meant of misnamedListeners(index, first.hop)) involved.push(meant.view.node);
      }
      if (context.rootCauseIn(involved)) continue;
      context.report({
        target,
        message: messageOf(index, first.unmet, first.hop),
        related: relatedOf(first.hop, target),
      });
    }
  },
};

/**
 * The receive connectors whose `server` misspells the hop's receiving server
 * (misnamedConnectorsOf) and that would take the connection once corrected:
 * they listen on its endpoint and a remote range holds its source.
 */
function misnamedListeners(index: TopologyIndex, hop: Hop): ReceiveConnector[] {
  const source = hop.source;
  return misnamedConnectorsOf(index, hop.to).receive.filter(
    (connector) =>
      listensOn(index.bindingEntriesOf(connector), hop.endpoint) !== undefined &&
      (!source ||
        index.rangeEntriesOf(connector).some(({ range }) => rangeContainsAddress(range, source))),
  );
}

/** The receive connector that refuses, when declared; otherwise the send connector's setting that cannot work. */
function targetOf(hop: Hop): Node | undefined {
  const refusal = hop.refusal;
  const received = hop.reception?.point.connector;
  const sent = hop.connector;
  if (!refusal) return undefined;
  switch (refusal.reason) {
    case 'right-missing':
      if (received)
        return (
          received.view.valueNode('permissionGroups') ?? received.name?.node ?? received.view.node
        );
      break;
    case 'authentication-not-offered':
    case 'tls':
      if (received)
        return (
          received.view.valueNode('authMechanism') ?? received.name?.node ?? received.view.node
        );
      break;
    case 'logon-failed':
      return sent?.authenticationCredential?.node ?? sent?.view.node;
    case 'no-connector':
      return hop.connector?.smartHosts[0]?.node ?? sent?.view.node;
    default:
      break;
  }
  // A built-in connector refuses: the sending side chose it (its port) or how it logs on.
  return (
    sent?.view.valueNode('port') ??
    sent?.smartHostAuthMechanism?.node ??
    sent?.name?.node ??
    sent?.view.node
  );
}

function messageOf(index: TopologyIndex, unmet: Unmet, hop: Hop): string {
  const refusal = hop.refusal;
  const to = serverName(hop.to);
  const via = hop.connector ? sendLabel(index, hop.connector) : 'the sender';
  const from = hop.from ? serverName(hop.from) : 'a host';
  const point = hop.reception?.point;
  const origin = unmet.path.origin;
  const what = hop.from
    ? `${from} → ${to} (${formatEndpoint(hop.endpoint)}) through ${via}, for ${unmet.cell.recipient.address} from ${senderLabel(unmet.cell.sender)}`
    : `${senderLabel(unmet.cell.sender)}${origin ? ` (hosts in ${origin.range.text.trim()})` : ''} → ${to} (${formatEndpoint(hop.endpoint)}), for ${unmet.cell.recipient.address}`;
  if (!refusal) return what;
  if (refusal.reason === 'right-missing' && refusal.right && hop.session && point) {
    const principal = describeAuthentication(hop.session.authentication);
    const groups = groupsRepairing(index, unmet, hop);
    const granted = [...hop.session.rights].sort();
    return `${capitalized(pointLabel(point))} refuses the hop ${what}: the session (${principal}) lacks ${refusal.right} (${refusal.message}). Its permission groups (${(point.permissionGroups ?? []).join(', ') || 'none'}) grant it ${granted.length > 0 ? granted.join(', ') : 'no right'}. ${groups.length > 0 ? `${point.permissionGroups?.includes('None') ? 'Replacing None with' : 'Adding'} ${groups.length > 1 ? 'one of the permission groups' : 'the permission group'} ${groups.join(', ')} would let this message through; or authenticate the sender differently.` : `No permission group gives this session every right the message needs: authenticate the sender differently (for example Basic authentication over TLS, or ExternalAuthoritative on a protected link).`}`;
  }
  return `The hop ${what} is refused: ${refusal.message}.`;
}

/**
 * The permission groups that, added to the connector's, would give the
 * session every right this message needs: not only the missing one (Submit
 * alone does not let a relay through).
 */
function groupsRepairing(index: TopologyIndex, unmet: Unmet, hop: Hop): string[] {
  const session = hop.session;
  const point = hop.reception?.point;
  if (!session || !point) return [];
  const message = messageFor(unmet.cell.recipient, unmet.cell.sender.server !== undefined);
  // A group already there, None or Custom (which grant nothing, flow/rights) cannot repair the
  // hop: the refusal check leaves them out with the others. (None is the empty set of groups;
  // beside another it only blurs the intent, which permission-groups warns about: so the message
  // says to replace it rather than to add beside it.)
  const present = point.permissionGroups ?? [];
  return PERMISSION_GROUPS.filter((group) => {
    const rights = rightsOf(
      [...present, group, ...(point.builtIn?.proxiedTo ?? [])],
      session.principals,
    );
    return !refusalOf(index, { ...session, rights }, message);
  });
}

function relatedOf(hop: Hop, target: Node) {
  const related: { target: Node; message: string }[] = [];
  const sent = hop.connector;
  const sentNode = sent?.smartHostAuthMechanism?.node ?? sent?.name?.node;
  if (sentNode && sentNode !== target)
    related.push({ target: sentNode, message: 'the sending side of the hop' });
  const received = hop.reception?.point.connector;
  const receivedNode = received?.name?.node;
  if (receivedNode && receivedNode !== target)
    related.push({
      target: receivedNode,
      message: 'the receive connector that takes the connection',
    });
  return related.length > 0 ? related : undefined;
}

function capitalized(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
