import * as fs from 'node:fs';
import * as path from 'node:path';

/**
 * The topologies the benchmark measures. S is the reference design; M and L
 * are generated, deterministic and valid: sites of four Edge servers and their
 * Mailbox servers, each Edge with its two adapters and four connectors, one
 * organization send connector per site, the Mailbox servers of a site in one
 * /24 so that remote IP ranges stay one line.
 */
export interface BenchTopology {
  readonly name: string;
  readonly description: string;
  readonly text: string;
  readonly lines: number;
  /**
   * Offsets of ASCII digits whose toggling (0↔1, 2↔3, …) keeps the topology
   * valid: digits in comments and in certificate thumbprints.
   */
  readonly editableDigits: readonly number[];
}

export interface TopologySize {
  readonly edges: number;
  readonly mailboxes: number;
}

export const SIZE_M: TopologySize = { edges: 20, mailboxes: 100 };
export const SIZE_L: TopologySize = { edges: 200, mailboxes: 1000 };
/**
 * Not a target size: five times L (3.4 MB, within the 5 MiB default limit),
 * measured only against L, to show how time grows past L.
 */
export const SIZE_XL: TopologySize = { edges: 1000, mailboxes: 5000 };

const EDGES_PER_SITE = 4;
const RECEIVE_AUTH = ['Tls', 'BasicAuth', 'BasicAuthRequireTLS', 'ExchangeServer'];

/** A value printed with a `//` comment on the line before it. */
class Commented {
  constructor(
    readonly comment: string,
    readonly value: unknown,
  ) {}
}

export function referenceTopology(repositoryRoot: string): BenchTopology {
  const text = fs.readFileSync(
    path.join(repositoryRoot, 'examples', 'contoso.edgeflow.json'),
    'utf8',
  );
  return {
    name: 'S',
    description: 'examples/contoso.edgeflow.json: 1 Edge, 2 Mailbox servers',
    text,
    lines: countLines(text),
    editableDigits: editableDigits(text),
  };
}

export function syntheticTopology(name: string, size: TopologySize): BenchTopology {
  const text = printJsonc(buildTopology(size));
  return {
    name,
    description: `generated: ${size.edges} Edge, ${size.mailboxes} Mailbox servers`,
    text,
    lines: countLines(text),
    editableDigits: editableDigits(text),
  };
}

function buildTopology({ edges, mailboxes }: TopologySize): unknown {
  const sites = Math.max(1, Math.ceil(edges / EDGES_PER_SITE));
  const mailboxesPerSite = Math.ceil(mailboxes / sites);
  const servers: unknown[] = [];
  const credentials: unknown[] = [];
  const sendConnectors: unknown[] = [];
  const receiveConnectors: unknown[] = [];
  for (let site = 0; site < sites; site++) {
    const siteId = pad(site + 1, 2);
    const siteEdges = range(site * EDGES_PER_SITE, Math.min(edges, (site + 1) * EDGES_PER_SITE));
    const siteMailboxes = range(
      site * mailboxesPerSite,
      Math.min(mailboxes, (site + 1) * mailboxesPerSite),
    );
    const mailboxName = (m: number) => `MBX${pad(m + 1, 4)}`;
    const mailboxFqdn = (m: number) => `mbx${pad(m + 1, 4)}.corp.northwind.com`;
    const mailboxSubnet = `10.20.${site}`;
    const edgeToOrg = `EdgeToOrg-S${siteId}`;
    const orgToEdge = `OrgToEdge-S${siteId}`;
    credentials.push(
      new Commented(`Site ${siteId}: Edge -> organization, an account in "Exchange Servers".`, {
        name: edgeToOrg,
        userName: `NORTHWIND\\edgerelay${siteId}`,
        scope: 'activeDirectory',
      }),
      new Commented(`Site ${siteId}: organization -> Edge, a local account on each Edge.`, {
        name: orgToEdge,
        userName: `mbxrelay${siteId}`,
        scope: 'edgeLocal',
      }),
    );
    for (const e of siteEdges) {
      const edgeName = `EDGE${pad(e + 1, 3)}`;
      const fqdn = `edge${pad(e + 1, 3)}.northwind.net`;
      const external = `203.0.${113 + Math.floor(e / 250)}.${(e % 250) + 1}`;
      const internal = `172.16.${site}.${10 + (e % EDGES_PER_SITE)}`;
      servers.push(
        new Commented(`${edgeName}: site ${siteId}, rack ${pad(10 + (e % 7), 2)}, unit ${e % 9}`, {
          name: edgeName,
          role: 'Edge',
          fqdn,
          adapters: [
            { name: 'External', network: 'internet', ipAddresses: [external] },
            { name: 'Internal', network: 'internal', ipAddresses: [internal], dnsNames: [fqdn] },
          ],
          certificate: { type: 'thirdParty', thumbprint: thumbprint(e), subject: `CN=${fqdn}` },
        }),
      );
      sendConnectors.push(
        new Commented(`${edgeName} (site ${siteId})`, {
          name: 'To Internet',
          server: edgeName,
          usage: 'Internet',
          addressSpaces: ['*'],
          dnsRoutingEnabled: true,
        }),
        {
          name: 'To Internal Org',
          server: edgeName,
          usage: 'Internal',
          addressSpaces: ['--'],
          dnsRoutingEnabled: false,
          smartHosts: siteMailboxes.map(mailboxFqdn),
          smartHostAuthMechanism: 'BasicAuthRequireTLS',
          authenticationCredential: edgeToOrg,
        },
      );
      receiveConnectors.push(
        new Commented(`${edgeName} (site ${siteId}): the default connector, rebound`, {
          name: 'From Internet',
          server: edgeName,
          default: true,
          bindings: [`${external}:25`],
        }),
        {
          name: 'From Internal Org',
          server: edgeName,
          usage: 'Internal',
          authMechanism: RECEIVE_AUTH,
          bindings: [`${internal}:25`],
          remoteIPRanges: [`${mailboxSubnet}.0/24`],
        },
      );
    }
    siteMailboxes.forEach((m, i) => {
      const mailbox = {
        name: mailboxName(m),
        role: 'Mailbox',
        fqdn: mailboxFqdn(m),
        ipAddresses: [`${mailboxSubnet}.${10 + i}`],
      };
      servers.push(i === 0 ? new Commented(`Site ${siteId}: Mailbox servers`, mailbox) : mailbox);
    });
    sendConnectors.push(
      new Commented(`Site ${siteId}: from its Mailbox servers to its Edges`, {
        name: `To Edge S${siteId}`,
        usage: 'Internal',
        addressSpaces: ['*'],
        dnsRoutingEnabled: false,
        smartHosts: siteEdges.map((e) => `edge${pad(e + 1, 3)}.northwind.net`),
        sourceTransportServers: siteMailboxes.map(mailboxName),
        smartHostAuthMechanism: 'BasicAuthRequireTLS',
        authenticationCredential: orgToEdge,
      }),
    );
  }
  return new Commented(
    `Northwind: ${edges} Edge Transport servers without EdgeSync and ${mailboxes} Mailbox servers in ${sites} sites (generated by scripts/bench).`,
    {
      $schema: '../schemas/edgeflow.schema.json',
      version: 1,
      organization: { name: 'Northwind', acceptedDomains: ['northwind.com', 'northwind.co.uk'] },
      servers,
      credentials,
      sendConnectors,
      receiveConnectors,
    },
  );
}

/** A fixed, well-spread 40-hex-digit thumbprint per Edge. */
function thumbprint(seed: number): string {
  let state = (seed + 1) * 2654435761;
  let result = '';
  while (result.length < 40) {
    state = (state * 1103515245 + 12345) % 2147483648;
    result += (state >>> 8).toString(16).toUpperCase().padStart(6, '0');
  }
  return result.slice(0, 40);
}

/**
 * Prints like a person formats a topology (and Prettier would): objects one
 * property a line, arrays of scalars on one line when they fit in 100
 * columns, comments on their own line.
 */
function printJsonc(value: unknown, indent = ''): string {
  if (value instanceof Commented) {
    return `// ${value.comment}\n${indent}${printJsonc(value.value, indent)}`;
  }
  if (Array.isArray(value)) {
    if (value.length === 0) return '[]';
    const inner = indent + '  ';
    if (value.every((v) => v === null || typeof v !== 'object')) {
      const flat = `[${value.map((v) => JSON.stringify(v)).join(', ')}]`;
      if (indent.length + flat.length + 30 <= 100) return flat;
    }
    return `[\n${value.map((v) => inner + printJsonc(v, inner)).join(',\n')}\n${indent}]`;
  }
  if (value !== null && typeof value === 'object') {
    const inner = indent + '  ';
    const entries = Object.entries(value).map(
      ([key, v]) => `${inner}${JSON.stringify(key)}: ${printJsonc(v, inner)}`,
    );
    return entries.length === 0 ? '{}' : `{\n${entries.join(',\n')}\n${indent}}`;
  }
  return JSON.stringify(value);
}

function editableDigits(text: string): number[] {
  const result: number[] = [];
  const pattern = /\/\/[^\n]*|"thumbprint": "[0-9A-F]{40}"/g;
  for (let match = pattern.exec(text); match; match = pattern.exec(text)) {
    // Skip the comment marker and the property name: only the free text and the hex value.
    const start = match[0].startsWith('//') ? 2 : '"thumbprint": "'.length;
    for (let i = start; i < match[0].length; i++) {
      const ch = match[0].charCodeAt(i);
      if (ch >= 0x30 && ch <= 0x39) result.push(match.index + i);
    }
  }
  return result;
}

/** The text with the digit at `offset` toggled (0↔1, 2↔3, …): same length, still valid. */
export function toggleDigit(text: string, offset: number): string {
  const toggled = String.fromCharCode(text.charCodeAt(offset) ^ 1);
  return text.slice(0, offset) + toggled + text.slice(offset + 1);
}

function countLines(text: string): number {
  return text.split('\n').length;
}

function range(from: number, to: number): number[] {
  const result: number[] = [];
  for (let i = from; i < to; i++) result.push(i);
  return result;
}

function pad(n: number, width: number): string {
  return String(n).padStart(width, '0');
}
