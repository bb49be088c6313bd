import { closest } from '../text/suggest';
import { addressSpaceDomain, type TopologyIndex } from './topologyIndex';
import type { ReceiveConnector, SendConnector, Server } from './topology';
import type { Spanned } from './objectView';

/**
 * Connectors meant for an Edge whose reference to it is misspelt: a `server`
 * that names no declared server but is closest to the Edge's name, or an
 * organization smart host that names no declared server but is closest to the
 * Edge's FQDN, name or DNS names. missing-connector does not report such a
 * connector as missing: unknown-reference reports the misspelt `server` (with
 * the fix that corrects it), and "fix all" must not add a second connector
 * beside it.
 */
export interface MisnamedConnectors {
  readonly send: readonly SendConnector[];
  readonly receive: readonly ReceiveConnector[];
  /** Organization send connectors with a smart host meant for the Edge, and the name it should be. */
  readonly smartHosts: readonly {
    readonly connector: SendConnector;
    readonly host: Spanned<string>;
    readonly meant: string;
  }[];
}

const UNRESOLVED = {};

/**
 * The connectors whose `server`, and the organization smart hosts, that name
 * no declared server (usually none): computed once, then matched per Edge.
 */
function unresolved(index: TopologyIndex): {
  send: readonly SendConnector[];
  receive: readonly ReceiveConnector[];
  smartHosts: readonly { connector: SendConnector; host: Spanned<string> }[];
} {
  return index.memo(UNRESOLVED, () => ({
    send: index.topology.sendConnectors.filter((c) => c.server && !index.server(c.server.value)),
    receive: index.topology.receiveConnectors.filter(
      (c) => c.server && !index.server(c.server.value),
    ),
    smartHosts: index
      .organizationSendConnectors()
      .flatMap((connector) =>
        connector.smartHosts
          .filter((host) => !index.serverForHost(host.value))
          .map((host) => ({ connector, host })),
      ),
  }));
}

export function misnamedConnectorsOf(index: TopologyIndex, edge: Server): MisnamedConnectors {
  const found = unresolved(index);
  if (found.send.length + found.receive.length + found.smartHosts.length === 0) return NONE;
  const edgeNames = index.edges.flatMap((e) => (e.name ? [e.name.value] : []));
  const meantForEdge = (reference: Spanned<string> | undefined): boolean =>
    reference !== undefined && closest(reference.value, edgeNames)[0] === edge.name?.value;
  const hostNames = [
    edge.fqdn?.value,
    edge.name?.value,
    ...edge.adapters
      .filter((a) => a.network?.value === 'internal')
      .flatMap((a) => a.dnsNames.map((d) => d.value)),
  ].flatMap((h) => (h?.trim() ? [h.trim()] : []));
  const smartHosts = found.smartHosts.flatMap(({ connector, host }) => {
    const meant = closest(host.value.trim(), hostNames)[0];
    return meant ? [{ connector, host, meant }] : [];
  });
  return {
    send: found.send.filter((c) => meantForEdge(c.server)),
    receive: found.receive.filter((c) => meantForEdge(c.server)),
    smartHosts,
  };
}

const NONE: MisnamedConnectors = { send: [], receive: [], smartHosts: [] };

export function isWildcardConnector(connector: SendConnector): boolean {
  return connector.addressSpaces.some((s) => addressSpaceDomain(s.value) === '*');
}
