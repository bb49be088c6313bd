import * as assert from 'node:assert/strict';
import { analyze } from '../../../server/src/core';
import {
  BYTE_ORDER_MARK,
  CONTENT_HASH_PLACEHOLDER,
  generateScripts,
  type GeneratedFile,
} from '../../../server/src/core/generate';
import { exampleNames, fileOf, generateExample } from '../../support/generation';
import { readRepoFile } from '../../support/repo';
import { withValue } from '../../support/topology';

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
});
