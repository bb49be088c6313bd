import type { Finding, Fix, Severity } from './findings';
import { buildTopology, type Topology } from './model/topology';
import { TopologyIndex } from './model/topologyIndex';
import { parseDocument, type ParsedDocument } from './parse/parseDocument';
import { DEFAULT_MAX_FILE_SIZE, tooLargeFinding } from './rules/file-too-large';
import { RULES, ruleByCode } from './rules/index';
import {
  ROOT_CAUSE_WARNINGS,
  isSuppressible,
  rangeOf,
  type Report,
  type Rule,
  type Target,
} from './rules/rule';
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
  /**
   * A text longer than this many characters (UTF-16 code units) is not
   * analysed: it gets one `file-too-large` error instead. Default
   * DEFAULT_MAX_FILE_SIZE (5 MiB), for the CLI and the server alike.
   */
  readonly maxFileSize?: number;
  /** How the user raises that limit, named in the error: "setting edgeflow.maxFileSize". */
  readonly maxFileSizeSetting?: string;
  /**
   * Design rules also report failures that another finding explains (for
   * tests that count what a fix reveals rather than adds). Off by default:
   * each mistake is reported once, at its root cause.
   */
  readonly reportConsequences?: boolean;
}

export interface Analysis {
  readonly document: ParsedDocument;
  readonly topology: Topology;
  readonly index: TopologyIndex;
  readonly lines: LineIndex;
  /** Sorted by position, then code. */
  readonly findings: readonly Finding[];
}

/**
 * A rule stops after this many findings in one file. A pathological file (ten
 * thousand connectors on one binding) would otherwise get millions, each
 * computed, sent to the editor and offered to "fix all".
 */
export const MAX_FINDINGS_PER_RULE = 1000;

/** Thrown through a rule by its report that reached the limit; caught right around the rule. */
const ENOUGH: unique symbol = Symbol('enough findings');

/** Text → findings: parse, build the model, run every rule, apply settings and suppressions. */
export function analyze(text: string, options: AnalyzeOptions = {}): Analysis {
  const limit = options.maxFileSize ?? DEFAULT_MAX_FILE_SIZE;
  if (text.length > limit) return tooLargeAnalysis(text, limit, options);
  const document = parseDocument(text);
  const topology = buildTopology(document.root);
  const index = new TopologyIndex(topology);
  const lines = new LineIndex(text);
  const suppressions = findSuppressions(text, lines);
  const raw: Finding[] = [];
  // Design rules run last and see what the others found.
  const ordered = [
    ...RULES.filter((r) => r.stage !== 'design'),
    ...RULES.filter((r) => r.stage === 'design'),
  ];
  for (const rule of ordered) {
    let reported = 0;
    try {
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
        rootCauseIn: (targets) =>
          rule.stage === 'design' && !options.reportConsequences
            ? rootCauseIn(raw, targets)
            : undefined,
        report: (report: Report) => {
          const finding = toFinding(rule, report, text);
          if (++reported < MAX_FINDINGS_PER_RULE) {
            raw.push(finding);
            return;
          }
          raw.push({
            ...finding,
            message: `${finding.message} (EdgeFlow reports at most ${MAX_FINDINGS_PER_RULE} ${rule.code} findings per file: fix these first.)`,
          });
          throw ENOUGH;
        },
      });
    } catch (error) {
      if (error !== ENOUGH) throw error;
    }
  }
  const findings = applySuppressions(applySettings(raw, options), suppressions, lines);
  findings.sort(
    (a, b) =>
      a.range.start - b.range.start || a.range.end - b.range.end || a.code.localeCompare(b.code),
  );
  return { document, topology, index, lines, findings };
}

/** A finding of a rule that runs before the design rules, inside one of `targets`, that explains a failure. */
function rootCauseIn(
  findings: readonly Finding[],
  targets: readonly Target[],
): { code: string; message: string } | undefined {
  const ranges = targets.map(rangeOf);
  return findings.find(
    (f) =>
      ruleByCode(f.code)?.stage !== 'design' &&
      (f.severity === 'error' || ROOT_CAUSE_WARNINGS.has(f.code)) &&
      ranges.some((r) => r.start <= f.range.start && f.range.end <= r.end),
  );
}

/**
 * A text over the limit is neither parsed nor indexed (a file of newlines
 * would make a line index as large as the text): an empty model, and a line
 * index of its start, which is where the one finding is.
 */
function tooLargeAnalysis(text: string, limit: number, options: AnalyzeOptions): Analysis {
  const topology = buildTopology(undefined);
  return {
    document: { text, root: undefined, value: undefined, problems: [] },
    topology,
    index: new TopologyIndex(topology),
    lines: new LineIndex(text.slice(0, 2)),
    findings: [
      tooLargeFinding(text.length, limit, options.maxFileSizeSetting ?? 'maxFileSize option'),
    ],
  };
}

function toFinding(rule: Rule, report: Report, text: string): Finding {
  const fixes = report.fixes;
  return {
    code: rule.code,
    severity: report.severity ?? rule.severity,
    message: shorten(report.message),
    range: rangeOf(report.target),
    related: report.related?.map((r) => ({
      range: rangeOf(r.target),
      message: shorten(r.message),
    })),
    fixes: fixes && (() => fixes().filter((fix) => isApplicable(fix, text))),
    ...(report.suggestion === undefined ? {} : { suggestion: shorten(report.suggestion) }),
  };
}

/** Messages quote names from the file; past this length the middle is left out. */
export const MAX_MESSAGE_LENGTH = 1000;

/**
 * A message that quotes a megabyte-long name keeps its start (what is wrong)
 * and its end (what to do), and says how much was left out.
 */
function shorten(message: string): string {
  if (message.length <= MAX_MESSAGE_LENGTH) return message;
  // Never a lone half of a surrogate pair at either cut.
  const headEnd = /[\uD800-\uDBFF]/.test(message.charAt(499)) ? 499 : 500;
  const tailStart = /[\uDC00-\uDFFF]/.test(message.charAt(message.length - 400))
    ? message.length - 399
    : message.length - 400;
  const head = message.slice(0, headEnd);
  const tail = message.slice(tailStart);
  return `${head}… (${tailStart - headEnd} characters left out) …${tail}`;
}

/**
 * A fix that changes something, inside the document. On broken text or with
 * duplicated keys or names, a rule can find nothing to edit, an end past the
 * text (jsonc-parser after an unclosed comment), or a value to replace with
 * itself: such a fix is not offered.
 */
function isApplicable(fix: Fix, text: string): boolean {
  const inside = fix.edits.every(
    (edit) => edit.offset >= 0 && edit.length >= 0 && edit.offset + edit.length <= text.length,
  );
  return (
    inside &&
    fix.edits.some((edit) => text.slice(edit.offset, edit.offset + edit.length) !== edit.content)
  );
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
