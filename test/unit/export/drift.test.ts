import * as assert from 'node:assert/strict';
import { analyze } from '../../../server/src/core/analyze';
import { drift } from '../../../server/src/core/drift/drift';
import type { ExportDocument } from '../../../server/src/core/export/document';
import type { ImportInput } from '../../../server/src/core/export/importTopology';
import type { Finding, Fix } from '../../../server/src/core/findings';
import { applyEdits } from '../../../server/src/core/fix/edits';
import { generateScripts } from '../../../server/src/core/generate/index';
import { defined, EXPORT_EXAMPLES, exportInputs, mutable } from '../../support/exportFixtures';
import { readRepoFile } from '../../support/repo';

/**
 * One test per kind of change the issue lists: the change is made in the
 * export of the servers an example configured, drift reports exactly that
 * difference on the right text, and each fix makes it go: taking the server's
 * value at once; keeping the file once the generated script has set the
 * server back (the scripts say so: they set the file's value).
 */

type Change = (documents: {
  edge: ExportDocument;
  edges: ExportDocument[];
  mailbox: ExportDocument;
}) => void;

function changed(example: string, change: Change): ImportInput[] {
  const inputs = exportInputs(example).map((i) => ({ ...i, document: mutable(i.document) }));
  const edge = defined(inputs.find((i) => i.document.server.role === 'Edge')).document;
  const mailbox = defined(inputs.find((i) => i.document.server.role === 'Mailbox')).document;
  const edges = inputs.filter((i) => i.document.server.role === 'Edge').map((i) => i.document);
  change({ edge, edges, mailbox });
  return inputs;
}

function driftOf(text: string, inputs: readonly ImportInput[]): readonly Finding[] {
  return drift(analyze(text), inputs).findings;
}

function fixNamed(finding: Finding, start: string): Fix {
  const fix = finding.fixes?.().find((f) => f.title.startsWith(start));
  assert.ok(
    fix,
    `a fix "${start}…" among ${JSON.stringify(finding.fixes?.().map((f) => f.title))}`,
  );
  return fix;
}

interface Expected {
  readonly code: string;
  /** The exact text of the finding's range. */
  readonly text: string;
  /** Both values, or what the message must say. */
  readonly message: RegExp;
  /** The line (0-based) the range starts on, where the text occurs more than once. */
  readonly line?: number;
}

function expectDrift(example: string, change: Change, expected: Expected): void {
  const original = readRepoFile('examples', `${example}.edgeflow.json`);
  const inputs = changed(example, change);
  const findings = driftOf(original, inputs);
  assert.equal(findings.length, 1, findings.map((f) => `${f.code}: ${f.message}`).join('\n'));
  const finding = defined(findings[0]);
  assert.equal(finding.code, expected.code);
  assert.equal(finding.severity, 'error');
  assert.equal(original.slice(finding.range.start, finding.range.end), expected.text);
  if (expected.line !== undefined)
    assert.equal(original.slice(0, finding.range.start).split('\n').length - 1, expected.line);
  assert.match(finding.message, expected.message);

  // Take the server's value: the file then says what the server holds.
  const take = fixNamed(finding, "Take the server's");
  const taken = applyEdits(original, take.edits);
  assert.deepEqual(
    driftOf(taken, inputs).map((f) => f.message),
    [],
  );
  assert.ok(!analyze(taken).findings.some((f) => f.code === 'json-syntax'));

  // Keep the file: what it edits (if anything) leaves a file the generator accepts, whose
  // scripts set the server back; once they have, nothing differs.
  const keep = fixNamed(finding, 'Keep the file');
  const kept = applyEdits(original, keep.edits);
  assert.deepEqual(
    driftOf(kept, exportInputs(example)).map((f) => f.message),
    [],
  );
}

describe('drift', () => {
  for (const example of EXPORT_EXAMPLES) {
    it(`finds no difference between ${example} and the servers its scripts configured`, () => {
      const text = readRepoFile('examples', `${example}.edgeflow.json`);
      const result = drift(analyze(text), exportInputs(example));
      assert.deepEqual(
        result.findings.map((f) => f.message),
        [],
      );
      assert.deepEqual(result.notCompared, []);
    });
  }

  it('a binding', () =>
    expectDrift(
      'contoso',
      ({ edge }) =>
        Object.assign(defined(edge.receiveConnectors[1]).properties, {
          Bindings: ['10.1.1.2:2525'],
        }),
      {
        code: 'drift-property',
        text: '["10.1.1.2:25"]',
        message:
          /"From Internal Org" on EDGE01: Bindings is 10\.1\.1\.2:2525 on the server, 10\.1\.1\.2:25 in the topology/,
      },
    ));

  it('a remote range, written differently but the same interval, is no difference', () => {
    const inputs = changed('two-edges', ({ edge }) =>
      Object.assign(defined(edge.receiveConnectors[1]).properties, {
        RemoteIPRanges: ['10.20.0.0-10.20.0.255', 'fd00:20::/64'],
      }),
    );
    assert.deepEqual(driftOf(readRepoFile('examples', 'two-edges.edgeflow.json'), inputs), []);
  });

  it('a remote range', () =>
    expectDrift(
      'contoso',
      ({ edge }) =>
        Object.assign(defined(edge.receiveConnectors[1]).properties, {
          RemoteIPRanges: ['192.168.5.0/24'],
        }),
      {
        code: 'drift-property',
        text: '["192.168.5.10", "192.168.5.20"]',
        message:
          /RemoteIPRanges is 192\.168\.5\.0\/24 on the server, 192\.168\.5\.10, 192\.168\.5\.20 in the topology/,
      },
    ));

  it('a smart host', () =>
    expectDrift(
      'contoso',
      ({ edge }) =>
        Object.assign(defined(edge.sendConnectors[1]).properties, {
          SmartHosts: ['mbxserver01.contoso.com'],
        }),
      {
        code: 'drift-property',
        text: '["mbxserver01.contoso.com", "mbxserver02.contoso.com"]',
        message:
          /"To Internal Org" on EDGE01: SmartHosts is mbxserver01\.contoso\.com on the server, mbxserver01\.contoso\.com, mbxserver02\.contoso\.com in the topology/,
      },
    ));

  it('an address space', () =>
    expectDrift(
      'contoso',
      ({ mailbox }) =>
        Object.assign(defined(mailbox.sendConnectors[0]).properties, {
          AddressSpaces: ['SMTP:contoso.net;1'],
        }),
      {
        code: 'drift-property',
        text: '["*"]',
        line: 52,
        message:
          /"To Edge" on the organization: AddressSpaces is SMTP:contoso\.net;1 on the server, \* in the topology/,
      },
    ));

  it('the cost of an address space', () =>
    expectDrift(
      'contoso',
      ({ edge }) =>
        Object.assign(defined(edge.sendConnectors[0]).properties, { AddressSpaces: ['SMTP:*;5'] }),
      {
        code: 'drift-property',
        text: '["*"]',
        line: 35,
        message:
          /"To Internet" on EDGE01: AddressSpaces is SMTP:\*;5 on the server, \* in the topology/,
      },
    ));

  it('an authentication mechanism', () =>
    expectDrift(
      'contoso',
      ({ edge }) =>
        Object.assign(defined(edge.receiveConnectors[1]).properties, {
          AuthMechanism: 'Tls, BasicAuth, ExchangeServer',
        }),
      {
        code: 'drift-property',
        text: '["Tls", "BasicAuth", "BasicAuthRequireTLS", "ExchangeServer"]',
        message:
          /AuthMechanism is Tls, BasicAuth, ExchangeServer on the server, Tls, BasicAuth, BasicAuthRequireTLS, ExchangeServer in the topology/,
      },
    ));

  it('a smart-host authentication mechanism', () =>
    expectDrift(
      'contoso',
      ({ edge }) =>
        Object.assign(defined(edge.sendConnectors[1]).properties, {
          SmartHostAuthMechanism: 'BasicAuth',
        }),
      {
        code: 'drift-property',
        text: '"BasicAuthRequireTLS"',
        line: 45,
        message:
          /SmartHostAuthMechanism is BasicAuth on the server, BasicAuthRequireTLS in the topology/,
      },
    ));

  it('a permission group the topology leaves to the usage', () =>
    expectDrift(
      'contoso',
      ({ edge }) =>
        Object.assign(defined(edge.receiveConnectors[1]).properties, {
          PermissionGroups: 'ExchangeUsers, ExchangeServers',
        }),
      {
        code: 'drift-property',
        text: '"From Internal Org"',
        message:
          /PermissionGroups is ExchangeUsers, ExchangeServers on the server; the topology leaves it out, which means ExchangeServers/,
      },
    ));

  it('a declared permission group', () =>
    expectDrift(
      'externally-secured',
      ({ edge }) =>
        Object.assign(defined(edge.receiveConnectors[1]).properties, {
          PermissionGroups: 'ExchangeServers, Partners',
        }),
      {
        code: 'drift-property',
        text: '["ExchangeServers"]',
        line: 80,
        message:
          /PermissionGroups is ExchangeServers, Partners on the server, ExchangeServers in the topology/,
      },
    ));

  it('an extended right the Edge script grants, missing on the server', () => {
    const original = readRepoFile('examples', 'contoso.edgeflow.json');
    const inputs = changed('contoso', ({ edge }) => {
      const permissions = defined(edge.receiveConnectors[1]).permissions as unknown as {
        user: string;
        extendedRights: string[];
      }[];
      const relay = defined(permissions.find((p) => p.user === 'EDGE01\\mbxrelay'));
      relay.extendedRights = relay.extendedRights.filter((r) => r !== 'ms-Exch-SMTP-Submit');
    });
    const findings = driftOf(original, inputs);
    assert.equal(findings.length, 1);
    const finding = defined(findings[0]);
    assert.equal(original.slice(finding.range.start, finding.range.end), '"From Internal Org"');
    assert.match(finding.message, /EDGE01\\mbxrelay lacks ms-Exch-SMTP-Submit on the server/);
    // Nothing to take: the right follows from the credential. The script grants it.
    assert.deepEqual(
      finding.fixes?.().map((f) => f.title),
      [
        'Keep the file: the generated script of EDGE01 grants ms-Exch-SMTP-Submit with Add-ADPermission',
      ],
    );
    const scripts = generateScripts(analyze(original), 'contoso');
    assert.ok(
      scripts.ok &&
        scripts.files.some((f) => f.content.includes("-ExtendedRights 'ms-Exch-SMTP-Submit'")),
    );
  });

  it('an extended right granted by hand, which the topology cannot declare', () => {
    const original = readRepoFile('examples', 'contoso.edgeflow.json');
    const inputs = changed('contoso', ({ edge }) =>
      (defined(edge.receiveConnectors[0]).permissions as unknown[]).push({
        user: 'NT AUTHORITY\\ANONYMOUS LOGON',
        extendedRights: ['ms-Exch-SMTP-Accept-Any-Recipient'],
        deny: false,
      }),
    );
    const findings = driftOf(original, inputs);
    assert.equal(findings.length, 1);
    assert.equal(
      original.slice(defined(findings[0]).range.start, defined(findings[0]).range.end),
      '"From Internet"',
    );
    assert.match(
      defined(findings[0]).message,
      /grants ms-Exch-SMTP-Accept-Any-Recipient to NT AUTHORITY\\ANONYMOUS LOGON .*open relay/,
    );
    assert.match(
      defined(findings[0]).fixes?.()[0]?.title ?? '',
      /Remove-ADPermission -Identity 'EDGE01\\From Internet' -User 'NT AUTHORITY\\ANONYMOUS LOGON'/,
    );
  });

  it('a TLS setting the topology leaves at the default', () =>
    expectDrift(
      'contoso',
      ({ edge }) =>
        Object.assign(defined(edge.sendConnectors[0]).properties, {
          RequireTLS: 'True',
          TlsAuthLevel: null,
        }),
      {
        code: 'drift-property',
        text: '"To Internet"',
        message:
          /"To Internet" on EDGE01: RequireTLS is True on the server; the topology leaves it out, which means False/,
      },
    ));

  it('keeping the file where it leaves a TLS setting out declares the default, which the script then sets', () => {
    const original = readRepoFile('examples', 'contoso.edgeflow.json');
    const inputs = changed('contoso', ({ edge }) =>
      Object.assign(defined(edge.sendConnectors[0]).properties, { RequireTLS: 'True' }),
    );
    const keep = fixNamed(defined(driftOf(original, inputs)[0]), 'Keep the file');
    const kept = applyEdits(original, keep.edits);
    assert.match(kept, /"requireTLS": false/);
    const scripts = generateScripts(analyze(kept), 'contoso');
    assert.ok(
      scripts.ok &&
        scripts.files.some(
          (f) =>
            f.fileName.endsWith('.edge.ps1') &&
            /RequireTLS = \$false|-RequireTLS \$false/.test(f.content),
        ),
    );
  });

  it('an accepted domain removed from the Edge', () =>
    expectDrift('contoso', ({ edge }) => (edge.acceptedDomains as unknown[]).splice(0, 1), {
      code: 'drift-missing',
      text: '"contoso.com"',
      message: /The accepted domain contoso\.com is not on EDGE01/,
    }));

  it('an accepted domain added on the Edge', () =>
    expectDrift(
      'contoso',
      ({ edge }) =>
        (edge.acceptedDomains as unknown[]).push({
          name: 'Fabrikam',
          domainName: 'fabrikam.com',
          domainType: 'InternalRelay',
          default: false,
        }),
      {
        code: 'drift-extra',
        text: '"EDGE01"',
        line: 12,
        message:
          /EDGE01 has the accepted domain fabrikam\.com \(InternalRelay\), which the topology does not declare/,
      },
    ));

  it("an accepted domain's type", () =>
    expectDrift(
      'contoso',
      ({ edge }) =>
        Object.assign(defined(edge.acceptedDomains[0]), { domainType: 'InternalRelay' }),
      {
        code: 'drift-property',
        text: '"contoso.com"',
        line: 8,
        message:
          /contoso\.com on EDGE01: DomainType is InternalRelay on the server, Authoritative in the topology/,
      },
    ));

  it('a connector added on the Edge', () =>
    expectDrift(
      'contoso',
      ({ edge }) =>
        (edge.sendConnectors as unknown[]).push({
          ...mutable(defined(edge.sendConnectors[0])),
          name: 'To Partner',
          identity: 'To Partner',
        }),
      {
        code: 'drift-extra',
        text: '"EDGE01"',
        line: 12,
        message: /Send connector "To Partner" is on EDGE01 but not in the topology/,
      },
    ));

  it('a receive connector added on the Edge', () =>
    expectDrift(
      'contoso',
      ({ edge }) =>
        (edge.receiveConnectors as unknown[]).push({
          ...mutable(defined(edge.receiveConnectors[1])),
          name: 'Relay',
          identity: 'EDGE01\\Relay',
          permissions: [],
        }),
      {
        code: 'drift-extra',
        text: '"EDGE01"',
        line: 12,
        message: /Receive connector "EDGE01\\Relay" is on EDGE01 but not in the topology/,
      },
    ));

  it('a connector removed from the Edge', () =>
    expectDrift('contoso', ({ edge }) => (edge.sendConnectors as unknown[]).splice(1, 1), {
      code: 'drift-missing',
      text: '"To Internal Org"',
      message: /Send connector "To Internal Org" is declared for EDGE01 but is not on the server/,
    }));

  it('an organization connector removed', () =>
    expectDrift('contoso', ({ mailbox }) => (mailbox.sendConnectors as unknown[]).splice(0, 1), {
      code: 'drift-missing',
      text: '"To Edge"',
      message: /Send connector "To Edge" is declared for the organization but is not on the server/,
    }));

  it('a receive connector of a Mailbox server', () =>
    expectDrift(
      'externally-secured',
      ({ mailbox }) =>
        Object.assign(
          defined(
            mailbox.receiveConnectors.find((c) => c.name === 'From Edge (Externally Secured)'),
          ).properties,
          { RemoteIPRanges: ['10.0.0.0/24'] },
        ),
      {
        code: 'drift-property',
        text: '["10.0.0.5"]',
        message:
          /"From Edge \(Externally Secured\)" on MBX01: RemoteIPRanges is 10\.0\.0\.0\/24 on the server, 10\.0\.0\.5 in the topology/,
      },
    ));

  it('a certificate replaced', () =>
    expectDrift(
      'two-edges',
      ({ edge }) =>
        Object.assign(defined(edge.certificates[0]), {
          thumbprint: '0123456789ABCDEF0123456789ABCDEF01234567',
        }),
      {
        code: 'drift-property',
        text: '"5E1F9A3C7B2D4E6F8091A2B3C4D5E6F708192A3B"',
        message:
          /5E1F9A3C7B2D4E6F8091A2B3C4D5E6F708192A3B is not enabled for SMTP on the server; it uses 0123456789ABCDEF0123456789ABCDEF01234567/,
      },
    ));

  it('names the servers no document was given for, and compares nothing there', () => {
    const text = readRepoFile('examples', 'two-edges.edgeflow.json');
    const edge01 = exportInputs('two-edges').filter((i) => i.document.server.name === 'EDGE01');
    const result = drift(analyze(text), edge01);
    assert.deepEqual(result.findings, []);
    assert.deepEqual(result.notCompared, ['EDGE02', 'MBX01', 'MBX02']);
  });

  it('compares names without case, as Exchange does', () => {
    const inputs = changed('contoso', ({ edge }) =>
      Object.assign(defined(edge.sendConnectors[0]), { name: 'TO INTERNET' }),
    );
    assert.deepEqual(driftOf(readRepoFile('examples', 'contoso.edgeflow.json'), inputs), []);
  });

  it('quotes every name it puts in a suggested cmdlet as the scripts do (all five quote characters)', () => {
    const hostile = "O'Brien\u2018\u2019\u201A\u201B";
    const doubled = "O''Brien\u2018\u2018\u2019\u2019\u201A\u201A\u201B\u201B";
    const inputs = changed('contoso', ({ edge }) => {
      (edge.sendConnectors as unknown[]).push({
        ...mutable(defined(edge.sendConnectors[0])),
        name: hostile,
        identity: hostile,
      });
      (edge.receiveConnectors as unknown[]).push({
        ...mutable(defined(edge.receiveConnectors[1])),
        name: hostile,
        identity: `EDGE01\\${hostile}`,
        permissions: [],
      });
      (edge.acceptedDomains as unknown[]).push({
        name: hostile,
        domainName: 'fabrikam.com',
        domainType: 'Authoritative',
        default: false,
      });
      (defined(edge.receiveConnectors[0]).permissions as unknown[]).push({
        user: `EDGE01\\${hostile}`,
        extendedRights: [`ms-Exch-SMTP-Submit'; Remove-Item C:\\ #`],
        deny: false,
      });
    });
    const titles = driftOf(readRepoFile('examples', 'contoso.edgeflow.json'), inputs).flatMap((f) =>
      (f.fixes?.() ?? []).map((fix) => fix.title),
    );
    const suggested = titles.filter((t) => /Remove-/.test(t));
    assert.equal(suggested.length, 4, titles.join('\n'));
    for (const title of suggested) {
      assert.ok(title.includes(doubled), title);
      assert.ok(!title.includes(`${hostile}'`), title);
    }
    const rights = suggested.find((t) => t.includes('Remove-ADPermission')) ?? '';
    assert.match(rights, /-ExtendedRights @\('ms-Exch-SMTP-Submit''; Remove-Item C:\\ #'\)/);
  });
});
