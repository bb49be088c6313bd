import type { Node } from 'jsonc-parser';
import { ALL_IPV4, parseBinding, parseRange, type Binding, type IpRange } from './network';
import type { ReceiveConnector } from './topology';

/**
 * What a receive connector listens on and accepts from, as Exchange reads it:
 * the one definition, used by the rules, the index (mail paths) and the
 * scripts alike.
 */

export interface BindingEntry {
  readonly binding: Binding;
  /** As written, trimmed (Exchange trims a binding before parsing it [CODE:IPB]). */
  readonly text: string;
  /** The string element, or undefined for a binding Exchange fills in. */
  readonly node?: Node;
}

export interface RangeEntry {
  readonly range: IpRange;
  readonly text: string;
}

export function parsedBinding(text: string): Binding {
  const parsed = parseBinding(text);
  if (!parsed.ok) throw new Error(`bad built-in binding ${text}`);
  return parsed.value;
}

export const ANY_25 = parsedBinding('0.0.0.0:25');

/**
 * The bindings that parse (binding-syntax reports the others); when none are
 * declared, what Exchange uses: 0.0.0.0:25, or 0.0.0.0:587 for usage Client
 * (research §1.4; the built-in Edge connector keeps 0.0.0.0:25).
 */
export function bindingEntries(connector: ReceiveConnector): BindingEntry[] {
  if (!connector.view.has('bindings')) {
    const port = connector.usage?.value === 'Client' && !connector.isDefault ? 587 : 25;
    return [{ binding: { ...ANY_25, port }, text: `0.0.0.0:${port}` }];
  }
  const result: BindingEntry[] = [];
  for (const b of connector.bindings) {
    const text = b.value.trim();
    const parsed = parseBinding(text);
    if (parsed.ok) result.push({ binding: parsed.value, text, node: b.node });
  }
  return result;
}

/** The remote ranges that parse; when none are declared, all of IPv4 (Exchange's default). */
export function rangeEntries(connector: ReceiveConnector): RangeEntry[] {
  if (!connector.view.has('remoteIPRanges')) {
    return [{ range: ALL_IPV4, text: '0.0.0.0-255.255.255.255' }];
  }
  const result: RangeEntry[] = [];
  for (const r of connector.remoteIPRanges) {
    const parsed = parseRange(r.value);
    if (parsed.ok) result.push({ range: parsed.value, text: r.value });
  }
  return result;
}
