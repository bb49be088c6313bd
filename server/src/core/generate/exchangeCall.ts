/**
 * The common parameters every Exchange cmdlet call in a generated script
 * carries, written out on the call itself rather than left to preferences.
 *
 * `-ErrorAction Stop`: on a Mailbox server the Exchange Management Shell
 * reaches its cmdlets through implicit remoting, as proxy functions of a
 * temporary module; a function of a module resolves `$ErrorActionPreference`
 * in the module's scope, not the script's (PowerShell/PowerShell#4568), so the
 * script's `$ErrorActionPreference = 'Stop'` does not make a failed
 * New-SendConnector stop the script. The parameter on the call does.
 *
 * `-Confirm:$false` on a change: the script's own ShouldProcess has already
 * asked (under -Confirm) or reported (under -WhatIf); on an Edge the local
 * cmdlets would otherwise inherit the script's ConfirmPreference and ask a
 * second time for the same change.
 */
export const STOP = '-ErrorAction Stop';
export const CHANGE = '-ErrorAction Stop -Confirm:$false';

/** The comment that says why, written once near the top of the connector scripts. */
export const WHY_ON_EVERY_CALL =
  'Every Exchange cmdlet below is called with -ErrorAction Stop: on a Mailbox server the Exchange Management Shell reaches them through implicit remoting, where the preference above does not apply (PowerShell issue 4568). Each change also passes -Confirm:$false, because the script has already asked (-Confirm) or reported (-WhatIf) before it.';

/** A cmdlet call that changes something: the cmdlet, its parameters, then CHANGE. */
export function changeCall(cmdlet: string, parts: readonly string[]): string {
  return [cmdlet, ...parts, CHANGE].join(' ');
}
