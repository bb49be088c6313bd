import { getNodePath } from 'jsonc-parser';
import type { Fix } from '../findings';
import { fix, removeAt, replaceNode } from '../fix/edits';
import type { Spanned } from '../model/objectView';
import { connectorName, isIpLiteral, isSingleLabel } from '../model/sendConnectorFacts';
import type { SendConnector } from '../model/topology';
import type { Rule, RuleContext } from './rule';

export const smarthostNameForTls: Rule = {
  code: 'smarthost-name-for-tls',
  severity: 'warning',
  summary:
    'A BasicAuthRequireTLS smart host is an IP address or a single-label name, which its TLS certificate will not match.',
  description: [
    'With `smartHostAuthMechanism: BasicAuthRequireTLS` the smart host must present a certificate that',
    'carries the exact name typed in `smartHosts`. Certificates name hosts by FQDN: an IP literal (`10.1.1.2`,',
    '`[fd00::5]`) or a short name (`edge01`) will not match the certificate, the TLS handshake fails its',
    'check and the connector never authenticates. Short names must also resolve from the sending server.',
    'Use the FQDN that the certificate carries.',
    '',
    'Only BasicAuthRequireTLS is checked: other mechanisms do not compare the smart host name with the',
    'certificate (DomainValidation compares `tlsDomain`). A `--` smart host is left to `dashdash-placement`.',
  ].join('\n'),
  bad: '{ "name": "To Edge", "addressSpaces": ["*"], "smartHosts": ["10.1.1.2"], "smartHostAuthMechanism": "BasicAuthRequireTLS" }',
  good: '{ "name": "To Edge", "addressSpaces": ["*"], "smartHosts": ["edge01.contoso.net"], "smartHostAuthMechanism": "BasicAuthRequireTLS" }',
  sources:
    '§7 item 3; §5.2; SC-06; [EX:mail-flow/connectors/send-connectors.md] (certificate with the exact smart-host FQDN).',
  check(context) {
    for (const connector of context.topology.sendConnectors) {
      if (connector.smartHostAuthMechanism?.value !== 'BasicAuthRequireTLS') continue;
      for (const host of connector.smartHosts) {
        const literal = isIpLiteral(host.value);
        if (host.value.trim() === '--' || (!literal && !isSingleLabel(host.value))) continue;
        const fqdn = fqdnFor(context, host.value);
        const what = literal ? 'an IP address' : 'a single-label name';
        context.report({
          target: host.node,
          message: `${connectorName(connector)} authenticates with BasicAuthRequireTLS to '${host.value}', ${what}: the smart host's certificate must carry the exact name typed here, and it names the host by FQDN. Use ${fqdn ? `'${fqdn}'` : 'the FQDN on the certificate'}.`,
          fixes: () => (fqdn ? [repair(context, connector, host, fqdn)] : []),
        });
      }
    }
  },
};

/**
 * The dotted FQDN of the server the host names, unless that FQDN would reach
 * an Edge's internet-facing adapter (then the replacement would change where
 * the mail goes).
 */
function fqdnFor(context: RuleContext, host: string): string | undefined {
  const { index } = context;
  const server = index.serverForHost(host);
  const fqdn = server?.fqdn?.value.trim();
  if (!server || !fqdn || isIpLiteral(fqdn) || isSingleLabel(fqdn)) return undefined;
  if (index.isEdge(server)) {
    const addresses = index.resolve(fqdn);
    if (addresses.length === 0) return undefined;
    if (addresses.some((a) => index.adapterWith(server, a)?.network?.value !== 'internal'))
      return undefined;
  }
  return fqdn;
}

function repair(
  context: RuleContext,
  connector: SendConnector,
  host: Spanned<string>,
  fqdn: string,
): Fix {
  const listed = connector.smartHosts.some(
    (h) => h !== host && h.value.trim().toLowerCase() === fqdn.toLowerCase(),
  );
  return listed
    ? fix(
        `Remove '${host.value}' ('${fqdn}' is already listed)`,
        removeAt(context.text, getNodePath(host.node)),
        true,
      )
    : fix(`Change to '${fqdn}'`, replaceNode(host.node, fqdn), true);
}
