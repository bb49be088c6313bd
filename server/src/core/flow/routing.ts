import { newMap } from './memo';
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

const CANDIDATES = {};

/**
 * The enabled connectors a server chooses among: an Edge its own; a Mailbox
 * server the organization's (one list for all of them). Once per analysis.
 */
export function candidateConnectors(
  index: TopologyIndex,
  server: Server,
): readonly SendConnector[] {
  const lists = index.memo(CANDIDATES, newMap<Server | 'organization', readonly SendConnector[]>);
  const key = index.isEdge(server) ? server : 'organization';
  let list = lists.get(key);
  if (!list) {
    const all = index.isEdge(server)
      ? index.sendConnectorsOn(server)
      : index.organizationSendConnectors();
    list = all.filter((c) => c.view.boolean('enabled')?.value !== false);
    lists.set(key, list);
  }
  return list;
}

interface Match {
  readonly pattern: string;
  readonly specificity: number;
}

/** An address space entry, parsed once per analysis: what it matches and at which cost. */
interface Space {
  readonly entry: Spanned<string>;
  readonly cost: number;
  /** `*`, `--`, or a domain pattern (`contoso.com`, `*.contoso.com`), lower case. */
  readonly pattern: string;
}

const SPACES = {};

/** The SMTP address spaces of a connector that can match a recipient. */
function spacesOf(index: TopologyIndex, connector: SendConnector): readonly Space[] {
  const byConnector = index.memo(SPACES, newMap<SendConnector, readonly Space[]>);
  let spaces = byConnector.get(connector);
  if (!spaces) {
    spaces = connector.addressSpaces.flatMap((entry): Space[] => {
      const parts = parseAddressSpace(entry.value.trim());
      // A non-SMTP address space never matches an SMTP recipient; `Local:` is refused by Exchange.
      if (!parts.isSmtp || parts.local || parts.cost === undefined) return [];
      const pattern = parts.address.trim().toLowerCase().replace(/\.$/, '');
      return pattern ? [{ entry, cost: parts.cost, pattern }] : [];
    });
    byConnector.set(connector, spaces);
  }
  return spaces;
}

/**
 * How specifically `pattern` matches `domain`, or undefined. `*` is 0; a
 * domain counts two per label, one more when it is exact rather than a
 * `*.` wildcard. Whether `*.contoso.com` covers `contoso.com` itself the
 * sources do not say; EdgeFlow takes it to, so that no design is reported
 * for what Exchange may accept.
 */
function matchOf(
  index: TopologyIndex,
  server: Server,
  pattern: string,
  domain: string,
): Match | undefined {
  if (pattern === '*') return WILDCARD;
  if (pattern === '--') {
    // Only an Edge expands `--`, and only to its Authoritative and InternalRelay domains.
    return index.isEdge(server) ? dashDashMatch(index, domain) : undefined;
  }
  return patternMatch(pattern, domain);
}

const WILDCARD: Match = { pattern: '*', specificity: 0 };

const DASH_DASH = {};

/** How `--` on an Edge matches `domain` (the same on every Edge), once per domain and analysis. */
function dashDashMatch(index: TopologyIndex, domain: string): Match | undefined {
  const byDomain = index.memo(DASH_DASH, newMap<string, Match | null>);
  let match = byDomain.get(domain);
  if (match === undefined) {
    let best: Match | undefined;
    for (const accepted of index.topology.acceptedDomains) {
      if (accepted.domainType === 'ExternalRelay') continue;
      const candidate = patternMatch(accepted.domainName.value.trim().toLowerCase(), domain);
      if (candidate && (!best || candidate.specificity > best.specificity)) best = candidate;
    }
    byDomain.set(domain, (match = best ?? null));
  }
  return match ?? undefined;
}

function patternMatch(pattern: string, domain: string): Match | undefined {
  const key = pattern.endsWith('.') ? pattern.slice(0, -1) : pattern;
  if (!key || !domainMatches(key, domain)) return undefined;
  const wildcard = key.startsWith('*.');
  let labels = 1;
  for (let i = wildcard ? 2 : 0; i < key.length; i++) if (key.charCodeAt(i) === 0x2e) labels++;
  return { pattern: key, specificity: labels * 2 + (wildcard ? 0 : 1) };
}

const ROUTES = {};

/** The connector `server` chooses for a recipient in `domain`; undefined: no route. */
export function routeFor(index: TopologyIndex, server: Server, domain: string): Route | undefined {
  // Any other server looks its route up in the organization's ranking: cheaper than a memo.
  if (!index.isEdge(server)) return organizationRoute(index, server, domain);
  // By domain first: a few domains, many Edges (one map per domain, not per Edge).
  const byDomain = index.memo(ROUTES, newMap<string, Map<Server, Route | undefined>>);
  let byServer = byDomain.get(domain);
  if (!byServer) byDomain.set(domain, (byServer = new Map()));
  if (byServer.has(server)) return byServer.get(server);
  const route = edgeRoute(index, server, domain);
  byServer.set(server, route);
  return route;
}

/** A connector that matches a domain, with what decides between such candidates. */
interface Candidate {
  readonly route: Route;
  readonly specificity: number;
}

const RANKINGS = {};

/**
 * The organization's candidates for a domain, best first by specificity, cost
 * and name: the order is the same on every Mailbox server, only "the local
 * server first" is not: among the best-ranked, each Mailbox server takes the
 * first connector it is a source server of (`local`), and a server that is
 * none takes `first`.
 */
interface Ranking {
  readonly first?: Route;
  /** Per source server, the first best-ranked connector it is a source server of. */
  readonly local: ReadonlyMap<Server, Route>;
  /** The first best-ranked connector without source servers: local to every server. */
  readonly everywhere?: Route;
}

function organizationRanking(index: TopologyIndex, server: Server, domain: string): Ranking {
  const byDomain = index.memo(RANKINGS, newMap<string, Ranking>);
  let ranking = byDomain.get(domain);
  if (!ranking) byDomain.set(domain, (ranking = rankingOf(index, rank(index, server, domain))));
  return ranking;
}

function rankingOf(index: TopologyIndex, candidates: readonly Candidate[]): Ranking {
  const best = candidates[0];
  const local = new Map<Server, Route>();
  if (!best) return { local };
  for (const candidate of candidates) {
    if (candidate.specificity !== best.specificity || candidate.route.cost !== best.route.cost)
      break;
    const connector = candidate.route.connector;
    if (connector.sourceTransportServers.length === 0)
      return { first: best.route, local, everywhere: candidate.route };
    for (const source of sourceServers(index, connector))
      if (!local.has(source)) local.set(source, candidate.route);
  }
  return { first: best.route, local };
}

/** Each candidate connector's best match for the domain, in the candidates' order. */
function candidatesFor(index: TopologyIndex, server: Server, domain: string): Candidate[] {
  const candidates: Candidate[] = [];
  for (const connector of candidateConnectors(index, server)) {
    const best = bestCandidate(index, server, connector, domain);
    if (best) candidates.push(best);
  }
  return candidates;
}

/** A connector's best address space for the domain on `server`, or undefined. */
function bestCandidate(
  index: TopologyIndex,
  server: Server,
  connector: SendConnector,
  domain: string,
): Candidate | undefined {
  let best: Candidate | undefined;
  for (const space of spacesOf(index, connector)) {
    const match = matchOf(index, server, space.pattern, domain);
    if (!match) continue;
    const candidate = {
      route: { connector, addressSpace: space.entry, pattern: match.pattern, cost: space.cost },
      specificity: match.specificity,
    };
    if (!best || better(index, candidate, best)) best = candidate;
  }
  return best;
}

/**
 * The route `connector` would offer for `domain` on `server` (its best
 * address space as routing reads it: `--` only on an Edge, non-SMTP spaces
 * never), whether or not it is enabled or chosen: what a rule compares with
 * the route that was chosen.
 */
export function connectorRoute(
  index: TopologyIndex,
  server: Server,
  connector: SendConnector,
  domain: string,
): Route | undefined {
  return bestCandidate(index, server, connector, domain)?.route;
}

function rank(index: TopologyIndex, server: Server, domain: string): Candidate[] {
  return candidatesFor(index, server, domain).sort((a, b) =>
    better(index, a, b) ? -1 : better(index, b, a) ? 1 : 0,
  );
}

function better(index: TopologyIndex, a: Candidate, b: Candidate): boolean {
  if (a.specificity !== b.specificity) return a.specificity > b.specificity;
  if (a.route.cost !== b.route.cost) return a.route.cost < b.route.cost;
  return nameOf(index, a.route.connector) < nameOf(index, b.route.connector);
}

const NAMES = {};

/** A connector's name as Exchange orders names, once per connector and analysis (asked only on ties). */
function nameOf(index: TopologyIndex, connector: SendConnector): string {
  const names = index.memo(NAMES, newMap<SendConnector, string>);
  let name = names.get(connector);
  if (name === undefined) names.set(connector, (name = nameKey(connector.name?.value ?? '')));
  return name;
}

/** An Edge's connectors are its own: the best is local (the first of equals, as a sort keeps it). */
function edgeRoute(index: TopologyIndex, edge: Server, domain: string): Route | undefined {
  let best: Candidate | undefined;
  for (const candidate of candidatesFor(index, edge, domain))
    if (!best || better(index, candidate, best)) best = candidate;
  return best?.route;
}

/** Among the equally specific and cheap, the local server first (then the name, as ranked). */
function organizationRoute(
  index: TopologyIndex,
  server: Server,
  domain: string,
): Route | undefined {
  const ranking = organizationRanking(index, server, domain);
  return ranking.local.get(server) ?? ranking.everywhere ?? ranking.first;
}

const SOURCE_SETS = {};

/** Whether `server` is a source server of the connector (an Edge's connectors are its own). */
function isLocalSource(index: TopologyIndex, connector: SendConnector, server: Server): boolean {
  if (index.isEdge(server) || connector.sourceTransportServers.length === 0) return true;
  const sets = index.memo(SOURCE_SETS, newMap<SendConnector, ReadonlySet<Server>>);
  let set = sets.get(connector);
  if (!set) sets.set(connector, (set = new Set(sourceServers(index, connector))));
  return set.has(server);
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
