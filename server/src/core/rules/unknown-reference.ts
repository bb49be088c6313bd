import type { Fix } from '../findings';
import { fix, replaceNode } from '../fix/edits';
import {
  EXPECTED_ROLE,
  ServerResolver,
  label,
  nameTaken,
  serverReferences,
  type ServerReference,
} from '../model/references';
import type { ReceiveConnector, SendConnector, Server } from '../model/topology';
import { nameKey, type TopologyIndex } from '../model/topologyIndex';
import { closest } from '../text/suggest';
import type { Rule, RuleContext } from './rule';

const WHAT: Record<ServerReference['kind'], string> = {
  'send-server': 'an Edge server',
  'source-server': 'a Mailbox server',
  'receive-server': 'a server',
  'credential-server': 'an Edge server',
};

export const unknownReference: Rule = {
  code: 'unknown-reference',
  severity: 'error',
  alsoReports: ['warning'],
  summary: 'A server or credential reference names nothing defined in the topology.',
  description: [
    'Connectors and credentials refer to servers and credentials by `name` (compared without regard to case):',
    "a connector's `server`, each `sourceTransportServers` entry, `authenticationCredential`, and a credential's",
    '`server`. A name that matches nothing is usually a typo: the script would target a server that does not',
    'exist (New-SendConnector fails with "server not found"), and every check that follows the reference is',
    'blind. The fixes offer the defined names of the right kind that are close to what was typed.',
    '',
    'A server written by its FQDN is reported too, because EdgeFlow references servers by name. In',
    '`sourceTransportServers`, which Exchange resolves by name or FQDN, that is only a warning; an FQDN there',
    'that belongs to an Edge is left to `wrong-role`. The entries of `sourceTransportServers` on a connector',
    'configured on an Edge are not checked: the parameter itself is refused there (`not-valid-on-role`).',
  ].join('\n'),
  bad: '{ "name": "To Edge", "sourceTransportServers": ["MBX01", "MBX2"], "authenticationCredential": "OrgToEdg" }',
  good: '{ "name": "To Edge", "sourceTransportServers": ["MBX01", "MBX02"], "authenticationCredential": "OrgToEdge" }',
  sources: 'SC-09 (ErrorServerNotFound); [PS:New-SendConnector] SourceTransportServers; SPEC §1.',
  check(context) {
    const resolver = new ServerResolver(context.index);
    for (const reference of serverReferences(context.topology))
      checkServer(context, resolver, reference);
    const credentialNames = context.topology.credentials.flatMap((c) =>
      c.name ? [c.name.value] : [],
    );
    for (const connector of context.topology.sendConnectors) {
      const reference = connector.authenticationCredential;
      if (!reference || context.index.credential(reference.value)) continue;
      const suggestions = closest(reference.value, credentialNames);
      context.report({
        target: reference.node,
        message: `'${reference.value}' (authenticationCredential of ${label(connector)}) names no entry of credentials: correct the name or declare the credential.`,
        suggestion: suggestions[0],
        fixes: () =>
          suggestions.map((s, i) =>
            fix(`Change to '${s}'`, replaceNode(reference.node, s), i === 0),
          ),
      });
    }
  },
};

function checkServer(
  context: RuleContext,
  resolver: ServerResolver,
  reference: ServerReference,
): void {
  const { kind, value } = reference;
  // On an Edge connector the whole parameter is refused (not-valid-on-role); its entries do not matter.
  if (kind === 'source-server' && context.index.edgeOf(reference.owner as SendConnector)) return;
  const resolved = resolver.resolve(value.value);
  if (resolved?.by === 'name') return;
  const expected = EXPECTED_ROLE[kind];
  const where = `${kind === 'credential-server' ? 'server of credential' : kind === 'source-server' ? 'sourceTransportServers of' : 'server of'} ${label(reference.owner, 'this object')}`;
  if (resolved) {
    const server = resolved.server;
    const fits = expected === undefined || server.role?.value === expected;
    // An FQDN of the wrong role is a wrong role first: wrong-role reports it.
    if (!fits && kind === 'source-server') return;
    const name = server.name?.value ?? '';
    const usable = fits && name !== '' && acceptable(context.index, reference, server);
    context.report({
      target: value.node,
      severity: kind === 'source-server' ? 'warning' : 'error',
      message:
        kind === 'source-server'
          ? `'${value.value}' is the FQDN of ${name}: Exchange accepts it here, but EdgeFlow refers to servers by name and cannot check what it does not recognise. Write ${name}.`
          : `'${value.value}' (${where}) is the FQDN of ${name}, but EdgeFlow refers to servers by name: write ${fits ? name : `the name of ${WHAT[kind]}`}.`,
      fixes: () =>
        usable ? [fix(`Change to '${name}'`, replaceNode(value.node, name), true)] : [],
    });
    return;
  }
  const candidates = context.topology.servers.filter(
    (s) =>
      s.name &&
      (expected === undefined || s.role?.value === expected) &&
      acceptable(context.index, reference, s),
  );
  const suggestions = closest(
    value.value,
    candidates.flatMap((s) => (s.name ? [s.name.value] : [])),
  );
  context.report({
    target: value.node,
    message: `'${value.value}' (${where}) names no server defined in servers: it must be the name of ${WHAT[kind]}. Correct the name or add the server.`,
    suggestion: suggestions[0],
    fixes: (): Fix[] =>
      suggestions.map((s, i) => fix(`Change to '${s}'`, replaceNode(value.node, s), i === 0)),
  });
}

/** Whether pointing `reference` at `server` creates no new problem of its own. */
function acceptable(index: TopologyIndex, reference: ServerReference, server: Server): boolean {
  const name = server.name?.value ?? '';
  switch (reference.kind) {
    case 'source-server': {
      const owner = reference.owner as SendConnector;
      return !owner.sourceTransportServers.some((s) => nameKey(s.value) === nameKey(name));
    }
    case 'send-server': {
      const owner = reference.owner as SendConnector;
      return !owner.name || !nameTaken(index.sendConnectorsOn(server), owner.name.value, owner);
    }
    case 'receive-server': {
      const owner = reference.owner as ReceiveConnector;
      if (owner.name && nameTaken(index.receiveConnectorsOn(server), owner.name.value, owner))
        return false;
      // Its bindings (as Exchange reads them; binding-syntax reports the others) must be
      // addresses of that server.
      const local = new Set(index.addressesOf(server).map((a) => a.canonical));
      return index
        .bindingEntriesOf(owner)
        .every(({ binding }) => binding.wildcard || local.has(binding.address.canonical));
    }
    default:
      return true;
  }
}
