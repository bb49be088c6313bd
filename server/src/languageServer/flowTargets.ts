import type { Node } from 'jsonc-parser';
import type {
  Spanned,
  AcceptedDomain,
  ReceiveConnector,
  SendConnector,
  Topology,
} from '../core/index';

/**
 * What the mail-flow hover can be about: an accepted domain or a declared
 * connector, found where the user points at its name. The name is where a
 * user looks for "what goes through this"; the rest of a connector object
 * keeps its plain schema hover, so that every key of a connector does not
 * repeat the same paths.
 */
export type FlowTarget =
  | { readonly kind: 'accepted-domain'; readonly domain: AcceptedDomain; readonly node: Node }
  | { readonly kind: 'send-connector'; readonly connector: SendConnector; readonly node: Node }
  | {
      readonly kind: 'receive-connector';
      readonly connector: ReceiveConnector;
      readonly node: Node;
    };

/**
 * Whether `offset` is on `name`: its string, or the key of its property
 * (`"name": "To Edge"`, `"domainName": "contoso.com"`), end included as
 * hovers are.
 */
function holds(name: Spanned<string> | undefined, offset: number): boolean {
  if (!name) return false;
  const property = name.node.parent?.type === 'property' ? name.node.parent : name.node;
  return property.offset <= offset && offset <= property.offset + property.length;
}

export function flowTargetAt(topology: Topology, offset: number): FlowTarget | undefined {
  for (const domain of topology.acceptedDomains) {
    if (holds(domain.domainName, offset))
      return { kind: 'accepted-domain', domain, node: domain.domainName.node };
  }
  for (const connector of topology.sendConnectors) {
    if (connector.name && holds(connector.name, offset))
      return { kind: 'send-connector', connector, node: connector.name.node };
  }
  for (const connector of topology.receiveConnectors) {
    if (connector.name && holds(connector.name, offset))
      return { kind: 'receive-connector', connector, node: connector.name.node };
  }
  return undefined;
}
