import {
  CodeActionKind,
  type CodeAction,
  type CodeActionParams,
  type Diagnostic,
  type TextEdit as LspTextEdit,
  type WorkspaceEdit,
} from 'vscode-languageserver';
import {
  analyze,
  applyEdits,
  DISABLE_NEXT_LINE,
  type Analysis,
  type AnalyzeOptions,
  type Finding,
  type Fix,
  type TextEdit,
} from '../core/index';
import {
  isDiagnosticData,
  SOURCE,
  toDiagnostic,
  toOffsetRange,
  toTextEdits,
  type DiagnosticTarget,
} from './convert';
import type { AnalysedState } from './documents';

export const FIX_ALL_KIND = `${CodeActionKind.SourceFixAll}.edgeflow`;

/** How many times "fix all" re-analyses to apply fixes that overlapped the previous ones. */
export const FIX_ALL_MAX_PASSES = 10;

/**
 * How long "fix all" may take for one request. A light bulb asks for it with
 * every code action request; on a document with thousands of findings, each
 * fix a rewrite of a large text, it stops here with what it has (asking again
 * fixes more) instead of blocking the server for minutes.
 */
export const FIX_ALL_BUDGET_MS = 1500;

export interface CodeActionOptions {
  readonly analyzeOptions: AnalyzeOptions;
  readonly target: DiagnosticTarget;
  /** The client applies versioned `documentChanges`. */
  readonly versioned: boolean;
  readonly logError: (what: string, error: unknown) => void;
}

/** Whether the client asked for actions of `kind` (LSP: a kind matches its own prefixes). */
function wanted(only: readonly string[] | undefined, kind: string): boolean {
  return (
    !only ||
    only.some((filter) => filter === '' || kind === filter || kind.startsWith(filter + '.'))
  );
}

/**
 * Code actions: every fix the core computed for the findings at hand, "disable
 * for this line" for warnings and information, and "fix all" (every preferred
 * fix of the document).
 */
export function provideCodeActions(
  state: AnalysedState,
  params: CodeActionParams,
  options: CodeActionOptions,
): CodeAction[] {
  const only = params.context.only;
  const actions: CodeAction[] = [];
  if (wanted(only, CodeActionKind.QuickFix)) {
    for (const { finding, diagnostic } of findingsInContext(state, params, options.target)) {
      for (const fix of fixesOf(finding, options.logError)) {
        actions.push({
          title: fix.title,
          kind: CodeActionKind.QuickFix,
          diagnostics: [diagnostic],
          isPreferred: fix.isPreferred === true,
          edit: workspaceEdit(
            state,
            toTextEdits(state.analysis.lines, fix.edits),
            options.versioned,
          ),
        });
      }
      if (finding.severity !== 'error')
        actions.push(disableAction(state, finding, diagnostic, options));
    }
  }
  // "Fix all" is offered, asked for or not, only when it would change something.
  if (wanted(only, FIX_ALL_KIND)) {
    const fixed = fixAll(state.analysis, options.analyzeOptions, options.logError);
    if (fixed !== undefined) {
      actions.push({
        title: 'Fix all EdgeFlow problems that have a preferred fix',
        kind: FIX_ALL_KIND,
        edit: workspaceEdit(state, [wholeChange(state.analysis, fixed)], options.versioned),
      });
    }
  }
  return actions;
}

function workspaceEdit(
  state: AnalysedState,
  edits: LspTextEdit[],
  versioned: boolean,
): WorkspaceEdit {
  const { uri, version } = state.document;
  return versioned
    ? { documentChanges: [{ textDocument: { uri, version }, edits }] }
    : { changes: { [uri]: edits } };
}

/**
 * The findings the client's diagnostics stand for. A diagnostic of the
 * current version carries the finding's offsets in `data`; an older one is
 * matched by code and range in the current text. Without diagnostics (some
 * clients send none), the findings under the requested range.
 */
function findingsInContext(
  state: AnalysedState,
  params: CodeActionParams,
  target: DiagnosticTarget,
): { finding: Finding; diagnostic: Diagnostic }[] {
  const { analysis, document } = state;
  const result: { finding: Finding; diagnostic: Diagnostic }[] = [];
  const diagnostics = params.context.diagnostics.filter((d) => d.source === SOURCE);
  if (params.context.diagnostics.length === 0) {
    const range = toOffsetRange(analysis.lines, params.range);
    for (const finding of analysis.findings) {
      if (finding.range.start <= range.end && range.start <= finding.range.end) {
        result.push({ finding, diagnostic: toDiagnostic(finding, analysis.lines, target) });
      }
    }
    return result;
  }
  for (const diagnostic of diagnostics) {
    const data = diagnostic.data;
    const offsets =
      isDiagnosticData(data) && data.version === document.version
        ? { start: data.start, end: data.end }
        : toOffsetRange(analysis.lines, diagnostic.range);
    const finding = analysis.findings.find(
      (f) =>
        f.code === diagnostic.code &&
        f.range.start === offsets.start &&
        f.range.end === offsets.end,
    );
    if (finding) result.push({ finding, diagnostic });
  }
  return result;
}

function fixesOf(finding: Finding, logError: CodeActionOptions['logError']): readonly Fix[] {
  try {
    return finding.fixes?.() ?? [];
  } catch (error) {
    logError(`the fixes of ${finding.code}`, error);
    return [];
  }
}

/**
 * `// edgeflow-disable-next-line <code> -- <reason>` above the finding's line,
 * indented like it; when that line already has such a comment, the code is
 * added to it.
 */
function disableAction(
  state: AnalysedState,
  finding: Finding,
  diagnostic: Diagnostic,
  options: CodeActionOptions,
): CodeAction {
  const { analysis } = state;
  const text = analysis.document.text;
  const lines = analysis.lines;
  const line = lines.positionAt(finding.range.start).line;
  const lineStart = lines.lineStart(line);
  const indent = /^[ \t]*/.exec(text.slice(lineStart))?.[0] ?? '';
  let edit: TextEdit | undefined;
  if (line > 0) {
    const previousStart = lines.lineStart(line - 1);
    const previous = text.slice(previousStart, lineStart).replace(/\r?\n$|\r$/, '');
    const comment = new RegExp(`^[ \\t]*//\\s*${DISABLE_NEXT_LINE}\\b`).exec(previous);
    if (comment) {
      const separator = previous.indexOf('--', comment[0].length);
      const codesEnd = (separator >= 0 ? previous.slice(0, separator) : previous).trimEnd().length;
      edit = { offset: previousStart + codesEnd, length: 0, content: `, ${finding.code}` };
    }
  }
  if (!edit) {
    const eol = text.includes('\r\n') ? '\r\n' : '\n';
    edit = {
      offset: lineStart,
      length: 0,
      content: `${indent}// ${DISABLE_NEXT_LINE} ${finding.code} -- <reason>${eol}`,
    };
  }
  return {
    title: `Disable ${finding.code} for this line`,
    kind: CodeActionKind.QuickFix,
    diagnostics: [diagnostic],
    edit: workspaceEdit(state, toTextEdits(lines, [edit]), options.versioned),
  };
}

/**
 * Applies every preferred fix. Fixes whose edits touch are not applied
 * together: the text is analysed again and the remaining preferred fixes
 * applied in the next pass, until none is left or the bound is reached.
 * A fix that does not make its finding go away is applied once only.
 * Returns the fixed text, or undefined when nothing changes.
 */
export function fixAll(
  first: Analysis,
  analyzeOptions: AnalyzeOptions,
  logError: CodeActionOptions['logError'],
): string | undefined {
  const original = first.document.text;
  const applied = new Set<string>();
  let text = original;
  let analysis = first;
  const deadline = Date.now() + FIX_ALL_BUDGET_MS;
  for (let pass = 0; pass < FIX_ALL_MAX_PASSES && Date.now() < deadline; pass++) {
    const chosen: TextEdit[] = [];
    for (const finding of analysis.findings) {
      if (Date.now() >= deadline) break;
      const fix = fixesOf(finding, logError).find((f) => f.isPreferred);
      if (!fix || fix.edits.length === 0) continue;
      const key = `${finding.code}\u0000${finding.message}\u0000${fix.title}`;
      if (applied.has(key) || fix.edits.some((e) => chosen.some((c) => touches(e, c)))) continue;
      applied.add(key);
      chosen.push(...fix.edits);
    }
    if (chosen.length === 0) break;
    const next = applyEdits(text, chosen);
    if (next === text) break;
    text = next;
    analysis = analyze(text, analyzeOptions);
  }
  return text === original ? undefined : text;
}

/** Edits that overlap or meet could depend on each other's result: never apply them together. */
function touches(a: TextEdit, b: TextEdit): boolean {
  return a.offset <= b.offset + b.length && b.offset <= a.offset + a.length;
}

/** One edit from `before` to `after`: the span between their common prefix and suffix. */
function wholeChange(before: Analysis, after: string): LspTextEdit {
  const text = before.document.text;
  let start = 0;
  const shorter = Math.min(text.length, after.length);
  while (start < shorter && text.charCodeAt(start) === after.charCodeAt(start)) start++;
  let end = 0;
  while (
    end < shorter - start &&
    text.charCodeAt(text.length - 1 - end) === after.charCodeAt(after.length - 1 - end)
  ) {
    end++;
  }
  // Never cut a CRLF pair or a surrogate pair in two: widen the change instead.
  while (start > 0 && splitsPair(text, start)) start--;
  while (end > 0 && splitsPair(text, text.length - end)) end--;
  const [edit] = toTextEdits(before.lines, [
    {
      offset: start,
      length: text.length - end - start,
      content: after.slice(start, after.length - end),
    },
  ]);
  return edit as LspTextEdit;
}

function splitsPair(text: string, offset: number): boolean {
  const before = text.charCodeAt(offset - 1);
  const at = text.charCodeAt(offset);
  return (
    (before === 13 && at === 10) ||
    (before >= 0xd800 && before <= 0xdbff && at >= 0xdc00 && at <= 0xdfff)
  );
}
