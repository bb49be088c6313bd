import { fix, setProperty } from '../fix/edits';
import type { Rule } from './rule';

export const smarthostsDnsRouting: Rule = {
  code: 'smarthosts-dns-routing',
  severity: 'error',
  summary:
    'A send connector has smart hosts with DNS routing on, or DNS routing off with no smart hosts.',
  description: [
    'A send connector routes either by DNS (MX records) or through smart hosts, never both.',
    '`-SmartHosts` requires `-DNSRoutingEnabled $false`, and `-DNSRoutingEnabled $false` requires smart hosts',
    'on the same command line; New-SendConnector refuses anything else. Leaving `dnsRoutingEnabled` out',
    'while giving smart hosts is accepted (Exchange derives it), so it is not reported.',
  ].join('\n'),
  bad: '{ "name": "To Internal Org", "smartHosts": ["mbxserver01.contoso.com"], "dnsRoutingEnabled": true }',
  good: '{ "name": "To Internal Org", "smartHosts": ["mbxserver01.contoso.com"], "dnsRoutingEnabled": false }',
  sources: 'SC-02; [PS:New-SendConnector] DNSRoutingEnabled and SmartHosts.',
  check(context) {
    for (const connector of context.topology.sendConnectors) {
      const dns = connector.dnsRoutingEnabled;
      if (!dns) continue;
      const path = [...connector.view.path, 'dnsRoutingEnabled'];
      const name = connector.name?.value ?? 'this connector';
      if (dns.value && connector.smartHosts.length > 0) {
        context.report({
          target: dns.node,
          message: `'${name}' has smart hosts, so DNS routing must be off: set dnsRoutingEnabled to false (New-SendConnector refuses smart hosts with DNS routing).`,
          related: [
            {
              target: connector.view.valueNode('smartHosts') ?? dns.node,
              message: 'the smart hosts',
            },
          ],
          fixes: () => [
            fix('Set dnsRoutingEnabled to false', setProperty(context.text, path, false), true),
          ],
        });
      } else if (!dns.value && connector.smartHosts.length === 0) {
        context.report({
          target: dns.node,
          message: `'${name}' turns DNS routing off but has no smart hosts to route to: add smartHosts, or set dnsRoutingEnabled to true to route by MX records.`,
          fixes: () => [
            fix(
              'Set dnsRoutingEnabled to true (route by MX records)',
              setProperty(context.text, path, true),
              true,
            ),
          ],
        });
      }
    }
  },
};
