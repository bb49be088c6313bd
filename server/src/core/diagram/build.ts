import type { Analysis } from '../analyze';
import type { OffsetRange } from '../findings';
import { bindingEntries } from '../model/bindings';
import { isWholeFamily, parseAddress, rangeContainsAddress } from '../model/network';
import type { ObjectView } from '../model/objectView';
import { isDnsRouted } from '../model/sendConnectorFacts';
import type { ReceiveConnector, SendConnector, Server } from '../model/topology';
import type { TopologyIndex } from '../model/topologyIndex';
import type { Diagram, DiagramAdapter, DiagramEdge, DiagramNode } from './model';
import { SeverityLookup } from './severity';

/**
 * A picture of thousands of servers helps nobody and takes the layout seconds:
 * past these, the rest is left out and counted.
 */
export const MAX_DIAGRAM_SERVERS = 100;
export const MAX_DIAGRAM_CONNECTORS = 300;

const INTERNET = 'internet';
const INTERNAL = 'internal';
const ORGANIZATION = 'organization';

/** The diagram of an analysis: on the model the rules saw, with their findings' severities. */
export function buildDiagram(analysis: Analysis): Diagram {
  return new DiagramBuilder(analysis).build();
}

class DiagramBuilder {
  private readonly index: TopologyIndex;
  private readonly severities: SeverityLookup;
  private readonly nodes = new Map<string, DiagramNode>();
  private readonly serverIds = new Map<Server, string>();
  private readonly edges: DiagramEdge[] = [];
  private omitted = 0;

  constructor(private readonly analysis: Analysis) {
    this.index = analysis.index;
    this.severities = new SeverityLookup(analysis.findings);
  }

  build(): Diagram {
    const { topology } = this.analysis;
    // The internet is always drawn, first: the picture reads from it, left to right.
    this.addNode({ id: INTERNET, kind: 'internet', title: 'Internet', details: [], adapters: [] });
    const servers = topology.servers.slice(0, MAX_DIAGRAM_SERVERS);
    this.omitted += topology.servers.length - servers.length;
    for (const server of servers.filter((s) => this.index.isEdge(s))) this.addServer(server);
    if (servers.some((s) => this.index.isMailbox(s))) this.organization();
    for (const server of servers.filter((s) => !this.index.isEdge(s))) this.addServer(server);
    let budget = MAX_DIAGRAM_CONNECTORS;
    topology.sendConnectors.forEach((connector, i) => {
      if (budget-- > 0) this.addSend(connector, i);
      else this.omitted++;
    });
    topology.receiveConnectors.forEach((connector, i) => {
      if (budget-- > 0) this.addReceive(connector, i);
      else this.omitted++;
    });
    const name = topology.organizationName?.value;
    return {
      title: name ? `Mail flow of ${name}` : 'Mail flow',
      nodes: [...this.nodes.values()],
      edges: this.edges,
      omitted: this.omitted,
    };
  }

  private addNode(node: DiagramNode): string {
    if (!this.nodes.has(node.id)) this.nodes.set(node.id, node);
    return node.id;
  }

  /** Where the Mailbox servers are drawn, and what sends or receives "for the organization". */
  private organization(): string {
    const name = this.analysis.topology.organizationName;
    return this.addNode({
      id: ORGANIZATION,
      kind: 'organization',
      title: name?.value ? `Organization ${name.value}` : 'Organization',
      details: [],
      adapters: [],
    });
  }

  private internal(): string {
    return this.addNode({
      id: INTERNAL,
      kind: 'internal',
      title: 'Internal hosts',
      details: [],
      adapters: [],
    });
  }

  private addServer(server: Server): void {
    const id = `server:${this.analysis.topology.servers.indexOf(server)}`;
    this.serverIds.set(server, id);
    const range = rangeOfView(server.view);
    const edge = this.index.isEdge(server);
    const details = [server.fqdn?.value ?? ''].filter(Boolean);
    if (!edge && server.ipAddresses.length > 0)
      details.push(server.ipAddresses.map((a) => a.value).join(', '));
    const role = server.role?.value ?? 'unknown role';
    this.addNode({
      id,
      kind: edge ? 'edge' : 'mailbox',
      title: `${server.name?.value ?? '(unnamed server)'}${this.index.isMailbox(server) || edge ? '' : ` (${role})`}`,
      details,
      adapters: edge ? this.adaptersOf(server, id) : [],
      ...(edge ? {} : { parent: this.organization() }),
      ...this.located(range),
    });
  }

  private adaptersOf(server: Server, serverId: string): DiagramAdapter[] {
    const receive = this.index.receiveConnectorsOn(server);
    return server.adapters.map((adapter, i) => {
      const addresses = new Set(
        adapter.ipAddresses.flatMap((ip) => parseAddress(ip.value)?.canonical ?? []),
      );
      const listening = receive.filter((connector) =>
        this.index
          .bindingEntriesOf(connector)
          .some(({ binding }) => binding.wildcard || addresses.has(binding.address.canonical)),
      );
      return {
        id: `${serverId}:adapter:${i}`,
        name: adapter.name?.value ?? '(unnamed adapter)',
        network: adapter.network?.value ?? '',
        addresses: adapter.ipAddresses.map((ip) => ip.value),
        receiveConnectors: listening.map((c) => c.name?.value ?? '(unnamed)'),
      };
    });
  }

  /** The node of a server named by a connector, or a stand-in that says it is not declared. */
  private serverNode(name: string): string {
    const server = this.index.server(name);
    const id = server && this.serverIds.get(server);
    if (id) return id;
    return this.addNode({
      id: `unknown:${name.toLowerCase()}`,
      kind: 'internal',
      title: `Undeclared server ${name}`,
      details: [],
      adapters: [],
    });
  }

  private addSend(connector: SendConnector, index: number): void {
    const sources = connector.server
      ? [this.serverNode(connector.server.value)]
      : this.organizationSources(connector);
    const targets = this.sendTargets(connector);
    const label = [
      connector.name?.value ?? '(unnamed send connector)',
      connector.addressSpaces.map((s) => s.value).join(', ') || 'no address space',
      joined([
        isDnsRouted(connector) ? 'MX (DNS)' : '',
        portOf(connector.view),
        connector.smartHostAuthMechanism?.value ?? '',
        connector.view.boolean('requireTLS')?.value ? 'requireTLS' : '',
        connector.authenticationCredential
          ? `credential ${connector.authenticationCredential.value}`
          : '',
      ]),
    ].filter(Boolean);
    this.addArrows('send', index, connector.view, sources, targets, label);
  }

  /** An organization connector sends from its one source server, or from the organization. */
  private organizationSources(connector: SendConnector): string[] {
    const named = unique(connector.sourceTransportServers.map((s) => this.serverNode(s.value)));
    return named.length === 1 ? named : [this.organization()];
  }

  private sendTargets(connector: SendConnector): string[] {
    if (connector.smartHosts.length === 0) return [INTERNET];
    const targets = unique(
      connector.smartHosts.map((host) => {
        const server = this.index.serverForHost(host.value);
        // A smart host that is no declared server is a relay out there: the internet side.
        return (server && this.serverIds.get(server)) ?? INTERNET;
      }),
    );
    const mailboxes = targets.filter((id) => this.nodes.get(id)?.kind === 'mailbox');
    // Several Mailbox servers are "the organization", as an architect draws it.
    if (mailboxes.length > 1 && mailboxes.length === targets.length) return [this.organization()];
    return targets;
  }

  private addReceive(connector: ReceiveConnector, index: number): void {
    const target = connector.server ? this.serverNode(connector.server.value) : this.internal();
    const ports = unique(bindingEntries(connector).map(({ binding }) => `port ${binding.port}`));
    const label = [
      connector.name?.value ?? '(unnamed receive connector)',
      joined([
        ...ports,
        connector.authMechanism.map((m) => m.value).join('+'),
        connector.view.boolean('requireTLS')?.value ? 'requireTLS' : '',
      ]),
      connector.permissionGroups.map((g) => g.value).join(', '),
    ].filter(Boolean);
    this.addArrows(
      'receive',
      index,
      connector.view,
      this.receiveSources(connector),
      [target],
      label,
      connector,
    );
  }

  /** Who connects to a receive connector: what its server, bindings and remote ranges say. */
  private receiveSources(connector: ReceiveConnector): string[] {
    const server = connector.server && this.index.server(connector.server.value);
    if (!server) return [this.internal()];
    const ranges = this.index
      .rangeEntriesOf(connector)
      .map((r) => r.range)
      .filter((r) => !isWholeFamily(r));
    const within = (candidates: readonly Server[]) =>
      candidates.filter(
        (s) =>
          this.serverIds.has(s) &&
          this.index.addressesOf(s).some((a) => ranges.some((r) => rangeContainsAddress(r, a))),
      );
    if (this.index.isEdge(server)) {
      const kind = this.index.classifyReceive(connector);
      if (kind === 'internet-facing') return [INTERNET];
      if (kind === 'organization-facing') {
        const mailboxes = within(this.index.mailboxes);
        const only = mailboxes.length === 1 && mailboxes[0] && this.serverIds.get(mailboxes[0]);
        return [only || this.organization()];
      }
      const networks = this.index.boundNetworks(server, connector);
      return [networks.has('internet') ? INTERNET : this.internal()];
    }
    // A Mailbox server's connector for its Edges (Externally Secured, for example).
    const edges = within(this.index.edges).flatMap((s) => this.serverIds.get(s) ?? []);
    return edges.length > 0 ? edges : [this.internal()];
  }

  private addArrows(
    kind: 'send' | 'receive',
    index: number,
    view: ObjectView,
    sources: readonly string[],
    targets: readonly string[],
    label: readonly string[],
    receive?: ReceiveConnector,
  ): void {
    const range = rangeOfView(view);
    let n = 0;
    for (const from of sources) {
      for (const to of targets) {
        const fromPort = this.portOf(from, to);
        const toPort = this.portOf(to, from, receive);
        this.edges.push({
          id: `${kind}:${index}${n === 0 ? '' : `#${n}`}`,
          connector: { kind, index },
          from,
          to,
          ...(fromPort ? { fromPort } : {}),
          ...(toPort ? { toPort } : {}),
          label,
          ...this.located(range),
        });
        n++;
      }
    }
  }

  /**
   * Where an arrow meets an Edge's box: the adapter its receive connector is
   * bound to, else the adapter on the other end's side (the internet adapter
   * toward the internet, the internal one toward the organization), as an
   * architect draws the two adapters on the two sides of the perimeter.
   */
  private portOf(nodeId: string, otherId: string, receive?: ReceiveConnector): string | undefined {
    const node = this.nodes.get(nodeId);
    if (node?.kind !== 'edge') return undefined;
    if (receive) {
      const bound = node.adapters.filter((a) =>
        a.receiveConnectors.includes(receive.name?.value ?? '(unnamed)'),
      );
      if (bound.length === 1) return bound[0]?.id;
    }
    const side = otherId === INTERNET ? 'internet' : 'internal';
    return node.adapters.find((a) => a.network === side)?.id;
  }

  private located(range: OffsetRange): { range: OffsetRange; severity?: DiagramNode['severity'] } {
    const severity = this.severities.worstIn(range);
    return severity ? { range, severity } : { range };
  }
}

function rangeOfView(view: ObjectView): OffsetRange {
  return { start: view.node.offset, end: view.node.offset + view.node.length };
}

function portOf(view: ObjectView): string {
  const port = view.number('port')?.value;
  return port === undefined ? '' : `port ${port}`;
}

function joined(parts: readonly string[]): string {
  return parts.filter(Boolean).join(' · ');
}

function unique<T>(values: readonly T[]): T[] {
  return [...new Set(values)];
}
