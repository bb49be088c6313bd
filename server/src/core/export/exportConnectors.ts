import { STOP } from '../generate/exchangeCall';
import type { ScriptWriter } from '../generate/scriptWriter';

/**
 * Get-SendConnector [PS:Get-SendConnector] without Identity returns every send
 * connector of the store the shell reads: on an Edge its AD LDS instance (the
 * Edge's own connectors), on a Mailbox server the organization's. Identity
 * prints as the connector's name. AuthenticationCredential is a PSCredential:
 * only its UserName is read, never its password.
 */
function writeSendConnectors(w: ScriptWriter): void {
  w.comment(
    "Send connectors (Get-SendConnector): an Edge's own, or the organization's. Of AuthenticationCredential only the user name.",
  );
  w.line('$sendConnectors = New-Object System.Collections.Generic.List[object]');
  w.block(`foreach ($connector in @(Get-SendConnector ${STOP}))`, () => {
    w.line('$properties = [ordered]@{}');
    w.line(
      'foreach ($name in $sendProperties) { Set-EdgeFlowProperty -Table $properties -Object $connector -Name $name }',
    );
    w.line("$credential = $connector.PSObject.Properties['AuthenticationCredential']");
    w.line("$properties['AuthenticationCredential'] = $null");
    w.block('if ($null -ne $credential -and $null -ne $credential.Value)', () =>
      w.line(
        "$properties['AuthenticationCredential'] = Get-EdgeFlowText -Object $credential.Value -Name 'UserName'",
      ),
    );
    w.line('$entry = [ordered]@{}');
    w.line("$entry['name'] = Get-EdgeFlowText -Object $connector -Name 'Name'");
    w.line("$entry['identity'] = Get-EdgeFlowText -Object $connector -Name 'Identity'");
    w.line("$entry['properties'] = $properties");
    w.line('$sendConnectors.Add($entry)');
  });
  w.line();
}

/**
 * Get-ReceiveConnector [PS:Get-ReceiveConnector] filters by server with
 * -Server; its reference does not say which servers a call without it
 * covers (its Identity example speaks of "the local server"), so the script
 * names each server: on an Edge itself, on a Mailbox server every Mailbox
 * server. Identity prints as `SERVER\Name`.
 *
 * Get-ADPermission [PS:Get-ADPermission] reads the connector's access-control
 * entries by its distinguished name ("any Active Directory object using its
 * distinguished name"), each with User, ExtendedRights, Deny and IsInherited.
 * Only the entries set on the connector itself that grant or deny extended
 * rights are kept. A permission group is itself a set of such entries on the
 * connector (receive-connectors.md, "Receive connector permission groups"),
 * so on a real server they appear here beside the rights granted one by one:
 * a reader subtracts what the connector's PermissionGroups grant
 * (flow/rights.ts). The simulated Exchange lists only the latter.
 */
function writeReceiveConnectors(w: ScriptWriter): void {
  w.comment(
    "Receive connectors (Get-ReceiveConnector -Server): the Edge's own, or those of every Mailbox server, each with the extended rights set on it (Get-ADPermission, inherited entries left out).",
  );
  w.line('$receiveServers = @($serverName)');
  w.line("if ($role -eq 'Mailbox') { $receiveServers = $mailboxNames.ToArray() }");
  w.line('$receiveConnectors = New-Object System.Collections.Generic.List[object]');
  w.block('foreach ($receiveServer in $receiveServers)', () => {
    w.block(
      `foreach ($connector in @(Get-ReceiveConnector -Server $receiveServer ${STOP}))`,
      () => {
        w.line('$properties = [ordered]@{}');
        w.line(
          'foreach ($name in $receiveProperties) { Set-EdgeFlowProperty -Table $properties -Object $connector -Name $name }',
        );
        w.line('$permissions = New-Object System.Collections.Generic.List[object]');
        w.line("$target = Get-EdgeFlowText -Object $connector -Name 'DistinguishedName'");
        w.line(
          "if ($target -eq '') { $target = Get-EdgeFlowText -Object $connector -Name 'Identity' }",
        );
        w.block(`foreach ($permission in @(Get-ADPermission -Identity $target ${STOP}))`, () => {
          w.line("if (Test-EdgeFlowFlag -Object $permission -Name 'IsInherited') { continue }");
          w.line('$grant = [ordered]@{}');
          w.line("$grant['user'] = Get-EdgeFlowText -Object $permission -Name 'User'");
          w.line(
            "Set-EdgeFlowList -Table $grant -Key 'extendedRights' -Object $permission -Name 'ExtendedRights'",
          );
          w.line("if ($grant['extendedRights'].Length -eq 0) { continue }");
          w.line("$grant['deny'] = Test-EdgeFlowFlag -Object $permission -Name 'Deny'");
          w.line('$permissions.Add($grant)');
        });
        w.line('$entry = [ordered]@{}');
        w.line("$entry['name'] = Get-EdgeFlowText -Object $connector -Name 'Name'");
        w.line("$entry['server'] = Get-EdgeFlowText -Object $connector -Name 'Server'");
        w.line("$entry['identity'] = Get-EdgeFlowText -Object $connector -Name 'Identity'");
        w.line("$entry['properties'] = $properties");
        w.line("$entry['permissions'] = $permissions.ToArray()");
        w.line('$receiveConnectors.Add($entry)');
      },
    );
  });
  w.line();
}

/**
 * Get-ExchangeCertificate [PS:Get-ExchangeCertificate] "is run on the local
 * server" without -Server; its description lists the properties read here:
 * Services (the services the certificate is enabled for: None, Federation,
 * IIS, IMAP, POP, SMTP, UM, UMCallRouter), Subject, CertificateDomains (the
 * names of the Subject Alternative Name field), IsSelfSigned and NotAfter
 * (the expiration date), written in UTC in the round-trip format so that the
 * document does not depend on the server's time zone.
 */
function writeCertificates(w: ScriptWriter): void {
  w.comment('Certificates of this server enabled for SMTP (Get-ExchangeCertificate).');
  w.line('$found = @()');
  w.branches([
    {
      head: "if ($role -eq 'Mailbox')",
      body: () => w.line(`$found = @(Get-ExchangeCertificate -Server $serverName ${STOP})`),
    },
    { head: 'else', body: () => w.line(`$found = @(Get-ExchangeCertificate ${STOP})`) },
  ]);
  w.line('$certificates = New-Object System.Collections.Generic.List[object]');
  w.block('foreach ($certificate in $found)', () => {
    w.line("$services = Get-EdgeFlowText -Object $certificate -Name 'Services'");
    w.line(
      "if (@($services -split ',' | ForEach-Object { $_.Trim() }) -notcontains 'SMTP') { continue }",
    );
    w.line('$entry = [ordered]@{}');
    w.line("$entry['thumbprint'] = Get-EdgeFlowText -Object $certificate -Name 'Thumbprint'");
    w.line("$entry['subject'] = Get-EdgeFlowText -Object $certificate -Name 'Subject'");
    w.line(
      "Set-EdgeFlowList -Table $entry -Key 'certificateDomains' -Object $certificate -Name 'CertificateDomains'",
    );
    w.line("$entry['services'] = $services");
    w.line("$entry['isSelfSigned'] = Test-EdgeFlowFlag -Object $certificate -Name 'IsSelfSigned'");
    w.line("$entry['notAfter'] = ''");
    w.line("$notAfter = $certificate.PSObject.Properties['NotAfter']");
    w.block('if ($null -ne $notAfter -and $notAfter.Value -is [DateTime])', () =>
      w.line(
        "$entry['notAfter'] = $notAfter.Value.ToUniversalTime().ToString('o', [System.Globalization.CultureInfo]::InvariantCulture)",
      ),
    );
    w.line('$certificates.Add($entry)');
  });
  w.line();
}

export function writeConnectorsAndCertificates(w: ScriptWriter): void {
  writeSendConnectors(w);
  writeReceiveConnectors(w);
  writeCertificates(w);
}
