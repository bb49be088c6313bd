import * as fs from 'node:fs';
import { repoPath } from '../../support/repo';

/**
 * The simulated connector cmdlets' signatures, generated from the parameter
 * catalogue of the current Microsoft reference (exchange-params.json, a copy
 * of ../shared/research/exchange-params.json; every entry cites its
 * office-docs-powershell page) rather than typed by hand: names, types,
 * mandatory and positional parameters, parameter sets, and which server role
 * has each parameter. A parameter the role lacks is absent from the function,
 * so PowerShell itself refuses it ("A parameter cannot be found that matches
 * parameter name"), as the Exchange Management Shell does.
 *
 * The body of every function hands its bound parameters to the simulation
 * (Invoke-SimCmdlet in ExchangeSimulation.ps1), which holds the state and the
 * documented validations.
 */

export type Role = 'Edge' | 'Mailbox';

interface ParameterEntry {
  readonly type?: string;
  readonly roles?: readonly string[];
  readonly required?: unknown;
  readonly position?: number;
  readonly parameterSets?: readonly string[];
  readonly conflictsWith?: readonly string[];
}

type Catalogue = Record<string, Record<string, unknown>>;

export function catalogue(): Catalogue {
  return JSON.parse(
    fs.readFileSync(repoPath('test', 'powershell', 'simulation', 'exchange-params.json'), 'utf8'),
  ) as Catalogue;
}

/** The cmdlets the catalogue describes (the six connector cmdlets). */
export function catalogueCmdlets(data: Catalogue = catalogue()): string[] {
  return Object.keys(data).filter((name) => !name.startsWith('_'));
}

/** PowerShell's ShouldProcess adds these; the catalogue lists Confirm like any parameter. */
const COMMON = new Set(['Confirm', 'WhatIf']);

/**
 * The PowerShell type of a parameter. Exchange's own types (Fqdn,
 * ByteQuantifiedSize, SmartHost, ...) do not exist here: they are received as
 * [object] and parsed by the simulation, which refuses what Exchange's parser
 * would refuse for the values the scripts use.
 */
function powershellType(type: string | undefined): string {
  if (type === undefined) return 'object';
  if (type === 'Boolean') return 'bool';
  if (type === 'SwitchParameter') return 'switch';
  if (type === 'Int32') return 'int';
  if (type === 'String') return 'string';
  if (type === 'PSCredential') return 'pscredential';
  if (type.startsWith('MultiValuedProperty')) return 'object[]';
  return 'object';
}

function entries(data: Catalogue, cmdlet: string): [string, ParameterEntry][] {
  const parameters = data[cmdlet] ?? {};
  return Object.entries(parameters)
    .filter(([name, value]) => !name.startsWith('_') && typeof value === 'object' && value)
    .filter(([name]) => !COMMON.has(name)) as [string, ParameterEntry][];
}

/**
 * New-ReceiveConnector's parameter sets, from the catalogue's `_parameterSets`
 * ("Internet (-Internet)", "UsageType (-Usage X)", ...): each usage switch is
 * mandatory in its own set, -Usage in UsageType, and the Custom set (where
 * -Custom is optional) is the default. Get-ReceiveConnector's Identity and
 * Server sets come from each parameter's `parameterSets`.
 */
function setsOf(data: Catalogue, cmdlet: string, role: Role): Map<string, string> | undefined {
  const declared = data[cmdlet]?.['_parameterSets'];
  if (!declared || typeof declared !== 'object') return undefined;
  const sets = new Map<string, string>();
  for (const label of Object.keys(declared)) {
    const name = label.split(' ')[0] ?? label;
    const switchName = name === 'UsageType' ? 'Usage' : name;
    const entry = data[cmdlet]?.[switchName] as ParameterEntry | undefined;
    if (entry?.roles && !entry.roles.includes(role)) continue;
    sets.set(switchName, name);
  }
  return sets;
}

function attributes(
  name: string,
  entry: ParameterEntry,
  sets: Map<string, string> | undefined,
  defaultSet: string | undefined,
): string[] {
  const position = typeof entry.position === 'number' ? `, Position = ${entry.position - 1}` : '';
  const mandatory = entry.required === true ? 'Mandatory = $true' : 'Mandatory = $false';
  if (sets?.has(name)) {
    const set = sets.get(name) ?? name;
    const required = set === defaultSet ? 'Mandatory = $false' : 'Mandatory = $true';
    return [`[Parameter(${required}, ParameterSetName = '${set}'${position})]`];
  }
  if (entry.parameterSets && entry.parameterSets.length > 0) {
    return entry.parameterSets.map(
      (set) => `[Parameter(${mandatory}, ParameterSetName = '${set}'${position})]`,
    );
  }
  return [`[Parameter(${mandatory}${position})]`];
}

/** One simulated cmdlet as a PowerShell advanced function. */
export function cmdletFunction(data: Catalogue, cmdlet: string, role: Role): string {
  const parameters = entries(data, cmdlet).filter(([, entry]) =>
    (entry.roles ?? ['Edge', 'Mailbox']).includes(role),
  );
  const sets = setsOf(data, cmdlet, role);
  const explicitSets = parameters.flatMap(([, entry]) => entry.parameterSets ?? []);
  const defaultSet = sets ? 'Custom' : explicitSets[0];
  const changes = !cmdlet.startsWith('Get-');
  const binding = [
    changes ? "SupportsShouldProcess = $true, ConfirmImpact = 'Medium'" : '',
    defaultSet ? `DefaultParameterSetName = '${defaultSet}'` : '',
  ]
    .filter((part) => part !== '')
    .join(', ');
  const conflicts = parameters
    .filter(([, entry]) => entry.conflictsWith && entry.conflictsWith.length > 0)
    .map(
      ([name, entry]) =>
        `'${name}' = @(${(entry.conflictsWith ?? []).map((other) => `'${other}'`).join(', ')})`,
    );
  const lines = [
    `function ${cmdlet} {`,
    `    [CmdletBinding(${binding})]`,
    '    param(',
    parameters
      .map(([name, entry]) =>
        [...attributes(name, entry, sets, defaultSet), `[${powershellType(entry.type)}]$${name}`]
          .map((line) => `        ${line}`)
          .join('\n'),
      )
      .join(',\n'),
    '    )',
    `    $conflicts = @{ ${conflicts.join('; ')} }`,
    // Errors are written by the function itself, in the scope it was loaded into: that is what
    // makes the caller's $ErrorActionPreference reach a local cmdlet and not a remoting proxy.
    `    try { Invoke-SimProxy -Cmdlet '${cmdlet}' -Bound $PSBoundParameters -Caller $PSCmdlet -Conflicts $conflicts -ConfirmSeen $ConfirmPreference -WhatIfSeen $WhatIfPreference } catch { $PSCmdlet.WriteError($_) }`,
    '}',
  ];
  return lines.join('\n');
}

function literal(value: string): string {
  return `'${value.replace(/'/g, "''")}'`;
}

/**
 * A catalogue default as one plain value, or undefined: a boolean, a number,
 * or a word such as `00:05:00`, `None` or `unlimited`. Defaults the sources
 * disagree on (`CONFLICT: …`) or describe in words (`$null (= FQDN of …)`)
 * are no value the simulation can hold.
 */
function plainDefault(value: unknown): string | undefined {
  if (typeof value === 'boolean') return value ? '$true' : '$false';
  if (typeof value === 'number' && Number.isSafeInteger(value)) return String(value);
  if (typeof value === 'string' && /^[A-Za-z0-9.:]+$/.test(value)) return literal(value);
  return undefined;
}

/** `@{ Edge = …; Mailbox = … }`: the plain default of each role that has the parameter. */
function defaultsLiteral(entry: ParameterEntry): string {
  const declared = (entry as { default?: unknown }).default;
  const parts = (['Edge', 'Mailbox'] as const).flatMap((role) => {
    if (entry.roles && !entry.roles.includes(role)) return [];
    const perRole =
      declared && typeof declared === 'object' && !Array.isArray(declared)
        ? (declared as Record<string, unknown>)[role]
        : declared;
    const value = plainDefault(perRole);
    return value === undefined ? [] : [`${role} = ${value}`];
  });
  return `@{ ${parts.join('; ')} }`;
}

/**
 * `$global:SimCatalogue`: each parameter's catalogue type and enumerated
 * values, which the simulation parses values by (Parameters.ps1).
 */
export function catalogueTable(data: Catalogue = catalogue()): string {
  const cmdlets = catalogueCmdlets(data).map((cmdlet) => {
    const parameters = entries(data, cmdlet).map(([name, entry]) => {
      const declared = (entry as { values?: unknown }).values;
      const values = (Array.isArray(declared) ? (declared as unknown[]) : []).filter(
        (value): value is string => typeof value === 'string',
      );
      return `${literal(name)} = @{ Type = ${literal(entry.type ?? 'String')}; Values = @(${values.map(literal).join(', ')}); Default = ${defaultsLiteral(entry)} }`;
    });
    return `    ${literal(cmdlet)} = @{\n        ${parameters.join('\n        ')}\n    }`;
  });
  return `$global:SimCatalogue = @{\n${cmdlets.join('\n')}\n}\n`;
}

/** Every catalogued cmdlet for a role, as PowerShell text. */
export function signatures(role: Role): string {
  const data = catalogue();
  return (
    `# Generated by test/powershell/support/signatures.ts from exchange-params.json (${role}).\n` +
    catalogueCmdlets(data)
      .map((cmdlet) => cmdletFunction(data, cmdlet, role))
      .join('\n\n') +
    '\n'
  );
}
