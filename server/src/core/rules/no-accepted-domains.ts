import type { TextEdit } from '../findings';
import { appendToArray, fix, setProperty } from '../fix/edits';
import { isDashDash, smtpAddressProblem } from '../model/addressSpace';
import { parseAddress } from '../model/network';
import { connectorName } from '../model/sendConnectorFacts';
import type { Rule, RuleContext } from './rule';

export const noAcceptedDomains: Rule = {
  code: 'no-accepted-domains',
  severity: 'error',
  summary:
    "An Edge send connector uses '--' but no Authoritative or InternalRelay accepted domain is declared.",
  description: [
    'On an Edge Transport server, `--` expands when mail is routed to the accepted domains of the Edge',
    "itself that are Authoritative or InternalRelay. Without EdgeSync nothing copies the organization's",
    'accepted domains to the Edge: they must be created there with New-AcceptedDomain (the generated Edge',
    'script does it for every entry of `organization.acceptedDomains`). With none, the connector gets no route',
    'and mail for the organization is not delivered; the internet-facing receive connector also refuses',
    'anonymous mail for domains it does not accept. Microsoft\'s "without EdgeSync" page omits this step.',
    '',
    'ExternalRelay domains do not count: `--` does not cover them. Not reported: an Edge marked as',
    'subscribed (its accepted domains are replicated; `edge-subscribed` reports the subscription itself).',
  ].join('\n'),
  bad: '{ "organization": { "name": "Contoso", "acceptedDomains": [] }, "sendConnectors": [{ "name": "To Internal Org", "server": "EDGE01", "addressSpaces": ["--"] }] }',
  good: '{ "organization": { "name": "Contoso", "acceptedDomains": ["contoso.com"] }, "sendConnectors": [{ "name": "To Internal Org", "server": "EDGE01", "addressSpaces": ["--"] }] }',
  sources:
    'SC-04; §7 item 5; [CODE:ECRF TryExpandAddressSpaces]; [CODE:ADT]; [EX:mail-flow/accepted-domains/accepted-domains.md].',
  check(context) {
    const { topology, index } = context;
    if (
      topology.acceptedDomains.some(
        (d) => d.domainType !== 'ExternalRelay' && d.domainName.value.trim() !== '',
      )
    )
      return;
    const declared = topology.root?.object('organization')?.valueNode('acceptedDomains');
    for (const connector of topology.sendConnectors) {
      const edge = index.edgeOf(connector);
      if (!edge || edge.view.boolean('subscribed')?.value === true) continue;
      for (const entry of connector.addressSpaces.filter(isDashDash)) {
        context.report({
          target: entry.node,
          message: `${connectorName(connector)} on ${edge.name?.value ?? 'its Edge'} uses '--', but the organization declares no Authoritative or InternalRelay accepted domain. Without EdgeSync, '--' expands only to the accepted domains created on the Edge, so this connector routes nothing: declare your domains in organization.acceptedDomains.`,
          related: declared ? [{ target: declared, message: 'the accepted domains' }] : undefined,
          fixes: () => {
            const domain = derivedDomain(context);
            const edits = domain === undefined ? undefined : declareEdits(context, domain);
            return domain && edits
              ? [fix(`Declare the accepted domain '${domain}'`, edits, true)]
              : [];
          },
        });
      }
    }
  },
};

/** The DNS domain most Mailbox servers' FQDNs share (the part after the first label). */
function derivedDomain(context: RuleContext): string | undefined {
  const counts = new Map<string, number>();
  for (const mailbox of context.index.mailboxes) {
    const fqdn = mailbox.fqdn?.value.trim().replace(/\.$/, '') ?? '';
    const dot = fqdn.indexOf('.');
    if (dot <= 0 || parseAddress(fqdn)) continue;
    const domain = fqdn.slice(dot + 1).toLowerCase();
    if (smtpAddressProblem(domain) === undefined && domain !== '*')
      counts.set(domain, (counts.get(domain) ?? 0) + 1);
  }
  let best: string | undefined;
  for (const [domain, count] of counts)
    if (best === undefined || count > (counts.get(best) ?? 0)) best = domain;
  // Already declared (as ExternalRelay): changing its type is the user's decision.
  if (best === undefined || context.index.isAcceptedDomain(best)) return undefined;
  return best;
}

function declareEdits(context: RuleContext, domain: string): TextEdit[] | undefined {
  const root = context.topology.root;
  if (!root) return undefined;
  const organization = root.valueNode('organization');
  if (!organization)
    return setProperty(context.text, ['organization'], { acceptedDomains: [domain] });
  if (organization.type !== 'object') return undefined;
  const list = root.object('organization')?.valueNode('acceptedDomains');
  if (!list) return setProperty(context.text, ['organization', 'acceptedDomains'], [domain]);
  return list.type === 'array'
    ? appendToArray(context.text, ['organization', 'acceptedDomains'], domain)
    : undefined;
}
