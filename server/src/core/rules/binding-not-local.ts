import type { Fix } from '../findings';
import { fix, replaceNode } from '../fix/edits';
import { isLoopback, parseBinding } from '../model/network';
import {
  addressKey,
  addsNoConflict,
  formatBinding,
  hasMalformedAddress,
  localAddresses,
  networkOfBinding,
  receiveName,
  serverOf,
  type LocalAddress,
} from '../model/receiveConnectorFacts';
import type { Network, ReceiveConnector, Server } from '../model/topology';
import type { TopologyIndex } from '../model/topologyIndex';
import type { Rule } from './rule';

/**
 * The network a connector is meant for, when that is clear: the
 * internet-facing one (the default connector, or bound to an internet
 * adapter) or the one whose remote ranges hold Mailbox addresses.
 */
function intendedNetwork(
  index: TopologyIndex,
  server: Server,
  connector: ReceiveConnector,
): Network | undefined {
  if (server.role?.value !== 'Edge') return undefined;
  const local = localAddresses(server);
  const internetFacing =
    connector.isDefault ||
    index
      .bindingEntriesOf(connector)
      .some((b) => networkOfBinding(local, b.binding) === 'internet');
  const organization = index.holdsMailboxAddress(connector);
  if (internetFacing === organization) return undefined;
  return internetFacing ? 'internet' : 'internal';
}

export const bindingNotLocal: Rule = {
  code: 'binding-not-local',
  severity: 'error',
  summary: "A receive connector binds to an IP address that is on none of its server's adapters.",
  description: [
    'A binding must use an address the server really has. Exchange does not check this when the connector is',
    'created, but after the next restart the Microsoft Exchange Transport service may fail to start, and then',
    'no mail flows through the server at all. The addresses compared are those declared in the topology: an',
    "Edge's `adapters[].ipAddresses`, a Mailbox server's `ipAddresses` (IPv6 addresses compare whatever their",
    'spelling).',
    '',
    'Not flagged: the wildcards `0.0.0.0` and `[::]` (every address of the server), loopback addresses,',
    'connectors whose `server` is unknown (`unknown-reference`), servers that declare no address at all, and',
    'servers with an address that is malformed (`ip-address-syntax`, until it is corrected).',
    'The quick fixes bind to each declared address of the same family; the one for the adapter the connector',
    'is meant for (internet adapter for the internet-facing connector, internal adapter for the one whose',
    'remote ranges hold Mailbox servers) is preferred.',
  ].join('\n'),
  bad: '{ "name": "From Internal Org", "server": "EDGE01", "bindings": ["10.1.1.9:25"], "remoteIPRanges": ["192.168.5.10"] }',
  good: '{ "name": "From Internal Org", "server": "EDGE01", "bindings": ["10.1.1.2:25"], "remoteIPRanges": ["192.168.5.10"] }',
  sources:
    'RC-11; [PS:New-ReceiveConnector] Bindings; [EX:mail-flow/connectors/receive-connectors.md].',
  check(context) {
    for (const connector of context.topology.receiveConnectors) {
      const server = serverOf(context.index, connector);
      if (!server) continue;
      // A malformed address may be the one bound: ip-address-syntax reports it, once.
      if (hasMalformedAddress(server)) continue;
      const local = localAddresses(server);
      if (local.length === 0) continue;
      const keys = new Set(local.map((a) => addressKey(a.address)));
      // The declared bindings that parse (binding-syntax reports the others).
      for (const { binding, text, node } of context.index.bindingEntriesOf(connector)) {
        if (!node) continue; // 0.0.0.0:25, filled in by Exchange
        const { address, port, wildcard } = binding;
        if (wildcard || isLoopback(address) || keys.has(addressKey(address))) continue;
        // Stryker disable next-line OptionalChaining,StringLiteral: equivalent; serverOf found the server by its name, so it has one
        const serverName = server.name?.value ?? 'its server';
        context.report({
          target: node,
          message: `${receiveName(connector)} binds to ${text}, but ${address.canonical} is not an address of ${serverName} (${local.map((a) => a.text).join(', ')}): after the next restart the Transport service may not start. Bind to one of ${serverName}'s addresses, or to ${address.family === 4 ? '0.0.0.0' : '[::]'} for all of them.`,
          related: [
            {
              // Stryker disable next-line OptionalChaining: equivalent; serverOf found the server by its name, so it has one
              target: server.name?.node ?? server.view.node,
              message: `the addresses of ${serverName}`,
            },
          ],
          fixes: (): Fix[] => {
            const candidates = local.filter((a) => a.address.family === address.family);
            const network = intendedNetwork(context.index, server, connector);
            const intended = candidates.filter((a) => network && a.network === network);
            const preferred = intended.length === 1 ? intended[0] : undefined;
            const entries = context.index.bindingEntriesOf(connector);
            return candidates.flatMap((candidate: LocalAddress) => {
              const replacement = formatBinding(candidate.text, address.family, port);
              const parsedReplacement = parseBinding(replacement);
              if (!parsedReplacement.ok) return [];
              const bindings = entries.map((e) =>
                e.node === node ? { ...e, binding: parsedReplacement.value, text: replacement } : e,
              );
              const duplicate = entries.some(
                (e) =>
                  e.node !== node &&
                  addressKey(e.binding.address) === addressKey(candidate.address) &&
                  e.binding.port === port,
              );
              if (duplicate || !addsNoConflict(context.index, server, { connector, bindings }))
                return [];
              return [
                fix(
                  `Bind to ${replacement} (${candidate.label})`,
                  replaceNode(node, replacement),
                  candidate === preferred,
                ),
              ];
            });
          },
        });
      }
    }
  },
};
