# The simulated Exchange's value types: what Exchange parses a parameter into, and how the
# object it returns prints. Exchange's own types (AddressSpace, SmartHost, IPBinding, IPRange,
# ByteQuantifiedSize, the flags enumerations) are not available here; each is a PSCustomObject
# with the properties the scripts read and a ToString that prints as Exchange prints it. Through
# the Mailbox loader these objects are reduced to their string forms, as implicit remoting does.

function New-SimValue {
    param([string]$Kind, [string]$Text, [hashtable]$Properties = @{})
    $value = [pscustomobject]$Properties
    $value.PSObject.TypeNames.Insert(0, 'EdgeFlowSim.' + $Kind)
    $value | Add-Member -MemberType NoteProperty -Name SimText -Value $Text
    $value | Add-Member -MemberType ScriptMethod -Name ToString -Value { $this.SimText } -Force
    return $value
}

function Test-SimValue {
    param($Value)
    return ($null -ne $Value -and $Value -is [psobject] -and $Value.PSObject.TypeNames[0] -like 'EdgeFlowSim.*')
}

function ConvertTo-SimError {
    param([string]$Message, [string]$Id = 'EdgeFlowSimRefused', [string]$Category = 'InvalidArgument')
    $exception = [System.ArgumentException]::new($Message)
    return [System.Management.Automation.ErrorRecord]::new($exception, $Id, $Category, $null)
}

# New-SendConnector.md, AddressSpaces: "Type:AddressSpace;AddressSpaceCost"; SMTP when no type,
# cost 1 when none. Cost 1-100 (exchange-rules.md SC-05).
function ConvertTo-SimAddressSpace {
    param([string]$Text)
    $type = 'SMTP'
    $space = $Text.Trim()
    $cost = 1
    if ($space -match '^([A-Za-z0-9]+):(.*)$') { $type = $Matches[1].ToUpperInvariant(); $space = $Matches[2] }
    if ($space -match '^(.*);(\d+)$') { $space = $Matches[1]; $cost = [int]$Matches[2] }
    if ($space -eq '') { throw (ConvertTo-SimError "The address space '$Text' is not valid.") }
    if ($cost -lt 1 -or $cost -gt 100) { throw (ConvertTo-SimError "The cost of the address space '$Text' must be from 1 to 100.") }
    return New-SimValue -Kind 'AddressSpace' -Text ('{0}:{1};{2}' -f $type, $space, $cost) -Properties @{ Type = $type; Address = $space; Cost = $cost }
}

function ConvertTo-SimSmartHost {
    param([string]$Text)
    $hostName = $Text.Trim()
    # New-SendConnector.md, SmartHosts: an FQDN or an IP address; code-2013 refuses 0.0.0.0 and ::.
    if ($hostName -eq '' -or $hostName -eq '0.0.0.0' -or $hostName -eq '::') {
        throw (ConvertTo-SimError "'$Text' is not a valid smart host.")
    }
    return New-SimValue -Kind 'SmartHost' -Text $hostName -Properties @{ Address = $hostName }
}

function ConvertTo-SimAddressText {
    param([string]$Text)
    $address = $null
    if (-not [System.Net.IPAddress]::TryParse($Text.Trim(), [ref]$address)) {
        throw (ConvertTo-SimError "'$Text' is not a valid IP address.")
    }
    # Windows prints IPv6 addresses compressed (fd00:10::10), whatever was typed.
    return $address.ToString()
}

# New-ReceiveConnector.md, Bindings: IPv4 address:port or [IPv6 address]:port, port 1-65535.
function ConvertTo-SimBinding {
    param([string]$Text)
    if ($Text.Trim() -notmatch '^\[?([^\]]+?)\]?:(\d+)$') { throw (ConvertTo-SimError "'$Text' is not a valid binding (address:port).") }
    $address = ConvertTo-SimAddressText $Matches[1]
    $port = [int]$Matches[2]
    if ($port -lt 1 -or $port -gt 65535) { throw (ConvertTo-SimError "The port of the binding '$Text' is out of range.") }
    $text = if ($address.Contains(':')) { '[' + $address + ']:' + $port } else { $address + ':' + $port }
    return New-SimValue -Kind 'IPBinding' -Text $text -Properties @{ Address = $address; Port = $port }
}

# New-ReceiveConnector.md, RemoteIPRanges: an address, a range a-b, CIDR a/n or a(mask).
function ConvertTo-SimRange {
    param([string]$Text)
    $trimmed = $Text.Trim()
    if ($trimmed -match '^(.+)/(\d+)$') {
        $text = (ConvertTo-SimAddressText $Matches[1]) + '/' + [int]$Matches[2]
    } elseif ($trimmed -match '^(.+)\((.+)\)$') {
        $text = (ConvertTo-SimAddressText $Matches[1]) + '(' + (ConvertTo-SimAddressText $Matches[2]) + ')'
    } elseif ($trimmed -match '^([^-]+)-([^-]+)$') {
        $text = (ConvertTo-SimAddressText $Matches[1]) + '-' + (ConvertTo-SimAddressText $Matches[2])
    } else {
        $text = ConvertTo-SimAddressText $trimmed
    }
    return New-SimValue -Kind 'IPRange' -Text $text -Properties @{ Expression = $text }
}

# Exchange's flags enumerations print as "Tls, BasicAuth" (the .NET [Flags] ToString).
function ConvertTo-SimFlags {
    param([string]$Kind, [object[]]$Values, [string[]]$Allowed)
    $names = [System.Collections.Generic.List[string]]::new()
    foreach ($value in @($Values)) {
        foreach ($part in ([string]$value -split ',')) {
            $name = $part.Trim()
            if ($name -eq '') { continue }
            $known = @($Allowed | Where-Object { $_ -eq $name })
            if ($known.Count -eq 0) { throw (ConvertTo-SimError "'$name' is not a valid $Kind value. Valid values: $($Allowed -join ', ').") }
            if (-not $names.Contains($known[0])) { $names.Add($known[0]) }
        }
    }
    $ordered = @($Allowed | Where-Object { $names.Contains($_) })
    return New-SimValue -Kind $Kind -Text ($ordered -join ', ') -Properties @{ Names = $ordered }
}

# ByteQuantifiedSize prints as "35 MB (36,700,160 bytes)"; Unlimited as "Unlimited".
function ConvertTo-SimSize {
    param($Value)
    $text = ([string]$Value).Trim()
    if ($text -eq 'Unlimited') { return New-SimValue -Kind 'Size' -Text 'Unlimited' -Properties @{ IsUnlimited = $true } }
    if ($text -notmatch '^(\d+(\.\d+)?)\s*(B|KB|MB|GB|TB)?$') { throw (ConvertTo-SimError "'$text' is not a valid size.") }
    $multiplier = @{ '' = 1; 'B' = 1; 'KB' = 1KB; 'MB' = 1MB; 'GB' = 1GB; 'TB' = 1TB }[[string]$Matches[3]]
    $bytes = [long]([decimal]$Matches[1] * $multiplier)
    return New-SimSizeFromBytes $bytes
}

function New-SimSizeFromBytes {
    param([long]$Bytes)
    $unit = 'B'
    $amount = [decimal]$Bytes
    foreach ($candidate in @(@('TB', 1TB), @('GB', 1GB), @('MB', 1MB), @('KB', 1KB))) {
        if ($Bytes -ge $candidate[1]) { $unit = $candidate[0]; $amount = [decimal]$Bytes / $candidate[1]; break }
    }
    $culture = [System.Globalization.CultureInfo]::InvariantCulture
    $text = '{0} {1} ({2} bytes)' -f $amount.ToString('0.###', $culture), $unit, $Bytes.ToString('N0', $culture)
    return New-SimValue -Kind 'Size' -Text $text -Properties @{ IsUnlimited = $false; Bytes = $Bytes }
}

function ConvertTo-SimTimeSpan {
    param($Value)
    $span = [TimeSpan]::Zero
    if (-not [TimeSpan]::TryParse([string]$Value, [System.Globalization.CultureInfo]::InvariantCulture, [ref]$span)) {
        throw (ConvertTo-SimError "'$Value' is not a valid time span.")
    }
    return New-SimValue -Kind 'EnhancedTimeSpan' -Text $span.ToString() -Properties @{ Ticks = $span.Ticks }
}
