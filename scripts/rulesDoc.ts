import type { Rule } from '../server/src/core';

const SEVERITY_LABEL: Record<string, string> = {
  error: 'error',
  warning: 'warning',
  information: 'information',
  hint: 'hint',
};

/** RULES.md, rendered from the rules themselves so that the two cannot drift apart. */
export function renderRulesDoc(rules: readonly Rule[]): string {
  const lines: string[] = [
    '# EdgeFlow diagnostics',
    '',
    '<!-- Generated from server/src/core/rules by `npm run rules:doc`. Do not edit by hand. -->',
    '',
    'Every diagnostic has a stable code. Warnings and information can be turned off per code, with the',
    'setting `edgeflow.rules` (in the CLI: `--rule <code>=off`) or for one line with',
    '`// edgeflow-disable-next-line <code> -- <reason>`. Errors cannot be turned off: each one means',
    'Exchange would refuse the configuration or mail would not flow.',
    '',
    '| Code | Severity | Summary |',
    '| --- | --- | --- |',
    ...rules.map(
      (r) =>
        `| [\`${r.code}\`](#${r.code}) | ${severityOf(r)} | ${r.summary.replace(/\|/g, '\\|')} |`,
    ),
    '',
  ];
  for (const rule of rules) {
    lines.push(
      `## ${rule.code}`,
      '',
      `**Severity:** ${severityOf(rule)}. ${rule.summary}`,
      '',
      rule.description,
      '',
      'Problem:',
      '',
      '```jsonc',
      rule.bad,
      '```',
      '',
      'Repaired:',
      '',
      '```jsonc',
      rule.good,
      '```',
      '',
      `Sources: ${rule.sources}`,
      '',
    );
  }
  return lines.join('\n');
}

function severityOf(rule: Rule): string {
  const also = (rule.alsoReports ?? []).map((s) => SEVERITY_LABEL[s] ?? s);
  return [SEVERITY_LABEL[rule.severity] ?? rule.severity, ...also].join(', ');
}
