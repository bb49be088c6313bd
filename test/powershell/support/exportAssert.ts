import * as assert from 'node:assert/strict';
import {
  EXPORT_FORMAT,
  EXPORT_VERSION,
  exportedPropertyNames,
  type Analysis,
  type ExportDocument,
  type ExportedProperties,
} from '../../../server/src/core';
import type { ExportedServerRun } from './export';
import {
  exportedTexts,
  expectedExport,
  normalised,
  type ConnectorExpectation,
} from './exportExpect';
import type { World } from './world';

/**
 * Asserts that an export document describes exactly what the generated
 * scripts configured on the simulated server: the server, its adapters, the
 * other Mailbox servers, the accepted domains, every connector (no more, no
 * fewer) with every declared property, the credentials' user names, the
 * extended rights granted, the certificates.
 */
export function assertDescribes(
  analysis: Pick<Analysis, 'topology' | 'index'>,
  world: World,
  run: ExportedServerRun,
): void {
  const document = run.document;
  const expected = expectedExport(analysis, run.server);
  const where = `export of ${JSON.stringify(run.server)}`;
  assert.equal(document.format, EXPORT_FORMAT);
  assert.equal(document.version, EXPORT_VERSION);
  assert.match(document.exportedAt, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
  assert.deepEqual(
    { ...document.server, exchangeVersion: undefined },
    { name: expected.name, role: expected.role, fqdn: expected.fqdn, exchangeVersion: undefined },
    where,
  );
  assert.match(document.server.exchangeVersion, /^Version \d+\.\d+ \(Build \d+\.\d+\)$/);

  assert.deepEqual(
    document.networkAdapters.map((a) => ({
      name: a.name,
      addresses: normalised('address', a.ipAddresses),
    })),
    expected.adapters.map((a) => ({ name: a.name, addresses: normalised('address', a.addresses) })),
    `${where}: adapters`,
  );
  assert.deepEqual(
    document.mailboxServers.map((m) => ({ ...m, ipAddresses: [...m.ipAddresses].sort() })),
    expected.mailboxServers.map((m) => ({
      ...m,
      ipAddresses: [...(world.dns[m.fqdn.toLowerCase()] ?? [])].sort(),
    })),
    `${where}: other Mailbox servers`,
  );

  const domains = (list: readonly { domainName: string; domainType: string; name: string }[]) =>
    list.map((d) => `${d.domainName}|${d.domainType}|${d.name}`).sort();
  assert.deepEqual(
    domains(document.acceptedDomains),
    domains(expected.acceptedDomains),
    `${where}: accepted domains`,
  );
  if (document.acceptedDomains.length > 0) {
    assert.equal(document.acceptedDomains.filter((d) => d.default).length, 1, 'one default');
  }

  assertConnectors(
    where,
    'send',
    document.sendConnectors.map((c) => ({ key: c.name, properties: c.properties, grants: [] })),
    new Map(expected.sendConnectors.map((c) => [c.name, c])),
  );
  for (const connector of document.receiveConnectors) {
    assert.equal(connector.identity, `${connector.server}\\${connector.name}`, connector.identity);
  }
  assertConnectors(
    where,
    'receive',
    document.receiveConnectors.map((c) => ({
      key: c.identity,
      properties: c.properties,
      grants: c.permissions.flatMap((p) =>
        p.deny ? [] : p.extendedRights.map((right) => `${p.user}|${right}`.toLowerCase()),
      ),
    })),
    expected.receiveConnectors,
  );
  assertCertificates(where, analysis, run.server, document);
}

function assertConnectors(
  where: string,
  kind: 'send' | 'receive',
  actual: readonly { key: string; properties: ExportedProperties; grants: readonly string[] }[],
  expected: ReadonlyMap<string, ConnectorExpectation>,
): void {
  assert.deepEqual(
    actual.map((c) => c.key).sort(),
    [...expected.keys()].sort(),
    `${where}: ${kind} connectors`,
  );
  const keys = [
    ...exportedPropertyNames(kind),
    ...(kind === 'send' ? ['AuthenticationCredential'] : []),
  ].sort();
  for (const connector of actual) {
    const wanted = expected.get(connector.key);
    if (!wanted) continue;
    const label = `${where}: ${kind} connector ${JSON.stringify(connector.key)}`;
    assert.deepEqual(Object.keys(connector.properties).sort(), keys, `${label}: property names`);
    for (const property of wanted.properties) {
      assert.deepEqual(
        normalised(property.kind, exportedTexts(connector.properties[property.parameter])),
        property.expected,
        `${label}: ${property.parameter}`,
      );
    }
    if (kind === 'send') {
      assert.equal(
        connector.properties['AuthenticationCredential'],
        wanted.userName ?? null,
        `${label}: the credential's user name`,
      );
    }
    assert.deepEqual(
      [...new Set(connector.grants)].sort(),
      [...new Set(wanted.grants)].sort(),
      `${label}: extended rights granted`,
    );
  }
}

function assertCertificates(
  where: string,
  analysis: Pick<Analysis, 'topology' | 'index'>,
  server: string,
  document: ExportDocument,
): void {
  const found = analysis.index.server(server);
  const declared = found?.view.object('certificate');
  assert.equal(document.certificates.length, 1, `${where}: one SMTP certificate`);
  const [certificate] = document.certificates;
  if (!certificate || !found) return;
  assert.match(certificate.thumbprint, /^[0-9A-F]{40}$/);
  assert.match(certificate.notAfter, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{7}Z$/);
  assert.ok(certificate.services.split(',').some((s) => s.trim() === 'SMTP'));
  assert.ok(certificate.certificateDomains.includes(server), `${where}: names the server`);
  const thirdParty = declared?.string('type')?.value === 'thirdParty';
  assert.equal(certificate.isSelfSigned, !thirdParty, `${where}: self-signed or not`);
  const thumbprint = declared?.string('thumbprint')?.value;
  if (thumbprint !== undefined) assert.equal(certificate.thumbprint, thumbprint);
  const subject = declared?.string('subject')?.value ?? `CN=${server}`;
  assert.equal(certificate.subject, subject, `${where}: subject`);
}
