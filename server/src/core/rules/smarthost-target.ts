import { formatEndpoint, listenersAt } from '../flow/receivers';
import { getNodePath } from 'jsonc-parser';
import type { Fix } from '../findings';
import { fix, removeAt, replaceNode } from '../fix/edits';
import type { Spanned } from '../model/objectView';
import {
  endpointsOn,
  isInternetSide,
  isOrganizationBound,
  missesOrganizationFacing,
  organizationSideHosts,
  sendPort,
} from '../model/mailPath';
import { parseAddress } from '../model/network';
import type { SendConnector, Server } from '../model/topology';
import { nameKey } from '../model/topologyIndex';
import type { Rule, RuleContext } from './rule';

export const smarthostTarget: Rule = {
  code: 'smarthost-target',
  severity: 'warning',
  summary:
    "A smart host between the Edge and the organization names no declared server of the right role, or reaches the Edge's internet-facing side.",
  description: [
    'The Edge send connector to the organization (address space `--` or accepted domains) must deliver to the',
    'Mailbox servers, and the organization send connector to the Edge must deliver to the Edge on the address',
    'its organization-facing receive connector ("From Internal Org") listens on. A smart host that names a',
    'Mailbox server, an Edge or one of their addresses is matched by FQDN, name, adapter `dnsNames` or IP,',
    'without regard to case. Reported, as warnings because the topology may simply not declare a server:',
    '',
    '- an Edge→organization smart host that is no known Mailbox server;',
    '- on an organization connector whose smart hosts name an Edge, a smart host that is no known Edge;',
    "- an organization→Edge smart host that resolves to the Edge's internet adapter or to the address of its",
    '  internet-facing receive connector: the Mailbox servers would reach the anonymous internet connector,',
    '  where Basic authentication is not offered, and their mail stays queued. The quick fix names the Edge',
    '  by its FQDN (or, failing that, its internal address).',
    '',
    'Not flagged: an address where an organization-facing receive connector also listens (the most specific',
    'remote range wins), connectors to other destinations, and an Edge connector for an external-relay domain.',
  ].join('\n'),
  bad: '{ "name": "To Edge", "smartHosts": ["10.1.1.1"], … } // 10.1.1.1 is EDGE01\'s internet adapter',
  good: '{ "name": "To Edge", "smartHosts": ["edge01.contoso.net"], … } // resolves to the internal adapter, 10.1.1.2',
  sources:
    'SPEC §1 (how a smart host matches a server) and §2; §7 item 4; §9 item 24; [EX:…/receive-connectors.md].',
  check(context) {
    const { index } = context;
    for (const connector of context.topology.sendConnectors) {
      const name = `'${connector.name?.value ?? 'this connector'}'`;
      if (isOrganizationBound(index, connector)) {
        for (const host of connector.smartHosts) {
          // A '--' smart host is dashdash-placement's error; one diagnostic per mistake.
          if (host.value.trim() === '--') continue;
          if (index.isMailbox(index.serverForHost(host.value))) continue;
          context.report({
            target: host.node,
            message: `The smart host '${host.value}' of ${name} is no known Mailbox server: the Edge delivers inbound mail to the organization through it. Use the FQDN of a Mailbox server declared in "servers", or declare it.`,
          });
        }
      } else if (index.classifySend(connector) === 'organization-to-edge') {
        for (const host of connector.smartHosts) {
          const server = index.serverForHost(host.value);
          if (!server || !index.isEdge(server)) {
            context.report({
              target: host.node,
              message: `The smart host '${host.value}' of ${name} is no known Edge server, while its other smart hosts are Edges: mail sent through it bypasses the Edge. Use the FQDN of an Edge declared in "servers", or declare it.`,
            });
            continue;
          }
          checkInternetSide(context, connector, host, server);
        }
      }
    }
  },
};

function checkInternetSide(
  context: RuleContext,
  connector: SendConnector,
  host: Spanned<string>,
  edge: Server,
): void {
  const { index } = context;
  const port = sendPort(connector);
  const endpoint = index
    .resolve(host.value)
    .map((address) => ({ address, port }))
    .find((e) => isInternetSide(index, edge, e));
  if (!endpoint) return;
  const e = edge.name?.value ?? 'the Edge';
  const where = formatEndpoint(endpoint);
  // Declared or built-in: the Edge's default connector listens on every address unless rebound.
  const point = listenersAt(index, edge, endpoint)[0]?.point;
  const heard = point?.name;
  const basic = point?.authMechanisms?.includes('BasicAuth') === true;
  context.report({
    target: host.node,
    message: `The smart host '${host.value}' of '${connector.name?.value ?? 'this connector'}' reaches ${e} on its internet side (${where}${heard ? `, '${heard}'` : ', where nothing listens'}): ${!heard ? "the Mailbox servers' connections would be refused" : basic ? 'the Mailbox servers would land on a connector the internet reaches too' : 'the Mailbox servers would land on the anonymous internet connector, which offers no Basic authentication'}. Name ${e} by an address of its internal adapter, where its organization-facing receive connector listens.`,
    fixes: () => internetSideFixes(context, connector, host, edge),
  });
}

function internetSideFixes(
  context: RuleContext,
  connector: SendConnector,
  host: Spanned<string>,
  edge: Server,
): Fix[] {
  const { index } = context;
  const port = sendPort(connector);
  const others = { ...connector, smartHosts: connector.smartHosts.filter((h) => h !== host) };
  const sources = connector.sourceTransportServers.flatMap((s) => {
    const server = index.server(s.value);
    return server && index.isMailbox(server) ? [server] : [];
  });
  for (const candidate of organizationSideHosts(index, edge, port)) {
    const present = others.smartHosts.some((h) => nameKey(h.value.trim()) === nameKey(candidate));
    // The new address must not leave a source Mailbox server outside the organization-facing ranges.
    const endpoints = [
      ...endpointsOn(index, others, edge),
      ...(present ? [] : index.resolve(candidate).map((address) => ({ address, port }))),
    ];
    if (sources.some((s) => missesOrganizationFacing(index, edge, endpoints, s))) continue;
    const literal = parseAddress(candidate) !== undefined;
    if (present)
      return [
        fix(
          `Remove '${host.value}' (${candidate} is already listed)`,
          removeAt(context.text, getNodePath(host.node)),
          true,
        ),
      ];
    return [fix(`Replace with ${candidate}`, replaceNode(host.node, candidate), !literal)];
  }
  return [];
}
