import type { ScriptWriter } from './scriptWriter';

/**
 * The fixed PowerShell of every verification script: functions that record
 * results and normalise Exchange's values, and the report at the end. No
 * topology value appears here; the checks that call these functions are
 * generated per object in verifyScript.ts.
 *
 * Normalisation, applied to the declared and the live value alike, so that
 * two writings of one setting compare equal:
 * - text, name, bool, number: trimmed and lower-cased (Exchange names, enum
 *   values and `unlimited` compare without case); `name` reads an object's
 *   Name (ADObjectId) first.
 * - flags (AuthMechanism, PermissionGroups, ErrorPolicies,
 *   MessageRateSource): `.ToString()` of a flags enum is comma-joined; split,
 *   trimmed, compared as a set.
 * - addressSpace: `type:address;cost` with type SMTP and cost 1 by default,
 *   from the live Type/Address/Cost or from the declared string.
 * - smartHost: lower-case, brackets around an IP literal and a trailing dot
 *   removed.
 * - binding: `address|port` with the address re-printed by
 *   System.Net.IPAddress (IPv6 compressed, brackets removed).
 * - range: a single address, `a-b`, CIDR `a/n` or `a(mask)` become the
 *   hexadecimal first and last address, so `10.0.0.5` equals `10.0.0.5/32`
 *   and `10.0.0.0/24` equals `10.0.0.0-10.0.0.255`, however Exchange prints it.
 * - size: bytes; the live ByteQuantifiedSize prints `36 MB (37,748,736 bytes)`,
 *   the declared value is `36 MB`; `unlimited` stays `unlimited`.
 * - timeSpan: ticks of System.TimeSpan, parsed in the invariant culture.
 * - address: re-printed by System.Net.IPAddress.
 * Lists compare as sets (order and duplicates ignored), except where a
 * check asks only that the declared values be among the live ones.
 */
const PRELUDE = String.raw`$results = New-Object System.Collections.Generic.List[object]

function Add-EdgeFlowResult {
    param([string]$Name, [string]$Status, [string]$Expected, [string]$Actual)
    $results.Add([pscustomobject]@{ name = $Name; status = $Status; expected = $Expected; actual = $Actual })
}

function Add-EdgeFlowPresence {
    param([string]$Name, $Object)
    if ($null -ne $Object) {
        Add-EdgeFlowResult -Name $Name -Status 'PASS' -Expected 'present' -Actual 'present'
    } else {
        Add-EdgeFlowResult -Name $Name -Status 'FAIL' -Expected 'present' -Actual 'missing'
    }
}

function ConvertTo-EdgeFlowRangeKey {
    param([string]$Text)
    $first = $Text
    $last = ''
    $mask = ''
    $prefix = -1
    if ($Text -match '^(.+)/(\d+)$') {
        $first = $Matches[1]
        $prefix = [int]$Matches[2]
    } elseif ($Text -match '^(.+)\((.+)\)$') {
        $first = $Matches[1]
        $mask = $Matches[2]
    } elseif ($Text -match '^(.+)-(.+)$') {
        $first = $Matches[1]
        $last = $Matches[2]
    }
    $address = $null
    if (-not [System.Net.IPAddress]::TryParse($first.Trim(), [ref]$address)) { return $Text }
    $start = $address.GetAddressBytes()
    $end = $address.GetAddressBytes()
    if ($last -ne '') {
        $other = $null
        if (-not [System.Net.IPAddress]::TryParse($last.Trim(), [ref]$other)) { return $Text }
        $end = $other.GetAddressBytes()
    } elseif ($prefix -ge 0 -or $mask -ne '') {
        $maskBytes = $null
        if ($mask -ne '') {
            $maskAddress = $null
            if (-not [System.Net.IPAddress]::TryParse($mask.Trim(), [ref]$maskAddress)) { return $Text }
            $maskBytes = $maskAddress.GetAddressBytes()
        }
        for ($i = 0; $i -lt $start.Length; $i++) {
            if ($null -ne $maskBytes) {
                $byteMask = [int]$maskBytes[$i]
            } else {
                $bits = [Math]::Max(0, [Math]::Min(8, $prefix - 8 * $i))
                $byteMask = (0xFF -shl (8 - $bits)) -band 0xFF
            }
            $start[$i] = [byte]($start[$i] -band $byteMask)
            $end[$i] = [byte]($start[$i] -bor (0xFF -bxor $byteMask))
        }
    }
    $startText = ($start | ForEach-Object { $_.ToString('x2') }) -join ''
    $endText = ($end | ForEach-Object { $_.ToString('x2') }) -join ''
    return ($startText + '-' + $endText)
}

function ConvertTo-EdgeFlowKey {
    param([string]$Kind, $Item)
    if ($Kind -eq 'name' -and $null -ne $Item.PSObject.Properties['Name']) { $Item = $Item.Name }
    if ($Kind -eq 'addressSpace' -and $null -ne $Item.PSObject.Properties['Address']) {
        $Item = '{0}:{1};{2}' -f $Item.Type, $Item.Address, $Item.Cost
    }
    $text = ([string]$Item).Trim()
    $lower = $text.ToLowerInvariant()
    switch ($Kind) {
        'flags' {
            return @($lower -split ',' | ForEach-Object { $_.Trim() } | Where-Object { $_ -ne '' })
        }
        'addressSpace' {
            $type = 'smtp'
            $space = $lower
            $cost = '1'
            if ($space -match '^([^:]+):(.*)$') {
                $type = $Matches[1].Trim()
                $space = $Matches[2].Trim()
            }
            if ($space -match '^(.*);\s*(\d+)$') {
                $space = $Matches[1].Trim()
                $cost = [string][int]$Matches[2]
            }
            return ($type + ':' + $space + ';' + $cost)
        }
        'smartHost' {
            return (($lower -replace '^\[(.*)\]$', '$1') -replace '\.$', '')
        }
        'binding' {
            if ($lower -match '^\[?(.+?)\]?:(\d+)$') {
                $ip = $Matches[1]
                $port = [string][int]$Matches[2]
                $address = $null
                if ([System.Net.IPAddress]::TryParse($ip, [ref]$address)) { $ip = $address.ToString() }
                return ($ip + '|' + $port)
            }
            return $lower
        }
        'range' {
            return (ConvertTo-EdgeFlowRangeKey -Text $lower)
        }
        'address' {
            $address = $null
            if ([System.Net.IPAddress]::TryParse(($lower -replace '^\[(.*)\]$', '$1'), [ref]$address)) {
                return $address.ToString()
            }
            return $lower
        }
        'size' {
            if ($lower -eq 'unlimited') { return 'unlimited' }
            if ($lower -match '\(([^)]*)bytes\)') { return ($Matches[1] -replace '[^0-9]', '') }
            if ($lower -match '^([0-9]+(\.[0-9]+)?)\s*(b|kb|mb|gb|tb)$') {
                $multiplier = [decimal]1
                switch ($Matches[3]) {
                    'kb' { $multiplier = [decimal]1024 }
                    'mb' { $multiplier = [decimal]1048576 }
                    'gb' { $multiplier = [decimal]1073741824 }
                    'tb' { $multiplier = [decimal]1099511627776 }
                }
                return [string][decimal]::Floor([decimal]$Matches[1] * $multiplier)
            }
            return $lower
        }
        'timeSpan' {
            $span = [TimeSpan]::Zero
            $culture = [System.Globalization.CultureInfo]::InvariantCulture
            if ([TimeSpan]::TryParse($text, $culture, [ref]$span)) { return [string]$span.Ticks }
            return $lower
        }
        default {
            return $lower
        }
    }
}

function ConvertTo-EdgeFlowText {
    param([string]$Kind, $Value)
    $texts = @(@($Value) | Where-Object { $null -ne $_ } | ForEach-Object {
            if ($Kind -eq 'name' -and $null -ne $_.PSObject.Properties['Name']) { [string]$_.Name } else { [string]$_ }
        })
    return ($texts -join ', ')
}

function Compare-EdgeFlowValue {
    param([string]$Name, [string]$Kind, $Expected, $Actual, [switch]$Subset, [switch]$InfoWhenEmpty)
    $expectedKeys = @(@($Expected) | Where-Object { $null -ne $_ } | ForEach-Object { ConvertTo-EdgeFlowKey -Kind $Kind -Item $_ } | Sort-Object -Unique)
    $actualKeys = @(@($Actual) | Where-Object { $null -ne $_ } | ForEach-Object { ConvertTo-EdgeFlowKey -Kind $Kind -Item $_ } | Sort-Object -Unique)
    if ($Subset) {
        $passed = @($expectedKeys | Where-Object { $actualKeys -notcontains $_ }).Count -eq 0
    } else {
        $passed = $expectedKeys.Count -eq $actualKeys.Count
        for ($i = 0; $passed -and $i -lt $expectedKeys.Count; $i++) {
            $passed = $expectedKeys[$i] -ceq $actualKeys[$i]
        }
    }
    $status = 'FAIL'
    if ($passed) { $status = 'PASS' }
    if ($InfoWhenEmpty -and $actualKeys.Count -eq 0) { $status = 'INFO' }
    $expectedText = ConvertTo-EdgeFlowText -Kind $Kind -Value $Expected
    $actualText = ConvertTo-EdgeFlowText -Kind $Kind -Value $Actual
    Add-EdgeFlowResult -Name $Name -Status $status -Expected $expectedText -Actual $actualText
}

function Test-EdgeFlowResolution {
    param([string]$Name, [string]$HostName, [string[]]$ExpectedAddresses)
    $resolved = @()
    $problem = ''
    try {
        $resolved = @(Resolve-DnsName -Name $HostName -ErrorAction Stop | Where-Object { $_.IPAddress } | ForEach-Object { ConvertTo-EdgeFlowKey -Kind 'address' -Item $_.IPAddress } | Sort-Object -Unique)
    } catch {
        $problem = $_.Exception.Message
    }
    $expected = @($ExpectedAddresses | Where-Object { $_ } | ForEach-Object { ConvertTo-EdgeFlowKey -Kind 'address' -Item $_ } | Sort-Object -Unique)
    $passed = $resolved.Count -gt 0
    if ($passed -and $expected.Count -gt 0) {
        $passed = @($resolved | Where-Object { $expected -notcontains $_ }).Count -eq 0
    }
    $expectedText = 'any address'
    if ($expected.Count -gt 0) { $expectedText = 'only ' + ($expected -join ', ') }
    $actualText = $resolved -join ', '
    if ($problem -ne '') { $actualText = $problem }
    $status = 'FAIL'
    if ($passed) { $status = 'PASS' }
    Add-EdgeFlowResult -Name $Name -Status $status -Expected $expectedText -Actual $actualText
}

function Test-EdgeFlowTcpPort {
    param([string]$Name, [string]$HostName, [int]$Port)
    $target = $HostName -replace '^\[(.*)\]$', '$1'
    $client = New-Object System.Net.Sockets.TcpClient
    $problem = ''
    try {
        $attempt = $client.BeginConnect($target, $Port, $null, $null)
        if ($attempt.AsyncWaitHandle.WaitOne(5000)) {
            $client.EndConnect($attempt)
        } else {
            $problem = 'no answer within 5 seconds'
        }
    } catch {
        $problem = $_.Exception.Message
    } finally {
        $client.Close()
    }
    if ($problem -eq '') {
        Add-EdgeFlowResult -Name $Name -Status 'PASS' -Expected 'connection accepted' -Actual 'connection accepted'
    } else {
        Add-EdgeFlowResult -Name $Name -Status 'FAIL' -Expected 'connection accepted' -Actual $problem
    }
}`;

/** Checks a Mailbox server's Trusted Root store through PowerShell remoting. */
const TRUSTED_ROOT = String.raw`function Test-EdgeFlowTrustedRoot {
    param([string]$Name, [string]$ComputerName, [string]$Thumbprint)
    $trusted = $false
    $problem = ''
    try {
        $trusted = [bool](Invoke-Command -ComputerName $ComputerName -ArgumentList $Thumbprint -ScriptBlock {
                param([string]$Thumbprint)
                Test-Path -LiteralPath ('Cert:\LocalMachine\Root\' + $Thumbprint)
            })
    } catch {
        $problem = $_.Exception.Message
    }
    $actual = 'not in the Trusted Root store'
    if ($trusted) { $actual = 'in the Trusted Root store' }
    if ($problem -ne '') { $actual = $problem }
    $status = 'FAIL'
    if ($trusted) { $status = 'PASS' }
    Add-EdgeFlowResult -Name $Name -Status $status -Expected ('in the Trusted Root store: ' + $Thumbprint) -Actual $actual
}`;

/** Whether one of the certificates names a host: exactly, or by a wildcard for one label. */
const CERTIFICATE_NAME = String.raw`function Test-EdgeFlowCertificateName {
    param([string]$Name, [string]$HostName, $Certificates)
    $wanted = $HostName.Trim().TrimEnd('.').ToLowerInvariant()
    $names = @($Certificates | ForEach-Object { $_.CertificateDomains } | Where-Object { $null -ne $_ } | ForEach-Object { ([string]$_).Trim().TrimEnd('.').ToLowerInvariant() } | Sort-Object -Unique)
    $passed = $false
    foreach ($candidate in $names) {
        if ($candidate -eq $wanted) { $passed = $true }
        if ($candidate.StartsWith('*.') -and $wanted.EndsWith($candidate.Substring(1)) -and -not $wanted.Substring(0, $wanted.Length - $candidate.Length + 1).Contains('.')) { $passed = $true }
    }
    $status = 'FAIL'
    if ($passed) { $status = 'PASS' }
    Add-EdgeFlowResult -Name $Name -Status $status -Expected ('a certificate domain matching ' + $HostName) -Actual ($names -join ', ')
}`;

const REPORT = String.raw`$failed = @($results | Where-Object { $_.status -eq 'FAIL' }).Count
if ($Json) {
    ConvertTo-Json -InputObject $results.ToArray() -Depth 4
} else {
    foreach ($result in $results) {
        $line = $result.status + '  ' + $result.name
        if ($result.status -ne 'PASS') {
            $line += ' (expected: ' + $result.expected + '; actual: ' + $result.actual + ')'
        }
        Write-Output $line
    }
    $passed = @($results | Where-Object { $_.status -eq 'PASS' }).Count
    $information = @($results | Where-Object { $_.status -eq 'INFO' }).Count
    Write-Output ('{0} checks: {1} passed, {2} failed, {3} for information.' -f $results.Count, $passed, $failed, $information)
}
if ($failed -gt 0) { exit 1 }
exit 0`;

function writeLines(w: ScriptWriter, text: string): void {
  for (const line of text.split('\n')) w.line(line);
}

export function writePrelude(
  w: ScriptWriter,
  options: { readonly trustedRoot: boolean; readonly certificateName?: boolean },
): void {
  w.comment(
    'How results are recorded and values compared. These functions run no Exchange cmdlet; the checks after them read every object with its own Get-* call.',
  );
  writeLines(w, PRELUDE);
  if (options.trustedRoot) {
    w.line();
    writeLines(w, TRUSTED_ROOT);
  }
  if (options.certificateName) {
    w.line();
    writeLines(w, CERTIFICATE_NAME);
  }
  w.line();
}

export function writeReport(w: ScriptWriter): void {
  w.comment(
    'The report: one line per check and a summary, or JSON with -Json; exit code 1 on a failure.',
  );
  writeLines(w, REPORT);
}
