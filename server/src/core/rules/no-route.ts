import type { Node } from 'jsonc-parser';
import {
  involvedNodes,
  oncePerTarget,
  sendLabel,
  serverName,
  wildcardContest,
} from '../flow/blame';
import type { Unmet } from '../flow/unmet';
import { unmetOf } from '../flow/unmet';
import { connectorRoute, routeFor, type Route } from '../flow/routing';
import type { Fix } from '../findings';
import { appendToArray, fix, replaceArray } from '../fix/edits';
import { sequentialEdits } from '../fix/sequentialEdits';
import { removeProperty } from '../fix/removal';
import { parseAddressSpace } from '../model/addressSpace';
import { isOrganizationBound } from '../model/mailPath';
import type { SendConnector, Server } from '../model/topology';
import type { TopologyIndex } from '../model/topologyIndex';
import type { Rule, RuleContext } from './rule';

export const noRoute: Rule = {
  code: 'no-route',
  severity: 'error',
  stage: 'design',
  summary:
    'Mail from the internet for an accepted domain does not reach a Mailbox server, or mail from the organization for other domains does not reach the internet.',
  description: [
    'The mail-flow model follows a message for each accepted domain from the internet through each Edge, and',
    'a message for other domains from each Mailbox server, choosing the send connector as Exchange does (the',
    'most specific address space, then the lowest cost, then the local server, then the name; on an Edge `--`',
    'stands for its Authoritative and InternalRelay accepted domains). It reports a message that ends in the',
    'Unreachable queue (no connector matches) or that an Edge sends back to the internet instead of to the',
    'organization.',
    '',
    "Reported on what sends it astray: the address spaces of the Edge's connector to the organization when",
    'they do not cover an accepted domain (or tie with the internet connector for `*`), the address spaces of',
    "the organization's connector to the Edge when they do not cover other domains, the address space of",
    'another connector of the Edge that wins over the connector to the organization for an accepted domain',
    '(more specific, or cheaper), a disabled connector that would carry it, or the accepted domain when',
    'nothing carries it. The fixes use `--` on the Edge and `*` towards the Edge, as the scenario does.',
    '',
    'Not flagged: an Edge or organization that lacks the connector altogether (`missing-connector`), a smart',
    'host that names no declared server (`smarthost-target`; EdgeFlow cannot follow the message there), and a',
    'path another error explains.',
    '',
    'Where the sources are silent, the model assumes: that `*.contoso.com` (an address space or an accepted',
    'domain) also covers `contoso.com` itself; that message size limits, Active Directory sites and site-link',
    'costs do not change the choice (they are not in the topology). A lab with Exchange settles both.',
  ].join('\n'),
  bad: '"acceptedDomains": ["contoso.com", "fabrikam.com"],\n…\n{ "name": "To Internal Org", "server": "EDGE01", "addressSpaces": ["contoso.com"], … }',
  good: '"acceptedDomains": ["contoso.com", "fabrikam.com"],\n…\n{ "name": "To Internal Org", "server": "EDGE01", "addressSpaces": ["--"], … }',
  sources:
    '[EX:mail-flow/mail-routing/connector-selection.md]; SC-03, SC-04 (what -- stands for on an Edge); [EX:…/accepted-domains.md]; the scenario (Steps 2 and 5).',
  check(context) {
    const { index } = context;
    const blamed = unmetOf(index, 'no-route').flatMap((unmet) => {
      const blame = blameOf(index, unmet);
      return blame ? [{ unmet, blame }] : [];
    });
    for (const [, found] of oncePerTarget(blamed, (b) => b.blame.target)) {
      const first = found[0];
      if (!first) continue;
      const involved = [...involvedNodes(index, first.unmet.path), ...first.blame.involved];
      if (context.rootCauseIn(involved)) continue;
      const domains = [...new Set(found.map((b) => b.unmet.cell.recipient.domain))];
      context.report({
        target: first.blame.target,
        message: first.blame.message(domains),
        fixes: () => first.blame.fixes(context, domains),
      });
    }
  },
};

interface Blame {
  readonly target: Node;
  readonly involved: readonly Node[];
  message(domains: readonly string[]): string;
  fixes(context: RuleContext, domains: readonly string[]): Fix[];
}

/** Where a message goes astray: the last stop, where it is sent out by DNS or finds no connector. */
function blameOf(index: TopologyIndex, unmet: Unmet): Blame | undefined {
  const stop = unmet.path.stops[unmet.path.stops.length - 1];
  if (!stop) return undefined;
  const server = stop.server;
  const recipient = unmet.cell.recipient;
  const disabled = disabledCarrier(index, server, recipient.domain);
  if (disabled) return disabledBlame(index, disabled, recipient.domain);
  const inward =
    index.isEdge(server) && recipient.kind !== 'NotAccepted' && recipient.kind !== 'ExternalRelay';
  if (inward) {
    const organization = index.sendConnectorsOn(server).find((c) => sendsToOrganization(index, c));
    return organization && edgeBlame(index, server, organization, unmet);
  }
  if (index.isMailbox(server) && unmet.path.verdict.kind === 'no-route') {
    const toEdge = index
      .organizationSendConnectors()
      .find((c) => index.classifySend(c) === 'organization-to-edge');
    return toEdge && toEdgeBlame(index, toEdge);
  }
  return undefined;
}

function sendsToOrganization(index: TopologyIndex, connector: SendConnector): boolean {
  return (
    index.classifySend(connector) === 'edge-organization' || isOrganizationBound(index, connector)
  );
}

/** An enabled connector would not match, but a disabled one would: the disabled one is the cause. */
function disabledCarrier(
  index: TopologyIndex,
  server: Server,
  domain: string,
): SendConnector | undefined {
  const candidates = index.isEdge(server)
    ? index.sendConnectorsOn(server)
    : index.organizationSendConnectors();
  return candidates.find(
    (c) =>
      c.view.boolean('enabled')?.value === false &&
      connectorRoute(index, server, c, domain) !== undefined,
  );
}

function disabledBlame(
  index: TopologyIndex,
  connector: SendConnector,
  domain: string,
): Blame | undefined {
  const enabled = connector.view.boolean('enabled');
  if (!enabled) return undefined;
  return {
    target: enabled.node,
    involved: [],
    message: (domains) =>
      `${sendLabel(index, connector)} is disabled (enabled: false), and it is the connector for ${domains.join(', ') || domain}: without it the mail has no route and stays in the Unreachable queue. Enable it, or remove the connector and let another carry the mail.`,
    fixes: (context) => [
      fix(
        `Enable ${sendLabel(index, connector)}`,
        removeProperty(context.text, connector.view, 'enabled'),
        true,
      ),
    ],
  };
}

function edgeBlame(
  index: TopologyIndex,
  edge: Server,
  organization: SendConnector,
  unmet: Unmet,
): Blame | undefined {
  const spaces = organization.view.valueNode('addressSpaces');
  if (spaces?.type !== 'array') return undefined;
  const domain = unmet.cell.recipient.domain;
  const chosen = routeFor(index, edge, domain);
  // The connector to the organization covers the domain (by `--` or by name) and another
  // connector of the Edge wins: that one is the cause. (Its `*` losing is told below.)
  const own = connectorRoute(index, edge, organization, domain);
  if (own && own.pattern !== '*' && chosen && chosen.connector !== organization)
    return rivalBlame(index, organization, own, chosen);
  const written = organization.addressSpaces.map((s) => s.value);
  const wildcard = organization.addressSpaces.some(
    (s) => parseAddressSpace(s.value.trim()).address.trim() === '*',
  );
  // `--` replaces entries that all stand for the organization (or `*`, which it must not use).
  // (An Authoritative or InternalRelay domain exists, for `--` to stand for: this one.)
  const dashdash = organization.addressSpaces.every((s) => {
    const address = parseAddressSpace(s.value.trim()).address.trim().toLowerCase();
    return address === '*' || address === '--' || index.isAcceptedDomain(address);
  });
  const where = chosen
    ? `goes to ${sendLabel(index, chosen.connector)} (${chosen.addressSpace.value}) and ${chosen.connector.smartHosts.length === 0 ? 'back to the internet' : 'elsewhere'}`
    : 'finds no send connector and stays in the Unreachable queue';
  return {
    target: spaces,
    involved: [organization.view.node],
    message: (domains) =>
      wildcard
        ? `${sendLabel(index, organization)} sends to the Mailbox servers with the address space *, which ${wildcardContest(index, edge, organization, false) ?? 'loses to another connector'}: mail from the internet for ${domains.join(', ')} ${where} instead of reaching ${serverName(edge)}'s Mailbox servers. The Edge's connector to the organization uses "--", which stands for every Authoritative and InternalRelay accepted domain.`
        : `${sendLabel(index, organization)} does not cover ${domains.join(', ')} (its address spaces: ${written.join(', ')}): mail from the internet for ${domains.length > 1 ? 'them' : 'it'} ${where} instead of reaching the Mailbox servers. Use "--", which stands for every Authoritative and InternalRelay accepted domain, or add ${domains.length > 1 ? 'them' : 'it'}.`,
    fixes: (context, domains) => {
      const fixes: Fix[] = [];
      if (dashdash)
        fixes.push(
          fix(
            `Replace the address spaces of ${sendLabel(index, organization)} with --`,
            [replaceArray(spaces, ['--'])],
            true,
          ),
        );
      // Adding a domain beside * or -- would not help: * still ties, -- must stand alone.
      const dashdashWritten = organization.addressSpaces.some((s) => s.value.trim() === '--');
      if (!wildcard && !dashdashWritten) {
        const path = [...organization.view.path, 'addressSpaces'];
        const steps = domains.map((d) => (text: string) => appendToArray(text, path, d));
        const edits = sequentialEdits(context.text, steps);
        if (edits.length > 0)
          fixes.push(fix(`Add ${domains.join(', ')} to the address spaces`, edits, !dashdash));
      }
      return fixes;
    },
  };
}

/**
 * Another connector of the Edge that wins the route for an accepted domain
 * the connector to the organization covers. connector-selection.md: the most
 * specific address space wins, then the lowest cost.
 */
function rivalBlame(
  index: TopologyIndex,
  organization: SendConnector,
  own: Route,
  chosen: Route,
): Blame {
  // The path ends here with the verdict 'internet': the rival sends by DNS.
  const rival = chosen.connector;
  return {
    target: chosen.addressSpace.node,
    involved: [rival.view.node, organization.view.node],
    message: (domains) => {
      const them = domains.length > 1 ? 'them' : 'it';
      return `${sendLabel(index, rival)} is chosen over ${sendLabel(index, organization)} for ${domains.join(', ')} (address space ${chosen.addressSpace.value} against ${own.addressSpace.value}: Exchange takes the most specific address space, then the lowest cost), so mail from the internet for ${them} goes back to the internet instead of to the Mailbox servers, although ${domains.length > 1 ? 'they are accepted domains' : 'it is an accepted domain'} of the organization. Take ${them} out of the address spaces of ${sendLabel(index, rival)}.`;
    },
    fixes: () => [],
  };
}

function toEdgeBlame(index: TopologyIndex, toEdge: SendConnector): Blame | undefined {
  const spaces = toEdge.view.valueNode('addressSpaces');
  if (spaces?.type !== 'array') return undefined;
  return {
    target: spaces,
    involved: [toEdge.view.node],
    message: (domains) =>
      `No organization send connector matches ${domains.join(', ')}: ${sendLabel(index, toEdge)} sends to the Edge only for ${toEdge.addressSpaces.map((s) => s.value).join(', ') || 'no address space'}, so mail from the Mailbox servers to other domains stays in the Unreachable queue. The organization's connector to the Edge has the address space * (Step 5).`,
    fixes: (context) => [
      fix(
        `Add * to the address spaces of ${sendLabel(index, toEdge)}`,
        appendToArray(context.text, [...toEdge.view.path, 'addressSpaces'], '*'),
        true,
      ),
    ],
  };
}
