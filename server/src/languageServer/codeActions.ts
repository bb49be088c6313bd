import {
  CodeActionKind,
  type CodeAction,
  type CodeActionParams,
  type Diagnostic,
  type TextEdit as LspTextEdit,
  type WorkspaceEdit,
} from 'vscode-languageserver';
import {
  changeBetween,
  fixAll,
  fixesOf,
  suppressionEdit,
  type AnalyzeOptions,
  type Finding,
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
import { DRIFT_DISMISS_COMMAND } from './driftProtocol';
import { driftKey, isDriftCode } from './driftStore';

export const FIX_ALL_KIND = `${CodeActionKind.SourceFixAll}.edgeflow`;

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
        // Drift's "keep the file" where the file already says it edits nothing: the generated
        // script converges the server. The action dismisses that diagnostic (driftStore.ts).
        const dismiss = fix.edits.length === 0 && isDriftCode(finding.code);
        actions.push({
          title: fix.title,
          kind: CodeActionKind.QuickFix,
          diagnostics: [diagnostic],
          isPreferred: fix.isPreferred === true,
          ...(dismiss
            ? {
                command: {
                  title: fix.title,
                  command: DRIFT_DISMISS_COMMAND,
                  arguments: [state.document.uri, driftKey(finding)],
                },
              }
            : {
                edit: workspaceEdit(
                  state,
                  toTextEdits(state.analysis.lines, fix.edits),
                  options.versioned,
                ),
              }),
        });
      }
      if (finding.severity !== 'error')
        actions.push(disableAction(state, finding, diagnostic, options));
    }
  }
  // "Fix all" is offered, asked for or not, only when it would change something.
  if (wanted(only, FIX_ALL_KIND)) {
    const fixed = fixAll(state.analysis, options.analyzeOptions, {
      deadline: Date.now() + FIX_ALL_BUDGET_MS,
      logError: options.logError,
    });
    const change = fixed && changeBetween(state.analysis.document.text, fixed.text);
    if (change) {
      actions.push({
        title: 'Fix all EdgeFlow problems that have a preferred fix',
        kind: FIX_ALL_KIND,
        edit: workspaceEdit(state, toTextEdits(state.analysis.lines, [change]), options.versioned),
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
  const edit = suppressionEdit(state.analysis, finding);
  return {
    title: `Disable ${finding.code} for this line`,
    kind: CodeActionKind.QuickFix,
    diagnostics: [diagnostic],
    edit: workspaceEdit(state, toTextEdits(state.analysis.lines, [edit]), options.versioned),
  };
}
