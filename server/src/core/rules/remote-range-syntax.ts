import type { Fix } from '../findings';
import { fix, replaceNode } from '../fix/edits';
import { parseAddress, parseRange } from '../model/network';
import { receiveName } from '../model/receiveConnectorFacts';
import type { Rule } from './rule';

/** `b-a` with both ends of one family and start above end → `a-b`. */
function swapped(text: string): string | undefined {
  const dash = text.indexOf('-');
  if (dash < 0) return undefined;
  const first = text.slice(0, dash);
  const last = text.slice(dash + 1);
  const a = parseAddress(first);
  const b = parseAddress(last);
  if (!a || !b || a.family !== b.family || a.value <= b.value) return undefined;
  return `${last}-${first}`;
}

export const remoteRangeSyntax: Rule = {
  code: 'remote-range-syntax',
  severity: 'error',
  alsoReports: ['warning'],
  summary:
    'A receive connector remote IP range is not an address, a range `start-end`, a CIDR block or `address(mask)`.',
  description: [
    'Each `remoteIPRanges` element is one of: a single IPv4 or IPv6 address (`192.168.5.10`,',
    '`fe80::39bd:88f7:6969:d223%11`), a range `start-end` of one address family with start ≤ end',
    '(`192.168.5.10-192.168.5.20`), a CIDR block (`192.168.5.0/24`, `fd00::/64`, length 0–32 or 0–128), or',
    'an address with a netmask (`192.168.5.0(255.255.255.0)`). Anything else is refused by',
    'New-/Set-ReceiveConnector. A reversed range has a quick fix that swaps its ends.',
    '',
    'Spaces inside a value (`192.168.5.10 - 192.168.5.20`) are reported as a warning with a fix that removes',
    'them: Exchange parses each address with .NET `IPAddress.TryParse`, and EdgeFlow does not know that it',
    'accepts them.',
  ].join('\n'),
  bad: '{ "name": "From Internal Org", "server": "EDGE01", "remoteIPRanges": ["192.168.5.20-192.168.5.10", "192.168.5.0/33"] }',
  good: '{ "name": "From Internal Org", "server": "EDGE01", "remoteIPRanges": ["192.168.5.10-192.168.5.20", "192.168.5.0/24"] }',
  sources:
    'Research §1.4 RemoteIPRanges and §9 item 16; [PS:New-ReceiveConnector] RemoteIPRanges; [CODE:IPR].',
  check(context) {
    for (const connector of context.topology.receiveConnectors) {
      for (const element of connector.remoteIPRanges) {
        const text = element.value;
        const parsed = parseRange(text);
        const compact = text.replace(/\s+/g, '');
        const where = `'${text}' in the remote IP ranges of ${receiveName(connector)}`;
        if (parsed.ok) {
          if (compact !== text && compact !== '') {
            context.report({
              target: element.node,
              severity: 'warning',
              message: `${where} contains spaces, which Exchange's address parser may refuse: write '${compact}'.`,
              fixes: () => [
                fix(`Remove the spaces: '${compact}'`, replaceNode(element.node, compact), true),
              ],
            });
          }
          continue;
        }
        const reversed = swapped(compact);
        context.report({
          target: element.node,
          message: `${where} is not a valid range (${parsed.error}): write an address, start-end, address/length or address(mask).${reversed ? ` Did you mean '${reversed}'?` : ''}`,
          suggestion: reversed,
          fixes: (): Fix[] => {
            if (reversed)
              return [
                fix(`Swap the ends: '${reversed}'`, replaceNode(element.node, reversed), true),
              ];
            if (compact !== text && parseRange(compact).ok) {
              return [
                fix(`Remove the spaces: '${compact}'`, replaceNode(element.node, compact), true),
              ];
            }
            return [];
          },
        });
      }
    }
  },
};
