# Runs scenarios in one PowerShell process: loads the simulated Exchange and the world of a
# topology, then runs each step (a generated script, or a command an administrator would type,
# on a given server) and writes what happened to the result file as JSON.
#
# Dot-source it from -Command (pwsh -Command ". 'Run-Scenario.ps1' 'scenario.json'") so that the
# simulation lives in the global scope, where the Mailbox loader's module can reach it. It leaves
# $ErrorActionPreference at its default, Continue, as in a fresh Exchange Management Shell.
param([Parameter(Mandatory = $true)][string[]]$ScenarioPaths)

$global:SimRoot = $PSScriptRoot
. (Join-Path $PSScriptRoot 'Values.ps1')
. (Join-Path $PSScriptRoot 'State.ps1')
. (Join-Path $PSScriptRoot 'Parameters.ps1')
. (Join-Path $PSScriptRoot 'Validation.ps1')
. (Join-Path $PSScriptRoot 'Cmdlets.ps1')
. (Join-Path $PSScriptRoot 'OtherCmdlets.ps1')
. (Join-Path $PSScriptRoot 'Host.ps1')
. (Join-Path $PSScriptRoot 'Loaders.ps1')

function Invoke-SimScenario {
    param([string]$ScenarioPath)
    $scenario = Get-Content -LiteralPath $ScenarioPath -Raw -Encoding utf8 | ConvertFrom-Json
    . ([scriptblock]::Create((Get-Content -LiteralPath $scenario.catalogue -Raw -Encoding utf8)))
    $global:SimSignatureFiles = @{ Edge = $scenario.signatures.Edge; Mailbox = $scenario.signatures.Mailbox }
    Initialize-SimWorld -World $scenario.world

    function ConvertTo-SimOutputText {
        param($Item)
        if ($Item -is [System.Management.Automation.ErrorRecord]) { return $null }
        if ($Item -is [string]) { return $Item }
        return ($Item | Out-String -Width 500).TrimEnd()
    }

    $stepResults = [System.Collections.Generic.List[object]]::new()
    foreach ($step in @($scenario.steps)) {
        Use-SimServer -Name $step.server -Role $step.role
        $before = Get-SimStateText
        $callsBefore = $global:Sim.Calls.Count
        $promptsBefore = $global:Sim.CredentialPrompts
        $confirmsBefore = $global:Sim.ConfirmPrompts.Count
        $global:Sim.FailOn = $step.failOn
        $output = [System.Collections.Generic.List[object]]::new()
        $errors = [System.Collections.Generic.List[string]]::new()
        $threw = $null
        $global:LASTEXITCODE = 0
        $parameters = @{}
        if ($null -ne $step.parameters) { foreach ($property in $step.parameters.PSObject.Properties) { $parameters[$property.Name] = $property.Value } }
        Push-Location -LiteralPath $scenario.workDirectory
        try {
            if ($step.kind -eq 'script') {
                & $step.path @parameters 2>&1 | ForEach-Object { $output.Add($_) }
            } else {
                & ([scriptblock]::Create($step.command)) 2>&1 | ForEach-Object { $output.Add($_) }
            }
        } catch {
            $threw = $_.Exception.Message + " @ " + $_.InvocationInfo.PositionMessage + " " + $_.ScriptStackTrace
        } finally {
            Pop-Location
        }
        foreach ($item in $output) { if ($item -is [System.Management.Automation.ErrorRecord]) { $errors.Add($item.Exception.Message) } }
        # What `powershell -File` reports: 1 for an uncaught terminating error, else the script's exit code.
        $exitCode = if ($null -ne $threw) { 1 } else { [int]$global:LASTEXITCODE }
        $calls = @()
        for ($i = $callsBefore; $i -lt $global:Sim.Calls.Count; $i++) { $calls += $global:Sim.Calls[$i] }
        $stepResults.Add([pscustomobject]@{
                name = $step.name
                exitCode = $exitCode
                threw = $threw
                errors = @($errors)
                output = @($output | ForEach-Object { ConvertTo-SimOutputText $_ } | Where-Object { $null -ne $_ })
                calls = @($calls)
                credentialPrompts = $global:Sim.CredentialPrompts - $promptsBefore
                confirmPrompts = @($global:Sim.ConfirmPrompts | Select-Object -Skip $confirmsBefore)
                changed = ((Get-SimStateText) -ne $before)
                state = $(if ($step.snapshot) { ConvertFrom-Json (Get-SimStateText) } else { $null })
            })
    }
    $json = ConvertTo-Json -InputObject @{ steps = $stepResults.ToArray() } -Depth 30
    [System.IO.File]::WriteAllText($scenario.resultPath, $json, [System.Text.UTF8Encoding]::new($false))
}

foreach ($path in $ScenarioPaths) { Invoke-SimScenario -ScenarioPath $path }
