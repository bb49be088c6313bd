import type { Spanned } from './objectView';

/**
 * One `AddressSpaces` entry, `[Type:]AddressSpace[;Cost]`, split the way
 * Exchange splits it (research §1.1, SC-05; decompiled `AddressSpace.Initialize`):
 * the type runs to the first `:` (none, or a leading `:`, means SMTP); the
 * cost follows the last `;` after it (an X400 space may end with `;`); an
 * empty cost means 1.
 */
export interface AddressSpaceParts {
  /** The type as written, or `SMTP` when none is given. */
  readonly type: string;
  readonly typeWritten: boolean;
  readonly isSmtp: boolean;
  /** The address part, exactly as written. */
  readonly address: string;
  /** The text after the cost separator, or undefined when there is none. */
  readonly costText?: string;
  /** The cost as Exchange parses it (an integer), or undefined when `costText` is not one. */
  readonly cost?: number;
  /** `Local:` entries are refused by New-/Set-SendConnector. */
  readonly local: boolean;
}

/** .NET `int.TryParse` with the default style: surrounding white space and a sign. */
const INTEGER = /^\s*[+-]?\d+\s*$/;

export function parseAddressSpace(text: string): AddressSpaceParts {
  const local = /^local:/i.test(text);
  const colon = text.indexOf(':');
  const typeWritten = colon > 0;
  const type = typeWritten ? text.slice(0, colon) : 'SMTP';
  let semicolon = text.lastIndexOf(';');
  if (type.toLowerCase() === 'x400' && semicolon === text.length - 1) semicolon = -1;
  const isSmtp = type.toLowerCase() === 'smtp';
  if (semicolon < 0 || semicolon <= colon) {
    return { type, typeWritten, isSmtp, address: text.slice(colon + 1), cost: 1, local };
  }
  const costText = text.slice(semicolon + 1);
  const cost = costText === '' ? 1 : INTEGER.test(costText) ? Number(costText) : undefined;
  return {
    type,
    typeWritten,
    isSmtp,
    address: text.slice(colon + 1, semicolon),
    costText,
    cost,
    local,
  };
}

/** Whether an address space entry is the `--` placeholder (SMTP type, any cost). */
export function isDashDash(entry: Spanned<string>): boolean {
  const parts = parseAddressSpace(entry.value);
  return parts.isSmtp && !parts.local && parts.address === '--';
}

/**
 * Why an SMTP address is not one Exchange accepts, or undefined when it is.
 * Accepted: `*`, a domain, or `*.` followed by a domain. A domain is
 * dot-separated labels of letters, digits, `-` and `_` (Exchange's own domain
 * check also allows `_` and hyphens anywhere, which is how `--` passes), each
 * label 1–63 characters, the whole at most 255; IP literals are refused.
 * Non-ASCII letters are accepted: whether Exchange takes them depends on its
 * EAI setting, and EdgeFlow does not guess.
 */
export function smtpAddressProblem(address: string): string | undefined {
  if (address.trim() === '') return 'the address is empty';
  if (address === '*') return undefined;
  if (address.startsWith('[')) return 'an IP literal is not an SMTP address space';
  if (address.startsWith('*') && !address.startsWith('*.')) {
    return "a wildcard must be followed by a dot ('*.' and a domain)";
  }
  return domainProblem(address.startsWith('*.') ? address.slice(2) : address);
}

function domainProblem(domain: string): string | undefined {
  if (domain.length > 255) return 'the domain is longer than 255 characters';
  for (const label of domain.split('.')) {
    if (label === '')
      return 'the domain has an empty label (two dots, or a dot at the start or end)';
    if (label.length > 63) return `the label '${label}' is longer than 63 characters`;
    const bad = [...label].find((ch) => !/[A-Za-z0-9_-]/.test(ch) && ch.charCodeAt(0) < 0x80);
    if (bad !== undefined)
      return `'${bad}' is not allowed in a domain (letters, digits, '-' and '_' only)`;
  }
  return undefined;
}

/** The entry with its address part replaced, keeping the type and cost as written. */
export function withAddress(text: string, parts: AddressSpaceParts, address: string): string {
  const prefix = parts.typeWritten ? `${parts.type}:` : text.startsWith(':') ? ':' : '';
  const suffix = parts.costText !== undefined ? `;${parts.costText}` : '';
  return `${prefix}${address}${suffix}`;
}

/** The entry with its cost replaced, keeping the type and address as written. */
export function withCost(text: string, parts: AddressSpaceParts, cost: number): string {
  const prefix = parts.typeWritten ? `${parts.type}:` : text.startsWith(':') ? ':' : '';
  return `${prefix}${parts.address};${cost}`;
}
