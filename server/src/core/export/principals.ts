import { rightsOf, type Principal } from '../flow/rights';
import type { PermissionGroup } from '../model/topology';

/**
 * Which Get-ADPermission entries of a receive connector its permission
 * groups account for. Exchange implements each group as access entries for
 * fixed principals (receive-connectors.md, "Receive connector permission
 * groups"; ../shared/research/mail-flow-facts.md, "Permission groups →
 * principals → rights"), so an export that lists them is not a grant the
 * topology must declare. The domain part of `<Domain>\Exchange Servers` and
 * `<Domain>\ExchangeLegacyInterop` is the organization's and is ignored.
 * Each principal is listed as Get-ADPermission prints it, with the principal
 * of flow/rights.ts's table whose rights it holds.
 */
const PRINCIPALS: readonly {
  readonly group: PermissionGroup;
  readonly user: RegExp;
  /** Whose rights of the table it holds: ExchangeLegacyInterop holds what Externally Secured Servers do. */
  readonly as: Principal;
  readonly tableGroup?: PermissionGroup;
}[] = [
  {
    group: 'AnonymousUsers',
    user: /^nt authority\\anonymous logon$/i,
    as: 'NT AUTHORITY\\ANONYMOUS LOGON',
  },
  {
    group: 'ExchangeUsers',
    user: /^nt authority\\authenticated users$/i,
    as: 'NT AUTHORITY\\Authenticated Users',
  },
  // On an Edge the group names the well-known Edge and Hub Transport Servers principals (research §8 item 7).
  {
    group: 'ExchangeServers',
    user: /^[^\\]+\\exchange servers$/i,
    as: '<Domain>\\Exchange Servers',
  },
  {
    group: 'ExchangeServers',
    user: /^ms exchange\\edge transport servers$/i,
    as: '<Domain>\\Exchange Servers',
  },
  {
    group: 'ExchangeServers',
    user: /^ms exchange\\hub transport servers$/i,
    as: '<Domain>\\Exchange Servers',
  },
  {
    group: 'ExchangeServers',
    user: /^ms exchange\\externally secured servers$/i,
    as: 'MS Exchange\\Externally Secured Servers',
  },
  {
    group: 'ExchangeLegacyServers',
    user: /^[^\\]+\\exchangelegacyinterop$/i,
    as: 'MS Exchange\\Externally Secured Servers',
    tableGroup: 'ExchangeServers',
  },
  {
    group: 'Partners',
    user: /^ms exchange\\partner servers$/i,
    as: 'MS Exchange\\Partner Servers',
  },
];

/**
 * The permission group an entry comes from: its principal is that group's and
 * it holds no right beyond the group's. Undefined for any other entry (a
 * right granted one by one with Add-ADPermission).
 */
export function permissionGroupOf(
  user: string,
  rights: readonly string[],
): PermissionGroup | undefined {
  const wanted = rights.map((r) => r.trim().toLowerCase());
  return PRINCIPALS.find((p) => {
    if (!p.user.test(user.trim())) return false;
    const granted = [...rightsOf([p.tableGroup ?? p.group], [p.as])].map((r) => r.toLowerCase());
    return wanted.every((r) => granted.includes(r));
  })?.group;
}

/** The right that makes a connector relay for whoever holds it (receive-connectors.md). */
export const ACCEPT_ANY_RECIPIENT = 'ms-Exch-SMTP-Accept-Any-Recipient';
