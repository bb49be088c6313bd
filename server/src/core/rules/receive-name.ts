import type { Fix } from '../findings';
import { fix, replaceNode } from '../fix/edits';
import { nameTaken } from '../model/references';
import type { ReceiveConnector } from '../model/topology';
import { nameKey } from '../model/topologyIndex';
import type { Rule, RuleContext } from './rule';

const MAX_LENGTH = 64;

export const receiveName: Rule = {
  code: 'receive-name',
  severity: 'error',
  alsoReports: ['warning'],
  summary: 'A receive connector name is longer than 64 characters or contains a backslash.',
  description: [
    'New-ReceiveConnector and Set-ReceiveConnector take a name of at most 64 characters. A receive connector is',
    'identified as `<server>\\<name>`, and Exchange (2013 code) refuses a `\\` in the name; as that rests on the',
    'decompiled Exchange 2013 code only, it is reported as a warning. The fixes replace each `\\` with `-`, or',
    'cut the name to 64 characters, unless that would clash with another connector on the same server.',
    '',
    'Not flagged: any other character, and a name of exactly 64 characters. Send connector names have no',
    'documented length limit.',
  ].join('\n'),
  bad: '{ "name": "From Internal\\\\Org", "server": "EDGE01", "bindings": ["10.1.1.2:25"], ... }',
  good: '{ "name": "From Internal Org", "server": "EDGE01", "bindings": ["10.1.1.2:25"], ... }',
  sources: 'RC-10; [PS:New-ReceiveConnector] Name; [CODE:NRC ValidataName].',
  check(context) {
    for (const connector of context.topology.receiveConnectors) {
      const name = connector.name;
      if (!name) continue;
      const tooLong = name.value.length > MAX_LENGTH;
      const backslash = name.value.includes('\\');
      if (tooLong) {
        // Also replaces any '\\', so that "fix all" needs this one edit of the name.
        const shorter = truncate(name.value.replaceAll('\\', '-'));
        context.report({
          target: name.node,
          message: `The receive connector name '${name.value}' has ${name.value.length} characters; Exchange allows at most ${MAX_LENGTH}. Shorten it.`,
          fixes: () =>
            renameFix(
              context,
              connector,
              `Shorten to ${MAX_LENGTH} characters${backslash ? " (and replace '\\' with '-')" : ''}`,
              shorter,
              true,
            ),
        });
      }
      if (backslash) {
        context.report({
          target: name.node,
          severity: 'warning',
          message: `The receive connector name '${name.value}' contains '\\', which Exchange refuses (a receive connector is identified as server\\name). Use another character.`,
          fixes: () =>
            renameFix(
              context,
              connector,
              "Replace '\\' with '-'",
              name.value.replaceAll('\\', '-'),
              !tooLong,
            ),
        });
      }
    }
  },
};

/** The first 64 UTF-16 units, not splitting a surrogate pair, without trailing spaces. */
function truncate(name: string): string {
  let end = MAX_LENGTH;
  const last = name.charCodeAt(end - 1);
  if (last >= 0xd800 && last <= 0xdbff) end--;
  return name.slice(0, end).trimEnd();
}

/** A rename that creates no duplicate on the connector's server. */
function renameFix(
  context: RuleContext,
  connector: ReceiveConnector,
  title: string,
  name: string,
  preferred: boolean,
): Fix[] {
  const node = connector.name?.node;
  if (!node || name === '') return [];
  const server = connector.server && context.index.server(connector.server.value);
  const siblings = server
    ? context.index.receiveConnectorsOn(server)
    : context.topology.receiveConnectors.filter(
        (c) =>
          c.server &&
          connector.server &&
          nameKey(c.server.value) === nameKey(connector.server.value),
      );
  if (nameTaken(siblings, name, connector)) return [];
  return [fix(title, replaceNode(node, name), preferred)];
}
