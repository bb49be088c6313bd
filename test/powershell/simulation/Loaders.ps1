# The two ways the Exchange Management Shell makes its cmdlets available, reproduced.
#
# On an Edge Transport server the Exchange snap-in is loaded into the session: the cmdlets are
# local, and a script's $ErrorActionPreference = 'Stop' reaches them (dynamic scoping). Here: the
# simulated cmdlets are functions of the global session state.
#
# On a Mailbox server the shell connects to Exchange's remote endpoint and imports its cmdlets
# implicitly (Import-PSSession): proxy functions in a temporary module, whose results come back
# deserialized. A function of a module resolves preference variables in the module's scope chain
# (module, then global), never in the calling script's scope, so a script-scope
# $ErrorActionPreference = 'Stop' does not reach it (PowerShell/PowerShell#4568): an error the
# proxy writes is non-terminating unless the call itself says -ErrorAction Stop. Here: the same
# functions, in a module imported globally, with results passed through PSSerializer.

$script:SimCmdletNames = @()

function Use-SimServer {
    param([Parameter(Mandatory = $true)][string]$Name, [Parameter(Mandatory = $true)][ValidateSet('Edge', 'Mailbox')][string]$Role)
    Remove-Module -Name 'tmp_EdgeFlowSimExchange' -ErrorAction SilentlyContinue
    foreach ($cmdlet in $script:SimCmdletNames) { Remove-Item -LiteralPath ('Function:\' + $cmdlet) -ErrorAction SilentlyContinue }
    $global:Sim.Role = $Role
    $global:Sim.Computer = $Name
    $env:COMPUTERNAME = $Name
    $text = [System.IO.File]::ReadAllText($global:SimSignatureFiles[$Role]) + "`n" + [System.IO.File]::ReadAllText((Join-Path $global:SimRoot 'OtherSignatures.ps1'))
    $script:SimCmdletNames = @([regex]::Matches($text, '(?m)^function ([A-Za-z-]+)') | ForEach-Object { $_.Groups[1].Value })
    if ($Role -eq 'Edge') {
        # Get-Group and Get-User read Active Directory, which an Edge does not have.
        $local = $text -replace '(?m)^function ', 'function global:'
        . ([scriptblock]::Create($local))
        Remove-Item -LiteralPath 'Function:\Get-Group', 'Function:\Get-User' -ErrorAction SilentlyContinue
    } else {
        $module = New-Module -Name 'tmp_EdgeFlowSimExchange' -ScriptBlock ([scriptblock]::Create($text + "`nExport-ModuleMember -Function *"))
        Import-Module -ModuleInfo $module -Global -Force
    }
}
