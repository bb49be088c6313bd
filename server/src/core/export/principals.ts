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
const ROUTING = 'ms-Exch-Accept-Headers-Routing';
const SUBMIT = 'ms-Exch-SMTP-Submit';
const SERVER_RIGHTS = [
  ROUTING,
  SUBMIT,
  'ms-Exch-Bypass-Anti-Spam',
  'ms-Exch-Bypass-Message-Size-Limit',
  'ms-Exch-SMTP-Accept-Any-Recipient',
  'ms-Exch-SMTP-Accept-Any-Sender',
  'ms-Exch-SMTP-Accept-Authentication-Flag',
  'ms-Exch-SMTP-Accept-Authoritative-Domain-Sender',
  'ms-Exch-SMTP-Accept-Exch50',
];
const FOREST = ['ms-Exch-Accept-Headers-Forest', 'ms-Exch-Accept-Headers-Organization'];

const PRINCIPALS: readonly {
  readonly group: PermissionGroup;
  readonly user: RegExp;
  readonly rights: readonly string[];
}[] = [
  {
    group: 'AnonymousUsers',
    user: /^nt authority\\anonymous logon$/i,
    rights: [
      ROUTING,
      'ms-Exch-SMTP-Accept-Any-Sender',
      'ms-Exch-SMTP-Accept-Authoritative-Domain-Sender',
      SUBMIT,
    ],
  },
  {
    group: 'ExchangeUsers',
    user: /^nt authority\\authenticated users$/i,
    rights: [ROUTING, 'ms-Exch-Bypass-Anti-Spam', 'ms-Exch-SMTP-Accept-Any-Recipient', SUBMIT],
  },
  {
    group: 'ExchangeServers',
    user: /^[^\\]+\\exchange servers$/i,
    rights: [...SERVER_RIGHTS, ...FOREST],
  },
  {
    group: 'ExchangeServers',
    user: /^ms exchange\\edge transport servers$/i,
    rights: [...SERVER_RIGHTS, ...FOREST],
  },
  {
    group: 'ExchangeServers',
    user: /^ms exchange\\hub transport servers$/i,
    rights: [...SERVER_RIGHTS, ...FOREST],
  },
  {
    group: 'ExchangeServers',
    user: /^ms exchange\\externally secured servers$/i,
    rights: SERVER_RIGHTS,
  },
  {
    group: 'ExchangeLegacyServers',
    user: /^[^\\]+\\exchangelegacyinterop$/i,
    rights: SERVER_RIGHTS,
  },
  { group: 'Partners', user: /^ms exchange\\partner servers$/i, rights: [ROUTING, SUBMIT] },
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
  return PRINCIPALS.find(
    (p) =>
      p.user.test(user.trim()) &&
      wanted.every((r) => p.rights.some((right) => right.toLowerCase() === r)),
  )?.group;
}

/** The right that makes a connector relay for whoever holds it (receive-connectors.md). */
export const ACCEPT_ANY_RECIPIENT = 'ms-Exch-SMTP-Accept-Any-Recipient';
