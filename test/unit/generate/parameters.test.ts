import * as assert from 'node:assert/strict';
import { analyze } from '../../../server/src/core';
import { renderScripts } from '../../../server/src/core/generate';
import {
  RECEIVE_NON_PARAMETER_KEYS,
  RECEIVE_PARAMETERS,
  SEND_NON_PARAMETER_KEYS,
  SEND_PARAMETERS,
  receiveParameter,
  sendParameter,
  type ParameterSpec,
} from '../../../server/src/core/generate/parameters';
import schema from '../../../schemas/edgeflow.schema.json';
import { generateFrom } from '../../support/generation';
import { readRepoFile } from '../../support/repo';
import { withValue } from '../../support/topology';

/**
 * Every key of a send or receive connector in the schema either maps to a
 * cmdlet parameter of the current reference or is one of EdgeFlow's own keys;
 * and each parameter key, set to a schema-valid value, reaches the script in
 * the right calls (New-*, Set-* or both) with its value written as in the
 * topology. The scripts are rendered without the rule check, so that this
 * test is about the generator and not about which combinations the rules
 * accept; the schema rule confirms each sample value is valid.
 */

const SAMPLES: Readonly<Record<string, unknown>> = {
  // send connectors
  name: 'Sample',
  server: 'EDGE01',
  usage: 'Custom',
  addressSpaces: ['contoso.com', 'SMTP:*.contoso.com;10'],
  linkProtection: 'vpn',
  dnsRoutingEnabled: false,
  smartHosts: ['mbx01.corp.tailspintoys.com'],
  smartHostAuthMechanism: 'ExternalAuthoritative',
  authenticationCredential: 'Sample',
  sourceTransportServers: ['MBX01'],
  port: 587,
  requireTLS: true,
  ignoreSTARTTLS: false,
  tlsAuthLevel: 'DomainValidation',
  tlsDomain: 'corp.tailspintoys.com',
  tlsCertificateName: '<I>CN=Issuer<S>CN=edge01.tailspintoys.net',
  domainSecureEnabled: false,
  sourceIPAddress: '10.0.0.5',
  useExternalDNSServersEnabled: false,
  fqdn: 'edge01.tailspintoys.net',
  maxMessageSize: '20 MB',
  enabled: true,
  comment: 'Sample comment',
  connectionInactivityTimeOut: '00:15:00',
  errorPolicies: ['DowngradeDnsFailures', 'DowngradeCustomFailures'],
  forceHELO: true,
  frontendProxyEnabled: false,
  isScopedConnector: false,
  protocolLoggingLevel: 'Verbose',
  smtpMaxMessagesPerConnection: 30,
  // receive connectors (the shared keys above fit both)
  default: false,
  bindings: ['10.0.0.5:2525'],
  remoteIPRanges: ['10.0.1.0/24', '10.0.2.1-10.0.2.9'],
  authMechanism: ['Tls', 'ExternalAuthoritative'],
  permissionGroups: ['ExchangeServers'],
  transportRole: 'FrontendTransport',
  banner: '220 Sample',
  maxRecipientsPerMessage: 500,
  connectionTimeout: '00:10:00',
  connectionInactivityTimeout: '00:02:00',
  messageRateLimit: 'unlimited',
  messageRateSource: 'All',
  maxInboundConnection: 1000,
  maxInboundConnectionPerSource: 'unlimited',
  maxInboundConnectionPercentagePerSource: 5,
  maxHeaderSize: '128 KB',
  maxHopCount: 40,
  maxLocalHopCount: 10,
  maxLogonFailures: 5,
  maxProtocolErrors: 10,
  tarpitInterval: '00:00:10',
  authTarpitInterval: '00:00:03',
  advertiseClientSettings: false,
  binaryMimeEnabled: true,
  chunkingEnabled: true,
  deliveryStatusNotificationEnabled: true,
  eightBitMimeEnabled: true,
  enhancedStatusCodesEnabled: true,
  pipeliningEnabled: true,
  sizeEnabled: 'EnabledWithoutValue',
  longAddressesEnabled: false,
  orarEnabled: true,
  requireEHLODomain: true,
  suppressXAnonymousTls: false,
  enableAuthGSSAPI: false,
  extendedProtectionPolicy: 'None',
  defaultDomain: 'tailspintoys.com',
  serviceDiscoveryFqdn: 'mail.tailspintoys.com',
  rejectReservedSecondLevelRecipientDomains: true,
  rejectReservedTopLevelRecipientDomains: true,
  rejectSingleLabelRecipientDomains: true,
  bareLinefeedRejectionEnabled: true,
};

/** The PowerShell form of a sample, written independently of the generator. */
function literal(value: unknown): string {
  if (typeof value === 'boolean') return value ? '$true' : '$false';
  if (typeof value === 'number') return String(value);
  if (Array.isArray(value)) return `@(${value.map(literal).join(', ')})`;
  return `'${String(value)}'`;
}

interface ConnectorKind {
  readonly collection: 'sendConnectors' | 'receiveConnectors';
  readonly schemaKey: 'sendConnector' | 'receiveConnector';
  readonly parameters: readonly ParameterSpec[];
  readonly nonParameters: readonly string[];
  readonly lookup: (key: string) => ParameterSpec | undefined;
  readonly cmdlet: 'SendConnector' | 'ReceiveConnector';
  /** The connector of examples/externally-secured.edgeflow.json a key is tried on. */
  readonly target: (key: string) => {
    readonly index: number;
    readonly name: string;
    readonly identity: string;
  };
}

const MAILBOX_ONLY = new Set([
  'sourceTransportServers',
  'frontendProxyEnabled',
  'isScopedConnector',
  'transportRole',
  'longAddressesEnabled',
  'suppressXAnonymousTls',
]);

const KINDS: readonly ConnectorKind[] = [
  {
    collection: 'sendConnectors',
    schemaKey: 'sendConnector',
    parameters: SEND_PARAMETERS,
    nonParameters: SEND_NON_PARAMETER_KEYS,
    lookup: sendParameter,
    cmdlet: 'SendConnector',
    target: (key) =>
      MAILBOX_ONLY.has(key)
        ? { index: 2, name: 'To Edge', identity: 'To Edge' }
        : { index: 1, name: 'To Internal Org', identity: 'To Internal Org' },
  },
  {
    collection: 'receiveConnectors',
    schemaKey: 'receiveConnector',
    parameters: RECEIVE_PARAMETERS,
    nonParameters: RECEIVE_NON_PARAMETER_KEYS,
    lookup: receiveParameter,
    cmdlet: 'ReceiveConnector',
    target: (key) =>
      MAILBOX_ONLY.has(key)
        ? {
            index: 2,
            name: 'From Edge (Externally Secured)',
            identity: 'MBX01\\From Edge (Externally Secured)',
          }
        : { index: 1, name: 'From Internal Org', identity: 'EDGE01\\From Internal Org' },
  },
];

const BASE = readRepoFile('examples', 'externally-secured.edgeflow.json');

describe('topology keys and cmdlet parameters', () => {
  for (const kind of KINDS) {
    const schemaKeys = Object.keys(schema.definitions[kind.schemaKey].properties);

    describe(kind.collection, () => {
      it('map every schema key to a parameter or name it as EdgeFlow’s own', () => {
        const mapped = [...kind.parameters.map((p) => p.key), ...kind.nonParameters];
        assert.deepEqual([...mapped].sort(), [...schemaKeys].sort());
      });

      it('use parameter names that differ from the key only in the leading capital run', () => {
        for (const spec of kind.parameters)
          assert.equal(spec.parameter.toLowerCase(), spec.key.toLowerCase(), spec.key);
      });

      for (const key of schemaKeys) {
        const spec = kind.lookup(key);
        it(`${key} ${spec ? `reaches -${spec.parameter}` : 'is no parameter'}`, () => {
          const target = kind.target(key);
          const sample = key === 'name' ? target.name : SAMPLES[key];
          assert.ok(sample !== undefined, `no sample value for ${key}`);
          let text = withValue(BASE, [kind.collection, target.index, key], sample);
          if (key === 'authenticationCredential')
            text = withValue(
              text,
              ['credentials'],
              [{ name: 'Sample', userName: 'CORP\\sample', scope: 'activeDirectory' }],
            );
          const analysis = analyze(text);
          assert.deepEqual(
            analysis.findings.filter((f) => f.code === 'schema').map((f) => f.message),
            [],
            'the sample is valid for the schema',
          );
          const scripts = renderScripts(analysis.topology, analysis.index, 'sample');
          const lines = scripts.flatMap((f) => f.content.split('\n')).map((l) => l.trim());
          const newLine = lines.find((l) =>
            l.startsWith(`New-${kind.cmdlet} -Name '${target.name}'`),
          );
          const setLines = lines.filter((l) =>
            l.startsWith(`Set-${kind.cmdlet} -Identity '${target.identity}'`),
          );
          assert.ok(newLine, 'the New call');
          assert.ok(setLines.length > 0, 'the Set call');
          if (!spec) {
            for (const line of [newLine, ...setLines])
              assert.doesNotMatch(line, new RegExp(`-${key}\\b`, 'i'));
            return;
          }
          const argument =
            key === 'authenticationCredential'
              ? `-${spec.parameter} $credential1`
              : `-${spec.parameter} ${literal(sample)}`;
          const inNew = newLine.includes(` ${argument}`);
          const inSet = setLines.some((l) => l.includes(` ${argument}`));
          if (key === 'name') {
            assert.ok(newLine.startsWith(`New-${kind.cmdlet} -Name '${target.name}'`));
          } else {
            assert.equal(inNew, spec.cmdlets !== 'set', `${argument} in ${newLine}`);
            assert.equal(inSet, spec.cmdlets !== 'new', `${argument} in ${setLines.join('\n')}`);
          }
          if (spec.check) {
            const compared = lines.some(
              (l) =>
                l.startsWith('Compare-EdgeFlowValue ') &&
                l.includes(`-Kind '${spec.check}' -Expected ${literal(sample)} -Actual `) &&
                l.endsWith(`.${spec.parameter}`),
            );
            assert.ok(compared, `the verification compares ${spec.parameter}`);
          }
        });
      }
    });
  }
});

describe('Mailbox-only parameters on an Edge', () => {
  // New-SendConnector.md lists FrontendProxyEnabled and IsScopedConnector for Mailbox servers only:
  // an Edge script never passes them at their default (false), which the topology may spell out.
  it('are not passed at false to an Edge connector, and still are to an organization one', () => {
    const text = readRepoFile(
      'test',
      'fixtures',
      'rules',
      'not-valid-on-role',
      'good-defaults-on-edge.edgeflow.json',
    );
    const files = generateFrom(text, 'defaults');
    const edge = files.find((f) => f.fileName.endsWith('.edge.ps1'))?.content ?? '';
    assert.ok(edge.length > 0);
    assert.doesNotMatch(edge, /-FrontendProxyEnabled|-IsScopedConnector|-LongAddressesEnabled/);
    const verify = files.find((f) => f.fileName.endsWith('.EDGE01.verify.ps1'))?.content ?? '';
    assert.doesNotMatch(verify, /FrontendProxyEnabled|IsScopedConnector|LongAddressesEnabled/);
    const organization = withValue(text, ['sendConnectors', 2, 'frontendProxyEnabled'], false);
    const mailbox =
      generateFrom(organization, 'defaults').find((f) => f.fileName.endsWith('.mailbox.ps1'))
        ?.content ?? '';
    assert.match(mailbox, /-FrontendProxyEnabled \$false/);
  });
});
