import { invalidSuppression } from './invalid-suppression';
import { jsonSyntax } from './json-syntax';
import type { Rule } from './rule';
import { schema } from './schema';
import { secretInTopology } from './secret-in-topology';
import { smarthostsDnsRouting } from './smarthosts-dns-routing';

/**
 * Every rule, listed explicitly and sorted by code so that a newcomer sees
 * them all in one place (a meta-test keeps the list sorted and complete).
 */
export const RULES: readonly Rule[] = [
  invalidSuppression,
  jsonSyntax,
  schema,
  secretInTopology,
  smarthostsDnsRouting,
];

const byCode = new Map(RULES.map((rule) => [rule.code, rule]));

export function ruleByCode(code: string): Rule | undefined {
  return byCode.get(code);
}
