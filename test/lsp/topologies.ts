import { referenceTopology } from '../support/repo';

/**
 * Variants of the reference topology used across the LSP tests, each broken
 * (or extended) in one known way.
 */

function replaceOnce(text: string, search: string, replacement: string): string {
  const index = text.indexOf(search);
  if (index < 0 || text.indexOf(search, index + 1) >= 0) {
    throw new Error(`'${search}' must occur exactly once in the reference topology`);
  }
  return text.slice(0, index) + replacement + text.slice(index + search.length);
}

/** "To Internal Org" routes by DNS although it has smart hosts: smarthosts-dns-routing (error). */
export function withDnsRoutingOnInternalOrg(text = referenceTopology()): string {
  return replaceOnce(
    text,
    '"dnsRoutingEnabled": false,\n      "smartHosts": ["mbxserver01',
    '"dnsRoutingEnabled": true,\n      "smartHosts": ["mbxserver01',
  );
}

/** "To Edge" routes by DNS too: a second smarthosts-dns-routing error. */
export function withDnsRoutingOnToEdge(text = referenceTopology()): string {
  return replaceOnce(
    text,
    '"dnsRoutingEnabled": false,\n      "smartHosts": ["edge01',
    '"dnsRoutingEnabled": true,\n      "smartHosts": ["edge01',
  );
}

/** An unknown property on "To Internet": a schema warning. */
export function withUnknownProperty(text = referenceTopology()): string {
  return replaceOnce(text, '"usage": "Internet",', '"usage": "Internet",\n      "colour": "blue",');
}

/** "To Internal Org" authenticates with BasicAuth: basic-auth-without-tls (warning). */
export function withBasicAuth(text = referenceTopology()): string {
  return replaceOnce(
    text,
    '"smartHostAuthMechanism": "BasicAuthRequireTLS",\n      "authenticationCredential": "EdgeToOrg"',
    '"smartHostAuthMechanism": "BasicAuth",\n      "authenticationCredential": "EdgeToOrg"',
  );
}

export { replaceOnce };

/**
 * A second Authoritative domain, fabrikam.com, that 'To Internal Org' does not
 * cover (its address space names contoso.com instead of `--`): mail from the
 * internet for fabrikam.com goes back out through 'To Internet'.
 */
export function withUncoveredDomain(text = referenceTopology()): string {
  return replaceOnce(
    replaceOnce(
      text,
      '"acceptedDomains": ["contoso.com"]',
      '"acceptedDomains": ["contoso.com", { "domainName": "fabrikam.com" }]',
    ),
    '"addressSpaces": ["--"]',
    '"addressSpaces": ["contoso.com"]',
  );
}

/**
 * 'To Internal Org' takes every domain (`*` instead of `--`): outside mail
 * from the organization goes to the Edge, back to a Mailbox server, and loops.
 */
export function withLoopThroughInternalOrg(text = referenceTopology()): string {
  return replaceOnce(text, '"addressSpaces": ["--"]', '"addressSpaces": ["*"]');
}
