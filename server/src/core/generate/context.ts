import type { ObjectView } from '../model/objectView';
import type {
  AcceptedDomain,
  ReceiveConnector,
  SendConnector,
  Server,
  Topology,
} from '../model/topology';
import type { TopologyIndex } from '../model/topologyIndex';
import { edgeFileNameComponents, safeFileNameComponent } from './fileNames';

/** An Edge server with what the generators derive from its position and name. */
export interface EdgeEntry {
  readonly server: Server;
  /** The name as written in the topology. */
  readonly name: string;
  /** 1-based position among the Edges: names PowerShell variables and parameters safely. */
  readonly number: number;
  /** The name as a safe file-name component, unique among the Edges. */
  readonly fileComponent: string;
  readonly certificate?: CertificateFacts;
}

export interface CertificateFacts {
  readonly type: 'selfSigned' | 'thirdParty';
  readonly thumbprint?: string;
  readonly subject?: string;
}

/** Everything the script generators read, computed once per generation. */
export class GenerationContext {
  readonly edges: readonly EdgeEntry[];

  constructor(
    readonly topology: Topology,
    readonly index: TopologyIndex,
    readonly baseName: string,
  ) {
    const components = edgeFileNameComponents(index.edges.map((edge) => serverName(edge)));
    this.edges = index.edges.map((server, position) => ({
      server,
      name: serverName(server),
      number: position + 1,
      fileComponent: components[position] ?? safeFileNameComponent(serverName(server)),
      certificate: certificateOf(server.view),
    }));
  }

  /** The topology file the scripts are generated from, for the headers. */
  get sourceFileName(): string {
    return `${this.baseName}.edgeflow.json`;
  }

  get mailboxes(): readonly Server[] {
    return this.index.mailboxes;
  }

  /** The Edges whose self-signed certificate the Mailbox servers must trust. */
  get selfSignedEdges(): readonly EdgeEntry[] {
    return this.edges.filter((edge) => edge.certificate?.type === 'selfSigned');
  }

  sendConnectorsOn(edge: EdgeEntry): readonly SendConnector[] {
    return this.topology.sendConnectors.filter((c) => this.index.edgeOf(c) === edge.server);
  }

  organizationSendConnectors(): readonly SendConnector[] {
    return this.index.organizationSendConnectors();
  }

  receiveConnectorsOn(server: Server): readonly ReceiveConnector[] {
    return this.topology.receiveConnectors.filter((c) => this.serverOf(c) === server);
  }

  /** Receive connectors on Mailbox servers (the Externally Secured design needs them). */
  mailboxReceiveConnectors(): readonly ReceiveConnector[] {
    return this.topology.receiveConnectors.filter((c) => this.index.isMailbox(this.serverOf(c)));
  }

  serverOf(connector: ReceiveConnector): Server | undefined {
    return connector.server && this.index.server(connector.server.value);
  }

  /** `SERVER\Name`, the identity of a receive connector. */
  receiveIdentity(connector: ReceiveConnector): string {
    const server = this.serverOf(connector);
    return `${server ? serverName(server) : (connector.server?.value ?? '')}\\${connectorName(connector)}`;
  }

  acceptedDomainName(domain: AcceptedDomain): string {
    return domain.view?.string('name')?.value ?? domain.domainName.value;
  }
}

export function serverName(server: Server): string {
  // Stryker disable next-line OptionalChaining,StringLiteral: equivalent; the schema requires the name (an error), and generation refuses a topology with an error
  return server.name?.value ?? '';
}

export function connectorName(connector: SendConnector | ReceiveConnector): string {
  // Stryker disable next-line OptionalChaining,StringLiteral: equivalent; the schema requires the name (an error), and generation refuses a topology with an error
  return connector.name?.value ?? '';
}

/** The name setup gives an Edge's built-in receive connector. */
export function builtInReceiveName(edgeName: string): string {
  return `Default internal receive connector ${edgeName}`;
}

/** The identity of an Edge's built-in receive connector: `<EDGE>\\<name>`. */
export function builtInReceiveIdentity(edgeName: string): string {
  return `${edgeName}\\${builtInReceiveName(edgeName)}`;
}

function certificateOf(view: ObjectView): CertificateFacts | undefined {
  const certificate = view.object('certificate');
  const type = certificate?.string('type')?.value;
  if (!certificate || (type !== 'selfSigned' && type !== 'thirdParty')) return undefined;
  return {
    type,
    thumbprint: certificate.string('thumbprint')?.value,
    subject: certificate.string('subject')?.value,
  };
}
