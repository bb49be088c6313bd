import * as assert from 'node:assert/strict';
import { analyze } from '../../../server/src/core';
import {
  BYTE_ORDER_MARK,
  CONTENT_HASH_PLACEHOLDER,
  generateScripts,
  type GeneratedFile,
} from '../../../server/src/core/generate';
import { ScriptWriter } from '../../../server/src/core/generate/scriptWriter';
import {
  certificateFilter,
  usesExternalAuthoritative,
} from '../../../server/src/core/generate/scriptFacts';
import { exampleNames, fileOf, generateExample, generateFrom } from '../../support/generation';
import { readRepoFile } from '../../support/repo';
import { withAppended, withValue } from '../../support/topology';

const CONFIGURATION_KINDS = new Set(['edge', 'mailbox']);

function lines(content: string): string[] {
  return content.split('\n');
}

/** The head of the innermost block around line `index` (the nearest less-indented line). */
function enclosingHead(all: readonly string[], index: number): string {
  const indent = (l: string) => l.length - l.trimStart().length;
  const own = indent(all[index] ?? '');
  for (let i = index - 1; i >= 0; i--) {
    const line = all[i] ?? '';
    if (line.trim() !== '' && indent(line) < own) return line.trim();
  }
  return '';
}

describe('script generation', () => {
  it('names the files after the topology and the Edge servers, in topology order', () => {
    assert.deepEqual(
      generateExample('two-edges').map((f) => `${f.kind} ${f.fileName} ${f.server ?? '-'}`),
      [
        'edge two-edges.EDGE01.edge.ps1 EDGE01',
        'edge two-edges.EDGE02.edge.ps1 EDGE02',
        'mailbox two-edges.mailbox.ps1 -',
        'edge-verify two-edges.EDGE01.verify.ps1 EDGE01',
        'edge-verify two-edges.EDGE02.verify.ps1 EDGE02',
        'mailbox-verify two-edges.mailbox.verify.ps1 -',
      ],
    );
  });

  it('is deterministic: the same topology gives the same bytes', () => {
    for (const example of exampleNames())
      assert.deepEqual(generateExample(example), generateExample(example), example);
  });

  it('refuses while the topology has an error, and lists the errors', () => {
    const text = withValue(
      readRepoFile('examples', 'contoso.edgeflow.json'),
      ['sendConnectors', 0, 'port'],
      'x',
    );
    const result = generateScripts(analyze(text), 'contoso');
    assert.equal(result.ok, false);
    assert.ok(
      !result.ok && result.errors.some((e) => e.code === 'schema' && e.severity === 'error'),
    );
    assert.ok(!result.ok && result.errors.every((e) => e.severity === 'error'));
  });

  it('generates only the verification scripts on request', () => {
    const analysis = analyze(readRepoFile('examples', 'contoso.edgeflow.json'));
    const result = generateScripts(analysis, 'contoso', { verifyOnly: true });
    assert.ok(result.ok);
    assert.deepEqual(
      result.files.map((f) => f.fileName),
      ['contoso.EDGE01.verify.ps1', 'contoso.mailbox.verify.ps1'],
    );
  });

  describe('every script', () => {
    // Generated in beforeEach, for each test, rather than once as the file loads: a mutation
    // run (npm run mutate) then sees which tests run the generation, and runs them again.
    let all: GeneratedFile[] = [];
    beforeEach(() => {
      all = exampleNames().flatMap((example) => generateExample(example));
    });

    it('starts with a byte-order mark and the content-hash line, and uses LF line endings', () => {
      for (const file of all) {
        assert.ok(
          file.content.startsWith(
            `${BYTE_ORDER_MARK}# EdgeFlow-Content-Hash: ${CONTENT_HASH_PLACEHOLDER}\n`,
          ),
          file.fileName,
        );
        assert.equal(file.content.split(CONTENT_HASH_PLACEHOLDER).length, 2, file.fileName);
        assert.ok(!file.content.includes('\r'), file.fileName);
        assert.ok(file.content.endsWith('}\n') || file.content.endsWith('exit 0\n'), file.fileName);
      }
    });

    it('uses the real property and parameter names, never the documentation typos', () => {
      for (const file of all) {
        assert.doesNotMatch(
          file.content,
          /DSNRoutingEnabled|AuthMechanisms\b|ServerName>/,
          file.fileName,
        );
        assert.doesNotMatch(file.content, /linkProtection/i, file.fileName);
      }
    });

    it('never reads a connector with an identity that could be $null', () => {
      for (const file of all) {
        for (const line of lines(file.content).filter((l) =>
          /Get-(Send|Receive)Connector\b/.test(l),
        ))
          // A literal identity, or (the verification's inventory of undeclared connectors) all of
          // them on purpose: every send connector, or the receive connectors of a literal server.
          assert.match(
            line,
            /Get-(Send|Receive)Connector -Identity '|Get-SendConnector -ErrorAction Stop \| Where-Object \{ \$declaredConnectors -notcontains|Get-ReceiveConnector -Server '[^']*' -ErrorAction Stop \| Where-Object \{ \$declaredConnectors -notcontains/,
            `${file.fileName}: ${line}`,
          );
      }
    });

    it('changes nothing outside a ShouldProcess block', () => {
      for (const file of all.filter((f) => CONFIGURATION_KINDS.has(f.kind))) {
        const content = lines(file.content);
        content.forEach((line, index) => {
          if (!/^\s*(New-|Set-|Invoke-Command |\[System\.IO\.File\]::WriteAllBytes)/.test(line))
            return;
          assert.match(
            enclosingHead(content, index),
            /\$PSCmdlet\.ShouldProcess\(/,
            `${file.fileName}: ${line}`,
          );
        });
        assert.match(file.content, /^\[CmdletBinding\(SupportsShouldProcess\)\]$/m, file.fileName);
        assert.match(file.content, /^\$ErrorActionPreference = 'Stop'$/m, file.fileName);
      }
    });

    it('sets Usage only when it creates a connector', () => {
      for (const file of all.filter((f) => CONFIGURATION_KINDS.has(f.kind))) {
        for (const line of lines(file.content).filter((l) => l.includes('-Usage ')))
          assert.match(line, /^\s*New-(Send|Receive)Connector /, `${file.fileName}: ${line}`);
      }
    });

    it('asks for each credential once, with the user name filled in, and only where used', () => {
      for (const file of all) {
        const asked = lines(file.content).filter((l) => l.includes('= Get-Credential'));
        const users = asked.map((l) => /-UserName ('(?:[^']|'')*')/.exec(l)?.[1]);
        assert.ok(
          users.every((u) => u !== undefined),
          file.fileName,
        );
        assert.equal(new Set(users).size, users.length, file.fileName);
        for (const [index] of asked.entries())
          assert.match(
            file.content,
            new RegExp(`-AuthenticationCredential \\$credential${index + 1}\\b`),
            file.fileName,
          );
        if (!CONFIGURATION_KINDS.has(file.kind)) assert.equal(asked.length, 0, file.fileName);
      }
    });
  });

  describe('for the reference scenario (contoso)', () => {
    // Generated in beforeEach, for each test, rather than once as the file loads: a mutation
    // run (npm run mutate) then sees which tests run the generation, and runs them again.
    let edge = '';
    let mailbox = '';
    let edgeVerify = '';
    let mailboxVerify = '';
    beforeEach(() => {
      const files = generateExample('contoso');
      edge = fileOf(files, 'edge', 'EDGE01');
      mailbox = fileOf(files, 'mailbox');
      edgeVerify = fileOf(files, 'edge-verify', 'EDGE01');
      mailboxVerify = fileOf(files, 'mailbox-verify');
    });

    it('creates the accepted domain the Microsoft page forgets', () => {
      assert.match(
        edge,
        /New-AcceptedDomain -Name 'contoso\.com' -DomainName 'contoso\.com' -DomainType 'Authoritative'/,
      );
    });

    it('writes the five cmdlets of the scenario with its values', () => {
      assert.ok(
        edge.includes(
          "New-SendConnector -Name 'To Internet' -Usage 'Internet' -AddressSpaces @('*') -DNSRoutingEnabled $true -ErrorAction Stop -Confirm:$false\n",
        ),
      );
      assert.ok(
        edge.includes(
          "New-SendConnector -Name 'To Internal Org' -Usage 'Internal' -AddressSpaces @('--') -DNSRoutingEnabled $false -SmartHosts @('mbxserver01.contoso.com', 'mbxserver02.contoso.com') -SmartHostAuthMechanism 'BasicAuthRequireTLS' -AuthenticationCredential $credential1 -ErrorAction Stop -Confirm:$false\n",
        ),
      );
      assert.ok(
        edge.includes(
          "Set-ReceiveConnector -Identity 'EDGE01\\Default internal receive connector EDGE01' -Name 'From Internet' -Bindings @('10.1.1.1:25') -ErrorAction Stop -Confirm:$false\n",
        ),
      );
      assert.ok(
        edge.includes(
          "New-ReceiveConnector -Name 'From Internal Org' -Server 'EDGE01' -Usage 'Internal' -AuthMechanism @('Tls', 'BasicAuth', 'BasicAuthRequireTLS', 'ExchangeServer') -Bindings @('10.1.1.2:25') -RemoteIPRanges @('192.168.5.10', '192.168.5.20') -ErrorAction Stop -Confirm:$false\n",
        ),
      );
      assert.ok(
        mailbox.includes(
          "New-SendConnector -Name 'To Edge' -Usage 'Internal' -AddressSpaces @('*') -DNSRoutingEnabled $false -SmartHosts @('edge01.contoso.net') -SourceTransportServers @('MBX01', 'MBX02') -SmartHostAuthMechanism 'BasicAuthRequireTLS' -AuthenticationCredential $credential1 -ErrorAction Stop -Confirm:$false\n",
        ),
      );
    });

    it('never creates the default receive connector, and updates it under its new name once renamed', () => {
      assert.doesNotMatch(edge, /New-ReceiveConnector -Name 'From Internet'/);
      assert.match(
        edge,
        /Get-ReceiveConnector -Identity 'EDGE01\\Default internal receive connector EDGE01' .*\nif \(\$null -ne \$receiveConnector\) \{\n/,
      );
      assert.match(
        edge,
        /Set-ReceiveConnector -Identity 'EDGE01\\From Internet' -Bindings @\('10\.1\.1\.1:25'\)/,
      );
    });

    it('fills in the user names of the credentials', () => {
      assert.match(edge, /Get-Credential -UserName 'CONTOSO\\edgerelay'/);
      assert.match(mailbox, /Get-Credential -UserName 'EDGE01\\mbxrelay'/);
      // The Edge script names the organization's account only to grant it rights, never to ask for it.
      assert.doesNotMatch(edge, /Get-Credential -UserName 'EDGE01\\mbxrelay'/);
      assert.match(edge, /Add-ADPermission .* -User 'EDGE01\\mbxrelay'/);
    });

    it('exports the self-signed Edge certificate and imports it on every Mailbox server', () => {
      assert.match(edge, /\[string\]\$CertificatePath = '\.\\EDGE01\.cer'/);
      assert.match(edge, /WriteAllBytes\(\$certificateFile, \$certificates\[0\]\.RawData\)/);
      assert.match(mailbox, /\[string\]\$Edge1CertificatePath = '\.\\EDGE01\.cer'/);
      for (const server of ['mbxserver01.contoso.com', 'mbxserver02.contoso.com'])
        assert.ok(
          mailbox.includes(
            `Invoke-Command -ComputerName '${server}' -ScriptBlock $addToTrustedRoot`,
          ),
          server,
        );
    });

    it('verifies with -Json, PASS/FAIL lines and exit 1', () => {
      for (const script of [edgeVerify, mailboxVerify]) {
        assert.match(script, /^\[CmdletBinding\(\)\]$/m);
        assert.match(script, /\[switch\]\$Json/);
        assert.match(script, /ConvertTo-Json -InputObject \$results\.ToArray\(\) -Depth 4/);
        assert.match(script, /if \(\$failed -gt 0\) \{ exit 1 \}/);
        assert.doesNotMatch(script, /\b(New|Set)-(Send|Receive)Connector\b|New-AcceptedDomain/);
      }
    });

    it('checks what the Microsoft page gets wrong', () => {
      assert.match(edgeVerify, /-Actual \$sendConnector\.DNSRoutingEnabled/);
      assert.match(edgeVerify, /-Actual \$receiveConnector\.AuthMechanism\b/);
      assert.match(
        edgeVerify,
        /Get-AcceptedDomain -ErrorAction Stop \| Where-Object \{ \[string\]\$_\.DomainName -eq 'contoso\.com' \}/,
      );
      // Usage cannot be read back: what it implies is checked instead.
      assert.match(mailboxVerify, /MaxMessageSize \(unlimited, implied by Usage Internal\)'/);
      assert.match(
        edgeVerify,
        /PermissionGroups include ExchangeServers \(implied by Usage Internal\)'/,
      );
      assert.doesNotMatch(edgeVerify + mailboxVerify, /\.Usage\b/);
      // The Edge name must resolve, from the Mailbox servers, to the organization-facing binding.
      assert.match(
        mailboxVerify,
        /Test-EdgeFlowResolution -Name '[^']*' -HostName 'edge01\.contoso\.net' -ExpectedAddresses @\('10\.1\.1\.2'\)/,
      );
      assert.match(
        mailboxVerify,
        /Test-EdgeFlowTcpPort -Name '[^']*' -HostName 'edge01\.contoso\.net' -Port 25/,
      );
      assert.match(
        edgeVerify,
        /Test-EdgeFlowTcpPort -Name '[^']*' -HostName 'mbxserver02\.contoso\.com' -Port 25/,
      );
    });
  });

  describe('for the Externally Secured design', () => {
    // Generated in beforeEach, for each test, rather than once as the file loads: a mutation
    // run (npm run mutate) then sees which tests run the generation, and runs them again.
    let files: GeneratedFile[] = [];
    beforeEach(() => {
      files = generateExample('externally-secured');
    });

    it('passes no credential and says that IPsec or a VPN must protect the link', () => {
      for (const file of files.filter((f) => CONFIGURATION_KINDS.has(f.kind))) {
        assert.doesNotMatch(
          file.content,
          /Get-Credential|AuthenticationCredential|password/i,
          file.fileName,
        );
        assert.match(file.content, /^# .*IPsec or a VPN/m, file.fileName);
      }
    });

    it('creates the Mailbox receive connector with its server and transport role', () => {
      assert.match(
        fileOf(files, 'mailbox'),
        /New-ReceiveConnector -Name 'From Edge \(Externally Secured\)' -Server 'MBX01' -TransportRole 'FrontendTransport' -Usage 'Custom' /,
      );
    });

    it('exports nothing for a third-party certificate', () => {
      assert.doesNotMatch(fileOf(files, 'edge', 'EDGE01'), /CertificatePath|RawData/);
      assert.doesNotMatch(fileOf(files, 'mailbox'), /CertificatePath|Invoke-Command/);
    });
  });

  describe('script facts', () => {
    it('finds an Externally Secured connector among the send or the receive connectors, either alone', () => {
      const secured = analyze(
        readRepoFile('examples', 'externally-secured.edgeflow.json'),
      ).topology;
      const plain = analyze(readRepoFile('examples', 'contoso.edgeflow.json')).topology;
      const securedSend = secured.sendConnectors.filter(
        (c) => c.smartHostAuthMechanism?.value === 'ExternalAuthoritative',
      );
      const securedReceive = secured.receiveConnectors.filter((c) =>
        c.authMechanism.some((m) => m.value === 'ExternalAuthoritative'),
      );
      assert.ok(securedSend.length > 0 && securedReceive.length > 0);
      assert.equal(usesExternalAuthoritative(securedSend, []), true);
      assert.equal(usesExternalAuthoritative([], securedReceive), true);
      assert.equal(usesExternalAuthoritative([...plain.sendConnectors, ...securedSend], []), true);
      assert.equal(usesExternalAuthoritative(plain.sendConnectors, plain.receiveConnectors), false);
      assert.equal(usesExternalAuthoritative([], []), false);
    });

    it('finds the Edge certificate by thumbprint, else by kind and SMTP, narrowed by subject', () => {
      const smtp = "([string]$_.Services) -match '\\bSMTP\\b'";
      assert.equal(
        certificateFilter(undefined, { quiet: true }),
        `Get-ExchangeCertificate -ErrorAction Stop | Where-Object { $_.IsSelfSigned -and ${smtp} }`,
      );
      assert.equal(
        certificateFilter(
          { type: 'thirdParty', thumbprint: 'AB12', subject: 'CN=edge01' },
          { quiet: true },
        ),
        `Get-ExchangeCertificate -Thumbprint 'AB12' -ErrorAction SilentlyContinue | Where-Object { -not $_.IsSelfSigned -and ${smtp} -and $_.Subject -eq 'CN=edge01' }`,
      );
      assert.equal(
        certificateFilter(
          { type: 'selfSigned', thumbprint: 'AB12', subject: undefined },
          { quiet: false },
        ),
        `Get-ExchangeCertificate -Thumbprint 'AB12' -ErrorAction Stop | Where-Object { $_.IsSelfSigned -and ${smtp} }`,
      );
    });
  });

  describe('the Mailbox verification of certificate names', () => {
    const base = readRepoFile('test', 'fixtures', 'base.edgeflow.json');
    const ORG = ['sendConnectors', 1];
    /** Each Mailbox server whose certificate is read, and each name checked on it, in order. */
    const checked = (text: string) =>
      fileOf(generateFrom(text, 'topology'), 'mailbox-verify')
        .split('\n')
        .flatMap((line) => {
          const server = /Get-ExchangeCertificate -Server '([^']*)'/.exec(line)?.[1];
          if (server) return [`server ${server}`];
          const host = /-HostName '([^']*)' -Certificates .*/.exec(line)?.[1];
          return host && line.includes('the name the Edge connects to') ? [`name ${host}`] : [];
        });

    it('checks, on each Mailbox server the Edge logs on to over required TLS, the name it connects by', () => {
      assert.deepEqual(checked(base), [
        'server MBX01',
        'name mbxserver01.contoso.com',
        'server MBX02',
        'name mbxserver02.contoso.com',
      ]);
      const requireTls = withValue(
        withValue(base, [...ORG, 'smartHostAuthMechanism'], 'BasicAuth'),
        [...ORG, 'requireTLS'],
        true,
      );
      assert.deepEqual(checked(requireTls), checked(base));
    });

    it('checks no name where TLS is not required, nor for an IP address, an unknown host or a disabled connector', () => {
      assert.deepEqual(
        checked(withValue(base, [...ORG, 'smartHostAuthMechanism'], 'BasicAuth')),
        [],
      );
      assert.deepEqual(
        checked(
          withValue(
            base,
            [...ORG, 'smartHosts'],
            ['192.168.5.10', 'relay.contoso.com', 'mbxserver02.contoso.com'],
          ),
        ),
        ['server MBX02', 'name mbxserver02.contoso.com'],
      );
      const old = {
        name: 'Old To Org',
        server: 'EDGE01',
        usage: 'Internal',
        addressSpaces: ['--'],
        dnsRoutingEnabled: false,
        smartHosts: ['MBX02'],
        smartHostAuthMechanism: 'BasicAuthRequireTLS',
        authenticationCredential: 'EdgeToOrg',
      };
      assert.deepEqual(
        checked(withAppended(base, ['sendConnectors'], { ...old, enabled: false })),
        checked(base),
      );
      assert.deepEqual(checked(withAppended(base, ['sendConnectors'], old)), [
        ...checked(base),
        'name MBX02',
      ]);
    });

    it('checks each name once per server, trimmed, as the Edge connects by it', () => {
      const text = withValue(
        base,
        [...ORG, 'smartHosts'],
        [' mbxserver01.contoso.com', 'MBX01', 'mbxserver02.contoso.com'],
      );
      assert.deepEqual(checked(text), [
        'server MBX01',
        'name mbxserver01.contoso.com',
        'name MBX01',
        'server MBX02',
        'name mbxserver02.contoso.com',
      ]);
    });
  });

  describe('the script writer', () => {
    const words = Array.from({ length: 60 }, (_, i) => `word${i}`).join(' ');
    const linesOf = (w: ScriptWriter) => w.text().replace(BYTE_ORDER_MARK, '').split('\n');

    it('wraps comments within 98 columns, indentation included, filling each line', () => {
      const w = new ScriptWriter();
      w.comment(words);
      w.block('if ($true)', () => w.block('if ($true)', () => w.comment(words)));
      const comments = linesOf(w).filter((l) => l.trimStart().startsWith('#'));
      assert.ok(comments.length > 6);
      for (const line of comments) assert.ok(line.length <= 98, `${line.length}: ${line}`);
      const nested = comments.filter((l) => l.startsWith('        # '));
      assert.ok(nested.length > 3);
      assert.ok(nested.slice(0, -1).every((l) => l.length > 90));
    });

    it('writes an empty line without indentation, at any depth', () => {
      const w = new ScriptWriter();
      w.block('if ($true)', () => w.line().line('x').line());
      assert.deepEqual(linesOf(w), ['if ($true) {', '', '    x', '', '}', '']);
    });

    it('writes an empty paragraph as a lone #, and a word longer than the line on a line of its own', () => {
      const w = new ScriptWriter();
      w.comment('first', '', `${'x'.repeat(120)} last`);
      assert.deepEqual(linesOf(w), ['# first', '#', `# ${'x'.repeat(120)}`, '# last', '']);
    });
  });

  describe('the verification of a declared connector', () => {
    const base = readRepoFile('test', 'fixtures', 'base.edgeflow.json');
    const ORG = ['sendConnectors', 1];
    const RECEIVE = ['receiveConnectors', 1];
    /** The lines of a generated script that match, trimmed. */
    const linesIn = (text: string, kind: GeneratedFile['kind'], pattern: RegExp) =>
      fileOf(generateFrom(text, 'topology'), kind)
        .split('\n')
        .map((l) => l.trim())
        .filter((l) => pattern.test(l));
    const USAGE_NOT_READABLE =
      "-Actual 'not readable: Usage is set at creation and Exchange keeps no property for it'";

    it('implies the unlimited size of Usage Internal only when maxMessageSize is not declared', () => {
      const pattern = /^\S+ -Name 'Send connector "To Internal Org": (MaxMessageSize|Usage)/;
      assert.deepEqual(linesIn(base, 'edge-verify', pattern), [
        `Compare-EdgeFlowValue -Name 'Send connector "To Internal Org": MaxMessageSize (unlimited, implied by Usage Internal)' -Kind 'size' -Expected 'unlimited' -Actual $sendConnector.MaxMessageSize`,
      ]);
      assert.deepEqual(
        linesIn(withValue(base, [...ORG, 'maxMessageSize'], '10MB'), 'edge-verify', pattern),
        [
          `Compare-EdgeFlowValue -Name 'Send connector "To Internal Org": MaxMessageSize' -Kind 'size' -Expected '10MB' -Actual $sendConnector.MaxMessageSize`,
          `Add-EdgeFlowResult -Name 'Send connector "To Internal Org": Usage' -Status 'INFO' -Expected 'Internal' ${USAGE_NOT_READABLE}`,
        ],
      );
      assert.deepEqual(
        linesIn(withValue(base, [...ORG, 'usage'], undefined), 'edge-verify', pattern),
        [],
      );
    });

    it('tests the declared port of each smart host, and resolves only names', () => {
      const text = withValue(
        withValue(base, [...ORG, 'port'], 587),
        [...ORG, 'smartHosts'],
        ['192.168.5.10', 'mbxserver02.contoso.com'],
      );
      assert.deepEqual(
        linesIn(text, 'edge-verify', /"To Internal Org": smart host/).map(
          (l) => /^\S+ -Name '([^']*)'/.exec(l)?.[1],
        ),
        [
          'Send connector "To Internal Org": smart host 192.168.5.10, TCP port 587',
          'Send connector "To Internal Org": smart host mbxserver02.contoso.com, name resolution',
          'Send connector "To Internal Org": smart host mbxserver02.contoso.com, TCP port 587',
        ],
      );
      assert.ok(linesIn(text, 'edge-verify', /-Port 587$/).length === 2);
    });

    it('expects the source servers by name, as Exchange prints them, whether named or given by FQDN', () => {
      const text = withValue(
        base,
        ['sendConnectors', 2, 'sourceTransportServers'],
        ['mbxserver01.contoso.com', 'MBX02'],
      );
      assert.deepEqual(linesIn(text, 'mailbox-verify', /SourceTransportServers/), [
        `Compare-EdgeFlowValue -Name 'Send connector "To Edge": SourceTransportServers' -Kind 'name' -Expected @('MBX01', 'MBX02') -Actual $sendConnector.SourceTransportServers`,
      ]);
    });

    it('reads back nothing for a property that is no parameter (a schema warning)', () => {
      for (const path of [ORG, RECEIVE]) {
        const text = withValue(base, [...path, 'colour'], 'blue');
        assert.deepEqual(linesIn(text, 'edge-verify', /colour|blue/i), []);
        assert.deepEqual(linesIn(text, 'edge', /colour|blue/i), []);
      }
    });

    it('checks Enabled once, declared or not', () => {
      const pattern = /"EDGE01\\From Internal Org": Enabled'/;
      const expected = [
        `Compare-EdgeFlowValue -Name 'Receive connector "EDGE01\\From Internal Org": Enabled' -Kind 'bool' -Expected $true -Actual $receiveConnector.Enabled`,
      ];
      assert.deepEqual(linesIn(base, 'edge-verify', pattern), expected);
      assert.deepEqual(
        linesIn(withValue(base, [...RECEIVE, 'enabled'], true), 'edge-verify', pattern),
        expected,
      );
    });

    it('reports a Usage that implies no permission group as information, and checks what it implies otherwise', () => {
      const pattern = /"EDGE01\\From Internal Org": (PermissionGroups|AuthMechanism include|Usage)/;
      assert.deepEqual(linesIn(base, 'edge-verify', pattern), [
        `Compare-EdgeFlowValue -Name 'Receive connector "EDGE01\\From Internal Org": PermissionGroups include ExchangeServers (implied by Usage Internal)' -Kind 'flags' -Expected @('ExchangeServers') -Actual $receiveConnector.PermissionGroups -Subset`,
      ]);
      assert.deepEqual(
        linesIn(withValue(base, [...RECEIVE, 'usage'], 'Custom'), 'edge-verify', pattern),
        [
          `Add-EdgeFlowResult -Name 'Receive connector "EDGE01\\From Internal Org": Usage' -Status 'INFO' -Expected 'Custom' ${USAGE_NOT_READABLE}`,
        ],
      );
      assert.deepEqual(
        linesIn(withValue(base, [...RECEIVE, 'usage'], undefined), 'edge-verify', pattern),
        [],
      );
    });
  });
});
