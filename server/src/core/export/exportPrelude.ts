import type { ScriptWriter } from '../generate/scriptWriter';

/**
 * The fixed PowerShell of the export script: how one value is written into
 * the document. No topology value and no Exchange call appears here.
 *
 * Every value goes into its dictionary entry inside the function that reads
 * it, never through a function's output: PowerShell unrolls a collection
 * written to the pipeline (a one-element list would arrive as its element, an
 * empty one as nothing), and Windows PowerShell 5.1's ConvertTo-Json writes an
 * array that reached it wrapped in a PSObject as `{"value":[…],"Count":n}`.
 * A `List[string]`'s `ToArray()` stored straight into the entry is a plain
 * `string[]`, which both shells write as a JSON array, a one-element one too.
 *
 * A property is read through `PSObject.Properties`, so that one this version
 * of Exchange does not have (BareLinefeedRejectionEnabled came with a later
 * cumulative update) is written as null instead of failing under strict mode;
 * a deserialized object (the Mailbox server's implicit remoting) has its
 * properties as note properties, found the same way.
 */
const PRELUDE = String.raw`function Set-EdgeFlowValue {
    param([System.Collections.IDictionary]$Table, [string]$Key, $Value)
    if ($null -eq $Value) {
        $Table[$Key] = $null
    } elseif ($Value -is [string]) {
        $Table[$Key] = [string]$Value
    } elseif ($Value -is [System.Collections.IEnumerable]) {
        $texts = New-Object System.Collections.Generic.List[string]
        foreach ($item in $Value) {
            if ($null -ne $item) { $texts.Add([string]$item.ToString()) }
        }
        $Table[$Key] = $texts.ToArray()
    } else {
        $Table[$Key] = [string]$Value.ToString()
    }
}

function Set-EdgeFlowProperty {
    param([System.Collections.IDictionary]$Table, $Object, [string]$Name)
    $property = $Object.PSObject.Properties[$Name]
    if ($null -eq $property) {
        $Table[$Name] = $null
    } else {
        Set-EdgeFlowValue -Table $Table -Key $Name -Value $property.Value
    }
}

function Get-EdgeFlowText {
    param($Object, [string]$Name)
    $property = $Object.PSObject.Properties[$Name]
    if ($null -eq $property -or $null -eq $property.Value) { return '' }
    return [string]$property.Value.ToString()
}

function Set-EdgeFlowList {
    param([System.Collections.IDictionary]$Table, [string]$Key, $Object, [string]$Name)
    $property = $Object.PSObject.Properties[$Name]
    $texts = New-Object System.Collections.Generic.List[string]
    if ($null -ne $property -and $null -ne $property.Value) {
        foreach ($item in @($property.Value)) {
            if ($null -ne $item) { $texts.Add([string]$item.ToString()) }
        }
    }
    $Table[$Key] = $texts.ToArray()
}

function Test-EdgeFlowFlag {
    param($Object, [string]$Name)
    $property = $Object.PSObject.Properties[$Name]
    return ($null -ne $property -and $property.Value -is [bool] -and $property.Value)
}`;

export function writeExportPrelude(w: ScriptWriter): void {
  w.comment(
    'How values are written into the document. These functions run no Exchange cmdlet: each value is stored as its ToString(), a list as a list of them, an absent one as null.',
  );
  for (const line of PRELUDE.split('\n')) w.line(line);
  w.line();
}
