# The refusals Exchange documents, applied to a connector as it would be after the call. Each
# cites its source: the cmdlet page of MicrosoftDocs/office-docs-powershell
# (exchange/exchange-ps/ExchangePowerShell/<Cmdlet>.md) or the rule of
# ../shared/research/exchange-rules.md that collects it (with the Exchange resource string id).
# A refusal throws the error Exchange would write; the proxy writes it as Exchange does.

function Assert-Sim {
    param([bool]$Condition, [string]$Message, [string]$Id)
    if (-not $Condition) { throw (ConvertTo-SimError $Message $Id 'InvalidOperation') }
}

function Get-SimNames {
    param($Flags)
    if ($null -eq $Flags) { return @() }
    return @($Flags.Names)
}

function Assert-SimSendConnector {
    param([hashtable]$Connector, [hashtable]$Bound, $Replacing)
    $props = Get-SimEffective $Connector
    $smartHosts = @($props.SmartHosts | Where-Object { $null -ne $_ })
    $spaces = @($props.AddressSpaces | Where-Object { $null -ne $_ })
    # SC-02, New-SendConnector.md DNSRoutingEnabled/SmartHosts: smart hosts need DNS routing off;
    # $true with smart hosts on the same command fails (DNSRoutingEnabledMustNotBeSpecified) ...
    $boundHosts = @($Bound['SmartHosts'] | Where-Object { $null -ne $_ })
    Assert-Sim (-not ($Bound.ContainsKey('DNSRoutingEnabled') -and $Bound['DNSRoutingEnabled'] -and $boundHosts.Count -gt 0)) 'DNSRoutingEnabled must not be specified as $true together with SmartHosts.' 'DNSRoutingEnabledMustNotBeSpecified'
    # ... and $false needs smart hosts (SmartHostNotSet).
    Assert-Sim (-not ($Bound.ContainsKey('DNSRoutingEnabled') -and -not $Bound['DNSRoutingEnabled'] -and $smartHosts.Count -eq 0)) 'SmartHosts must be set when DNSRoutingEnabled is $false.' 'SmartHostNotSet'
    # SC-05: at least one address space (NoAddressSpaces); SMTP only on an Edge.
    Assert-Sim ($spaces.Count -gt 0) 'The send connector must have at least one address space.' 'NoAddressSpaces'
    foreach ($space in $spaces) {
        Assert-Sim (-not ($global:Sim.Role -eq 'Edge' -and $space.Type -ne 'SMTP')) "The address space '$space' is not of type SMTP, which is the only type on an Edge Transport server." 'SendConnectorNonSmtpAddressSpaceOnEdge'
    }
    # SC-03, send-connectors.md: "--" only on an Edge's connectors, and alone.
    $dashdash = @($spaces | Where-Object { $_.Address -eq '--' })
    if ($dashdash.Count -gt 0) {
        Assert-Sim ($global:Sim.Role -eq 'Edge') 'The address space "--" is valid only on a send connector of an Edge Transport server.' 'SendConnectorDashdashAddressSpaceNotOffEdge'
        Assert-Sim ($spaces.Count -eq 1) 'The address space "--" must be the only address space of the connector.' 'SendConnectorDashdashAddressSpaceNotUnique'
    }
    # SC-06, New-SendConnector.md AuthenticationCredential: Basic authentication needs a credential.
    if ($props.SmartHostAuthMechanism -in 'BasicAuth', 'BasicAuthRequireTLS') {
        Assert-Sim ($null -ne $props.AuthenticationCredential) 'AuthenticationCredential must be set when SmartHostAuthMechanism is BasicAuth or BasicAuthRequireTLS.' 'AuthenticationCredentialNotSet'
    }
    # SC-07, New-SendConnector.md IgnoreSTARTTLS/TlsAuthLevel/DomainSecureEnabled.
    Assert-Sim (-not ($props.RequireTLS -and $props.IgnoreSTARTTLS)) 'RequireTLS and IgnoreSTARTTLS cannot both be $true.' 'IgnoreRequireTLSConflict'
    if ($null -ne $props.TlsAuthLevel) {
        Assert-Sim ([bool]$props.RequireTLS) 'TlsAuthLevel needs RequireTLS $true.' 'TlsAuthLevelWithRequireTlsDisabled'
    }
    if ($props.DomainSecureEnabled) {
        Assert-Sim ($smartHosts.Count -eq 0) 'DomainSecureEnabled needs DNS routing.' 'DomainSecureWithoutDNSRoutingEnabled'
    }
    # SC-13: the name is unique among the send connectors of the store.
    $same = @((Get-SimStore).SendConnectors | Where-Object { -not [object]::ReferenceEquals($_, $Replacing) -and $_.Name -eq $Connector.Name })
    Assert-Sim ($same.Count -eq 0) "The send connector '$($Connector.Name)' already exists." 'ADObjectAlreadyExistsException'
}

function Test-SimBindingOverlap {
    param($One, $Other, [switch]$Exact)
    if ($One.Port -ne $Other.Port) { return $false }
    if ($One.Address -eq $Other.Address) { return $true }
    if ($Exact) { return $false }
    $wildcard = @('0.0.0.0', '::')
    $family = $One.Address.Contains(':') -eq $Other.Address.Contains(':')
    return ($family -and ($wildcard -contains $One.Address -or $wildcard -contains $Other.Address))
}

function Assert-SimReceiveConnector {
    param([hashtable]$Connector, $Replacing)
    $props = Get-SimEffective $Connector
    $name = $Connector.Name
    # RC-10, New-ReceiveConnector.md Name: at most 64 characters; code-2013 refuses a backslash.
    Assert-Sim ($name.Length -le 64) "The name '$name' is longer than 64 characters." 'PropertyTooLong'
    Assert-Sim (-not $name.Contains('\')) "The name '$name' contains a backslash." 'InvalidReceiveConnectorName'
    $mechanisms = Get-SimNames $props.AuthMechanism
    $groups = Get-SimNames $props.PermissionGroups
    # RC-02, New-ReceiveConnector.md AuthMechanism.
    Assert-Sim (-not ($mechanisms -contains 'None' -and $mechanisms.Count -gt 1)) 'The AuthMechanism value None must be used alone.' 'AuthMechanismNoneNotAlone'
    if ($mechanisms -contains 'BasicAuthRequireTLS') {
        Assert-Sim ($mechanisms -contains 'BasicAuth') 'BasicAuthRequireTLS requires BasicAuth.' 'BasicAfterTLSWithoutBasic'
        Assert-Sim ($mechanisms -contains 'Tls') 'BasicAuthRequireTLS requires Tls.' 'BasicAfterTLSWithoutTLS'
    }
    if ($mechanisms -contains 'ExternalAuthoritative') {
        $others = @($mechanisms | Where-Object { $_ -notin 'ExternalAuthoritative', 'Tls' })
        Assert-Sim ($others.Count -eq 0) 'ExternalAuthoritative can be combined only with Tls.' 'ExternalAndAuthSet'
        Assert-Sim ($groups -contains 'ExchangeServers') 'ExternalAuthoritative requires the ExchangeServers permission group.' 'ExternalAuthoritativeWithoutExchangeServerPermission'
    }
    if ($props.RequireTLS) { Assert-Sim ($mechanisms -contains 'Tls') 'RequireTLS requires the Tls authentication mechanism.' 'RequireTLSWithoutTLS' }
    if ($props.DomainSecureEnabled) { Assert-Sim ($mechanisms -contains 'Tls') 'DomainSecureEnabled requires Tls.' 'DomainSecureEnabledWithoutTls' }
    # RC-03: Custom cannot be given; ExchangeLegacyServers does not exist on an Edge.
    Assert-Sim (-not ($groups -contains 'Custom')) 'The permission group Custom cannot be set.' 'CustomCannotBeUsedForPermissionGroups'
    if ($global:Sim.Role -eq 'Edge') {
        Assert-Sim (-not ($groups -contains 'ExchangeLegacyServers')) 'ExchangeLegacyServers is not supported on an Edge Transport server.' 'UnSupportedPermissionGroupsForEdge'
    }
    # RC-01, receive-connectors.md: "a unique combination of local IP address bindings, TCP ports,
    # and remote IP address ranges" on one server; RC-01b: overlapping bindings need the same
    # TransportRole. Simulated: exactly equal binding with an equal remote range, and the role
    # conflict; partial range overlaps are not simulated.
    $others = @((Get-SimStore).ReceiveConnectors | Where-Object { -not [object]::ReferenceEquals($_, $Replacing) -and $_.Server -eq $Connector.Server })
    foreach ($other in $others) {
        Assert-Sim ($other.Name -ne $name) "The receive connector '$($Connector.Server)\$name' already exists." 'ADObjectAlreadyExistsException'
        foreach ($binding in @($props.Bindings)) {
            foreach ($otherBinding in @($other.Props.Bindings)) {
                if (-not (Test-SimBindingOverlap $binding $otherBinding)) { continue }
                if ($global:Sim.Role -eq 'Mailbox') {
                    Assert-Sim ([string]$props.TransportRole -eq [string]$other.Props.TransportRole) "The binding $binding overlaps the binding of '$($other.Name)', which has another TransportRole." 'ReceiveConnectorRoleConflict'
                }
                if (-not (Test-SimBindingOverlap $binding $otherBinding -Exact)) { continue }
                $ranges = @($props.RemoteIPRanges | ForEach-Object { [string]$_ })
                $shared = @($other.Props.RemoteIPRanges | Where-Object { $ranges -contains [string]$_ })
                Assert-Sim ($shared.Count -eq 0) "The binding $binding and remote IP range $($shared[0]) are already used by the receive connector '$($other.Name)'." 'ReceiveConnectorMappingConflict'
            }
        }
    }
}
