import type { Fix } from '../findings';
import { fix, replaceNode } from '../fix/edits';
import { isMulticastOrBroadcast, parseAddress, parseBinding } from '../model/network';
import { receiveName } from '../model/receiveConnectorFacts';
import type { Rule } from './rule';

/**
 * An IPv6 address written without brackets whose last group could be a port
 * (`fd00::1:25`): Exchange reads it as fd00::1 port 25, a reader may not.
 */
function ambiguousIpv6(text: string): boolean {
  const colon = text.lastIndexOf(':');
  const tail = text.slice(colon + 1);
  return /^\d{1,5}$/.test(tail) && parseAddress(text.slice(0, colon))?.family === 6;
}

/** `fd00::1:25` → `[fd00::1]:25`. */
function bracketed(text: string): string {
  const colon = text.lastIndexOf(':');
  return `[${text.slice(0, colon)}]:${text.slice(colon + 1)}`;
}

/** The one obvious repair: an address without a port gets port 25; an IPv4 loses its brackets. */
function repairedBinding(text: string): string | undefined {
  const address = parseAddress(text);
  if (address?.family === 4) return `${text}:25`;
  if (address?.family === 6) return ambiguousIpv6(text) ? undefined : `[${text}]:25`;
  const inBrackets = /^\[([^\]]*)\](?::(\d+))?$/.exec(text);
  const inner = inBrackets?.[1] ?? '';
  const family = parseAddress(inner)?.family;
  if (family === 6 && inBrackets?.[2] === undefined) return `[${inner}]:25`;
  if (family === 4 && parseBinding(`${inner}:${inBrackets?.[2] ?? 25}`).ok) {
    return `${inner}:${inBrackets?.[2] ?? 25}`;
  }
  return undefined;
}

export const bindingSyntax: Rule = {
  code: 'binding-syntax',
  severity: 'error',
  alsoReports: ['warning'],
  summary:
    'A receive connector binding is not `IPv4:port` or `[IPv6]:port` with a port from 1 to 65535.',
  description: [
    'Each `bindings` element is the local address and TCP port a receive connector listens on:',
    '`10.1.1.2:25`, `[fd00::5]:25`, `0.0.0.0:25` (every IPv4 address of the server) or `[::]:25` (every',
    'IPv6 address). Write IPv6 addresses in brackets: `fd00::1:25` is read by Exchange as `fd00::1` port 25,',
    'which nobody reviewing the file can tell from the address `fd00::1:25`. An address without a port is',
    'refused by Set-/New-ReceiveConnector (the quick fix adds port 25).',
    '',
    'A multicast or broadcast address (224.0.0.0/4, 255.255.255.255, ff00::/8) is reported as a warning: the',
    'Exchange 2013 code refuses it, which is not confirmed for later versions.',
    '',
    'Whether the address exists on the server is `binding-not-local`.',
  ].join('\n'),
  bad: '{ "name": "From Internal Org", "server": "EDGE01", "bindings": ["10.1.1.2", "fd00::5:25"] }',
  good: '{ "name": "From Internal Org", "server": "EDGE01", "bindings": ["10.1.1.2:25", "[fd00::5]:25"] }',
  sources:
    'RC-11, research §1.4 Bindings; [PS:New-ReceiveConnector] Bindings; [CODE:IPB]; [RES-DIR:InvalidBindingAddressSetting] (code-2013).',
  check(context) {
    for (const connector of context.topology.receiveConnectors) {
      const name = receiveName(connector);
      for (const element of connector.bindings) {
        // Exchange trims the whole value before parsing it [CODE:IPB].
        const text = element.value.trim();
        const parsed = parseBinding(text);
        if (parsed.ok) {
          if (isMulticastOrBroadcast(parsed.value.address)) {
            context.report({
              target: element.node,
              severity: 'warning',
              message: `${name} binds to '${text}', a multicast or broadcast address, which Exchange refuses as a binding: bind to an address of one of the server's adapters, or 0.0.0.0 / [::] for all of them.`,
            });
          }
          continue;
        }
        const repaired = repairedBinding(text);
        const error = ambiguousIpv6(text)
          ? `IPv6 bindings go in brackets: write '${bracketed(text)}' if the last part is the port, or '[${text}]:25' if it belongs to the address`
          : parsed.error;
        context.report({
          target: element.node,
          message: `'${element.value}' in the bindings of ${name} is not a valid binding (${error}).`,
          suggestion: repaired,
          fixes: (): Fix[] =>
            repaired
              ? [fix(`Change to '${repaired}'`, replaceNode(element.node, repaired), true)]
              : [],
        });
      }
    }
  },
};
