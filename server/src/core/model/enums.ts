import type { Spanned } from './objectView';

/**
 * Closed value sets of the Exchange parameters the rules reason about.
 * PowerShell converts enum values without regard to case, so the model
 * stores each value in its canonical spelling.
 */
export const SEND_USAGES = ['Custom', 'Internal', 'Internet', 'Partner'] as const;
export const RECEIVE_USAGES = ['Client', 'Custom', 'Internal', 'Internet', 'Partner'] as const;
export const SMART_HOST_AUTH_MECHANISMS = [
  'None',
  'BasicAuth',
  'BasicAuthRequireTLS',
  'ExchangeServer',
  'ExternalAuthoritative',
] as const;
export const AUTH_MECHANISMS = [
  'None',
  'Tls',
  'Integrated',
  'BasicAuth',
  'BasicAuthRequireTLS',
  'ExchangeServer',
  'ExternalAuthoritative',
] as const;
export const PERMISSION_GROUPS = [
  'None',
  'AnonymousUsers',
  'ExchangeUsers',
  'ExchangeServers',
  'ExchangeLegacyServers',
  'Partners',
  'Custom',
] as const;

/** The canonical spelling of `value` in `allowed`, compared without case. */
export function canonical<T extends string>(value: string, allowed: readonly T[]): T | undefined {
  // Almost every value is spelled canonically already.
  if ((allowed as readonly string[]).includes(value)) return value as T;
  const key = value.toLowerCase();
  return allowed.find((candidate) => candidate.toLowerCase() === key);
}

/** `spanned` with its value in canonical spelling, or undefined when it is not in `allowed`. */
export function canonicalSpanned<T extends string>(
  spanned: Spanned<string> | undefined,
  allowed: readonly T[],
): Spanned<T> | undefined {
  const value = spanned && canonical(spanned.value, allowed);
  if (!spanned || !value) return undefined;
  return value === spanned.value ? (spanned as Spanned<T>) : { value, node: spanned.node };
}
