# How the simulated Exchange parses a bound parameter into the value it stores, by the type the
# parameter catalogue (exchange-params.json) gives it, and what a connector reads back as when
# nothing set a property. Enumerations are checked against the catalogue's values.

function ConvertTo-SimParameterValue {
    param([string]$Cmdlet, [string]$Name, $Value)
    $entry = $global:SimCatalogue[$Cmdlet][$Name]
    $type = if ($entry) { [string]$entry.Type } else { 'String' }
    $allowed = if ($entry) { @($entry.Values) } else { @() }
    # $null clears a property; a multi-valued one reads back empty. A multi-valued property stays a
    # list (the unary comma keeps PowerShell from unrolling it): Exchange's MultiValuedProperty is a
    # collection even with one value.
    if ($null -eq $Value) { if ($type -like 'MultiValuedProperty*') { return , @() } return $null }
    switch -Regex ($type) {
        '^MultiValuedProperty<AddressSpace>$' { return , @(@($Value) | Where-Object { $null -ne $_ } | ForEach-Object { ConvertTo-SimAddressSpace ([string]$_) }) }
        '^MultiValuedProperty<SmartHost>$' { return , @(@($Value) | Where-Object { $null -ne $_ } | ForEach-Object { ConvertTo-SimSmartHost ([string]$_) }) }
        '^MultiValuedProperty<ServerIdParameter>$' { return , @(@($Value) | Where-Object { $null -ne $_ } | ForEach-Object { ConvertTo-SimServerId ([string]$_) }) }
        '^MultiValuedProperty<IPBinding>$' { return , @(@($Value) | ForEach-Object { ConvertTo-SimBinding ([string]$_) }) }
        '^MultiValuedProperty<IPRange>$' { return , @(@($Value) | ForEach-Object { ConvertTo-SimRange ([string]$_) }) }
        '\(flags\)$|Flags$' { return ConvertTo-SimFlags ($type -replace ' \(flags\)$', '') @($Value) $allowed }
        'ByteQuantifiedSize' { return ConvertTo-SimSize $Value }
        '^EnhancedTimeSpan$' { return ConvertTo-SimTimeSpan $Value }
        '^(Boolean|Int32|SwitchParameter|PSCredential)$' { return $Value }
        '^Unlimited<Int32>$' { if ([string]$Value -eq 'Unlimited') { return 'Unlimited' } return [int]$Value }
        default {
            $text = [string]$Value
            $enumeration = @($allowed | Where-Object { $_ -is [string] -and $_ -notmatch '[<(]' })
            if ($enumeration.Count -gt 0 -and $type -notmatch '^(String|Fqdn|SmtpDomainWithSubdomains|SmtpX509Identifier|IPAddress)$') {
                $match = @($enumeration | Where-Object { $_ -eq $text })
                if ($match.Count -eq 0) {
                    throw (ConvertTo-SimError ("Cannot process argument transformation on parameter '{0}'. '{1}' is not one of: {2}." -f $Name, $text, ($enumeration -join ', ')))
                }
                return $match[0]
            }
            return $text
        }
    }
}

# New-SendConnector.md, SourceTransportServers: a server by name, FQDN, DN or GUID. Exchange
# stores the server object; it reads back as the server's name (an ADObjectId prints its name).
# exchange-rules.md SC-09: an unknown name fails; every source server must be a transport server.
function ConvertTo-SimServerId {
    param([string]$Identity)
    $server = Get-SimWorldServer $Identity
    if ($null -eq $server) {
        throw (ConvertTo-SimError "The operation couldn't be performed because object '$Identity' couldn't be found on the domain controller." 'ErrorServerNotFound' 'ObjectNotFound')
    }
    if ($server.role -ne 'Mailbox') {
        throw (ConvertTo-SimError "The source server '$Identity' is not a Mailbox server." 'SendConnectorWrongSourceServerRole')
    }
    return New-SimValue -Kind 'ADObjectId' -Text $server.name -Properties @{ Name = $server.name }
}

# What a property reads back as when nothing below gives it a value: the default the parameter
# catalogue records for this server role (exchange-params.json 'default', from New-SendConnector.md
# and New-ReceiveConnector.md), where it is one plain value; defaults the sources disagree on or
# describe in words stay unset and read back as $null. Parsed once per cmdlet and role.
function Get-SimCatalogueDefaults {
    param([string]$Cmdlet)
    if ($null -eq $global:Sim.CatalogueDefaults) { $global:Sim.CatalogueDefaults = @{} }
    $key = $Cmdlet + '|' + $global:Sim.Role
    if (-not $global:Sim.CatalogueDefaults.ContainsKey($key)) {
        $parsed = @{}
        $entries = $global:SimCatalogue[$Cmdlet]
        foreach ($name in $entries.Keys) {
            $defaults = $entries[$name].Default
            if ($null -eq $defaults -or -not $defaults.ContainsKey($global:Sim.Role)) { continue }
            try { $parsed[$name] = ConvertTo-SimParameterValue $Cmdlet $name $defaults[$global:Sim.Role] } catch { Write-Verbose ('no default for ' + $name) }
        }
        $global:Sim.CatalogueDefaults[$key] = $parsed
    }
    return @{} + $global:Sim.CatalogueDefaults[$key]
}

# What a property reads back as when no parameter set it. Sources: exchange-rules.md RC-05 (usage
# defaults, receive-connectors.md), SC-16 (MaxMessageSize by usage, send-connectors.md), and the
# catalogue's defaults.
function Get-SimSendDefaults {
    param([string]$Usage)
    $size = if ($Usage -eq 'Internal') { ConvertTo-SimSize 'Unlimited' } else { ConvertTo-SimSize '35MB' }
    $sources = @()
    # SC-08: on a Mailbox server the source servers default to the local server.
    if ($global:Sim.Role -eq 'Mailbox') { $sources = @(ConvertTo-SimServerId $global:Sim.Computer) }
    return @{
        Enabled = $true; Port = 25; RequireTLS = $false; IgnoreSTARTTLS = $false; DomainSecureEnabled = $false
        SmartHostAuthMechanism = 'None'; AuthenticationCredential = $null; MaxMessageSize = $size
        AddressSpaces = @(); SmartHosts = @(); SourceTransportServers = $sources
        ProtocolLoggingLevel = 'None'; Fqdn = $null; TlsAuthLevel = $null; TlsDomain = $null; TlsCertificateName = $null
        ForceHELO = $false; UseExternalDNSServersEnabled = $false; Comment = $null
    }
}

function Get-SimReceiveUsageDefaults {
    param([string]$Usage)
    $edge = $global:Sim.Role -eq 'Edge'
    $groups = switch ($Usage) {
        'Client' { @('ExchangeUsers') }
        'Internal' { if ($edge) { @('ExchangeServers') } else { @('ExchangeServers', 'ExchangeLegacyServers') } }
        'Internet' { @('AnonymousUsers') }
        'Partner' { @('Partners') }
        'Custom' { @('None') }
        default { if ($edge) { @('AnonymousUsers', 'ExchangeServers', 'Partners') } else { @('ExchangeUsers', 'ExchangeServers', 'ExchangeLegacyServers') } }
    }
    $mechanisms = switch ($Usage) {
        'Client' { @('Tls', 'BasicAuth', 'BasicAuthRequireTLS', 'Integrated') }
        'Internal' { @('Tls', 'ExchangeServer') }
        { $_ -in 'Internet', 'Partner', 'Custom' } { @('Tls') }
        default { if ($edge) { @('Tls', 'ExchangeServer') } else { @('Tls', 'Integrated', 'BasicAuth', 'BasicAuthRequireTLS', 'ExchangeServer') } }
    }
    $bindings = if ($Usage -eq 'Client') { '0.0.0.0:587' } else { '0.0.0.0:25' }
    return @{
        PermissionGroups = (ConvertTo-SimFlags 'PermissionGroups' $groups (Get-SimAllowed 'New-ReceiveConnector' 'PermissionGroups'))
        AuthMechanism = (ConvertTo-SimFlags 'AuthMechanisms' $mechanisms (Get-SimAllowed 'New-ReceiveConnector' 'AuthMechanism'))
        Bindings = @(ConvertTo-SimBinding $bindings)
        RemoteIPRanges = @(ConvertTo-SimRange '0.0.0.0-255.255.255.255')
    }
}

function Get-SimReceiveDefaults {
    param([string]$Server)
    $world = Get-SimWorldServer $Server
    $role = if ($global:Sim.Role -eq 'Mailbox') { 'HubTransport' } else { $null }
    return @{
        Enabled = $true; RequireTLS = $false; DomainSecureEnabled = $false; TransportRole = $role
        Fqdn = $(if ($world) { $world.fqdn } else { $Server }); MaxMessageSize = (ConvertTo-SimSize '36MB')
        ProtocolLoggingLevel = 'None'; Banner = $null; Comment = $null
    }
}
