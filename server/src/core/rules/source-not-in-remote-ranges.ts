import { formatEndpoint } from '../flow/receivers';
import type { Node } from 'jsonc-parser';
import { appendToArray, fix } from '../fix/edits';
import {
  endpointsOn,
  listeners,
  missesOrganizationFacing,
  organizationEndpoints,
  receiveKind,
  receiverOf,
  type Endpoint,
} from '../model/mailPath';
import { parseAddress, rangeContainsAddress } from '../model/network';
import type { SendConnector, Server } from '../model/topology';
import type { Rule, RuleContext } from './rule';

export const sourceNotInRemoteRanges: Rule = {
  code: 'source-not-in-remote-ranges',
  severity: 'error',
  summary:
    "A Mailbox server that sends to an Edge is outside the remote IP ranges of the Edge's organization-facing receive connector.",
  description: [
    'An Edge picks the receive connector for a connection by the local address and port it arrives on and by',
    'the remote address: among the connectors listening there, the one whose remote IP ranges hold the sender',
    'most specifically wins. A Mailbox server listed in `sourceTransportServers` of the organization→Edge',
    'connector that is outside the ranges of the organization-facing connector ("From Internal Org"), or that',
    'another connector listening there holds in a narrower range, lands on that connector (the internet one is',
    'anonymous and offers no Basic authentication) or is refused: its outgoing mail stays queued. The quick',
    'fix adds its address to the remote IP ranges of the organization-facing connector.',
    '',
    'The address a smart host resolves to follows the topology: an IP literal is itself, an Edge name resolves',
    "to the adapter listing it in `dnsNames`, otherwise to the Edge's internal adapter; the port is the",
    "connector's `port` (25 by default).",
    '',
    'Not flagged: a connector without `sourceTransportServers` (the source is the server the cmdlet runs on);',
    'an Edge with no organization-facing receive connector (`missing-connector`); a smart host that reaches an',
    'address where no organization-facing connector listens (`smarthost-target`); a Mailbox server with at',
    'least one address the organization-facing connector accepts; a disabled connector. On a tie between',
    'equally specific ranges the organization-facing connector is assumed to win.',
  ].join('\n'),
  bad: '{ "name": "MBX02", "role": "Mailbox", "ipAddresses": ["192.168.5.30"], ... }\n…\n"sourceTransportServers": ["MBX01", "MBX02"],\n…\n"remoteIPRanges": ["192.168.5.10", "192.168.5.20"]',
  good: '{ "name": "MBX02", "role": "Mailbox", "ipAddresses": ["192.168.5.30"], ... }\n…\n"sourceTransportServers": ["MBX01", "MBX02"],\n…\n"remoteIPRanges": ["192.168.5.10", "192.168.5.20", "192.168.5.30"]',
  sources:
    'RC-01 (the most specific match wins); §7 item 4; §9 item 24; [EX:…/receive-connectors.md].',
  check(context) {
    const { index } = context;
    for (const connector of index.organizationSendConnectors()) {
      if (
        connector.view.boolean('enabled')?.value === false ||
        connector.sourceTransportServers.length === 0 ||
        index.classifySend(connector) !== 'organization-to-edge'
      )
        continue;
      for (const edge of index.edgesTargetedBy(connector)) {
        const endpoints = organizationEndpoints(index, edge, endpointsOn(index, connector, edge));
        if (endpoints.length === 0) continue;
        for (const source of connector.sourceTransportServers) {
          const server = index.server(source.value);
          if (
            !server ||
            !index.isMailbox(server) ||
            !missesOrganizationFacing(index, edge, endpoints, server)
          )
            continue;
          reportSource(context, connector, edge, endpoints, server, source.node);
        }
      }
    }
  },
};

function reportSource(
  context: RuleContext,
  connector: SendConnector,
  edge: Server,
  endpoints: readonly Endpoint[],
  server: Server,
  target: Node,
): void {
  const { index } = context;
  const addresses = index.addressesOf(server);
  // The first endpoint the server can reach (same address family), and what it meets there.
  const endpoint =
    endpoints.find((e) => addresses.some((a) => a.family === e.address.family)) ?? endpoints[0];
  const address = addresses.find((a) => a.family === endpoint?.address.family) ?? addresses[0];
  const organization = endpoint
    ? listeners(index, edge, endpoint).find(
        (l) => receiveKind(index, l.connector) === 'organization-facing',
      )?.connector
    : undefined;
  if (!endpoint || !address || !organization) return;
  const receiver = receiverOf(index, edge, endpoint, address);
  const names = server.ipAddresses.map((ip) => ip.value.trim()).join(', ');
  const sender = `${server.name?.value ?? 'this server'} (${names})`;
  const via = `'${connector.name?.value ?? 'the organization connector'}'`;
  const inbound = `'${organization.name?.value ?? 'the organization-facing connector'}'`;
  const where = formatEndpoint(endpoint);
  let outcome: string;
  if (!receiver) {
    outcome = `${edge.name?.value ?? 'the Edge'} refuses its connection on ${where} (no receive connector accepts it)`;
  } else {
    const basic = receiver.connector.authMechanism.some((m) => m.value === 'BasicAuth');
    const open = receiveKind(index, receiver.connector) === 'internet-facing' ? 'anonymous, ' : '';
    outcome = `its mail would land on '${receiver.connector.name?.value ?? 'another connector'}'${basic ? '' : ` (${open}no Basic authentication)`}`;
  }
  // The address as the topology writes it.
  const added =
    server.ipAddresses
      .find((ip) => parseAddress(ip.value)?.canonical === address.canonical)
      ?.value.trim() ?? address.canonical;
  // Inside the ranges, but another connector holds the address in a narrower range.
  const inside = index
    .rangeEntriesOf(organization)
    .some((e) => rangeContainsAddress(e.range, address));
  const problem = inside
    ? `a narrower remote IP range of '${receiver?.connector.name?.value ?? 'another connector'}' takes its connection from ${inbound}`
    : `is outside the remote IP ranges of ${inbound}`;
  context.report({
    target,
    message: `${sender} sends to ${edge.name?.value ?? 'the Edge'} through ${via} but ${problem}: ${outcome}. Add ${added} to the remoteIPRanges of ${inbound}${inside ? ' (the most specific range wins)' : ''}.`,
    related: [
      {
        target: organization.view.valueNode('remoteIPRanges') ?? organization.view.node,
        message: `the remote IP ranges of ${inbound}`,
      },
    ],
    fixes: () => {
      // An equal single-address range elsewhere on that binding would be a receive-connector conflict.
      if (receiver && receiver.range.start === receiver.range.end) return [];
      const ranges = organization.view.valueNode('remoteIPRanges');
      if (ranges?.type !== 'array') return [];
      return [
        fix(
          `Add ${added} to the remote IP ranges of ${inbound}`,
          appendToArray(context.text, [...organization.view.path, 'remoteIPRanges'], added),
          true,
        ),
      ];
    },
  });
}
