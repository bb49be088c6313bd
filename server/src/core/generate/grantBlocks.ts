import { type EdgeGrant, edgeGrants } from '../flow/grants';
import { type EdgeEntry, type GenerationContext, connectorName, serverName } from './context';
import { STOP, changeCall } from './exchangeCall';
import { quote, quoteList } from './powershell';
import type { ScriptWriter } from './scriptWriter';

/**
 * The rights the Edge script grants the organization's local Edge account on
 * the receive connector the Mailbox servers log on to (flow/grants.ts says
 * which and why), and their checks in the verification script.
 *
 * Why in the script: that connector is created, as Microsoft's procedure
 * does, with `-Usage Internal`, whose only permission group on an Edge is
 * ExchangeServers; the Mailbox servers log on to it with Basic authentication
 * as a local account of the Edge, which no permission group covers, and
 * without ms-Exch-SMTP-Submit "the MAIL FROM and AUTH commands will fail"
 * (receive-connectors.md, "Receive connector permissions").
 */

export function grantsOnEdge(context: GenerationContext, edge: EdgeEntry): EdgeGrant[] {
  return edgeGrants(context.index).filter((grant) => grant.edge === edge.server);
}

/** The user name of `EDGE01\user` (after the Edge's name, which may itself hold a backslash). */
function userOf(grant: EdgeGrant): string {
  return grant.account.slice(serverName(grant.edge).length + 1);
}

/** `[ADSI]::Exists(...)`: works in Windows PowerShell 5.1 on every Windows Server, unlike Get-LocalUser. */
function accountExists(edge: EdgeEntry, grant: EdgeGrant): string {
  return `[ADSI]::Exists(${quote(`WinNT://${edge.name}/${userOf(grant)},user`)})`;
}

function uniqueAccounts(grants: readonly EdgeGrant[]): EdgeGrant[] {
  const seen = new Set<string>();
  return grants.filter((grant) => {
    const key = grant.account.toLowerCase();
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/**
 * Before any change: each account must exist. The script never creates it,
 * because creating it needs a password, and a script holds no secret.
 */
export function writeAccountChecks(
  w: ScriptWriter,
  edge: EdgeEntry,
  grants: readonly EdgeGrant[],
): void {
  if (grants.length === 0) return;
  w.comment(
    'The local account the Mailbox servers log on to this Edge with must exist before it is given rights. The script does not create it: that needs its password, which a script never holds.',
  );
  for (const grant of uniqueAccounts(grants)) {
    w.block(`if (-not ${accountExists(edge, grant)})`, () =>
      w.line(
        `throw ${quote(`The local account ${grant.account} does not exist on this server. Create it first (Computer Management, or New-LocalUser) with the password the mailbox script's credential uses, then run this script again. Nothing was changed.`)}`,
      ),
    );
  }
  w.line();
}

/** The extended rights the account holds on `$grantConnector`, as their names. */
function rightsRead(account: string, errorAction: string): string {
  return `@(Get-ADPermission -Identity ([string]$grantConnector.DistinguishedName) -User ${quote(account)} ${errorAction} | Where-Object { -not $_.Deny } | ForEach-Object { $_.ExtendedRights } | ForEach-Object { [string]$_ })`;
}

function writeConnectorLookup(w: ScriptWriter, context: GenerationContext, grant: EdgeGrant): void {
  const identity = quote(context.receiveIdentity(grant.connector));
  const name = quote(connectorName(grant.connector));
  w.line(
    `$grantConnector = Get-ReceiveConnector -Identity ${identity} -ErrorAction SilentlyContinue | Where-Object { $_.Name -eq ${name} } | Select-Object -First 1`,
  );
}

/** After the receive connectors: each missing right, added once (Get-ADPermission, then Add-ADPermission). */
export function writeGrants(
  w: ScriptWriter,
  context: GenerationContext,
  grants: readonly EdgeGrant[],
): void {
  if (grants.length === 0) return;
  w.comment(
    'Rights of the local account the Mailbox servers log on with, on the receive connector they log on to. That connector was created with Usage Internal, whose only permission group on an Edge is ExchangeServers, which does not cover a local account: without ms-Exch-SMTP-Submit its MAIL FROM and AUTH commands fail (receive-connectors.md, "Receive connector permissions"). Only the rights it lacks are added.',
  );
  for (const grant of grants) {
    const identity = context.receiveIdentity(grant.connector);
    writeConnectorLookup(w, context, grant);
    w.line('$grantedRights = @()');
    w.block('if ($null -ne $grantConnector)', () =>
      w.line(`$grantedRights = ${rightsRead(grant.account, STOP)}`),
    );
    for (const right of grant.rights) {
      const action = quote(`Grant ${right} to ${grant.account}`);
      w.block(
        `if ($grantedRights -notcontains ${quote(right)} -and $PSCmdlet.ShouldProcess(${quote(identity)}, ${action}))`,
        () =>
          w.line(
            changeCall('Add-ADPermission', [
              '-Identity ([string]$grantConnector.DistinguishedName)',
              `-User ${quote(grant.account)}`,
              `-ExtendedRights ${quote(right)}`,
            ]),
          ),
      );
    }
  }
  w.line();
}

/** The verification: each account exists, and holds every right on its connector. */
export function writeGrantChecks(
  w: ScriptWriter,
  context: GenerationContext,
  edge: EdgeEntry,
  grants: readonly EdgeGrant[],
): void {
  if (grants.length === 0) return;
  w.comment('The local account the Mailbox servers log on with, and its rights on the connector.');
  for (const grant of uniqueAccounts(grants)) {
    w.line(
      `Compare-EdgeFlowValue -Name ${quote(`Local account ${grant.account} exists`)} -Kind 'bool' -Expected $true -Actual (${accountExists(edge, grant)})`,
    );
  }
  for (const grant of grants) {
    const identity = context.receiveIdentity(grant.connector);
    writeConnectorLookup(w, context, grant);
    w.line('$grantedRights = @()');
    w.block('if ($null -ne $grantConnector)', () =>
      w.line(`$grantedRights = ${rightsRead(grant.account, '-ErrorAction SilentlyContinue')}`),
    );
    w.line(
      `Compare-EdgeFlowValue -Name ${quote(`Receive connector "${identity}": extended rights of ${grant.account}`)} -Kind 'flags' -Expected ${quoteList(grant.rights)} -Actual $grantedRights -Subset`,
    );
  }
  w.line();
}
