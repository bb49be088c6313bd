import { parseAddressSpace } from '../model/addressSpace';
import type { Spanned } from '../model/objectView';
import { isDnsRouted } from '../model/sendConnectorFacts';
import type { SendConnector, Server } from '../model/topology';
import { nameKey, type TopologyIndex } from '../model/topologyIndex';
import { sourceServers } from './grants';
import { domainMatches } from './messages';

/**
 * Which send connector carries a message for a domain, as connector-selection.md
 * ("Selecting the connector for an external recipient") describes it: only
 * enabled connectors with an address space that matches the recipient; the most
 * specific address space wins (`marketing.contoso.com` over `*.contoso.com` over
 * `*`); on a tie the lowest cost, then the fewest hops (the local server first),
 * then the connector name lowest in alphanumeric order. On an Edge, `--` stands
 * for its Authoritative and InternalRelay accepted domains (research SC-03,
 * SC-04). Message size limits and Active Directory sites (scoped connectors,
 * site-link costs) are not part of a topology: every connector is taken to be
 * in reach and big enough (RULES.md says so).
 */
export interface Route {
  readonly connector: SendConnector;
  /** The address space entry that matched, as written. */
  readonly addressSpace: Spanned<string>;
  /** What it matched as: the domain pattern (`--` expanded), or `*`. */
  readonly pattern: string;
  readonly cost: number;
}

/** The connectors a server chooses among: an Edge its own; a Mailbox server the organization's. */
export function candidateConnectors(
  index: TopologyIndex,
  server: Server,
): readonly SendConnector[] {
  const all = index.isEdge(server)
    ? index.sendConnectorsOn(server)
    : index.organizationSendConnectors();
  return all.filter((c) => c.view.boolean('enabled')?.value !== false);
}

interface Match {
  readonly pattern: string;
  readonly specificity: number;
}

/**
 * How specifically `addressSpace` matches `domain`, or undefined. `*` is 0; a
 * domain counts two per label, one more when it is exact rather than a
 * `*.` wildcard. Whether `*.contoso.com` covers `contoso.com` itself the
 * sources do not say; EdgeFlow takes it to, so that no design is reported
 * for what Exchange may accept.
 */
function matchOf(
  index: TopologyIndex,
  server: Server,
  address: string,
  domain: string,
): Match | undefined {
  const text = address.trim().toLowerCase();
  if (text === '*') return { pattern: '*', specificity: 0 };
  if (text === '--') {
    // Only an Edge expands `--`, and only to its Authoritative and InternalRelay domains.
    if (!index.isEdge(server)) return undefined;
    let best: Match | undefined;
    for (const accepted of index.topology.acceptedDomains) {
      if (accepted.domainType === 'ExternalRelay') continue;
      const match = patternMatch(accepted.domainName.value, domain);
      if (match && (!best || match.specificity > best.specificity)) best = match;
    }
    return best;
  }
  return patternMatch(text, domain);
}

function patternMatch(pattern: string, domain: string): Match | undefined {
  const key = pattern.trim().toLowerCase().replace(/\.$/, '');
  if (!key || !domainMatches(key, domain)) return undefined;
  const wildcard = key.startsWith('*.');
  const labels = (wildcard ? key.slice(2) : key).split('.').length;
  return { pattern: key, specificity: labels * 2 + (wildcard ? 0 : 1) };
}

const ROUTES = {};

/** The connector `server` chooses for a recipient in `domain`; undefined: no route. */
export function routeFor(index: TopologyIndex, server: Server, domain: string): Route | undefined {
  const byServer = index.memo(ROUTES, () => new Map<Server, Map<string, Route | undefined>>());
  let byDomain = byServer.get(server);
  if (!byDomain) byServer.set(server, (byDomain = new Map()));
  if (byDomain.has(domain)) return byDomain.get(domain);
  const route = chooseRoute(index, server, domain);
  byDomain.set(domain, route);
  return route;
}

function chooseRoute(index: TopologyIndex, server: Server, domain: string): Route | undefined {
  let best: (Route & Match & { local: boolean; name: string }) | undefined;
  for (const connector of candidateConnectors(index, server)) {
    for (const addressSpace of connector.addressSpaces) {
      const parts = parseAddressSpace(addressSpace.value.trim());
      // A non-SMTP address space never matches an SMTP recipient; `Local:` is refused by Exchange.
      if (!parts.isSmtp || parts.local || parts.cost === undefined) continue;
      const match = matchOf(index, server, parts.address, domain);
      if (!match) continue;
      const candidate = {
        connector,
        addressSpace,
        pattern: match.pattern,
        specificity: match.specificity,
        cost: parts.cost,
        local: isLocalSource(index, connector, server),
        name: nameKey(connector.name?.value ?? ''),
      };
      if (!best || better(candidate, best)) best = candidate;
    }
  }
  return (
    best && {
      connector: best.connector,
      addressSpace: best.addressSpace,
      pattern: best.pattern,
      cost: best.cost,
    }
  );
}

function better(
  a: Match & { cost: number; local: boolean; name: string },
  b: Match & { cost: number; local: boolean; name: string },
): boolean {
  if (a.specificity !== b.specificity) return a.specificity > b.specificity;
  if (a.cost !== b.cost) return a.cost < b.cost;
  if (a.local !== b.local) return a.local;
  return a.name < b.name;
}

/** Whether `server` is a source server of the connector (an Edge's connectors are its own). */
function isLocalSource(index: TopologyIndex, connector: SendConnector, server: Server): boolean {
  if (index.isEdge(server)) return true;
  return (
    connector.sourceTransportServers.length === 0 ||
    sourceServers(index, connector).includes(server)
  );
}

/**
 * The server that sends the message out through `connector` when `at` chose
 * it: `at` itself when it is a source server, otherwise (inside the
 * organization) its first declared source server, reached over the
 * organization's own connectors.
 */
export function sendingServer(index: TopologyIndex, connector: SendConnector, at: Server): Server {
  if (isLocalSource(index, connector, at)) return at;
  return sourceServers(index, connector)[0] ?? at;
}

export { isDnsRouted };
