import { getNodePath } from 'jsonc-parser';
import type { Fix } from '../findings';
import { fix, removeAt, replaceNode, setProperty } from '../fix/edits';
import type { BindingEntry } from '../model/bindings';
import { parseBinding, type Family } from '../model/network';
import {
  addressKey,
  addsNoConflict,
  formatBinding,
  localAddresses,
  networkOfBinding,
  receiveName,
} from '../model/receiveConnectorFacts';
import type { Network, ReceiveConnector, Server } from '../model/topology';
import type { Rule, RuleContext } from './rule';

const OTHER: Record<Network, Network> = { internet: 'internal', internal: 'internet' };

export const adapterCrossover: Rule = {
  code: 'adapter-crossover',
  severity: 'warning',
  summary:
    "An Edge's internet-facing receive connector listens on the internal adapter, or its organization-facing one on the internet adapter.",
  description: [
    "Microsoft's hardening advice for an Edge Transport server is to bind the internet receive connector to",
    'the external adapter only and the internal one to the internal adapter only. Reported on an Edge:',
    '',
    '- the internet-facing connector (the built-in `default: true` one, or one bound to an `internet`',
    '  adapter) bound to an `internal` adapter address, or to `0.0.0.0` / `[::]` while the Edge has an',
    '  internal address of that family. A `default: true` connector without `bindings` keeps `0.0.0.0:25`',
    '  and is reported on `default`;',
    '- a connector whose `remoteIPRanges` hold Mailbox server addresses (catch-all ranges such as',
    '  `0.0.0.0-255.255.255.255` do not count) bound to an `internet` adapter address, or to a wildcard while',
    '  the Edge has an internet address of that family.',
    '',
    'Exchange accepts all of this, hence a warning. The quick fix rebinds to the right adapter when it has',
    'exactly one address of the family, keeping the port.',
  ].join('\n'),
  bad: '{ "name": "From Internet", "server": "EDGE01", "default": true, "bindings": ["0.0.0.0:25"] }',
  good: '{ "name": "From Internet", "server": "EDGE01", "default": true, "bindings": ["10.1.1.1:25"] }',
  sources: 'Research §6 item 6 and §9 item 24; SPEC §1 (how connectors are recognised); RC-01.',
  check(context) {
    for (const server of context.index.edges) {
      for (const connector of context.index.receiveConnectorsOn(server))
        checkConnector(context, server, connector);
    }
  },
};

function checkConnector(context: RuleContext, server: Server, connector: ReceiveConnector): void {
  const local = localAddresses(server);
  const has = (network: Network, family: Family) =>
    local.some((a) => a.network === network && a.address.family === family);
  const entries = context.index.bindingEntriesOf(connector);
  const networks = entries.map((e) => networkOfBinding(local, e.binding));
  const organization = context.index.holdsMailboxAddress(connector);
  const internetFacing = connector.isDefault || networks.includes('internet');
  const right: Network | undefined = organization
    ? 'internal'
    : internetFacing
      ? 'internet'
      : undefined;
  if (!right) return;
  const wrong = OTHER[right];
  entries.forEach((entry, i) => {
    const family = entry.binding.address.family;
    const network = networks[i];
    if (network !== wrong && !(network === 'wildcard' && has(wrong, family))) return;
    const name = receiveName(connector);
    const serverName = server.name?.value ?? 'the Edge';
    const role = organization
      ? `${name} accepts the Mailbox servers (its remote ranges hold their addresses)`
      : `${name} is the internet-facing receive connector of ${serverName}`;
    const wrongAddresses = local.filter((a) => a.network === wrong && a.address.family === family);
    const where = entry.node
      ? network === 'wildcard'
        ? `listens on ${entry.text}, every IPv${family} address of ${serverName} including the ${wrong} adapter's ${wrongAddresses.map((a) => a.text).join(', ')}`
        : `listens on ${entry.text} of the ${wrong} adapter ${local.find((a) => addressKey(a.address) === addressKey(entry.binding.address))?.label ?? ''}`.trimEnd()
      : `has no bindings, so it ${connector.isDefault ? 'keeps' : 'gets'} ${entry.text} and listens on the ${wrong} adapter's ${wrongAddresses.map((a) => a.text).join(', ')} too`;
    const target =
      entry.node ??
      (connector.isDefault ? connector.view.valueNode('default') : connector.usage?.node) ??
      connector.name?.node ??
      connector.view.node;
    context.report({
      target,
      message: `${role}, but it ${where}. Bind it to the ${right} adapter only (Microsoft's advice for an Edge), so that each side reaches only its own connector.`,
      fixes: () => rebind(context, server, connector, entry, right),
    });
  });
}

function rebind(
  context: RuleContext,
  server: Server,
  connector: ReceiveConnector,
  entry: BindingEntry,
  right: Network,
): Fix[] {
  const family = entry.binding.address.family;
  const candidates = localAddresses(server).filter(
    (a) => a.network === right && a.address.family === family,
  );
  const only = candidates.length === 1 ? candidates[0] : undefined;
  if (!only) return [];
  const replacement = formatBinding(only.text, family, entry.binding.port);
  const parsed = parseBinding(replacement);
  if (!parsed.ok) return [];
  const entries = context.index.bindingEntriesOf(connector);
  const node = entry.node;
  if (!node) {
    const bindings = [{ binding: parsed.value, text: replacement }];
    if (!addsNoConflict(context.index, server, { connector, bindings })) return [];
    const path = [...connector.view.path, 'bindings'];
    return [
      fix(`Add bindings ["${replacement}"]`, setProperty(context.text, path, [replacement]), true),
    ];
  }
  const key = addressKey(only.address);
  const duplicate = entries.some(
    (e) =>
      e.node !== node &&
      addressKey(e.binding.address) === key &&
      e.binding.port === entry.binding.port,
  );
  if (duplicate) {
    const bindings = entries.filter((e) => e.node !== node);
    if (!addsNoConflict(context.index, server, { connector, bindings })) return [];
    return [
      fix(`Remove the binding ${entry.text}`, removeAt(context.text, getNodePath(node)), true),
    ];
  }
  const bindings = entries.map((e) =>
    e.node === node ? { ...e, binding: parsed.value, text: replacement } : e,
  );
  if (!addsNoConflict(context.index, server, { connector, bindings })) return [];
  return [fix(`Bind to ${replacement} (${only.label})`, replaceNode(node, replacement), true)];
}
