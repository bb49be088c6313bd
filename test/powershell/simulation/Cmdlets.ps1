# The simulated Exchange cmdlets: what each does to the state, behind the signatures (generated
# ones for the connector cmdlets, OtherSignatures.ps1 for the rest). Invoke-SimProxy is what every
# signature calls: it logs the call, applies the catalogue's parameter conflicts, injects a failure
# when the test asks for one, and hands the result back live (Edge) or deserialized (Mailbox).

$script:CommonParameters = @('Verbose', 'Debug', 'ErrorAction', 'WarningAction', 'InformationAction', 'ProgressAction',
    'ErrorVariable', 'WarningVariable', 'InformationVariable', 'OutVariable', 'OutBuffer', 'PipelineVariable', 'WhatIf', 'Confirm')

function Invoke-SimProxy {
    param([string]$Cmdlet, [hashtable]$Bound, $Caller, [hashtable]$Conflicts, [string]$ConfirmSeen, [bool]$WhatIfSeen)
    # A compiled cmdlet does not run under its caller's strict mode; the simulation's functions would
    # (an Edge's cmdlets are functions of the session, dynamically scoped).
    Set-StrictMode -Off
    $parameters = @{}
    foreach ($key in $Bound.Keys) { if ($script:CommonParameters -notcontains $key) { $parameters[$key] = $Bound[$key] } }
    $global:Sim.Calls.Add([pscustomobject]@{ cmdlet = $Cmdlet; parameters = @($parameters.Keys | Sort-Object); server = $global:Sim.Computer; confirmFalse = ($Bound.ContainsKey('Confirm') -and -not $Bound['Confirm']); errorAction = [string]$Bound['ErrorAction'] })
    foreach ($name in $parameters.Keys) {
        foreach ($other in @($Conflicts[$name])) {
            if ($other -and $parameters.ContainsKey($other)) {
                # What PowerShell says when two parameters of different sets are given.
                throw (ConvertTo-SimError 'Parameter set cannot be resolved using the specified named parameters.' 'AmbiguousParameterSet' 'InvalidArgument')
            }
        }
    }
    $fail = $global:Sim.FailOn
    if ($null -ne $fail -and $fail.cmdlet -eq $Cmdlet) {
        $global:Sim.FailOn = $null
        throw (ConvertTo-SimError ('Simulated failure of ' + $Cmdlet + ' (an Active Directory error, as a lost domain controller gives).') 'EdgeFlowSimInjectedFailure' 'WriteError')
    }
    $context = @{ Caller = $Caller; ConfirmSeen = $ConfirmSeen; WhatIfSeen = $WhatIfSeen }
    $results = @(& ('Invoke-Sim' + ($Cmdlet -replace '-', '')) -Bound $parameters -Context $context)
    if ($global:Sim.Role -eq 'Mailbox') { return @($results | ForEach-Object { ConvertTo-SimDeserialized $_ }) }
    return $results
}

# ShouldProcess as a real cmdlet does it: under -WhatIf a message and no change. When the cmdlet
# would ask for confirmation (ConfirmPreference at or below its impact, Medium), the test host
# cannot answer: the prompt is counted, and answered yes.
function Confirm-SimChange {
    param([hashtable]$Context, [string]$Target, [string]$Action)
    if ($Context.WhatIfSeen) { return $Context.Caller.ShouldProcess($Target, $Action) }
    if ($Context.ConfirmSeen -in 'Low', 'Medium') { $global:Sim.ConfirmPrompts.Add($Action + ': ' + $Target) }
    return $true
}

# Implicit remoting: the object is serialized on the server and rebuilt on the client as a
# property bag; Exchange's own value types arrive as their string forms, collections of them as
# collections of strings.
function ConvertTo-SimDeserialized {
    param($Object)
    $wire = [ordered]@{}
    foreach ($property in $Object.PSObject.Properties) {
        $value = $property.Value
        if (Test-SimValue $value) {
            $value = [string]$value.SimText
        } elseif ($value -is [System.Collections.IEnumerable] -and $value -isnot [string] -and $value -isnot [byte[]]) {
            $value = @($value | ForEach-Object { if (Test-SimValue $_) { [string]$_.SimText } else { $_ } })
        }
        $wire[$property.Name] = $value
    }
    $xml = [System.Management.Automation.PSSerializer]::Serialize([pscustomobject]$wire, 2)
    return [System.Management.Automation.PSSerializer]::Deserialize($xml)
}

function Get-SimEffective {
    param([hashtable]$Connector)
    $cmdlet = if ($Connector.Kind -eq 'Send') { 'New-SendConnector' } else { 'New-ReceiveConnector' }
    $defaults = Get-SimCatalogueDefaults $cmdlet
    $specific = if ($Connector.Kind -eq 'Send') { Get-SimSendDefaults $Connector.Usage } else { Get-SimReceiveDefaults $Connector.Server }
    foreach ($key in $specific.Keys) { $defaults[$key] = $specific[$key] }
    if ($Connector.Kind -eq 'Receive') {
        $usage = Get-SimReceiveUsageDefaults $Connector.Usage
        foreach ($key in $usage.Keys) { $defaults[$key] = $usage[$key] }
    }
    foreach ($key in $Connector.Props.Keys) { $defaults[$key] = $Connector.Props[$key] }
    return $defaults
}

function ConvertTo-SimConnectorObject {
    param([hashtable]$Connector)
    $props = Get-SimEffective $Connector
    $object = [ordered]@{ Name = $Connector.Name }
    if ($Connector.Kind -eq 'Send') {
        $object.Identity = $Connector.Name
        # exchange-rules.md SC-02 [CODE:GSC]: DNSRoutingEnabled reads back as "no smart hosts".
        $props.DNSRoutingEnabled = (@($props.SmartHosts | Where-Object { $null -ne $_ }).Count -eq 0)
    } else {
        $object.Identity = $Connector.Server + '\' + $Connector.Name
        $object.Server = $Connector.Server
        $object.DistinguishedName = 'CN=' + $Connector.Name + ',CN=SMTP Receive Connectors,CN=Protocols,CN=' + $Connector.Server + ',CN=Servers,CN=Exchange Administrative Group (FYDIBOHF23SPDLT),CN=Administrative Groups,CN=First Organization,CN=Microsoft Exchange,CN=Services,CN=Configuration'
    }
    foreach ($key in ($props.Keys | Sort-Object)) { if ($key -ne 'Name') { $object[$key] = $props[$key] } }
    return [pscustomobject]$object
}

function Find-SimReceiveConnector {
    param([string]$Identity)
    $store = Get-SimStore
    # SERVER\Name, compared whole with each connector's: a (hostile) server name may hold a backslash.
    $byIdentity = @($store.ReceiveConnectors | Where-Object { $Identity -eq ($_.Server + '\' + $_.Name) })
    if ($byIdentity.Count -gt 0) { return $byIdentity[0] }
    $found = @($store.ReceiveConnectors | Where-Object { $_.Name -eq $Identity -or (ConvertTo-SimConnectorObject $_).DistinguishedName -eq $Identity })
    if ($found.Count -gt 1) { throw (ConvertTo-SimError "The receive connector '$Identity' is ambiguous." 'ManagementObjectAmbiguous' 'InvalidArgument') }
    return $found | Select-Object -First 1
}

function New-SimNotFound {
    param([string]$Identity)
    return (ConvertTo-SimError "The operation couldn't be performed because object '$Identity' couldn't be found on '$($global:Sim.Computer)'." 'ManagementObjectNotFoundException' 'ObjectNotFound')
}

function Set-SimProperties {
    param([string]$Cmdlet, [hashtable]$Connector, [hashtable]$Bound, [string[]]$Skip)
    foreach ($key in $Bound.Keys) {
        if ($Skip -contains $key) { continue }
        $Connector.Props[$key] = ConvertTo-SimParameterValue $Cmdlet $key $Bound[$key]
    }
}

function Copy-SimConnector {
    param([hashtable]$Connector)
    $copy = @{}
    foreach ($key in $Connector.Keys) { $copy[$key] = $Connector[$key] }
    $copy.Props = @{} + $Connector.Props
    return $copy
}

# --- Send connectors (New-SendConnector.md, Set-SendConnector.md, Get-SendConnector.md) ---

function Invoke-SimGetSendConnector {
    param([hashtable]$Bound, [hashtable]$Context)
    $all = @((Get-SimStore).SendConnectors)
    $identity = [string]$Bound['Identity']
    $found = @($all | Where-Object { $identity -eq '' -or $_.Name -eq $identity })
    # exchange-params.json Get-SendConnector Identity: a value that matches nothing returns them all.
    if ($found.Count -eq 0) { $found = $all }
    return @($found | ForEach-Object { ConvertTo-SimConnectorObject $_ })
}

function Invoke-SimNewSendConnector {
    param([hashtable]$Bound, [hashtable]$Context)
    $usage = [string]$Bound['Usage']
    foreach ($switch in 'Custom', 'Internal', 'Internet', 'Partner') { if ($Bound[$switch]) { $usage = $switch } }
    if ($usage -eq '') { $usage = 'Custom' }
    $connector = @{ Kind = 'Send'; Name = [string]$Bound['Name']; Usage = $usage; Props = @{} }
    Set-SimProperties 'New-SendConnector' $connector $Bound @('Name', 'Usage', 'Custom', 'Internal', 'Internet', 'Partner')
    Assert-SimSendConnector $connector $Bound
    if (-not (Confirm-SimChange $Context $connector.Name 'New-SendConnector')) { return }
    (Get-SimStore).SendConnectors.Add($connector)
    return ConvertTo-SimConnectorObject $connector
}

function Invoke-SimSetSendConnector {
    param([hashtable]$Bound, [hashtable]$Context)
    $store = Get-SimStore
    $identity = [string]$Bound['Identity']
    $existing = @($store.SendConnectors | Where-Object { $_.Name -eq $identity }) | Select-Object -First 1
    if ($null -eq $existing) { throw (New-SimNotFound $identity) }
    $updated = Copy-SimConnector $existing
    if ($Bound.ContainsKey('Name')) { $updated.Name = [string]$Bound['Name'] }
    Set-SimProperties 'Set-SendConnector' $updated $Bound @('Identity', 'Name')
    Assert-SimSendConnector $updated $Bound $existing
    if (-not (Confirm-SimChange $Context $identity 'Set-SendConnector')) { return }
    $store.SendConnectors[$store.SendConnectors.IndexOf($existing)] = $updated
}

# --- Receive connectors (New-ReceiveConnector.md, Set-ReceiveConnector.md, Get-ReceiveConnector.md) ---

function Invoke-SimGetReceiveConnector {
    param([hashtable]$Bound, [hashtable]$Context)
    $store = Get-SimStore
    if ($Bound.ContainsKey('Identity')) {
        $found = Find-SimReceiveConnector ([string]$Bound['Identity'])
        if ($null -eq $found) { throw (New-SimNotFound ([string]$Bound['Identity'])) }
        return ConvertTo-SimConnectorObject $found
    }
    $server = [string]$Bound['Server']
    return @($store.ReceiveConnectors | Where-Object { $server -eq '' -or $_.Server -eq $server } | ForEach-Object { ConvertTo-SimConnectorObject $_ })
}

function Invoke-SimNewReceiveConnector {
    param([hashtable]$Bound, [hashtable]$Context)
    $usage = [string]$Bound['Usage']
    foreach ($switch in 'Client', 'Custom', 'Internal', 'Internet', 'Partner') { if ($Bound[$switch]) { $usage = $switch } }
    # New-ReceiveConnector.md Client: not available on an Edge Transport server.
    Assert-Sim (-not ($usage -eq 'Client' -and $global:Sim.Role -eq 'Edge')) 'The usage type Client is not available on an Edge Transport server.' 'ClientUsageOnEdge'
    $server = if ($Bound.ContainsKey('Server')) { [string]$Bound['Server'] } else { $global:Sim.Computer }
    $world = Get-SimWorldServer $server
    if ($null -eq $world -or ($global:Sim.Role -eq 'Edge' -and $world.name -ne $global:Sim.Computer)) { throw (New-SimNotFound $server) }
    $connector = @{ Kind = 'Receive'; Name = [string]$Bound['Name']; Server = $world.name; Usage = $usage; Props = @{} }
    Set-SimProperties 'New-ReceiveConnector' $connector $Bound @('Name', 'Server', 'Usage', 'Client', 'Custom', 'Internal', 'Internet', 'Partner')
    # exchange-params.json _parameterSets: Custom and Partner need both, Internet Bindings, Internal RemoteIPRanges.
    $needs = @{ Custom = @('Bindings', 'RemoteIPRanges'); '' = @('Bindings', 'RemoteIPRanges'); Partner = @('Bindings', 'RemoteIPRanges'); Internet = @('Bindings'); Internal = @('RemoteIPRanges'); Client = @('RemoteIPRanges') }
    foreach ($required in $needs[$usage]) {
        Assert-Sim ($Bound.ContainsKey($required)) "The $required parameter is required for a receive connector of usage $usage." 'MissingMandatoryParameter'
    }
    Assert-SimReceiveConnector $connector
    if (-not (Confirm-SimChange $Context ($world.name + '\' + $connector.Name) 'New-ReceiveConnector')) { return }
    (Get-SimStore).ReceiveConnectors.Add($connector)
    return ConvertTo-SimConnectorObject $connector
}

function Invoke-SimSetReceiveConnector {
    param([hashtable]$Bound, [hashtable]$Context)
    $store = Get-SimStore
    $identity = [string]$Bound['Identity']
    $existing = Find-SimReceiveConnector $identity
    if ($null -eq $existing) { throw (New-SimNotFound $identity) }
    $updated = Copy-SimConnector $existing
    if ($Bound.ContainsKey('Name')) { $updated.Name = [string]$Bound['Name'] }
    Set-SimProperties 'Set-ReceiveConnector' $updated $Bound @('Identity', 'Name')
    Assert-SimReceiveConnector $updated $existing
    if (-not (Confirm-SimChange $Context $identity 'Set-ReceiveConnector')) { return }
    $store.ReceiveConnectors[$store.ReceiveConnectors.IndexOf($existing)] = $updated
}
