# Signatures of the simulated cmdlets that exchange-params.json does not catalogue, written from
# their pages in MicrosoftDocs/office-docs-powershell (exchange/exchange-ps/ExchangePowerShell/):
# the parameters the scripts use and those of the same parameter sets, with the documented types
# reduced to what PowerShell has here. Loaded like the generated ones: as local functions on an
# Edge, as proxies of an implicitly imported module on a Mailbox server.

# Get-AcceptedDomain.md: [[-Identity] <AcceptedDomainIdParameter>] [-DomainController <Fqdn>].
function Get-AcceptedDomain {
    [CmdletBinding()]
    param([Parameter(Position = 0)][object]$Identity, [object]$DomainController)
    try { Invoke-SimProxy -Cmdlet 'Get-AcceptedDomain' -Bound $PSBoundParameters -Caller $PSCmdlet -Conflicts @{} -ConfirmSeen $ConfirmPreference -WhatIfSeen $WhatIfPreference } catch { $PSCmdlet.WriteError($_) }
}

# New-AcceptedDomain.md: [-Name] <String> -DomainName <SmtpDomainWithSubdomains> [-DomainType <AcceptedDomainType>].
function New-AcceptedDomain {
    [CmdletBinding(SupportsShouldProcess = $true, ConfirmImpact = 'Medium')]
    param(
        [Parameter(Mandatory = $true, Position = 0)][string]$Name,
        [Parameter(Mandatory = $true)][object]$DomainName,
        [ValidateSet('Authoritative', 'ExternalRelay', 'InternalRelay')][string]$DomainType,
        [object]$DomainController
    )
    try { Invoke-SimProxy -Cmdlet 'New-AcceptedDomain' -Bound $PSBoundParameters -Caller $PSCmdlet -Conflicts @{} -ConfirmSeen $ConfirmPreference -WhatIfSeen $WhatIfPreference } catch { $PSCmdlet.WriteError($_) }
}

# Set-AcceptedDomain.md: [-Identity] <AcceptedDomainIdParameter> [-DomainType] [-Name] [-MakeDefault] ...
function Set-AcceptedDomain {
    [CmdletBinding(SupportsShouldProcess = $true, ConfirmImpact = 'Medium')]
    param(
        [Parameter(Mandatory = $true, Position = 0)][object]$Identity,
        [ValidateSet('Authoritative', 'ExternalRelay', 'InternalRelay')][string]$DomainType,
        [string]$Name,
        [bool]$MakeDefault,
        [object]$DomainController
    )
    try { Invoke-SimProxy -Cmdlet 'Set-AcceptedDomain' -Bound $PSBoundParameters -Caller $PSCmdlet -Conflicts @{} -ConfirmSeen $ConfirmPreference -WhatIfSeen $WhatIfPreference } catch { $PSCmdlet.WriteError($_) }
}

# Get-ExchangeCertificate.md: [[-Identity]] | -Thumbprint <String> [-Server <ServerIdParameter>].
function Get-ExchangeCertificate {
    [CmdletBinding(DefaultParameterSetName = 'Identity')]
    param(
        [Parameter(ParameterSetName = 'Identity', Position = 0)][object]$Identity,
        [Parameter(ParameterSetName = 'Thumbprint', Mandatory = $true)][string]$Thumbprint,
        [object]$Server,
        [object]$DomainController
    )
    try { Invoke-SimProxy -Cmdlet 'Get-ExchangeCertificate' -Bound $PSBoundParameters -Caller $PSCmdlet -Conflicts @{} -ConfirmSeen $ConfirmPreference -WhatIfSeen $WhatIfPreference } catch { $PSCmdlet.WriteError($_) }
}

# Get-ADPermission.md, AccessRights set: [-Identity] <ADRawEntryIdParameter> [-User <SecurityPrincipalIdParameter>].
function Get-ADPermission {
    [CmdletBinding(DefaultParameterSetName = 'AccessRights')]
    param(
        [Parameter(Mandatory = $true, Position = 0)][object]$Identity,
        [Parameter(ParameterSetName = 'AccessRights')][object]$User,
        [Parameter(ParameterSetName = 'Owner')][switch]$Owner,
        [object]$DomainController
    )
    try { Invoke-SimProxy -Cmdlet 'Get-ADPermission' -Bound $PSBoundParameters -Caller $PSCmdlet -Conflicts @{} -ConfirmSeen $ConfirmPreference -WhatIfSeen $WhatIfPreference } catch { $PSCmdlet.WriteError($_) }
}

# Add-ADPermission.md, AccessRights set: [-Identity] <ADRawEntryIdParameter> -User <SecurityPrincipalIdParameter>
# [-AccessRights <ActiveDirectoryRights[]>] [-ExtendedRights <ExtendedRightIdParameter[]>] [-Deny] ...
function Add-ADPermission {
    [CmdletBinding(SupportsShouldProcess = $true, ConfirmImpact = 'Medium')]
    param(
        [Parameter(Mandatory = $true, Position = 0)][object]$Identity,
        [Parameter(Mandatory = $true)][object]$User,
        [string[]]$AccessRights,
        [object[]]$ExtendedRights,
        [switch]$Deny,
        [object]$DomainController
    )
    try { Invoke-SimProxy -Cmdlet 'Add-ADPermission' -Bound $PSBoundParameters -Caller $PSCmdlet -Conflicts @{} -ConfirmSeen $ConfirmPreference -WhatIfSeen $WhatIfPreference } catch { $PSCmdlet.WriteError($_) }
}

# Get-Group.md: [[-Identity] <GroupIdParameter>]. Not on an Edge (no Active Directory there).
function Get-Group {
    [CmdletBinding()]
    param([Parameter(Position = 0)][object]$Identity, [object]$DomainController)
    try { Invoke-SimProxy -Cmdlet 'Get-Group' -Bound $PSBoundParameters -Caller $PSCmdlet -Conflicts @{} -ConfirmSeen $ConfirmPreference -WhatIfSeen $WhatIfPreference } catch { $PSCmdlet.WriteError($_) }
}

# Get-User.md: [[-Identity] <UserIdParameter>]. Not on an Edge.
function Get-User {
    [CmdletBinding()]
    param([Parameter(Position = 0)][object]$Identity, [object]$DomainController)
    try { Invoke-SimProxy -Cmdlet 'Get-User' -Bound $PSBoundParameters -Caller $PSCmdlet -Conflicts @{} -ConfirmSeen $ConfirmPreference -WhatIfSeen $WhatIfPreference } catch { $PSCmdlet.WriteError($_) }
}

# Get-ExchangeServer.md, Identity set: [[-Identity] <ServerIdParameter>] [-DomainController <Fqdn>] [-Status].
function Get-ExchangeServer {
    [CmdletBinding(DefaultParameterSetName = 'Identity')]
    param(
        [Parameter(ParameterSetName = 'Identity', Position = 0)][object]$Identity,
        [Parameter(ParameterSetName = 'Domain', Mandatory = $true)][object]$Domain,
        [switch]$Status,
        [object]$DomainController
    )
    try { Invoke-SimProxy -Cmdlet 'Get-ExchangeServer' -Bound $PSBoundParameters -Caller $PSCmdlet -Conflicts @{} -ConfirmSeen $ConfirmPreference -WhatIfSeen $WhatIfPreference } catch { $PSCmdlet.WriteError($_) }
}
