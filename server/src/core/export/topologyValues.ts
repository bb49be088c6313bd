import { parseAddressSpace } from '../model/addressSpace';
import { unbracketed } from '../model/network';
import type { ParameterSpec } from '../generate/parameters';
import type { ExportedValue } from './document';
import { elements, sizeBytes, timeSpanTicks } from './values';

/**
 * Exchange's printed form of a connector property → the topology's form of
 * the same key (schemas/edgeflow.schema.json): `True` → true, `20` → 20,
 * `35 MB (36,700,160 bytes)` → `35 MB`, `SMTP:*;1` → `*`, `[10.0.0.1]` →
 * `10.0.0.1`, `Tls, BasicAuth` → ["Tls", "BasicAuth"]. What the format cannot
 * hold (a fractional time span, a boolean that is neither True nor False)
 * comes back as `unexpressible`, for the importer to keep in a comment.
 */

export type TopologyValue = boolean | number | string | readonly string[];

export type Converted =
  | { readonly value: TopologyValue; readonly unexpressible?: undefined }
  | { readonly unexpressible: string; readonly value?: undefined };

/** Keys whose topology value is a list. */
const LIST_KEYS = new Set([
  'addressSpaces',
  'smartHosts',
  'sourceTransportServers',
  'bindings',
  'remoteIPRanges',
  'authMechanism',
  'permissionGroups',
]);

export function isListKey(key: string): boolean {
  return LIST_KEYS.has(key);
}

const SIZE_UNITS: readonly (readonly [string, bigint])[] = [
  ['TB', 1024n ** 4n],
  ['GB', 1024n ** 3n],
  ['MB', 1024n ** 2n],
  ['KB', 1024n],
];

/** `36 MB` from 37748736 bytes: the largest unit that divides exactly, else bytes. */
export function sizeText(bytes: bigint): string {
  for (const [unit, size] of SIZE_UNITS) {
    if (bytes >= size && bytes % size === 0n) return `${(bytes / size).toString()} ${unit}`;
  }
  return `${bytes.toString()} B`;
}

/** `SMTP:contoso.com;2` → `contoso.com;2`; `SMTP:*;1` → `*`; another type keeps its prefix. */
export function addressSpaceText(printed: string): string {
  const parts = parseAddressSpace(printed.trim());
  const cost = parts.cost ?? 1;
  const base = parts.isSmtp ? parts.address : `${parts.type}:${parts.address}`;
  return cost === 1 && parts.isSmtp ? base : `${base};${String(cost)}`;
}

const TIME_SPAN = /^(\d+\.)?\d{1,2}:\d{2}:\d{2}$/;

function timeSpanText(printed: string): Converted {
  const text = printed.trim();
  if (TIME_SPAN.test(text)) return { value: text };
  const ticks = timeSpanTicks(text);
  if (ticks === undefined || ticks < 0n || ticks % 10_000_000n !== 0n)
    return { unexpressible: `the time span ${text} (the topology holds whole seconds)` };
  const seconds = ticks / 10_000_000n;
  const pad = (n: bigint): string => n.toString().padStart(2, '0');
  const days = seconds / 86_400n;
  const clock = `${pad((seconds / 3600n) % 24n)}:${pad((seconds / 60n) % 60n)}:${pad(seconds % 60n)}`;
  return { value: days > 0n ? `${days.toString()}.${clock}` : clock };
}

function one(spec: ParameterSpec, text: string): Converted {
  const trimmed = text.trim();
  switch (spec.check) {
    case 'bool': {
      const lower = trimmed.toLowerCase();
      if (lower === 'true' || lower === 'false') return { value: lower === 'true' };
      return { unexpressible: `${spec.parameter} ${trimmed} (neither True nor False)` };
    }
    case 'number': {
      if (/^\d+$/.test(trimmed) && Number.isSafeInteger(Number(trimmed)))
        return { value: Number(trimmed) };
      if (trimmed.toLowerCase() === 'unlimited') return { value: 'unlimited' };
      return { unexpressible: `${spec.parameter} ${trimmed} (not a whole number)` };
    }
    case 'size': {
      if (trimmed.toLowerCase() === 'unlimited') return { value: 'unlimited' };
      const bytes = sizeBytes(trimmed);
      return bytes === undefined
        ? { unexpressible: `${spec.parameter} ${trimmed} (not a size)` }
        : { value: sizeText(bytes) };
    }
    case 'timeSpan':
      return timeSpanText(trimmed);
    case 'smartHost':
      return { value: unbracketed(trimmed) };
    case 'addressSpace':
      return { value: addressSpaceText(trimmed) };
    default:
      return { value: trimmed };
  }
}

/**
 * The topology value of an exported property, or undefined when Exchange
 * holds none (null, an empty list).
 */
export function toTopologyValue(spec: ParameterSpec, value: ExportedValue): Converted | undefined {
  let items = elements(value);
  // A flags value is one string, `Tls, BasicAuth`: its names are the elements.
  if (spec.check === 'flags')
    items = items.flatMap((item) => item.split(',').map((part) => part.trim())).filter(Boolean);
  if (items.length === 0) return undefined;
  const converted = items.map((item) => one(spec, item));
  const refused = converted.find((c) => c.unexpressible !== undefined);
  if (refused) return refused;
  const values = converted.map((c) => c.value as TopologyValue);
  if (isListKey(spec.key)) return { value: values.map(String) };
  if (values.length === 1) return { value: values[0] as TopologyValue };
  // errorPolicies takes one value or a list of several (schema: anyOf).
  if (spec.key === 'errorPolicies') return { value: values.map(String) };
  return { unexpressible: `${spec.parameter} with several values (${items.join(', ')})` };
}
