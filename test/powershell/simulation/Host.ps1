# What the scripts ask of Windows, answered from the test's topology: the computer's name,
# name resolution (Resolve-DnsName), TCP connections (System.Net.Sockets.TcpClient through
# New-Object), the computer's addresses (Get-NetIPAddress), local accounts ([ADSI]::Exists),
# the Trusted Root store of each Mailbox server (Invoke-Command -ComputerName with
# X509Store / Cert:\ inside), and Get-Credential. Each override is a global function (or a type
# accelerator) that shadows the real command for the scripts only.

function Resolve-DnsName {
    [CmdletBinding()]
    param([Parameter(Mandatory = $true, Position = 0)][string]$Name, [string]$Type, [string[]]$Server)
    Set-StrictMode -Off
    $addresses = $global:Sim.World.dns.PSObject.Properties[$Name.ToLowerInvariant()]
    if ($null -eq $addresses) {
        $PSCmdlet.WriteError([System.Management.Automation.ErrorRecord]::new([System.ComponentModel.Win32Exception]::new(9003, ($Name + ' : DNS name does not exist')), 'DNS_ERROR_RCODE_NAME_ERROR,Microsoft.DnsClient.Commands.ResolveDnsName', 'ResourceUnavailable', $Name))
        return
    }
    foreach ($address in @($addresses.Value)) {
        [pscustomobject]@{ Name = $Name; Type = $(if ($address.Contains(':')) { 'AAAA' } else { 'A' }); IPAddress = $address }
    }
}

function Get-NetIPAddress {
    [CmdletBinding()]
    param([string]$IPAddress)
    # A compiled cmdlet does not run under its caller's strict mode; this function would.
    Set-StrictMode -Off
    $server = Get-SimWorldServer $global:Sim.Computer
    $found = $false
    # Windows lists the loopback addresses and each adapter's link-local IPv6 address with the
    # adapters' own (Get-NetIPAddress, NetTCPIP module): one MSFT_NetIPAddress per address, with the
    # adapter's InterfaceAlias; a link-local address carries its zone index.
    $entries = [System.Collections.Generic.List[object]]::new()
    $index = 0
    foreach ($adapter in @($server.adapters)) {
        $index++
        foreach ($address in @($adapter.addresses)) { $entries.Add(@($adapter.name, $address)) }
        $entries.Add(@($adapter.name, ('fe80::' + (10 + $index) + '%' + (10 + $index))))
    }
    $entries.Add(@('Loopback Pseudo-Interface 1', '127.0.0.1'))
    $entries.Add(@('Loopback Pseudo-Interface 1', '::1'))
    foreach ($entry in $entries) {
        $alias = $entry[0]
        $address = $entry[1]
        # Windows prints an address in its shortest form (fd00:10::10), and -IPAddress filters that
        # text (a CIM query, wildcards allowed), not the parsed address.
        $printed = if ($address.Contains('%')) { $address } else { [System.Net.IPAddress]::Parse($address).ToString() }
        if ($IPAddress -eq '' -or $printed -like $IPAddress) {
            [pscustomobject]@{ IPAddress = $printed; InterfaceAlias = $alias; AddressFamily = $(if ($printed.Contains(':')) { 'IPv6' } else { 'IPv4' }) }
            $found = $true
        }
    }
    if ($found) { return }
    $PSCmdlet.WriteError([System.Management.Automation.ErrorRecord]::new([System.Exception]::new('No matching MSFT_NetIPAddress objects found'), 'CmdletizationQuery_NotFound_IPAddress,Get-NetIPAddress', 'ObjectNotFound', $IPAddress))
}

# A TcpClient whose connection succeeds when the world says something listens on the address and port.
function New-SimTcpClient {
    $client = [pscustomobject]@{ Connected = $false }
    $client | Add-Member -MemberType ScriptMethod -Name BeginConnect -Value {
        param([string]$HostName, [int]$Port, $Callback, $State)
        $addresses = @($HostName)
        $record = $global:Sim.World.dns.PSObject.Properties[$HostName.ToLowerInvariant()]
        if ($null -ne $record) { $addresses = @($record.Value) }
        $listening = @($addresses | Where-Object { Test-SimListening $_ $Port })
        $handle = [System.Threading.ManualResetEvent]::new($true)
        return [pscustomobject]@{ AsyncWaitHandle = $handle; Accepted = ($listening.Count -gt 0); HostName = $HostName; Port = $Port }
    }
    $client | Add-Member -MemberType ScriptMethod -Name EndConnect -Value {
        param($Attempt)
        if (-not $Attempt.Accepted) { throw [System.Net.Sockets.SocketException]::new(10061) }
        $this.Connected = $true
    }
    $client | Add-Member -MemberType ScriptMethod -Name Close -Value { $this.Connected = $false }
    return $client
}

# Whether a connection to address:port reaches a receive connector: the server that has the
# address, and an enabled receive connector of it bound to that address (or the wildcard) and port.
function Test-SimListening {
    param([string]$Address, [int]$Port)
    $parsed = $null
    if (-not [System.Net.IPAddress]::TryParse($Address, [ref]$parsed)) { return $false }
    foreach ($outside in @($global:Sim.World.external)) { if ([System.Net.IPAddress]::Parse($outside).Equals($parsed)) { return $true } }
    foreach ($server in @($global:Sim.World.edges) + @($global:Sim.World.mailboxes)) {
        $owns = @($server.addresses | Where-Object { [System.Net.IPAddress]::Parse($_).Equals($parsed) })
        if ($owns.Count -eq 0) { continue }
        $store = if ($server.role -eq 'Edge') { $global:Sim.Edges[$server.name.ToLowerInvariant()] } else { $global:Sim.Org }
        foreach ($connector in @($store.ReceiveConnectors | Where-Object { $_.Server -eq $server.name })) {
            if ($connector.Props.ContainsKey('Enabled') -and -not $connector.Props.Enabled) { continue }
            $bindings = @($connector.Props.Bindings)
            if ($bindings.Count -eq 0) { $bindings = @((Get-SimReceiveUsageDefaults $connector.Usage).Bindings) }
            foreach ($binding in $bindings) {
                if ($binding.Port -ne $Port) { continue }
                $bound = [System.Net.IPAddress]::Parse($binding.Address)
                if ($bound.Equals($parsed)) { return $true }
                if ($bound.Equals([System.Net.IPAddress]::Any) -and $parsed.AddressFamily -eq 'InterNetwork') { return $true }
                if ($bound.Equals([System.Net.IPAddress]::IPv6Any) -and $parsed.AddressFamily -eq 'InterNetworkV6') { return $true }
            }
        }
    }
    return $false
}

# An X509Store of a simulated Mailbox server: the computer Invoke-Command runs the block on.
function New-SimX509Store {
    $store = [pscustomobject]@{ Computer = $global:SimRemoteComputer }
    $store | Add-Member -MemberType ScriptMethod -Name Open -Value { param($Flags) }
    $store | Add-Member -MemberType ScriptMethod -Name Close -Value { }
    $store | Add-Member -MemberType ScriptMethod -Name Add -Value {
        param($Certificate)
        $list = $global:Sim.TrustedRoot[$this.Computer]
        if (-not $list.Contains($Certificate.Thumbprint)) { $list.Add($Certificate.Thumbprint) }
    }
    return $store
}

function New-Object {
    param([Parameter(Position = 0)][string]$TypeName, [Parameter(Position = 1)][object[]]$ArgumentList, [hashtable]$Property, [string]$ComObject, [switch]$Strict)
    if ($TypeName -eq 'System.Net.Sockets.TcpClient') { return New-SimTcpClient }
    if ($TypeName -eq 'System.Security.Cryptography.X509Certificates.X509Store' -and $null -ne $global:SimRemoteComputer) { return New-SimX509Store }
    return Microsoft.PowerShell.Utility\New-Object @PSBoundParameters
}

function Test-Path {
    [CmdletBinding()]
    param([Parameter(Position = 0)][string[]]$Path, [string[]]$LiteralPath, [string]$PathType, [switch]$IsValid)
    $target = @($LiteralPath + $Path | Where-Object { $_ })[0]
    if ($target -match '^Cert:\\LocalMachine\\Root\\(.+)$' -and $null -ne $global:SimRemoteComputer) {
        return $global:Sim.TrustedRoot[$global:SimRemoteComputer].Contains($Matches[1])
    }
    return Microsoft.PowerShell.Management\Test-Path @PSBoundParameters
}

function Invoke-Command {
    param([string[]]$ComputerName, [scriptblock]$ScriptBlock, [object[]]$ArgumentList)
    $computer = $ComputerName[0].ToLowerInvariant()
    if (-not $global:Sim.TrustedRoot.ContainsKey($computer)) {
        throw [System.Management.Automation.Remoting.PSRemotingTransportException]::new("Connecting to remote server $computer failed: WinRM cannot complete the operation.")
    }
    $global:Sim.Calls.Add([pscustomobject]@{ cmdlet = 'Invoke-Command'; parameters = @('ComputerName'); server = $computer; confirmFalse = $false; errorAction = '' })
    $global:SimRemoteComputer = $computer
    try { & $ScriptBlock @ArgumentList } finally { $global:SimRemoteComputer = $null }
}

function Get-Credential {
    [CmdletBinding()]
    param([string]$UserName, [string]$Message, [string]$Title)
    $global:Sim.CredentialPrompts++
    # A random password for the run, never written anywhere.
    $password = ConvertTo-SecureString ([guid]::NewGuid().ToString()) -AsPlainText -Force
    return [pscredential]::new($UserName, $password)
}

# [ADSI]::Exists('WinNT://COMPUTER/user,user'): whether a local account exists.
class SimAdsi {
    static [bool] Exists([string]$Path) {
        # Matched whole against each account of this computer: a hostile name may hold a '/'.
        $store = $global:Sim.Edges[$global:Sim.Computer.ToLowerInvariant()]
        if ($null -eq $store) { return $false }
        foreach ($account in @($store.LocalAccounts)) {
            if ($Path -eq ('WinNT://' + $global:Sim.Computer + '/' + $account + ',user')) { return $true }
        }
        return $false
    }
}
[psobject].Assembly.GetType('System.Management.Automation.TypeAccelerators')::Add('ADSI', [SimAdsi])

# Canaries: what the hostile names try to run. A call is logged as injected code; the
# hostile-names test requires that none happens.
function Remove-Item { $global:Sim.Calls.Add([pscustomobject]@{ cmdlet = 'INJECTED Remove-Item'; parameters = @($args | ForEach-Object { [string]$_ }); server = $global:Sim.Computer; confirmFalse = $false; errorAction = '' }) }
function Invoke-Expression { $global:Sim.Calls.Add([pscustomobject]@{ cmdlet = 'INJECTED Invoke-Expression'; parameters = @($args | ForEach-Object { [string]$_ }); server = $global:Sim.Computer; confirmFalse = $false; errorAction = '' }) }
function x { $global:Sim.Calls.Add([pscustomobject]@{ cmdlet = 'INJECTED x'; parameters = @(); server = $global:Sim.Computer; confirmFalse = $false; errorAction = '' }) }
