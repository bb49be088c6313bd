# Parses each script with PowerShell's own parser and lists, as JSON, its syntax errors and what
# it uses that Windows PowerShell 5.1 (the Exchange Management Shell's host) lacks: PowerShell 7
# syntax (?:, ??, ??=, ?. and ?[], && and ||, clean blocks), ForEach-Object -Parallel, and the
# PowerShell 6/7-only cmdlets and parameters below. The check is made on the syntax tree, so that
# text in strings and comments does not count.
param([Parameter(Mandatory = $true)][string]$ListPath, [Parameter(Mandatory = $true)][string]$ResultPath)

# Cmdlets that Windows PowerShell 5.1 does not have, and parameters it does not have on those it has
# (about_PowerShell_Editions; "What's new in PowerShell 6.x/7.x"; each cmdlet's reference page).
$newCmdlets = @('Join-String', 'Test-Json', 'Get-Error', 'Remove-Alias', 'Get-Uptime', 'ConvertFrom-Markdown',
    'Show-Markdown', 'Get-MarkdownOption', 'Set-MarkdownOption', 'Remove-Service', 'Get-ExperimentalFeature',
    'Enable-ExperimentalFeature', 'Disable-ExperimentalFeature', 'Update-List', 'Get-PSSubsystem')
$newParameters = @{
    'ForEach-Object' = @('Parallel', 'ThrottleLimit', 'TimeoutSeconds', 'AsJob', 'UseNewRunspace')
    'ConvertTo-Json' = @('AsArray', 'EscapeHandling')
    'ConvertFrom-Json' = @('AsHashtable', 'Depth', 'NoEnumerate', 'DateKind')
    'Get-Content' = @('AsByteStream')
    'Set-Content' = @('AsByteStream')
    'Add-Content' = @('AsByteStream')
    'Sort-Object' = @('Top', 'Bottom', 'Stable')
    'Select-String' = @('Raw', 'NoEmphasis')
    'Split-Path' = @('Extension', 'LeafBase')
    'Import-Module' = @('UseWindowsPowerShell', 'SkipEditionCheck')
    'Invoke-WebRequest' = @('SkipCertificateCheck', 'SkipHttpErrorCheck', 'Authentication', 'Token')
    'Invoke-RestMethod' = @('SkipCertificateCheck', 'SkipHttpErrorCheck', 'Authentication', 'Token', 'StatusCodeVariable')
    'Get-Date' = @('AsUTC', 'UnixTimeSeconds')
    'Test-Connection' = @('TargetName', 'Ping', 'TcpPort', 'Traceroute', 'MtuSize', 'Repeat')
    'Get-Random' = @('Shuffle')
    'New-Guid' = @('Empty')
    'Out-File' = @()
}
$utf8NoBom = 'utf8NoBOM'

$findings = [System.Collections.Generic.List[object]]::new()
foreach ($path in (Get-Content -LiteralPath $ListPath -Encoding utf8)) {
    if ($path -eq '') { continue }
    $tokens = $null
    $errors = $null
    $text = [System.IO.File]::ReadAllText($path)
    $ast = [System.Management.Automation.Language.Parser]::ParseInput($text, [ref]$tokens, [ref]$errors)
    $problems = [System.Collections.Generic.List[string]]::new()
    foreach ($e in $errors) { $problems.Add('parse error at line ' + $e.Extent.StartLineNumber + ': ' + $e.Message) }
    $found = $ast.FindAll({ param($node) $true }, $true)
    foreach ($node in $found) {
        $line = ' at line ' + $node.Extent.StartLineNumber
        switch ($node.GetType().Name) {
            'TernaryExpressionAst' { $problems.Add('ternary operator' + $line) }
            'PipelineChainAst' { $problems.Add('&& or || pipeline chain' + $line) }
            'BinaryExpressionAst' { if ($node.Operator -eq 'QuestionQuestion') { $problems.Add('?? operator' + $line) } }
            'AssignmentStatementAst' { if ($node.Operator -eq 'QuestionQuestionEquals') { $problems.Add('??= operator' + $line) } }
            'MemberExpressionAst' { if ($node.NullConditional) { $problems.Add('?. member access' + $line) } }
            'InvokeMemberExpressionAst' { if ($node.NullConditional) { $problems.Add('?. method call' + $line) } }
            'IndexExpressionAst' { if ($node.NullConditional) { $problems.Add('?[] index' + $line) } }
            'ScriptBlockAst' { if ($null -ne $node.CleanBlock) { $problems.Add('clean block' + $line) } }
            'CommandAst' {
                $name = $node.GetCommandName()
                if ($null -eq $name) { break }
                $canonical = @($newCmdlets | Where-Object { $_ -eq $name })
                if ($canonical.Count -gt 0) { $problems.Add('PowerShell 7 cmdlet ' + $name + $line) }
                foreach ($cmdlet in $newParameters.Keys) {
                    if ($cmdlet -ne $name) { continue }
                    foreach ($element in $node.CommandElements) {
                        if ($element -is [System.Management.Automation.Language.CommandParameterAst]) {
                            $matched = @($newParameters[$cmdlet] | Where-Object { $_ -like ($element.ParameterName + '*') })
                            if ($matched.Count -gt 0) { $problems.Add('PowerShell 7 parameter ' + $name + ' -' + $element.ParameterName + $line) }
                        }
                    }
                }
                foreach ($element in $node.CommandElements) {
                    if ($element -is [System.Management.Automation.Language.StringConstantExpressionAst] -and $element.Value -eq $utf8NoBom) {
                        $problems.Add('encoding utf8NoBOM' + $line)
                    }
                }
            }
        }
    }
    $findings.Add([pscustomobject]@{ path = $path; problems = $problems.ToArray() })
}
$json = ConvertTo-Json -InputObject $findings.ToArray() -Depth 4
[System.IO.File]::WriteAllText($ResultPath, $json, [System.Text.UTF8Encoding]::new($false))
