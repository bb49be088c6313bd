import type { Fix } from '../findings';
import { fix, replaceNode } from '../fix/edits';
import type { Spanned } from '../model/objectView';
import { parseAddress, parseBinding, parseRange } from '../model/network';
import type { Server } from '../model/topology';
import type { Rule } from './rule';

interface Diagnosis {
  /** What is wrong, and what was probably meant. */
  readonly why: string;
  /** The address meant, when nothing else can have been meant. */
  readonly repaired?: string;
}

/**
 * Why `text` (trimmed, not an address) is not an IP address, in the words of
 * binding-syntax: brackets and ports belong to bindings, ranges to
 * remoteIPRanges, names to `fqdn` or `dnsNames`. Every test goes through the
 * parsers of model/network.ts, so that this rule accepts exactly what the
 * other rules read as an address.
 */
function diagnose(text: string, nameGoesIn: string): Diagnosis {
  if (text === '') return { why: 'the address is empty' };
  // `[fd00::5]` or `[fd00::5]:25`: an IPv6 address as a binding writes it.
  const bracketed = /^\[([^\]]*)\](?::(\d+))?$/.exec(text);
  const inner = bracketed?.[1]?.trim() ?? '';
  if (bracketed && parseAddress(inner)) {
    return bracketed[2] === undefined
      ? {
          why: `brackets belong to bindings ([IPv6]:port): write the address alone, '${inner}'`,
          repaired: inner,
        }
      : {
          why: `an address with a port is a binding, and brackets and ports belong to bindings: write the address alone, '${inner}'`,
          repaired: inner,
        };
  }
  // `10.1.1.2:25`: an IPv4 binding.
  const binding = parseBinding(text);
  if (binding.ok) {
    const address = text.slice(0, text.lastIndexOf(':'));
    return {
      why: `an address with a port is a binding, and ports belong to bindings: write the address alone, '${address}'`,
      repaired: address,
    };
  }
  const slash = text.indexOf('/');
  const range = parseRange(text);
  if (slash >= 0 && range.ok) {
    const address = text.slice(0, slash).trim();
    const parsed = parseAddress(address);
    // `10.1.1.2/24` is how Windows shows an adapter's address with its prefix;
    // `10.1.1.0/24` names the network, not the one address the adapter has.
    if (parsed && parsed.value !== range.value.start && parsed.value !== range.value.end) {
      return {
        why: `ipAddresses lists the server's own addresses, without the prefix length: write '${address}'`,
        repaired: address,
      };
    }
  }
  if (range.ok) {
    return {
      why: `'${text}' is a range: ipAddresses lists the server's own addresses, one per element (ranges belong to remoteIPRanges)`,
    };
  }
  if (/^[\d.]+$/.test(text)) return { why: ipv4Error(text) };
  if (text.includes(':'))
    return { why: `'${text}' is not an IP address: it reads as neither IPv4 nor IPv6` };
  return {
    why: `'${text}' is not an IP address: ipAddresses holds IP addresses (a host name goes in ${nameGoesIn})`,
  };
}

/** Digits and dots that are no IPv4 address: say which part is wrong. */
function ipv4Error(text: string): string {
  const parts = text.split('.');
  if (parts.length !== 4)
    return `an IPv4 address has four parts, and '${text}' has ${parts.length}: ${
      parts.length < 4
        ? 'a part is missing'
        : `${parts.length === 5 ? 'one' : parts.length - 4} too many`
    }`;
  for (const part of parts) {
    if (part === '') return 'a part between the dots is empty';
    if (Number(part) > 255) return `'${part}' is above 255: each part is 0 to 255`;
    if (part.length > 1 && part.startsWith('0'))
      return `'${part}' has a leading zero: write each part without one`;
  }
  return `'${text}' is not an IPv4 address`;
}

/** The addresses of a server with the words naming their owner, as the user wrote them. */
function addressesOf(
  server: Server,
): { owner: string; nameGoesIn: string; ips: readonly Spanned<string>[] }[] {
  const name = server.name?.value ?? 'a server';
  if (server.role?.value === 'Edge') {
    return server.adapters.map((adapter) => ({
      owner: `${name}'s adapter '${adapter.name?.value ?? adapter.network?.value ?? 'adapter'}'`,
      nameGoesIn: 'the dnsNames of the adapter',
      ips: adapter.ipAddresses,
    }));
  }
  return [{ owner: name, nameGoesIn: 'fqdn', ips: server.ipAddresses }];
}

export const ipAddressSyntax: Rule = {
  code: 'ip-address-syntax',
  severity: 'error',
  summary: "A server's or adapter's `ipAddresses` element is not an IPv4 or IPv6 address.",
  description: [
    "Each `ipAddresses` element is one address the server has: a Mailbox server's own, an Edge adapter's",
    'own. Every binding, remote range and mail path check compares with these addresses, so an element that',
    'is no address (`banana`, `10.50.0.2222`, a truncated `198.51.100`) leaves them comparing with nothing.',
    'IPv4 is written in four decimal parts without leading zeros, IPv6 without brackets (`fd00::5`, a zone',
    'such as `%11` allowed): brackets and ports belong to `bindings`, ranges to `remoteIPRanges`, names to',
    '`fqdn` and `dnsNames`.',
    '',
    'The quick fix keeps the address when nothing else can have been meant: `[fd00::5]` → `fd00::5`,',
    '`10.1.1.2:25` → `10.1.1.2`, `10.1.1.2/24` → `10.1.1.2`. Until the address is well formed, the findings',
    'that depend on it (`binding-not-local`, `missing-connector` for receive connectors, the mail-flow rules)',
    'are not reported: each mistake is reported once, here.',
  ].join('\n'),
  bad: '{ "name": "Internal", "network": "internal", "ipAddresses": ["10.1.1.2:25", "[fd00::2]"] }',
  good: '{ "name": "Internal", "network": "internal", "ipAddresses": ["10.1.1.2", "fd00::2"] }',
  sources:
    'SPEC §1 (servers and adapters); [PS:New-ReceiveConnector] Bindings (where brackets and ports are written); RC-11.',
  check(context) {
    for (const server of context.topology.servers) {
      for (const { owner, nameGoesIn, ips } of addressesOf(server)) {
        for (const ip of ips) {
          // Surrounding spaces are trimmed, as every rule reads the address (parseAddress).
          if (parseAddress(ip.value)) continue;
          const { why, repaired } = diagnose(ip.value.trim(), nameGoesIn);
          context.report({
            target: ip.node,
            message: `'${ip.value}' in the ipAddresses of ${owner} is not an address: ${why}.`,
            suggestion: repaired,
            fixes: (): Fix[] =>
              repaired
                ? [fix(`Change to '${repaired}'`, replaceNode(ip.node, repaired), true)]
                : [],
          });
        }
      }
    }
  },
};
