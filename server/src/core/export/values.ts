import type { CheckKind } from '../generate/parameters';
import { parseAddress, parseRange, unbracketed } from '../model/network';
import type { ExportedValue } from './document';

/**
 * Exchange's printed values, normalised exactly as the verification script's
 * `ConvertTo-EdgeFlowKey` normalises them (generate/verifyPrelude.ts), so
 * that `edgeflow drift` and a verification run on the server agree on what
 * differs. One key per element; a list compares as the set of its keys.
 *
 * - text, name, bool, number: trimmed, lower-cased.
 * - flags: `Tls, BasicAuth` (a [Flags] enum's ToString) split on commas.
 * - addressSpace: `type:address;cost`, SMTP and cost 1 when absent.
 * - smartHost: brackets around an IP literal and a trailing dot removed.
 * - binding: `address|port`, the address re-printed (IPv6 compressed).
 * - range: the first and last address of the interval, so `10.0.0.5`
 *   equals `10.0.0.5/32` and `10.0.0.0/24` equals `10.0.0.0-10.0.0.255`.
 * - size: bytes, from `36 MB (37,748,736 bytes)` or `36 MB`; `unlimited`.
 * - timeSpan: ticks, from .NET's invariant `[d.]hh:mm[:ss[.fffffff]]` or `d`.
 * - address: re-printed.
 */

/** The elements of an exported or declared value, without nulls and blanks. */
export function elements(value: ExportedValue | undefined): string[] {
  if (value === null || value === undefined) return [];
  return (typeof value === 'string' ? [value] : [...value]).filter((v) => v.trim() !== '');
}

const UNITS: Readonly<Record<string, bigint>> = {
  b: 1n,
  kb: 1024n,
  mb: 1024n ** 2n,
  gb: 1024n ** 3n,
  tb: 1024n ** 4n,
};

/** Bytes of a size (`35 MB (36,700,160 bytes)`, `36 MB`, `256KB`), or undefined. */
export function sizeBytes(text: string): bigint | undefined {
  const lower = text.trim().toLowerCase();
  const printed = /\(([^)]*)bytes\)/.exec(lower);
  if (printed) {
    const digits = (printed[1] ?? '').replace(/[^0-9]/g, '');
    return digits === '' ? undefined : BigInt(digits);
  }
  const written = /^([0-9]+)(?:\.([0-9]+))?\s*(b|kb|mb|gb|tb)$/.exec(lower);
  if (!written) return undefined;
  const unit = UNITS[written[3] ?? 'b'] ?? 1n;
  const fraction = written[2] ?? '';
  const scale = 10n ** BigInt(fraction.length);
  // decimal::Floor(value * multiplier), in integers.
  return (BigInt((written[1] ?? '0') + fraction) * unit) / scale;
}

const TICKS_PER_SECOND = 10_000_000n;

/** Ticks of a .NET time span in the invariant culture (`00:05:00`, `1.00:00:00`, `2`), or undefined. */
export function timeSpanTicks(text: string): bigint | undefined {
  const trimmed = text.trim();
  if (/^-?\d+$/.test(trimmed)) return BigInt(trimmed) * 86_400n * TICKS_PER_SECOND;
  const match = /^(-)?(?:(\d+)\.)?(\d{1,2}):(\d{1,2})(?::(\d{1,2})(?:\.(\d{1,7}))?)?$/.exec(
    trimmed,
  );
  if (!match) return undefined;
  const [, sign, days = '0', hours = '0', minutes = '0', seconds = '0', fraction = ''] = match;
  if (Number(hours) > 23 || Number(minutes) > 59 || Number(seconds) > 59) return undefined;
  const whole =
    ((BigInt(days) * 24n + BigInt(hours)) * 60n + BigInt(minutes)) * 60n + BigInt(seconds);
  const ticks = whole * TICKS_PER_SECOND + BigInt(fraction.padEnd(7, '0') || '0');
  return sign ? -ticks : ticks;
}

function addressSpaceKey(lower: string): string {
  let type = 'smtp';
  let space = lower;
  let cost = '1';
  const typed = /^([^:]+):(.*)$/.exec(space);
  if (typed) {
    type = (typed[1] ?? '').trim();
    space = (typed[2] ?? '').trim();
  }
  const costed = /^(.*);\s*(\d+)$/.exec(space);
  if (costed) {
    space = (costed[1] ?? '').trim();
    cost = String(Number(costed[2]));
  }
  return `${type}:${space};${cost}`;
}

function bindingKey(lower: string): string {
  const match = /^\[?(.+?)\]?:(\d+)$/.exec(lower);
  if (!match) return lower;
  const address = parseAddress(match[1] ?? '');
  return `${address ? address.canonical : (match[1] ?? '')}|${String(Number(match[2]))}`;
}

function rangeKey(lower: string): string {
  const parsed = parseRange(lower);
  if (!parsed.ok) return lower;
  const { family, start, end } = parsed.value;
  return `${family}:${start.toString(16)}-${end.toString(16)}`;
}

/** The keys of one element (flags give several). */
export function keysOf(kind: CheckKind, item: string): string[] {
  const text = item.trim();
  const lower = text.toLowerCase();
  switch (kind) {
    case 'flags':
      return lower
        .split(',')
        .map((part) => part.trim())
        .filter((part) => part !== '');
    case 'addressSpace':
      return [addressSpaceKey(lower)];
    case 'smartHost':
      return [unbracketed(lower).replace(/\.$/, '')];
    case 'binding':
      return [bindingKey(lower)];
    case 'range':
      return [rangeKey(lower)];
    case 'address': {
      const address = parseAddress(unbracketed(lower));
      return [address ? address.canonical : lower];
    }
    case 'size': {
      if (lower === 'unlimited') return ['unlimited'];
      const bytes = sizeBytes(lower);
      return [bytes === undefined ? lower : bytes.toString()];
    }
    case 'timeSpan': {
      const ticks = timeSpanTicks(text);
      return [ticks === undefined ? lower : ticks.toString()];
    }
    default:
      return [lower];
  }
}

/** The sorted set of keys of a value: what two values must share to be equal. */
export function keySet(kind: CheckKind, value: ExportedValue | undefined): string[] {
  return [...new Set(elements(value).flatMap((item) => keysOf(kind, item)))].sort();
}

export function sameValue(
  kind: CheckKind,
  a: ExportedValue | undefined,
  b: ExportedValue | undefined,
): boolean {
  const left = keySet(kind, a);
  const right = keySet(kind, b);
  return left.length === right.length && left.every((key, i) => key === right[i]);
}
