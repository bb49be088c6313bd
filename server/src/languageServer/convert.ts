import {
  DiagnosticSeverity,
  type Diagnostic,
  type Position,
  type Range,
  type TextEdit as LspTextEdit,
} from 'vscode-languageserver';
import {
  ruleByCode,
  comparisonCode,
  type Finding,
  type LineIndex,
  type OffsetRange,
  type Severity,
  type TextEdit,
} from '../core/index';
import { ruleDocumentationLink } from './rulesDocumentation';

/**
 * The only place where the core's UTF-16 offsets and plain findings become
 * LSP positions and diagnostics, and back. The core counts in UTF-16 code
 * units exactly as LSP does, so a position is a line plus an offset into it.
 */

export const SOURCE = 'edgeflow';

export function toRange(lines: LineIndex, range: OffsetRange): Range {
  return { start: lines.positionAt(range.start), end: lines.positionAt(range.end) };
}

/** Clamps positions past the end of a line or of the document, as LSP asks. */
export function toOffset(lines: LineIndex, position: Position): number {
  return lines.offsetAt({
    line: Math.max(0, position.line),
    character: Math.max(0, position.character),
  });
}

export function toOffsetRange(lines: LineIndex, range: Range): OffsetRange {
  const start = toOffset(lines, range.start);
  const end = toOffset(lines, range.end);
  return start <= end ? { start, end } : { start: end, end: start };
}

export function toTextEdits(lines: LineIndex, edits: readonly TextEdit[]): LspTextEdit[] {
  return edits.map((edit) => ({
    range: toRange(lines, { start: edit.offset, end: edit.offset + edit.length }),
    newText: edit.content,
  }));
}

const SEVERITIES: Readonly<Record<Severity, DiagnosticSeverity>> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  information: DiagnosticSeverity.Information,
  hint: DiagnosticSeverity.Hint,
};

export function toSeverity(severity: Severity): DiagnosticSeverity {
  return SEVERITIES[severity];
}

/**
 * What a diagnostic carries for the code actions: the version it was computed
 * for and the finding's offsets in that version, so that a code action finds
 * the very finding again (never by its message) while the text is unchanged.
 */
export interface DiagnosticData {
  readonly version: number;
  readonly start: number;
  readonly end: number;
}

export function isDiagnosticData(value: unknown): value is DiagnosticData {
  if (typeof value !== 'object' || value === null) return false;
  const data = value as Record<string, unknown>;
  return (
    typeof data.version === 'number' &&
    typeof data.start === 'number' &&
    typeof data.end === 'number'
  );
}

export interface DiagnosticTarget {
  readonly uri: string;
  readonly version: number;
  /** Base URI of the rules documentation (see ruleDocumentationLink). Omitted: no link. */
  readonly rulesDocumentationUri?: string;
}

export function ruleDocumentationHref(base: string | undefined, code: string): string | undefined {
  if (!base || (!ruleByCode(code) && !comparisonCode(code))) return undefined;
  return ruleDocumentationLink(base, code);
}

export function toDiagnostic(
  finding: Finding,
  lines: LineIndex,
  target: DiagnosticTarget,
): Diagnostic {
  const data: DiagnosticData = {
    version: target.version,
    start: finding.range.start,
    end: finding.range.end,
  };
  const diagnostic: Diagnostic = {
    range: toRange(lines, finding.range),
    severity: toSeverity(finding.severity),
    code: finding.code,
    source: SOURCE,
    message: finding.message,
    data,
  };
  const href = ruleDocumentationHref(target.rulesDocumentationUri, finding.code);
  if (href) diagnostic.codeDescription = { href };
  if (finding.related && finding.related.length > 0) {
    diagnostic.relatedInformation = finding.related.map((related) => ({
      location: { uri: target.uri, range: toRange(lines, related.range) },
      message: related.message,
    }));
  }
  return diagnostic;
}
