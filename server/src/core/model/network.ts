import ipaddr from 'ipaddr.js';

/**
 * Addresses, bindings and remote IP ranges as Exchange reads them, parsed with
 * ipaddr.js. Every address becomes a (family, bigint) pair so that ranges of
 * either family compare with plain integer arithmetic.
 */
export type Family = 4 | 6;

export interface Address {
  readonly family: Family;
  readonly value: bigint;
  /** A canonical spelling, for comparing two writings of one address. */
  readonly canonical: string;
}

export interface Binding {
  readonly address: Address;
  readonly port: number;
  /** `0.0.0.0` or `[::]`: every local address of that family. */
  readonly wildcard: boolean;
}

export interface IpRange {
  readonly family: Family;
  readonly start: bigint;
  readonly end: bigint;
}

export type Parsed<T> =
  { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: string };

const ok = <T>(value: T): Parsed<T> => ({ ok: true, value });
const fail = <T>(error: string): Parsed<T> => ({ ok: false, error });

function toBigInt(bytes: number[]): bigint {
  let value = 0n;
  for (const byte of bytes) value = (value << 8n) | BigInt(byte);
  return value;
}

function familyBits(family: Family): number {
  return family === 4 ? 32 : 128;
}

/** `[fd00::5]` → `fd00::5`: a host as a smart host or binding may bracket an IPv6 literal. */
export function unbracketed(host: string): string {
  return host.startsWith('[') ? host.replace(/^\[(.*)\]$/, '$1') : host;
}

/**
 * Parses one IPv4 (four decimal parts only: `10.1` is refused as the typo it
 * almost always is) or IPv6 address; an IPv6 zone id such as `%11` is allowed.
 */
export function parseAddress(text: string): Address | undefined {
  const trimmed = text.trim();
  const ipv4 = parseFourPartDecimal(trimmed);
  if (ipv4) return ipv4;
  if (trimmed.includes(':') && ipaddr.IPv6.isValid(trimmed)) {
    const parsed = ipaddr.IPv6.parse(trimmed);
    const zoneless = ipaddr.IPv6.parse(trimmed.replace(/%.*$/, ''));
    return {
      family: 6,
      value: toBigInt(zoneless.toByteArray()),
      canonical: parsed.toNormalizedString(),
    };
  }
  return undefined;
}

/**
 * What ipaddr.js's `IPv4.isValidFourPartDecimal` accepts (four parts of one to
 * three digits, no leading zeros, each 0–255), parsed by hand: ipaddr.js
 * answers "no" to a host name by throwing and catching an exception, which
 * made parsing smart hosts the largest cost of an analysis, and a regular
 * expression allocates its match. The canonical spelling of such an address
 * is the text itself.
 */
function parseFourPartDecimal(text: string): Address | undefined {
  let value = 0;
  let parts = 0;
  let part = 0;
  let digits = 0;
  // One step past the end, read as a dot, closes the last part.
  for (let i = 0; i <= text.length; i++) {
    const ch = i < text.length ? text.charCodeAt(i) : 0x2e;
    if (ch >= 0x30 && ch <= 0x39) {
      if (digits > 0 && part === 0) return undefined; // a leading zero
      part = part * 10 + (ch - 0x30);
      if (++digits > 3 || part > 255) return undefined;
    } else if (ch === 0x2e && digits > 0 && parts < 4) {
      value = value * 256 + part;
      parts++;
      part = 0;
      digits = 0;
    } else {
      return undefined;
    }
  }
  return parts === 4 ? { family: 4, value: BigInt(value), canonical: text } : undefined;
}

/** Multicast and broadcast addresses can be neither bound nor used as a source. */
export function isMulticastOrBroadcast(address: Address): boolean {
  if (address.family === 4) {
    return address.value >> 28n === 0xen || address.value === 0xffffffffn;
  }
  return address.value >> 120n === 0xffn;
}

export function isLoopback(address: Address): boolean {
  return address.family === 4 ? address.value >> 24n === 127n : address.value === 1n;
}

/** `IPv4:port` or `[IPv6]:port`, port 1–65535. */
export function parseBinding(text: string): Parsed<Binding> {
  const match = /^\[([^\]]*)\]:(\d+)$/.exec(text) ?? /^([^:[\]]*):(\d+)$/.exec(text);
  if (!match) {
    const address = parseAddress(text);
    if (address?.family === 4)
      return fail('a binding needs a port: write IP:port, for example 10.1.1.2:25');
    if (address) return fail('a binding needs a port: write [IPv6]:port, for example [fd00::5]:25');
    return fail('a binding is IPv4:port (10.1.1.2:25) or [IPv6]:port ([::]:25)');
  }
  const [, host = '', portText = ''] = match;
  const address = parseAddress(host);
  if (!address) return fail(`'${host}' is not an IP address`);
  if (address.family === 4 && text.startsWith('['))
    return fail('only IPv6 addresses go in brackets');
  const port = Number(portText);
  if (!Number.isInteger(port) || port < 1 || port > 65535)
    return fail(`port ${portText} is outside 1–65535`);
  return ok({ address, port, wildcard: address.value === 0n });
}

function rangeOfAddress(address: Address): IpRange {
  return { family: address.family, start: address.value, end: address.value };
}

/**
 * A remote IP range: a single address, `start-end` (same family, start ≤ end)
 * or CIDR `address/length`. Exchange also accepts `address(mask)`.
 */
export function parseRange(text: string): Parsed<IpRange> {
  const trimmed = text.trim();
  const slash = trimmed.indexOf('/');
  if (slash >= 0) {
    const address = parseAddress(trimmed.slice(0, slash));
    const lengthText = trimmed.slice(slash + 1);
    if (!address) return fail(`'${trimmed.slice(0, slash)}' is not an IP address`);
    const bits = familyBits(address.family);
    const length = /^\d+$/.test(lengthText) ? Number(lengthText) : NaN;
    if (!(length >= 0 && length <= bits))
      return fail(`a prefix length must be 0–${bits} for IPv${address.family}`);
    const hostBits = BigInt(bits - length);
    const start = (address.value >> hostBits) << hostBits;
    return ok({ family: address.family, start, end: start + (1n << hostBits) - 1n });
  }
  const mask = /^([^()]+)\(([^()]+)\)$/.exec(trimmed);
  if (mask) {
    const address = parseAddress(mask[1] ?? '');
    const netmask = parseAddress(mask[2] ?? '');
    if (!address || !netmask || address.family !== netmask.family)
      return fail('write a netmask range as address(mask)');
    const all = (1n << BigInt(familyBits(address.family))) - 1n;
    const start = address.value & netmask.value;
    return ok({ family: address.family, start, end: start | (all ^ netmask.value) });
  }
  const dash = trimmed.indexOf('-');
  if (dash >= 0) {
    const first = parseAddress(trimmed.slice(0, dash));
    const last = parseAddress(trimmed.slice(dash + 1));
    if (!first || !last) return fail('a range is start-end, two addresses of one family');
    if (first.family !== last.family)
      return fail('both ends of a range must be of the same address family');
    if (first.value > last.value) return fail('the start of the range is above its end');
    return ok({ family: first.family, start: first.value, end: last.value });
  }
  const single = parseAddress(trimmed);
  return single
    ? ok(rangeOfAddress(single))
    : fail(`'${trimmed}' is not an IP address, a range or CIDR`);
}

export type RangeRelation = 'disjoint' | 'equal' | 'contains' | 'inside' | 'partial';

/** How range `a` relates to range `b`. */
export function compareRanges(a: IpRange, b: IpRange): RangeRelation {
  if (a.family !== b.family || a.end < b.start || b.end < a.start) return 'disjoint';
  if (a.start === b.start && a.end === b.end) return 'equal';
  if (a.start <= b.start && a.end >= b.end) return 'contains';
  if (b.start <= a.start && b.end >= a.end) return 'inside';
  return 'partial';
}

export function rangeContainsAddress(range: IpRange, address: Address): boolean {
  return (
    range.family === address.family && range.start <= address.value && address.value <= range.end
  );
}

/** Every address of the family: what Exchange's default `0.0.0.0-255.255.255.255` means. */
export function isWholeFamily(range: IpRange): boolean {
  return range.start === 0n && range.end === (1n << BigInt(familyBits(range.family))) - 1n;
}

export const ALL_IPV4: IpRange = { family: 4, start: 0n, end: 0xffffffffn };
