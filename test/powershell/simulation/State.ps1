# The simulated Exchange's state, in memory: one store per Edge Transport server (its own AD LDS
# instance) and one for the organization (Active Directory), plus what the host answers about the
# network. Loaded from the world file the test writes (test/powershell/support/world.ts).

function Initialize-SimWorld {
    param([Parameter(Mandatory = $true)] $World)
    # The simulation's own failures stop it (this scope only; the scripts keep the shell's default).
    $ErrorActionPreference = 'Stop'
    $global:Sim = @{
        World = $World
        Role = ''
        Computer = ''
        Edges = @{}
        Org = (New-SimStore)
        TrustedRoot = @{}
        Calls = [System.Collections.Generic.List[object]]::new()
        CredentialPrompts = 0
        ConfirmPrompts = [System.Collections.Generic.List[string]]::new()
        FailOn = $null
        Catalogue = $global:SimCatalogue
    }
    foreach ($edge in @($World.edges)) {
        $store = New-SimStore
        $store.LocalAccounts = @($edge.localAccounts)
        # The certificate the topology declares (a third-party one, with its thumbprint and subject when
        # given), or the self-signed one Exchange setup creates, named after the server.
        $declared = $edge.certificate
        $selfSigned = ($null -eq $declared -or $declared.type -ne 'thirdParty')
        $subject = if ($declared -and $declared.subject) { $declared.subject } else { 'CN=' + $edge.name }
        $certificate = New-SimCertificate -Subject $subject -Domains @($edge.name, $edge.fqdn) -SelfSigned $selfSigned
        if ($declared -and $declared.thumbprint) { $certificate.Thumbprint = $declared.thumbprint }
        $store.Certificates.Add($certificate)
        # exchange-rules.md 3.1 (receive-connectors.md): the one receive connector setup creates on an Edge.
        $store.ReceiveConnectors.Add(@{
                Name = 'Default internal receive connector ' + $edge.name
                Server = $edge.name
                Props = @{
                    Bindings = @(ConvertTo-SimBinding '0.0.0.0:25')
                    RemoteIPRanges = @(ConvertTo-SimRange '0.0.0.0-255.255.255.255')
                    AuthMechanism = (ConvertTo-SimFlags 'AuthMechanisms' @('Tls', 'ExchangeServer') (Get-SimAllowed 'New-ReceiveConnector' 'AuthMechanism'))
                    PermissionGroups = (ConvertTo-SimFlags 'PermissionGroups' @('AnonymousUsers', 'ExchangeServers', 'Partners') (Get-SimAllowed 'New-ReceiveConnector' 'PermissionGroups'))
                }
            })
        $global:Sim.Edges[$edge.name.ToLowerInvariant()] = $store
    }
    # exchange-rules.md 3.2 (receive-connectors.md, "Default Receive connectors created during
    # setup"): the receive connectors every Mailbox server has, as the engine's
    # builtInReceiveConnectors.ts lists them.
    $builtIns = @(
        @{ Prefix = 'Default Frontend '; Binding = '0.0.0.0:25'; Role = 'FrontendTransport'; Auth = @('Tls', 'Integrated', 'BasicAuth', 'BasicAuthRequireTLS', 'ExchangeServer'); Groups = @('AnonymousUsers', 'ExchangeServers', 'ExchangeLegacyServers') },
        @{ Prefix = 'Client Frontend '; Binding = '0.0.0.0:587'; Role = 'FrontendTransport'; Auth = @('Tls', 'Integrated', 'BasicAuth', 'BasicAuthRequireTLS'); Groups = @('ExchangeUsers') },
        @{ Prefix = 'Outbound Proxy Frontend '; Binding = '0.0.0.0:717'; Role = 'FrontendTransport'; Auth = @('Tls', 'Integrated', 'BasicAuth', 'BasicAuthRequireTLS', 'ExchangeServer'); Groups = @('ExchangeServers') },
        @{ Prefix = 'Default '; Binding = '0.0.0.0:2525'; Role = 'HubTransport'; Auth = @('Tls', 'Integrated', 'BasicAuth', 'ExchangeServer'); Groups = @('ExchangeUsers', 'ExchangeServers', 'ExchangeLegacyServers') },
        @{ Prefix = 'Client Proxy '; Binding = '0.0.0.0:465'; Role = 'HubTransport'; Auth = @('Tls', 'Integrated', 'BasicAuth', 'BasicAuthRequireTLS', 'ExchangeServer'); Groups = @('ExchangeUsers', 'ExchangeServers') }
    )
    foreach ($mailbox in @($World.mailboxes)) {
        $global:Sim.TrustedRoot[$mailbox.fqdn.ToLowerInvariant()] = [System.Collections.Generic.List[string]]::new()
        # Exchange setup's self-signed certificate of each Mailbox server, for SMTP among others,
        # naming the server and its FQDN (digital-certificates-ssl.md, "Exchange self-signed certificate").
        $own = New-SimCertificate -Subject ('CN=' + $mailbox.name) -Domains @($mailbox.name, $mailbox.fqdn) -SelfSigned $true
        $own.Server = $mailbox.name
        $global:Sim.Org.Certificates.Add($own)
        foreach ($builtIn in $builtIns) {
            $global:Sim.Org.ReceiveConnectors.Add(@{
                    Name = $builtIn.Prefix + $mailbox.name
                    Server = $mailbox.name
                    Props = @{
                        Bindings = @(ConvertTo-SimBinding $builtIn.Binding)
                        RemoteIPRanges = @(ConvertTo-SimRange '0.0.0.0-255.255.255.255')
                        TransportRole = $builtIn.Role
                        AuthMechanism = (ConvertTo-SimFlags 'AuthMechanisms' $builtIn.Auth (Get-SimAllowed 'New-ReceiveConnector' 'AuthMechanism'))
                        PermissionGroups = (ConvertTo-SimFlags 'PermissionGroups' $builtIn.Groups (Get-SimAllowed 'New-ReceiveConnector' 'PermissionGroups'))
                    }
                })
        }
    }
    $global:Sim.Org.Groups['Exchange Servers'] = @($World.exchangeServersMembers)
    $global:Sim.Org.Users = @($World.organizationAccounts)
}

function New-SimStore {
    return @{
        AcceptedDomains = [System.Collections.Generic.List[object]]::new()
        SendConnectors = [System.Collections.Generic.List[object]]::new()
        ReceiveConnectors = [System.Collections.Generic.List[object]]::new()
        Certificates = [System.Collections.Generic.List[object]]::new()
        Permissions = [System.Collections.Generic.List[object]]::new()
        LocalAccounts = @()
        Groups = @{}
        Users = @()
    }
}

# A real self-signed certificate (the scripts export its DER bytes and import them elsewhere).
function New-SimCertificate {
    param([string]$Subject, [string[]]$Domains, [bool]$SelfSigned)
    $ErrorActionPreference = 'Stop'
    $key = [System.Security.Cryptography.RSA]::Create(2048)
    # A (hostile) name that is no valid X.500 name or DNS name is left out of the certificate
    # itself; CertificateDomains, what Get-ExchangeCertificate reports, keeps it.
    $distinguished = try { [System.Security.Cryptography.X509Certificates.X500DistinguishedName]::new($Subject) } catch { [System.Security.Cryptography.X509Certificates.X500DistinguishedName]::new('CN=EdgeFlowSim') }
    $request = [System.Security.Cryptography.X509Certificates.CertificateRequest]::new($distinguished, $key, [System.Security.Cryptography.HashAlgorithmName]::SHA256, [System.Security.Cryptography.RSASignaturePadding]::Pkcs1)
    $names = [System.Security.Cryptography.X509Certificates.SubjectAlternativeNameBuilder]::new()
    foreach ($domain in @($Domains | Where-Object { $_ })) { try { $names.AddDnsName($domain) } catch { Write-Verbose ('not a DNS name: ' + $domain) } }
    $request.CertificateExtensions.Add($names.Build())
    $now = [DateTimeOffset]::UtcNow
    $certificate = $request.CreateSelfSigned($now.AddDays(-1), $now.AddYears(5))
    return @{
        Thumbprint = $certificate.Thumbprint
        Subject = $Subject
        CertificateDomains = @($Domains | Where-Object { $_ })
        IsSelfSigned = $SelfSigned
        Services = 'IMAP, POP, SMTP'
        RawData = $certificate.RawData
        NotAfter = $certificate.NotAfter
    }
}

# The store the current server's cmdlets work on: the Edge's own, or the organization's.
function Get-SimStore {
    if ($global:Sim.Role -eq 'Edge') { return $global:Sim.Edges[$global:Sim.Computer.ToLowerInvariant()] }
    return $global:Sim.Org
}

function Get-SimWorldServer {
    param([string]$Identity)
    $key = $Identity.Trim().ToLowerInvariant()
    foreach ($server in @($global:Sim.World.mailboxes) + @($global:Sim.World.edges)) {
        if ($server.name.ToLowerInvariant() -eq $key -or ([string]$server.fqdn).ToLowerInvariant() -eq $key) { return $server }
    }
    return $null
}

function Get-SimAllowed {
    param([string]$Cmdlet, [string]$Parameter)
    $entry = $global:SimCatalogue[$Cmdlet][$Parameter]
    if ($null -eq $entry) { return @() }
    return @($entry.Values)
}

# A stable text form of all state (for "nothing changed" comparisons): every object as the Get-*
# cmdlets would return it (so that a property set to the value it already read as is no change),
# and no call log.
function Get-SimStateText {
    $role = $global:Sim.Role
    $computer = $global:Sim.Computer
    $stores = [ordered]@{}
    try {
        foreach ($name in ($global:Sim.Edges.Keys | Sort-Object)) {
            $global:Sim.Role = 'Edge'
            $global:Sim.Computer = ($global:Sim.World.edges | Where-Object { $_.name.ToLowerInvariant() -eq $name }).name
            $stores[$name] = Get-SimStoreView $global:Sim.Edges[$name]
        }
        $global:Sim.Role = 'Mailbox'
        $global:Sim.Computer = @($global:Sim.World.mailboxes)[0].name
        $stores['organization'] = Get-SimStoreView $global:Sim.Org
    } finally {
        $global:Sim.Role = $role
        $global:Sim.Computer = $computer
    }
    $stores['trustedRoot'] = $global:Sim.TrustedRoot
    return (ConvertTo-Json -InputObject (ConvertTo-SimPlain $stores) -Depth 12 -Compress)
}

function Get-SimStoreView {
    param([hashtable]$Store)
    return [ordered]@{
        AcceptedDomains = $Store.AcceptedDomains
        SendConnectors = @($Store.SendConnectors | ForEach-Object { ConvertTo-SimObjectTable (ConvertTo-SimConnectorObject $_) })
        ReceiveConnectors = @($Store.ReceiveConnectors | ForEach-Object { ConvertTo-SimObjectTable (ConvertTo-SimConnectorObject $_) })
        Permissions = $Store.Permissions
        Certificates = @($Store.Certificates | ForEach-Object { $_.Thumbprint })
    }
}

function ConvertTo-SimObjectTable {
    param($Object)
    $table = [ordered]@{}
    foreach ($property in $Object.PSObject.Properties) { $table[$property.Name] = $property.Value }
    return $table
}

function ConvertTo-SimPlain {
    param($Value)
    if ($null -eq $Value) { return $null }
    if ($Value -is [string] -or $Value -is [ValueType]) { return $Value }
    if ($Value -is [byte[]]) { return [Convert]::ToBase64String($Value) }
    if ($Value -is [pscredential]) { return 'credential:' + $Value.UserName }
    if (Test-SimValue $Value) { return [string]$Value.SimText }
    if ($Value -is [System.Collections.IDictionary]) {
        $result = [ordered]@{}
        foreach ($key in ($Value.Keys | Sort-Object)) { $result[[string]$key] = ConvertTo-SimPlain $Value[$key] }
        return $result
    }
    if ($Value -is [System.Collections.IEnumerable]) { return @($Value | ForEach-Object { ConvertTo-SimPlain $_ }) }
    return [string]$Value
}
