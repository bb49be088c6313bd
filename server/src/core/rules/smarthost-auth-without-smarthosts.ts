import { fix, removeAt } from '../fix/edits';
import { sequentialEdits } from '../fix/sequentialEdits';
import { connectorName, smartHostsState } from '../model/sendConnectorFacts';
import type { Rule } from './rule';

export const smarthostAuthWithoutSmarthosts: Rule = {
  code: 'smarthost-auth-without-smarthosts',
  severity: 'error',
  summary: 'A send connector sets a smart-host authentication mechanism but has no smart hosts.',
  description: [
    '`smartHostAuthMechanism` says how the connector authenticates to its smart hosts; it is meaningful only',
    'with `smartHosts` and DNS routing off. On a connector that routes by DNS, New-SendConnector refuses the',
    'mechanism unless DNSRoutingEnabled is given, and with `-DNSRoutingEnabled $true` it silently resets it to',
    'None and drops the credential: the configuration you wrote is not the one you get.',
    '',
    'Not reported: `None`, and a `smartHosts` value of the wrong type (the schema rule reports it).',
  ].join('\n'),
  bad: '{ "name": "To Internet", "server": "EDGE01", "addressSpaces": ["*"], "smartHostAuthMechanism": "BasicAuthRequireTLS", "authenticationCredential": "EdgeToOrg" }',
  good: '{ "name": "To Internet", "server": "EDGE01", "addressSpaces": ["*"] }',
  sources:
    'SC-06; [PS:New-SendConnector] SmartHostAuthMechanism; [RES-MGMT:DNSRoutingEnabledMustBeSpecifiedForAuthMechanism]; [CODE:NSC SetSmartHostAuthMechanismIfNecessary].',
  check(context) {
    for (const connector of context.topology.sendConnectors) {
      const mechanism = connector.smartHostAuthMechanism;
      if (!mechanism || mechanism.value === 'None' || smartHostsState(connector) !== 'none')
        continue;
      const path = connector.view.path;
      const withCredential = connector.view.has('authenticationCredential');
      context.report({
        target: mechanism.node,
        message: `${connectorName(connector)} has no smart hosts, so smartHostAuthMechanism ${mechanism.value} means nothing (Exchange refuses it or resets it to None). Remove it${withCredential ? ' and authenticationCredential' : ''}, or add smartHosts with dnsRoutingEnabled false.`,
        fixes: () => {
          const steps = [(text: string) => removeAt(text, [...path, 'smartHostAuthMechanism'])];
          if (withCredential)
            steps.push((text: string) => removeAt(text, [...path, 'authenticationCredential']));
          const title = withCredential
            ? 'Remove smartHostAuthMechanism and authenticationCredential'
            : 'Remove smartHostAuthMechanism';
          return [fix(title, sequentialEdits(context.text, steps), true)];
        },
      });
    }
  },
};
