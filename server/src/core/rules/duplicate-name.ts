import { fix } from '../fix/edits';
import type { Spanned } from '../model/objectView';
import { removeItem } from '../fix/removal';
import { nameKey } from '../model/topologyIndex';
import type { Report, Rule, RuleContext } from './rule';

interface Named {
  readonly name?: Spanned<string>;
}

/**
 * Reports every object whose name an earlier object of the same scope already
 * uses, on its name, with the first definition as related information.
 */
function reportDuplicates<T extends Named>(
  context: RuleContext,
  objects: readonly T[],
  describe: (first: T, duplicate: T) => Omit<Report, 'target' | 'related'>,
): void {
  const first = new Map<string, T>();
  for (const object of objects) {
    if (!object.name) continue;
    const key = nameKey(object.name.value);
    const earlier = first.get(key);
    if (!earlier?.name) {
      first.set(key, object);
      continue;
    }
    context.report({
      ...describe(earlier, object),
      target: object.name.node,
      related: [
        { target: earlier.name.node, message: `'${earlier.name.value}' is first defined here` },
      ],
    });
  }
}

/** Groups objects by the server they name (case-insensitive); objects without one are left out. */
function byServer<T extends { readonly server?: Spanned<string> }>(objects: readonly T[]): T[][] {
  const groups = new Map<string, T[]>();
  for (const object of objects) {
    if (!object.server) continue;
    const key = nameKey(object.server.value);
    const group = groups.get(key);
    if (group) group.push(object);
    else groups.set(key, [object]);
  }
  return [...groups.values()];
}

const RENAME = 'Exchange compares names without regard to case: give this one a unique name.';

export const duplicateName: Rule = {
  code: 'duplicate-name',
  severity: 'error',
  alsoReports: ['warning'],
  summary:
    'Two servers, credentials, connectors or accepted domains share a name in the same scope.',
  description: [
    'Exchange names compare without regard to case. Send connectors are created in one directory container',
    '(the organization for organization connectors, the AD LDS of each Edge for the connectors configured on it),',
    'receive connectors as `<server>\\<name>`, so a second connector of the same name in the same place fails',
    'or, since the generated scripts update an existing connector, silently overwrites the first. Server and',
    'credential names are how the topology refers to them, so they must be unique too; so must accepted',
    'domains. Scopes: servers and credentials in the whole topology; send connectors per Edge server; organization',
    'send connectors (no `server`) among themselves; receive connectors per server; adapters per server (a',
    'warning: adapter names are labels Exchange never sees).',
    '',
    'Not flagged: an Edge connector and an organization connector with the same name (different directories),',
    'nor connectors of the same name on two different Edges.',
  ].join('\n'),
  bad: '"receiveConnectors": [{ "name": "From Internet", "server": "EDGE01", ... }, { "name": "from internet", "server": "EDGE01", ... }]',
  good: '"receiveConnectors": [{ "name": "From Internet", "server": "EDGE01", ... }, { "name": "From Internet", "server": "EDGE02", ... }]',
  sources:
    'SC-13; RC-10; [PS:New-ReceiveConnector] Name; SPEC §1 (names unique per Edge, in the organization, per server).',
  check(context) {
    const { topology } = context;
    reportDuplicates(context, topology.servers, (first) => ({
      message: `Another server is already named '${first.name?.value}'. ${RENAME}`,
    }));
    reportDuplicates(context, topology.credentials, (first) => ({
      message: `Another credential is already named '${first.name?.value}', so authenticationCredential cannot tell them apart. ${RENAME}`,
    }));
    for (const server of topology.servers) {
      if (server.adapters.length < 2) continue; // a Mailbox server has none
      reportDuplicates(context, server.adapters, (first) => ({
        severity: 'warning',
        message: `${server.name?.value ?? 'This server'} already has an adapter named '${first.name?.value}': give each adapter a distinct label.`,
      }));
    }
    for (const group of byServer(topology.sendConnectors)) {
      reportDuplicates(context, group, (first, duplicate) => ({
        message: `${duplicate.server?.value} already has a send connector named '${first.name?.value}': send connector names are unique per Edge (its own directory). ${RENAME}`,
      }));
    }
    reportDuplicates(
      context,
      topology.sendConnectors.filter((c) => !c.view.has('server')),
      (first) => ({
        message: `The organization already has a send connector named '${first.name?.value}': organization send connector names are unique in the organization. ${RENAME}`,
      }),
    );
    for (const group of byServer(topology.receiveConnectors)) {
      reportDuplicates(context, group, (first, duplicate) => ({
        message: `${duplicate.server?.value} already has a receive connector named '${first.name?.value}': receive connector names are unique per server (${duplicate.server?.value}\\${first.name?.value}). ${RENAME}`,
      }));
    }
    reportDuplicates(
      context,
      topology.acceptedDomains.map((d) => ({ ...d, name: d.domainName })),
      (first, duplicate) => ({
        message: `The accepted domain '${first.name?.value}' is already declared: remove this entry${
          first.domainType === duplicate.domainType
            ? ''
            : ` (or decide whether it is ${first.domainType} or ${duplicate.domainType})`
        }.`,
        fixes: () => [
          fix(
            'Remove the duplicate accepted domain',
            removeItem(context.text, duplicate.view?.node ?? duplicate.domainName.node),
            first.domainType === duplicate.domainType,
          ),
        ],
      }),
    );
  },
};
