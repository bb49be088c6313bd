/**
 * The hostile-names corpus of the generator tests (test/unit/generate/injection.test.ts,
 * which describes it) and of the PowerShell suite (test/powershell/hostileNames.test.ts):
 * a two-Edge topology template whose free-text fields are filled with hostile text.
 */
export const PIECES = [
  "'",
  '\u2018',
  '\u2019',
  '\u201A',
  '\u201B',
  '"',
  '\u201C',
  '\u201D',
  '\u201E',
  '$(Remove-Item C:\\ -Recurse)',
  '${env:x}',
  '`',
  '`$x',
  ';',
  '|',
  '&',
  '\n',
  '\r',
  '\u2028',
  '\u2029',
  '\u0085',
  '#',
  '<#',
  '#>',
  '--%',
  'x\u2019; Remove-Item C:\\ -Recurse; \u2018',
  "@'\n",
  '\u00D2',
];
const EVERYTHING = PIECES.join(' ');

export type Kind = 'free' | 'receiveName' | 'long' | 'server' | 'user';

/**
 * A hostile value for slot `n`: unique, and within the rules for names they
 * constrain: receive connector names (receive-name), server names (Windows
 * computer names: at most 15 characters, none of \ / : * ? " < > |,
 * server-name-length) and user names (no colon, which a password would follow:
 * secret-in-topology).
 */
export function hostile(n: number, kind: Kind): string {
  if (kind === 'receiveName')
    return `R${n}'\u2018\u2019\u201A\u201B"\u201C$(x);|&\n#<#--%\u2028\u0085\``.slice(0, 64);
  if (kind === 'server') return `S${n}'\u2018\u2019$(x);&\n#\u2028\``.slice(0, 15);
  if (kind === 'user') return `H${n} ${EVERYTHING}`.split(':').join('');
  if (kind === 'long') return `L${n} ${EVERYTHING} ${'y'.repeat(300)}`;
  return `H${n} ${EVERYTHING}`;
}

export type Fill = (n: number, kind: Kind) => string;

/** Two Edges (self-signed and third-party), two Mailbox servers, Basic authentication over TLS. */
export function topology(v: Fill): string {
  const edge1 = v(1, 'server');
  const edge2 = v(2, 'server');
  const mbx1 = v(3, 'server');
  const mbx2 = v(4, 'server');
  const edge1Fqdn = v(5, 'free');
  const edge2Fqdn = v(6, 'free');
  const mbx1Fqdn = v(7, 'free');
  const mbx2Fqdn = v(8, 'free');
  const edgeToOrg = v(9, 'free');
  const orgToEdge = v(10, 'free');
  const edgeServer = (
    name: string,
    fqdn: string,
    external: string,
    internal: string,
    thirdParty: boolean,
  ) => ({
    name,
    role: 'Edge',
    fqdn,
    adapters: [
      { name: 'External', network: 'internet', ipAddresses: [external] },
      { name: 'Internal', network: 'internal', ipAddresses: [internal], dnsNames: [fqdn] },
    ],
    certificate: thirdParty
      ? {
          type: 'thirdParty',
          thumbprint: '5E1F9A3C7B2D4E6F8091A2B3C4D5E6F708192A3B',
          subject: v(11, 'free'),
        }
      : { type: 'selfSigned' },
  });
  const edgeConnectors = (edge: string, n: number) => [
    {
      name: v(n, 'free'),
      server: edge,
      usage: 'Internet',
      addressSpaces: ['*'],
      dnsRoutingEnabled: true,
      comment: v(n + 1, 'free'),
    },
    {
      name: v(n + 2, 'long'),
      server: edge,
      usage: 'Internal',
      addressSpaces: ['--'],
      dnsRoutingEnabled: false,
      smartHosts: [mbx1Fqdn, mbx2Fqdn],
      smartHostAuthMechanism: 'BasicAuthRequireTLS',
      authenticationCredential: edgeToOrg,
      comment: v(n + 3, 'free'),
    },
  ];
  const receiveConnectors = (edge: string, n: number, external: string, internal: string) => [
    {
      name: v(n, 'receiveName'),
      server: edge,
      default: true,
      bindings: [`${external}:25`],
      comment: v(n + 1, 'free'),
    },
    {
      name: v(n + 2, 'receiveName'),
      server: edge,
      usage: 'Internal',
      authMechanism: ['Tls', 'BasicAuth', 'BasicAuthRequireTLS', 'ExchangeServer'],
      bindings: [`${internal}:25`],
      remoteIPRanges: ['192.168.5.10', '192.168.5.20'],
      comment: v(n + 3, 'free'),
    },
  ];
  return JSON.stringify(
    {
      version: 1,
      organization: {
        name: v(12, 'free'),
        acceptedDomains: ['contoso.com', { domainName: 'contoso.net', name: v(13, 'free') }],
      },
      servers: [
        edgeServer(edge1, edge1Fqdn, '10.1.1.1', '10.1.1.2', false),
        edgeServer(edge2, edge2Fqdn, '10.1.2.1', '10.1.2.2', true),
        { name: mbx1, role: 'Mailbox', fqdn: mbx1Fqdn, ipAddresses: ['192.168.5.10'] },
        { name: mbx2, role: 'Mailbox', fqdn: mbx2Fqdn, ipAddresses: ['192.168.5.20'] },
      ],
      credentials: [
        { name: edgeToOrg, userName: v(14, 'user'), scope: 'activeDirectory' },
        // A local Edge account: a backslash would make what precedes it another computer, and an
        // @ a domain account, neither of which an Edge can log on (hop-refused).
        { name: orgToEdge, userName: v(15, 'user').replace(/[\\@]/g, '/'), scope: 'edgeLocal' },
      ],
      sendConnectors: [
        ...edgeConnectors(edge1, 20),
        ...edgeConnectors(edge2, 30),
        {
          name: v(40, 'free'),
          usage: 'Internal',
          addressSpaces: ['*'],
          dnsRoutingEnabled: false,
          smartHosts: [edge1Fqdn, edge2Fqdn],
          sourceTransportServers: [mbx1, mbx2],
          smartHostAuthMechanism: 'BasicAuthRequireTLS',
          authenticationCredential: orgToEdge,
          comment: v(41, 'free'),
        },
      ],
      receiveConnectors: [
        ...receiveConnectors(edge1, 50, '10.1.1.1', '10.1.1.2'),
        ...receiveConnectors(edge2, 60, '10.1.2.1', '10.1.2.2'),
      ],
    },
    null,
    2,
  );
}

export const plain: Fill = (n) => `name${n}`;
