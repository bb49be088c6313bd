import type { PermissionGroup } from '../model/topology';

/**
 * Which Get-ADPermission entries of a receive connector its permission
 * groups account for. Exchange implements each group as access entries for
 * fixed principals (receive-connectors.md, "Receive connector permission
 * groups"; ../shared/research/mail-flow-facts.md, "Permission groups →
 * principals → rights"), so an export that lists them is not a grant the
 * topology must declare. The domain part of `<Domain>\Exchange Servers` and
 * `<Domain>\ExchangeLegacyInterop` is the organization's and is ignored.
 */
const PRINCIPALS: readonly { readonly group: PermissionGroup; readonly user: RegExp }[] = [
  { group: 'AnonymousUsers', user: /^nt authority\\anonymous logon$/i },
  { group: 'ExchangeUsers', user: /^nt authority\\authenticated users$/i },
  { group: 'ExchangeServers', user: /^[^\\]+\\exchange servers$/i },
  { group: 'ExchangeServers', user: /^ms exchange\\edge transport servers$/i },
  { group: 'ExchangeServers', user: /^ms exchange\\hub transport servers$/i },
  { group: 'ExchangeServers', user: /^ms exchange\\externally secured servers$/i },
  { group: 'ExchangeLegacyServers', user: /^[^\\]+\\exchangelegacyinterop$/i },
  { group: 'Partners', user: /^ms exchange\\partner servers$/i },
];

/** The permission group whose principal `user` is, or undefined for any other account. */
export function permissionGroupOf(user: string): PermissionGroup | undefined {
  return PRINCIPALS.find((p) => p.user.test(user.trim()))?.group;
}

/** The right that makes a connector relay for whoever holds it (receive-connectors.md). */
export const ACCEPT_ANY_RECIPIENT = 'ms-Exch-SMTP-Accept-Any-Recipient';
