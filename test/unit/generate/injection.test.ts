import * as assert from 'node:assert/strict';
import { analyze } from '../../../server/src/core';
import { generateScripts, type GeneratedFile } from '../../../server/src/core/generate';
import { parsePowerShell, syntaxErrors } from '../../support/powershellGrammar';
import { codeShape, singleQuotedValue, tokenize } from '../../support/powershellTokens';

/**
 * Hostile text in every free-text field must stay data. The same topology
 * template is filled twice, once with plain placeholder names and once with
 * hostile strings, and the scripts generated from both must have the same
 * code: token for token, with only the contents of single-quoted literals
 * differing (PowerShell-aware tokenizer, which knows the typographic quotes).
 *
 * Fields that receive hostile values (the rules accept any text there): the
 * organization name; every server name (and every reference to it: `server`,
 * `sourceTransportServers`, credential `server`); server and smart-host FQDNs
 * (the smart hosts name the servers by them); credential names and user
 * names; send connector names; receive connector names (at most 64
 * characters and no backslash: longer names and `\` are errors of the
 * receive-name rule); the `comment` of every connector; the `name` of an
 * accepted domain; a certificate subject. Fields with a syntax the rules
 * check (addresses, bindings, ranges, address spaces, thumbprints, accepted
 * domain names) keep plain values.
 */

const PIECES = [
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

type Kind = 'free' | 'receiveName' | 'long' | 'server' | 'user';

/**
 * A hostile value for slot `n`: unique, and within the rules for names they
 * constrain: receive connector names (receive-name), server names (Windows
 * computer names: at most 15 characters, none of \ / : * ? " < > |,
 * server-name-length) and user names (no colon, which a password would follow:
 * secret-in-topology).
 */
function hostile(n: number, kind: Kind): string {
  if (kind === 'receiveName')
    return `R${n}'\u2018\u2019\u201A\u201B"\u201C$(x);|&\n#<#--%\u2028\u0085\``.slice(0, 64);
  if (kind === 'server') return `S${n}'\u2018\u2019$(x);&\n#\u2028\``.slice(0, 15);
  if (kind === 'user') return `H${n} ${EVERYTHING}`.split(':').join('');
  if (kind === 'long') return `L${n} ${EVERYTHING} ${'y'.repeat(300)}`;
  return `H${n} ${EVERYTHING}`;
}

type Fill = (n: number, kind: Kind) => string;

/** Two Edges (self-signed and third-party), two Mailbox servers, Basic authentication over TLS. */
function topology(v: Fill): string {
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
        { name: orgToEdge, userName: v(15, 'user'), scope: 'edgeLocal' },
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

const plain: Fill = (n) => `name${n}`;

function generate(text: string): GeneratedFile[] {
  const analysis = analyze(text);
  const result = generateScripts(analysis, 'topology');
  assert.ok(
    result.ok,
    `the template must stay free of errors for the test to mean something: ${
      result.ok
        ? ''
        : result.errors.map((e) => `${e.code} at ${e.range.start}: ${e.message}`).join('; ')
    }`,
  );
  return [...result.files];
}

describe('generation from hostile names', () => {
  const plainFiles = generate(topology(plain));
  const hostileText = topology(hostile);
  const hostileFiles = generate(hostileText);

  it('generates the same set of scripts', () => {
    assert.deepEqual(
      hostileFiles.map((f) => `${f.kind}`),
      plainFiles.map((f) => `${f.kind}`),
    );
  });

  it('produces the same code outside string literals, comments included', () => {
    hostileFiles.forEach((file, i) => {
      const reference = plainFiles[i];
      assert.ok(reference);
      assert.deepEqual(
        codeShape(file.content),
        codeShape(reference.content),
        `${reference.fileName}`,
      );
    });
  });

  it('writes no topology value into a comment or a double-quoted string', () => {
    for (const file of hostileFiles) {
      for (const token of tokenize(file.content)) {
        if (token.kind === 'comment') assert.match(token.text, /^#[\x20-\x7E]*$/, file.fileName);
        if (token.kind === 'double') assert.doesNotMatch(token.text, /H\d|L\d|R\d/, file.fileName);
        assert.notEqual(token.kind, 'here', file.fileName);
      }
    }
  });

  it('keeps every hostile value intact as the value of one literal', () => {
    const literals = new Set(
      hostileFiles.flatMap((f) =>
        tokenize(f.content)
          .filter((t) => t.kind === 'single')
          .map(singleQuotedValue),
      ),
    );
    for (const value of [
      hostile(1, 'server'),
      hostile(21, 'free'),
      hostile(22, 'long'),
      hostile(52, 'receiveName'),
      hostile(14, 'user'),
    ])
      assert.ok(literals.has(value), JSON.stringify(value.slice(0, 40)));
  });

  it('keeps the file names inside the output folder', () => {
    for (const file of hostileFiles) {
      assert.doesNotMatch(file.fileName, /[/\\:*?"<>|\u2028\u2029]/);
      assert.ok(
        [...file.fileName].every((c) => c >= ' '),
        file.fileName,
      );
      assert.ok(file.fileName.length < 130, file.fileName);
    }
    assert.equal(
      new Set(hostileFiles.map((f) => f.fileName.toLowerCase())).size,
      hostileFiles.length,
    );
  });

  it('still parses with the PowerShell grammar', async () => {
    for (const file of hostileFiles) {
      const tree = await parsePowerShell(file.content);
      assert.deepEqual(syntaxErrors(tree), [], file.fileName);
    }
  });
});
