import type { Finding, Severity } from './findings';
import { buildTopology, type Topology } from './model/topology';
import { TopologyIndex } from './model/topologyIndex';
import { parseDocument, type ParsedDocument } from './parse/parseDocument';
import { RULES, ruleByCode } from './rules/index';
import { isSuppressible, rangeOf, type Report, type Rule } from './rules/rule';
import { findSuppressions, type SuppressionComment } from './suppression';
import { LineIndex } from './text/lineIndex';

export type RuleSetting = Severity | 'off';

export interface AnalyzeOptions {
  /**
   * Severity per code. Only warnings, information and hints can be changed or
   * turned off: an error stays an error, because it means Exchange will refuse
   * the configuration or mail will stop.
   */
  readonly rules?: Readonly<Record<string, RuleSetting>>;
}

export interface Analysis {
  readonly document: ParsedDocument;
  readonly topology: Topology;
  readonly index: TopologyIndex;
  readonly lines: LineIndex;
  /** Sorted by position, then code. */
  readonly findings: readonly Finding[];
}

/** Text → findings: parse, build the model, run every rule, apply settings and suppressions. */
export function analyze(text: string, options: AnalyzeOptions = {}): Analysis {
  const document = parseDocument(text);
  const topology = buildTopology(document.root);
  const index = new TopologyIndex(topology);
  const lines = new LineIndex(text);
  const suppressions = findSuppressions(text, lines);
  const raw: Finding[] = [];
  for (const rule of RULES) {
    rule.check({
      document,
      text,
      topology,
      index,
      suppressions,
      isSuppressible: (code: string) => {
        const known = ruleByCode(code);
        return known && isSuppressible(known);
      },
      report: (report: Report) => raw.push(toFinding(rule, report)),
    });
  }
  const findings = applySuppressions(applySettings(raw, options), suppressions, lines);
  findings.sort(
    (a, b) =>
      a.range.start - b.range.start || a.range.end - b.range.end || a.code.localeCompare(b.code),
  );
  return { document, topology, index, lines, findings };
}

function toFinding(rule: Rule, report: Report): Finding {
  return {
    code: rule.code,
    severity: report.severity ?? rule.severity,
    message: report.message,
    range: rangeOf(report.target),
    related: report.related?.map((r) => ({ range: rangeOf(r.target), message: r.message })),
    fixes: report.fixes,
  };
}

function applySettings(findings: Finding[], options: AnalyzeOptions): Finding[] {
  const settings = options.rules;
  if (!settings) return findings;
  const result: Finding[] = [];
  for (const finding of findings) {
    const setting = settings[finding.code];
    // Settings come from users and editors: a value that is no setting is ignored.
    if (!setting || !isRuleSetting(setting) || finding.severity === 'error') result.push(finding);
    else if (setting !== 'off' && setting !== 'error')
      result.push({ ...finding, severity: setting });
    else if (setting === 'error') result.push({ ...finding, severity: 'error' });
  }
  return result;
}

const RULE_SETTINGS: readonly string[] = ['off', 'error', 'warning', 'information', 'hint'];

function isRuleSetting(value: unknown): value is RuleSetting {
  return typeof value === 'string' && RULE_SETTINGS.includes(value);
}

/** Describes settings that cannot take effect, for the CLI and the editor to show. */
export function ruleSettingProblems(settings: Readonly<Record<string, unknown>>): string[] {
  const problems: string[] = [];
  for (const [code, value] of Object.entries(settings)) {
    const rule = ruleByCode(code);
    if (!rule) problems.push(`unknown rule '${code}'`);
    else if (!isRuleSetting(value)) {
      problems.push(
        `'${code}': '${String(value)}' is not one of off, error, warning, information, hint`,
      );
    } else if (!isSuppressible(rule) && value !== 'error') {
      problems.push(`'${code}' reports errors, which cannot be turned down or off`);
    }
  }
  return problems;
}

/** Drops warnings and information that a suppression comment names on their line. */
function applySuppressions(
  findings: Finding[],
  comments: readonly SuppressionComment[],
  lines: LineIndex,
): Finding[] {
  if (comments.length === 0) return findings;
  const suppressed = new Map<number, Set<string>>();
  for (const comment of comments) {
    const codes = suppressed.get(comment.targetLine) ?? new Set<string>();
    for (const { code } of comment.codes) codes.add(code);
    suppressed.set(comment.targetLine, codes);
  }
  return findings.filter((finding) => {
    if (finding.severity === 'error') return true;
    return !suppressed.get(lines.positionAt(finding.range.start).line)?.has(finding.code);
  });
}
