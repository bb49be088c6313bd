import type { ComparisonCode, Rule } from '../server/src/core';

const SEVERITY_LABEL: Record<string, string> = {
  error: 'error',
  warning: 'warning',
  information: 'information',
  hint: 'hint',
};

/** RULES.md, rendered from the rules themselves so that the two cannot drift apart. */
export function renderRulesDoc(
  rules: readonly Rule[],
  comparisonCodes: readonly ComparisonCode[] = [],
): string {
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
    'Some codes report errors and warnings (their severity reads "error, warning"). A code names one',
    'mistake; the severity says how sure EdgeFlow is of its consequence: an error where the cmdlet',
    'reference or the transport documentation says Exchange refuses the value or mail stops, a warning',
    'where the source is less certain (behaviour read from older Exchange code) or Exchange accepts a',
    'value that is almost certainly wrong. A setting or a suppression comment on such a code applies to',
    'its warnings only; its errors stay errors. This is deliberate: when a fact is confirmed, a',
    'warning becomes an error under the same code, so no setting, suppression comment or script that',
    'matches on codes breaks, as it would if the two severities were two codes.',
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
      `**Severity:** ${severityDetail(rule)}. ${rule.summary}`,
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
  if (comparisonCodes.length > 0) {
    lines.push(
      '# Diagnostics from a comparison with the servers',
      '',
      'These codes are not rules: they come from `edgeflow drift` and the editor\'s "EdgeFlow: Compare with',
      'Servers" (what the servers hold, from the export script or the verification scripts\' `-Json`',
      'output, against the topology), or from `edgeflow import`, never from the topology alone. They',
      'cannot be turned off or suppressed: each is a fact about the servers.',
      '',
      '| Code | Severity | Summary |',
      '| --- | --- | --- |',
      ...comparisonCodes.map(
        (c) => `| [\`${c.code}\`](#${c.code}) | ${c.severity} | ${c.summary} |`,
      ),
      '',
    );
    for (const c of comparisonCodes) {
      lines.push(
        `## ${c.code}`,
        '',
        `**Severity:** ${c.severity}. ${c.summary}`,
        '',
        c.description,
        '',
        `Fixes: ${c.fixes}`,
        '',
        `Sources: ${c.sources}`,
        '',
      );
    }
  }
  return lines.join('\n');
}

function severityOf(rule: Rule): string {
  const also = (rule.alsoReports ?? []).map((s) => SEVERITY_LABEL[s] ?? s);
  return [SEVERITY_LABEL[rule.severity] ?? rule.severity, ...also].join(', ');
}

/** Under a code's heading: for a code of two severities, which of its findings a setting changes. */
function severityDetail(rule: Rule): string {
  if (rule.severity !== 'error' || (rule.alsoReports ?? []).length === 0) return severityOf(rule);
  return `${severityOf(rule)} (a setting or suppression applies to the warnings; the errors stay)`;
}
