import { canonical } from '../model/enums';
import { fix, setProperty } from '../fix/edits';
import { nameKey } from '../model/topologyIndex';
import { connectorName } from '../model/sendConnectorFacts';
import type { Credential, SendConnector } from '../model/topology';
import type { Rule, RuleContext } from './rule';

const SCOPES = ['activeDirectory', 'edgeLocal'] as const;

export const credentialRequired: Rule = {
  code: 'credential-required',
  severity: 'error',
  summary:
    'A send connector uses BasicAuth or BasicAuthRequireTLS without an authenticationCredential.',
  description: [
    'Basic authentication to a smart host needs an account: New-SendConnector refuses',
    '`-SmartHostAuthMechanism BasicAuth` or `BasicAuthRequireTLS` without `-AuthenticationCredential`.',
    'In a topology the credential is named in `authenticationCredential` (an entry of `credentials`); the',
    'generated script asks for its password with Get-Credential. The Edge-to-organization connector uses an',
    'Active Directory account in the Exchange Servers group; the organization-to-Edge connector a local',
    'account on the Edge.',
    '',
    'Not reported: other mechanisms, and an `authenticationCredential` that names nothing (see',
    '`unknown-reference`) or has the wrong type (see `schema`).',
  ].join('\n'),
  bad: '{ "name": "To Edge", "addressSpaces": ["*"], "smartHosts": ["edge01.contoso.net"], "smartHostAuthMechanism": "BasicAuthRequireTLS" }',
  good: '{ "name": "To Edge", "addressSpaces": ["*"], "smartHosts": ["edge01.contoso.net"], "smartHostAuthMechanism": "BasicAuthRequireTLS", "authenticationCredential": "OrgToEdge" }',
  sources:
    'SC-06; [PS:New-SendConnector] AuthenticationCredential; [RES-DIR:AuthenticationCredentialNotSet]; §5.2.',
  check(context) {
    for (const connector of context.topology.sendConnectors) {
      const mechanism = connector.smartHostAuthMechanism;
      if (
        !mechanism ||
        (mechanism.value !== 'BasicAuth' && mechanism.value !== 'BasicAuthRequireTLS')
      )
        continue;
      if (connector.view.has('authenticationCredential')) continue;
      const path = [...connector.view.path, 'authenticationCredential'];
      context.report({
        target: mechanism.node,
        message: `${connectorName(connector)} uses ${mechanism.value} but names no authenticationCredential: Exchange refuses Basic authentication without an account. Set authenticationCredential to an entry of credentials.`,
        fixes: () => {
          const fitting = fittingCredentials(context, connector);
          return fitting.map((name) =>
            fix(
              `Set authenticationCredential to '${name}'`,
              setProperty(context.text, path, name),
              fitting.length === 1,
            ),
          );
        },
      });
    }
  },
};

/**
 * The credentials whose scope fits the connector: an Active Directory account
 * for a connector on an Edge (Edge → organization), a local Edge account for
 * an organization connector (→ Edge) that is not tied to another Edge.
 */
function fittingCredentials(context: RuleContext, connector: SendConnector): string[] {
  const { index } = context;
  let wanted: (typeof SCOPES)[number];
  if (index.edgeOf(connector)) wanted = 'activeDirectory';
  else if (!connector.view.has('server')) wanted = 'edgeLocal';
  else return [];
  const targets = new Set(index.edgesTargetedBy(connector));
  const fits = (credential: Credential): boolean => {
    if (!credential.scope || canonical(credential.scope.value, SCOPES) !== wanted) return false;
    if (wanted === 'activeDirectory' || !credential.server) return true;
    const edge = index.server(credential.server.value);
    return edge !== undefined && targets.size === 1 && targets.has(edge);
  };
  const names = new Set<string>();
  const result: string[] = [];
  for (const credential of context.topology.credentials) {
    const name = credential.name?.value;
    if (!name || names.has(nameKey(name)) || !fits(credential)) continue;
    names.add(nameKey(name));
    result.push(name);
  }
  return result;
}
