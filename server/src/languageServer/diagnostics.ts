import {
  DocumentDiagnosticReportKind,
  type Diagnostic,
  type DocumentDiagnosticReport,
  type PublishDiagnosticsParams,
} from 'vscode-languageserver';
import { toDiagnostic } from './convert';
import type { TopologyDocuments, TopologyState } from './documents';

/** The longest that typing must pause before pushed diagnostics are recomputed. */
export const CHANGE_DEBOUNCE_MS = 150;

/** The shortest: changes a client sends together are still analysed once. */
export const MIN_CHANGE_DELAY_MS = 30;

/**
 * How long to wait after a change before recomputing, given how long the
 * document's last analysis took: a quarter of that, between
 * MIN_CHANGE_DELAY_MS and CHANGE_DEBOUNCE_MS. The pause then never costs more
 * than a quarter of the analysis it may save, so diagnostics follow typing at
 * once, while a topology that takes very long to analyse is not re-analysed
 * on every keystroke.
 */
export function changeDelay(lastAnalysisMs: number | undefined): number {
  if (lastAnalysisMs === undefined) return CHANGE_DEBOUNCE_MS;
  return Math.round(
    Math.min(CHANGE_DEBOUNCE_MS, Math.max(MIN_CHANGE_DELAY_MS, lastAnalysisMs / 4)),
  );
}

export function diagnosticsOf(state: TopologyState, rulesDocumentationUri?: string): Diagnostic[] {
  const { analysis, document } = state;
  const target = { uri: document.uri, version: document.version, rulesDocumentationUri };
  return analysis.findings.map((finding) => toDiagnostic(finding, analysis.lines, target));
}

/** Answers `textDocument/diagnostic`: `unchanged` when the client already has this version's result. */
export function pullDiagnostics(
  state: TopologyState | undefined,
  previousResultId: string | undefined,
  rulesDocumentationUri?: string,
): DocumentDiagnosticReport {
  if (!state) return { kind: DocumentDiagnosticReportKind.Full, items: [] };
  if (previousResultId === state.resultId) {
    return { kind: DocumentDiagnosticReportKind.Unchanged, resultId: state.resultId };
  }
  return {
    kind: DocumentDiagnosticReportKind.Full,
    resultId: state.resultId,
    items: diagnosticsOf(state, rulesDocumentationUri),
  };
}

/**
 * Pushes diagnostics for clients without pull support. A change schedules a
 * recomputation after a pause in typing; a newer change cancels the pending
 * one, so stale work is never done and never published.
 */
export class DiagnosticsPublisher {
  private readonly pending = new Map<string, ReturnType<typeof setTimeout>>();

  constructor(
    private readonly documents: TopologyDocuments,
    private readonly publish: (params: PublishDiagnosticsParams) => void,
    private readonly rulesDocumentationUri: string | undefined,
    private readonly reportError: (what: string, error: unknown) => void,
  ) {}

  schedule(uri: string, delayMs: number): void {
    this.cancel(uri);
    this.pending.set(
      uri,
      setTimeout(() => {
        this.pending.delete(uri);
        this.publishNow(uri);
      }, delayMs),
    );
  }

  scheduleAll(): void {
    for (const document of this.documents.all()) this.schedule(document.uri, 0);
  }

  /** Cancels pending work and empties the document's diagnostics (it was closed). */
  clear(uri: string): void {
    this.cancel(uri);
    this.publish({ uri, diagnostics: [] });
  }

  dispose(): void {
    for (const timer of this.pending.values()) clearTimeout(timer);
    this.pending.clear();
  }

  private cancel(uri: string): void {
    const timer = this.pending.get(uri);
    if (timer !== undefined) clearTimeout(timer);
    this.pending.delete(uri);
  }

  private publishNow(uri: string): void {
    try {
      const state = this.documents.get(uri);
      if (!state) return;
      this.publish({
        uri,
        version: state.document.version,
        diagnostics: diagnosticsOf(state, this.rulesDocumentationUri),
      });
    } catch (error) {
      this.reportError(`diagnostics for ${uri}`, error);
    }
  }
}
