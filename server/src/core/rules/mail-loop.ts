import type { Node } from 'jsonc-parser';
import {
  departures,
  involvedNodes,
  oncePerTarget,
  sendLabel,
  serverName,
  wildcardContest,
} from '../flow/blame';
import type { MailPath } from '../flow/paths';
import { unmetOf, type Unmet } from '../flow/unmet';
import type { Fix } from '../findings';
import { fix, replaceArray } from '../fix/edits';
import { parseAddressSpace } from '../model/addressSpace';
import type { Spanned } from '../model/objectView';
import type { SendConnector } from '../model/topology';
import type { TopologyIndex } from '../model/topologyIndex';
import type { Rule } from './rule';

export const mailLoop: Rule = {
  code: 'mail-loop',
  severity: 'error',
  stage: 'design',
  summary: 'A message comes back to a server it has already passed.',
  description: [
    'The mail-flow model follows each message from server to server, choosing send connectors as Exchange',
    'does. A message that reaches a server it passed goes round until its hop count runs out and is then',
    'returned as undeliverable: mail to that destination never arrives.',
    '',
    'The usual cause is an Edge whose connector to the organization has the address space `*` instead of `--`',
    'and wins over the internet connector (equal specificity and cost: the connector name decides): outgoing',
    'mail goes from the Mailbox servers to the Edge and straight back. The finding is on that address space,',
    'with a fix to `--`. Another is an InternalRelay accepted domain without a send connector of its own:',
    'recipients that are not in the organization go to the Edge, whose `--` sends them back (accepted-domains.md:',
    'the send connector of an internal relay domain "is sourced on an internal Mailbox server"). The finding',
    'is then on the accepted domain.',
    '',
    'Not flagged: a path another error explains.',
  ].join('\n'),
  bad: '{ "name": "To Internal Org", "server": "EDGE01", "addressSpaces": ["*"], "dnsRoutingEnabled": false,\n  "smartHosts": ["mbxserver01.contoso.com"], … } // beside "To Internet" (*), it wins by name',
  good: '{ "name": "To Internal Org", "server": "EDGE01", "addressSpaces": ["--"], "dnsRoutingEnabled": false,\n  "smartHosts": ["mbxserver01.contoso.com"], … }',
  sources:
    '[EX:mail-flow/mail-routing/connector-selection.md]; [EX:mail-flow/accepted-domains/accepted-domains.md]; SC-03.',
  check(context) {
    const { index } = context;
    const blamed = unmetOf(index, 'mail-loop').flatMap((unmet) => {
      const blame = blameOf(index, unmet);
      return blame ? [{ unmet, blame }] : [];
    });
    for (const [, found] of oncePerTarget(blamed, (b) => b.blame.target)) {
      const first = found[0];
      if (!first || context.rootCauseIn(involvedNodes(index, first.unmet.path))) continue;
      const recipients = [...new Set(found.map((b) => b.unmet.cell.recipient.address))];
      context.report({
        target: first.blame.target,
        message: first.blame.message(recipients),
        fixes: first.blame.fixes,
      });
    }
  },
};

interface Blame {
  readonly target: Node;
  message(recipients: readonly string[]): string;
  fixes(): Fix[];
}

/** The servers of the loop, by name: "MBX01 → EDGE01 → MBX01". */
function circuit(path: MailPath): string {
  const names = path.stops.map((s) => serverName(s.server));
  const last = path.stops[path.stops.length - 1]?.server;
  if (path.verdict.kind === 'loop' && path.verdict.server !== last)
    names.push(serverName(path.verdict.server));
  return names.join(' → ');
}

function blameOf(index: TopologyIndex, unmet: Unmet): Blame | undefined {
  const path = unmet.path;
  const recipient = unmet.cell.recipient;
  const internal = recipient.kind === 'Authoritative' || recipient.kind === 'InternalRelay';
  const legs = departures(path);
  // An Edge that sends mail for an outside domain to the organization.
  for (const [i, leg] of legs.entries()) {
    const next =
      path.stops[path.stops.indexOf(leg) + 1]?.server ??
      (i === legs.length - 1 && path.verdict.kind === 'loop' ? path.verdict.server : undefined);
    if (!index.isEdge(leg.server) || internal || !next || !index.isMailbox(next)) continue;
    return edgeBlame(index, leg.departure.route.connector, leg.departure.route.addressSpace, path);
  }
  // An InternalRelay domain whose outside recipients the organization sends to the Edge.
  if (recipient.kind === 'InternalRelay' && recipient.acceptedDomain) {
    const node = recipient.acceptedDomain.domainName.node;
    return {
      target: node,
      message: () =>
        `Mail for recipients of ${recipient.domain} that are not in the organization loops (${circuit(path)}): it is an InternalRelay domain, the Mailbox servers have no send connector of its own and send it to the Edge, whose "--" sends it back. Add an organization send connector with the address space ${recipient.domain}, sourced on the Mailbox servers, to the messaging system that holds its other recipients, or make the domain Authoritative if all its recipients are in Exchange.`,
      fixes: () => [],
    };
  }
  const last = legs[legs.length - 1];
  if (!last) return undefined;
  return {
    target: last.departure.route.addressSpace.node,
    message: (recipients) =>
      `Mail for ${recipients.join(', ')} loops (${circuit(path)}): ${sendLabel(index, last.departure.route.connector)} sends it (address space ${last.departure.route.addressSpace.value}) back towards a server it came from. Give the connector that should carry it a more specific address space.`,
    fixes: () => [],
  };
}

function edgeBlame(
  index: TopologyIndex,
  connector: SendConnector,
  space: Spanned<string>,
  path: MailPath,
): Blame | undefined {
  const spaces = connector.view.valueNode('addressSpaces');
  if (spaces?.type !== 'array') return undefined;
  const edge = path.stops.find((s) => s.departure?.route.connector === connector)?.server;
  // Why it wins against the internet connector: only said of its `*` (a domain's address
  // space wins by being more specific, which needs no explaining).
  const wildcard = parseAddressSpace(space.value.trim()).address.trim() === '*';
  const contest = wildcard && edge && wildcardContest(index, edge, connector, true);
  const internalDomains = index.topology.acceptedDomains.some(
    (d) => d.domainType !== 'ExternalRelay',
  );
  const replaceable =
    internalDomains &&
    connector.addressSpaces.every((s) => {
      const address = parseAddressSpace(s.value.trim()).address.trim().toLowerCase();
      return address === '*' || address === '--' || index.isAcceptedDomain(address);
    });
  return {
    target: space.node,
    message: (recipients) =>
      `${sendLabel(index, connector)} sends mail for ${recipients.join(', ')} to the Mailbox servers${contest ? ` because its address space * ${contest}` : ''}, and they send it back to the Edge: a loop (${circuit(path)}). The Edge's connector to the organization must cover only the accepted domains: use "--", which stands for every Authoritative and InternalRelay accepted domain.`,
    fixes: () =>
      replaceable
        ? [
            fix(
              `Replace the address spaces of ${sendLabel(index, connector)} with --`,
              [replaceArray(spaces, ['--'])],
              true,
            ),
          ]
        : [],
  };
}
