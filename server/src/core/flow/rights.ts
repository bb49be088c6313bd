import type { PermissionGroup } from '../model/topology';

/**
 * Who may do what on a receive connector: the permission groups, the security
 * principals each one names, and the extended rights it grants them.
 * Source: Exchange Server docs, mail-flow/connectors/receive-connectors.md,
 * "Receive connector permission groups" and "Receive connector permissions"
 * (the page writes the values `Anonymous` and `Partner` and misspells one
 * right `s-Exch-SMTP-Accept-Any-Recipient`; the cmdlet values are
 * `AnonymousUsers` and `Partners`, research §8 D4).
 */
export type ExtendedRight =
  | 'ms-Exch-Accept-Headers-Forest'
  | 'ms-Exch-Accept-Headers-Organization'
  | 'ms-Exch-Accept-Headers-Routing'
  | 'ms-Exch-Bypass-Anti-Spam'
  | 'ms-Exch-Bypass-Message-Size-Limit'
  | 'ms-Exch-SMTP-Accept-Any-Recipient'
  | 'ms-Exch-SMTP-Accept-Any-Sender'
  | 'ms-Exch-SMTP-Accept-Authentication-Flag'
  | 'ms-Exch-SMTP-Accept-Authoritative-Domain-Sender'
  | 'ms-Exch-SMTP-Accept-Exch50'
  | 'ms-Exch-SMTP-Submit';

/**
 * The principal a session runs as after authentication, in the page's words.
 * `Basic-authenticated account` is a Windows account that logged on with
 * Basic authentication: it is one of `NT AUTHORITY\Authenticated Users`, and
 * also `<Domain>\Exchange Servers` when it is an Active Directory account in
 * that group. That such an account holds what the ExchangeServers group
 * grants is an inference (the group is in its logon token; the page does not
 * say it in these words): research §5.2 states it, only a lab proves it.
 */
export type Principal =
  | 'NT AUTHORITY\\ANONYMOUS LOGON'
  | 'NT AUTHORITY\\Authenticated Users'
  | '<Domain>\\Exchange Servers'
  | 'MS Exchange\\Externally Secured Servers'
  | 'MS Exchange\\Partner Servers';

const EXCHANGE_SERVER_RIGHTS: readonly ExtendedRight[] = [
  'ms-Exch-Accept-Headers-Forest',
  'ms-Exch-Accept-Headers-Organization',
  'ms-Exch-Accept-Headers-Routing',
  'ms-Exch-Bypass-Anti-Spam',
  'ms-Exch-Bypass-Message-Size-Limit',
  'ms-Exch-SMTP-Accept-Any-Recipient',
  'ms-Exch-SMTP-Accept-Any-Sender',
  'ms-Exch-SMTP-Accept-Authentication-Flag',
  'ms-Exch-SMTP-Accept-Authoritative-Domain-Sender',
  'ms-Exch-SMTP-Accept-Exch50',
  'ms-Exch-SMTP-Submit',
];

/** The same, without the forest and organization headers (the page's second ExchangeServers row). */
const EXTERNALLY_SECURED_RIGHTS: readonly ExtendedRight[] = EXCHANGE_SERVER_RIGHTS.filter(
  (right) =>
    right !== 'ms-Exch-Accept-Headers-Forest' && right !== 'ms-Exch-Accept-Headers-Organization',
);

interface GroupGrant {
  readonly principal: Principal;
  readonly rights: readonly ExtendedRight[];
}

/**
 * The permission-group table of receive-connectors.md. ExchangeLegacyServers
 * names `<Domain>\ExchangeLegacyInterop`, which no session of this design
 * runs as, so it grants nothing here; `None` and `Custom` grant nothing.
 */
const GROUPS: Readonly<Partial<Record<PermissionGroup, readonly GroupGrant[]>>> = {
  AnonymousUsers: [
    {
      principal: 'NT AUTHORITY\\ANONYMOUS LOGON',
      rights: [
        'ms-Exch-Accept-Headers-Routing',
        'ms-Exch-SMTP-Accept-Any-Sender',
        'ms-Exch-SMTP-Accept-Authoritative-Domain-Sender',
        'ms-Exch-SMTP-Submit',
      ],
    },
  ],
  ExchangeUsers: [
    {
      principal: 'NT AUTHORITY\\Authenticated Users',
      rights: [
        'ms-Exch-Accept-Headers-Routing',
        'ms-Exch-Bypass-Anti-Spam',
        'ms-Exch-SMTP-Accept-Any-Recipient',
        'ms-Exch-SMTP-Submit',
      ],
    },
  ],
  ExchangeServers: [
    { principal: '<Domain>\\Exchange Servers', rights: EXCHANGE_SERVER_RIGHTS },
    { principal: 'MS Exchange\\Externally Secured Servers', rights: EXTERNALLY_SECURED_RIGHTS },
  ],
  Partners: [
    {
      principal: 'MS Exchange\\Partner Servers',
      rights: ['ms-Exch-Accept-Headers-Routing', 'ms-Exch-SMTP-Submit'],
    },
  ],
};

/** The rights that `groups` grant to a session that holds `principals`. */
export function rightsOf(
  groups: readonly PermissionGroup[],
  principals: readonly Principal[],
): Set<ExtendedRight> {
  const rights = new Set<ExtendedRight>();
  for (const group of groups)
    for (const grant of GROUPS[group] ?? [])
      if (principals.includes(grant.principal)) for (const right of grant.rights) rights.add(right);
  return rights;
}

/** The permission groups that grant `right` to a session holding `principals`: what a user could add. */
export function groupsGranting(
  right: ExtendedRight,
  principals: readonly Principal[],
): PermissionGroup[] {
  return (Object.keys(GROUPS) as PermissionGroup[]).filter((group) =>
    (GROUPS[group] ?? []).some(
      (grant) => principals.includes(grant.principal) && grant.rights.includes(right),
    ),
  );
}
