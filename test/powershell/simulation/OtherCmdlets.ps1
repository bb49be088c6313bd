# Accepted domains, certificates, AD permissions and the organization's groups and users, behind
# the signatures of OtherSignatures.ps1.

# --- Accepted domains (New-AcceptedDomain.md, Set-AcceptedDomain.md, Get-AcceptedDomain.md) ---

function ConvertTo-SimAcceptedDomainObject {
    param([hashtable]$Domain)
    return [pscustomobject]@{ Name = $Domain.Name; Identity = $Domain.Name; DomainName = (New-SimValue -Kind 'SmtpDomainWithSubdomains' -Text $Domain.DomainName -Properties @{ Domain = $Domain.DomainName }); DomainType = $Domain.DomainType; Default = [bool]$Domain.Default }
}

function Invoke-SimGetAcceptedDomain {
    param([hashtable]$Bound, [hashtable]$Context)
    $identity = [string]$Bound['Identity']
    $found = @((Get-SimStore).AcceptedDomains | Where-Object { $identity -eq '' -or $_.Name -eq $identity -or $_.DomainName -eq $identity })
    if ($identity -ne '' -and $found.Count -eq 0) { throw (New-SimNotFound $identity) }
    return @($found | ForEach-Object { ConvertTo-SimAcceptedDomainObject $_ })
}

function Invoke-SimNewAcceptedDomain {
    param([hashtable]$Bound, [hashtable]$Context)
    $store = Get-SimStore
    $domainName = ([string]$Bound['DomainName']).Trim()
    # New-AcceptedDomain.md DomainName: an SMTP domain, a leading *. for subdomains, no embedded wildcard.
    Assert-Sim ($domainName -match '^(\*\.)?[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?(\.[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?)*$') "'$domainName' is not a valid SMTP domain." 'InvalidSmtpDomain'
    # New-AcceptedDomain.md Name: "a unique name"; and one accepted domain per domain name.
    Assert-Sim (@($store.AcceptedDomains | Where-Object { $_.Name -eq $Bound['Name'] -or $_.DomainName -eq $domainName }).Count -eq 0) "The accepted domain '$domainName' already exists." 'ADObjectAlreadyExistsException'
    $type = if ($Bound.ContainsKey('DomainType')) { [string]$Bound['DomainType'] } else { 'Authoritative' }
    if (-not (Confirm-SimChange $Context $domainName 'New-AcceptedDomain')) { return }
    # Set-AcceptedDomain.md MakeDefault: one accepted domain is the default. Which one a store's
    # first New-AcceptedDomain makes the default is not stated; the simulation assumes the first
    # one (on a Mailbox server Exchange setup creates the first), which only a lab can confirm.
    $domain = @{ Name = [string]$Bound['Name']; DomainName = $domainName; DomainType = $type; Default = ($store.AcceptedDomains.Count -eq 0) }
    $store.AcceptedDomains.Add($domain)
    return ConvertTo-SimAcceptedDomainObject $domain
}

function Invoke-SimSetAcceptedDomain {
    param([hashtable]$Bound, [hashtable]$Context)
    $identity = [string]$Bound['Identity']
    $domain = @((Get-SimStore).AcceptedDomains | Where-Object { $_.Name -eq $identity -or $_.DomainName -eq $identity }) | Select-Object -First 1
    if ($null -eq $domain) { throw (New-SimNotFound $identity) }
    if (-not (Confirm-SimChange $Context $identity 'Set-AcceptedDomain')) { return }
    if ($Bound.ContainsKey('DomainType')) { $domain.DomainType = [string]$Bound['DomainType'] }
    if ($Bound.ContainsKey('Name')) { $domain.Name = [string]$Bound['Name'] }
    if ($Bound.ContainsKey('MakeDefault') -and $Bound['MakeDefault']) {
        foreach ($other in (Get-SimStore).AcceptedDomains) { $other.Default = $false }
        $domain.Default = $true
    }
}

# --- Certificates (Get-ExchangeCertificate.md) ---

function Invoke-SimGetExchangeCertificate {
    param([hashtable]$Bound, [hashtable]$Context)
    $all = @((Get-SimStore).Certificates)
    # -Server: the certificates of that server (a Mailbox server's; an Edge has only its own).
    if ($Bound.ContainsKey('Server') -and $null -ne $Bound['Server']) {
        $server = Get-SimWorldServer ([string]$Bound['Server'])
        if ($null -eq $server) { throw (New-SimNotFound ([string]$Bound['Server'])) }
        $all = @($all | Where-Object { -not $_.ContainsKey('Server') -or $_.Server -eq $server.name })
    }
    if ($Bound.ContainsKey('Thumbprint')) {
        $all = @($all | Where-Object { $_.Thumbprint -eq $Bound['Thumbprint'] })
        if ($all.Count -eq 0) { throw (New-SimNotFound $Bound['Thumbprint']) }
    }
    foreach ($certificate in $all) {
        $domains = [System.Collections.Generic.List[object]]::new()
        foreach ($domain in $certificate.CertificateDomains) { $domains.Add((New-SimValue -Kind 'SmtpDomainWithSubdomains' -Text $domain -Properties @{ Domain = $domain })) }
        $object = [ordered]@{
            Thumbprint = $certificate.Thumbprint
            Subject = $certificate.Subject
            IsSelfSigned = $certificate.IsSelfSigned
            RawData = [byte[]]$certificate.RawData
            CertificateDomains = $domains.ToArray()
            Services = (New-SimValue -Kind 'AllowedServices' -Text $certificate.Services -Properties @{})
            # Get-ExchangeCertificate.md, Format-List properties: "NotAfter: The certificate expiration date".
            NotAfter = $certificate.NotAfter
        }
        [pscustomobject]$object
    }
}

# --- AD permissions (Get-ADPermission.md, Add-ADPermission.md) ---

function Resolve-SimPrincipal {
    param([string]$User)
    $well = @('NT AUTHORITY\ANONYMOUS LOGON', 'NT AUTHORITY\Authenticated Users', 'MS Exchange\Edge Transport Servers', 'MS Exchange\Hub Transport Servers', 'MS Exchange\Externally Secured Servers', 'MS Exchange\Partner Servers')
    foreach ($name in $well) { if ($name -eq $User) { return $name } }
    if ($global:Sim.Role -eq 'Edge') {
        # Whether AD LDS resolves a local Windows account of the Edge is not stated by Add-ADPermission.md;
        # the simulation assumes it does (COMPUTER\user or .\user), which only a lab can confirm.
        foreach ($account in @((Get-SimStore).LocalAccounts)) {
            if ($User -eq ($global:Sim.Computer + '\' + $account) -or $User -eq ('.\' + $account)) { return $global:Sim.Computer + '\' + $account }
        }
    } else {
        foreach ($account in @($global:Sim.Org.Users)) { if ($User -eq $account) { return $account } }
    }
    throw (ConvertTo-SimError "The user '$User' couldn't be found." 'ManagementObjectNotFoundException' 'ObjectNotFound')
}

function Resolve-SimPermissionTarget {
    param([string]$Identity)
    $connector = Find-SimReceiveConnector $Identity
    if ($null -eq $connector) { throw (New-SimNotFound $Identity) }
    return (ConvertTo-SimConnectorObject $connector)
}

function Invoke-SimGetADPermission {
    param([hashtable]$Bound, [hashtable]$Context)
    $target = Resolve-SimPermissionTarget ([string]$Bound['Identity'])
    $user = if ($Bound.ContainsKey('User')) { Resolve-SimPrincipal ([string]$Bound['User']) } else { '' }
    # Without -User, the entries the connector inherits from its container come too (IsInherited):
    # one stands for them here, an extended right of a principal no script grants, which a reader of
    # the connector's own rights must leave out.
    if ($user -eq '') {
        [pscustomobject]@{ Identity = $target.Identity; User = 'NT AUTHORITY\SYSTEM'; Deny = $false; IsInherited = $true; AccessRights = 'ExtendedRight'; ExtendedRights = @(New-SimValue -Kind 'ExtendedRight' -Text 'ms-Exch-SMTP-Submit' -Properties @{ RawIdentity = 'ms-Exch-SMTP-Submit' }) }
    }
    return @((Get-SimStore).Permissions | Where-Object { $_.Target -eq $target.DistinguishedName -and ($user -eq '' -or $_.User -eq $user) } | ForEach-Object {
            [pscustomobject]@{ Identity = $target.Identity; User = $_.User; Deny = $false; IsInherited = $false; AccessRights = 'ExtendedRight'; ExtendedRights = @(New-SimValue -Kind 'ExtendedRight' -Text $_.Right -Properties @{ RawIdentity = $_.Right }) }
        })
}

function Invoke-SimAddADPermission {
    param([hashtable]$Bound, [hashtable]$Context)
    $target = Resolve-SimPermissionTarget ([string]$Bound['Identity'])
    $user = Resolve-SimPrincipal ([string]$Bound['User'])
    $rights = @($Bound['ExtendedRights'] | ForEach-Object { [string]$_ })
    Assert-Sim ($rights.Count -gt 0 -or $Bound.ContainsKey('AccessRights')) 'Specify AccessRights or ExtendedRights.' 'NoRightsSpecified'
    foreach ($right in $rights) { Assert-Sim ($right -like 'ms-Exch-*') "'$right' is not a known extended right." 'ExtendedRightNotFound' }
    if (-not (Confirm-SimChange $Context $target.Identity 'Add-ADPermission')) { return }
    $store = Get-SimStore
    foreach ($right in $rights) {
        if (@($store.Permissions | Where-Object { $_.Target -eq $target.DistinguishedName -and $_.User -eq $user -and $_.Right -eq $right }).Count -eq 0) {
            $store.Permissions.Add(@{ Target = $target.DistinguishedName; User = $user; Right = $right })
        }
        [pscustomobject]@{ Identity = $target.Identity; User = $user; Deny = $false; IsInherited = $false; ExtendedRights = @(New-SimValue -Kind 'ExtendedRight' -Text $right -Properties @{ RawIdentity = $right }) }
    }
}

# --- The organization's groups and users (Get-Group.md, Get-User.md) ---

function Invoke-SimGetGroup {
    param([hashtable]$Bound, [hashtable]$Context)
    $identity = [string]$Bound['Identity']
    if (-not $global:Sim.Org.Groups.ContainsKey($identity)) { throw (New-SimNotFound $identity) }
    return [pscustomobject]@{ Name = $identity; Identity = $identity; Members = @($global:Sim.Org.Groups[$identity] | ForEach-Object { New-SimValue -Kind 'ADObjectId' -Text $_ -Properties @{ Name = $_ } }) }
}

function Invoke-SimGetUser {
    param([hashtable]$Bound, [hashtable]$Context)
    $identity = [string]$Bound['Identity']
    $found = @($global:Sim.Org.Users | Where-Object { $_ -eq $identity })
    if ($found.Count -eq 0) { throw (New-SimNotFound $identity) }
    return [pscustomobject]@{ Name = ($identity -replace '^.*\\', ''); Identity = $identity; SamAccountName = ($identity -replace '^.*\\', '') }
}

# --- Exchange servers (Get-ExchangeServer.md) ---

# An Edge's AD LDS instance knows only the Edge itself; the organization's Active Directory knows
# its Mailbox servers and no Edge that is not subscribed (edge-subscriptions.md: only a
# subscription creates the Edge's object there). AdminDisplayVersion prints as
# "Version 15.2 (Build 1544.4)" (Exchange Server 2019 CU14's build, "Exchange Server build numbers").
function ConvertTo-SimExchangeServerObject {
    param($Server)
    $edge = $Server.role -eq 'Edge'
    return [pscustomobject]@{
        Name = $Server.name; Identity = $Server.name; Fqdn = $Server.fqdn
        ServerRole = $(if ($edge) { 'Edge' } else { 'Mailbox' }); IsEdgeServer = $edge; IsMailboxServer = (-not $edge)
        AdminDisplayVersion = (New-SimValue -Kind 'ServerVersion' -Text 'Version 15.2 (Build 1544.4)' -Properties @{ Major = 15; Minor = 2; Build = 1544; Revision = 4 })
    }
}

function Invoke-SimGetExchangeServer {
    param([hashtable]$Bound, [hashtable]$Context)
    $known = if ($global:Sim.Role -eq 'Edge') { @(Get-SimWorldServer $global:Sim.Computer) } else { @($global:Sim.World.mailboxes) }
    if ($Bound.ContainsKey('Identity') -and $null -ne $Bound['Identity']) {
        $key = ([string]$Bound['Identity']).ToLowerInvariant()
        $known = @($known | Where-Object { $_.name.ToLowerInvariant() -eq $key -or ([string]$_.fqdn).ToLowerInvariant() -eq $key })
        if ($known.Count -eq 0) { throw (New-SimNotFound ([string]$Bound['Identity'])) }
    }
    return @($known | ForEach-Object { ConvertTo-SimExchangeServerObject $_ })
}
