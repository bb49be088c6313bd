import { TextDocuments } from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { analyze, type Analysis, type RuleSetting } from '../core/index';
import type { DriftStore } from './driftStore';
import { mergeRules, type ProjectConfigs } from './projectConfigs';
import type { SettingsStore } from './settings';

export const LANGUAGE_ID = 'edgeflow';

/** How an editor user raises the size limit, as the `file-too-large` error says. */
export const MAX_FILE_SIZE_SETTING = 'setting edgeflow.maxFileSize';

/** An open topology as the features see it: analysed, or too large to analyse. */
export type TopologyState =
  | {
      readonly kind: 'analysed';
      readonly document: TextDocument;
      readonly analysis: Analysis;
      /**
       * Changes whenever the text, the settings or a config file change: the
       * pull-diagnostics result id.
       */
      readonly resultId: string;
    }
  | {
      readonly kind: 'too-large';
      readonly document: TextDocument;
      /** No model: one `file-too-large` finding, which the core reports for a text over the limit. */
      readonly analysis: Analysis;
      readonly resultId: string;
    };

export type AnalysedState = Extract<TopologyState, { kind: 'analysed' }>;

interface CacheEntry {
  readonly version: number;
  /** The settings' and the config files' generations. */
  readonly generation: string;
  readonly state: TopologyState;
  /** Per-feature data derived from this version (the JSON service's parse), built on demand. */
  readonly derived: Map<string, unknown>;
  /** How long the analysis took, in milliseconds. */
  readonly analysisMs: number;
}

/** A document is a topology by its language id, or by its name when the client does not know the language. */
export function isTopologyDocument(document: { uri: string; languageId: string }): boolean {
  return (
    document.languageId === LANGUAGE_ID ||
    document.uri
      .toLowerCase()
      .replace(/[?#].*$/, '')
      .endsWith('.edgeflow.json')
  );
}

/**
 * The open documents and one analysis per (document version, settings
 * generation, config files generation): every request on an unchanged
 * document reuses it.
 */
export class TopologyDocuments {
  readonly documents = new TextDocuments(TextDocument);
  private readonly cache = new Map<string, CacheEntry>();

  constructor(
    private readonly settings: SettingsStore,
    private readonly configs: ProjectConfigs,
    /** "Compare with Servers": its drift is part of a compared document's analysis. */
    readonly drift?: DriftStore,
  ) {
    this.documents.onDidClose((event) => {
      this.cache.delete(event.document.uri);
      this.drift?.clear(event.document.uri);
    });
  }

  /** The open topology at `uri`, analysed for its current version; undefined when not open or not a topology. */
  get(uri: string): TopologyState | undefined {
    return this.entry(uri)?.state;
  }

  /** Like `get`, but only a document that was analysed. */
  analysed(uri: string): AnalysedState | undefined {
    const state = this.get(uri);
    return state?.kind === 'analysed' ? state : undefined;
  }

  /** A value derived from the current version of `uri`, computed once per version. */
  derived<T>(uri: string, key: string, compute: (document: TextDocument) => T): T | undefined {
    const entry = this.entry(uri);
    if (!entry) return undefined;
    if (!entry.derived.has(key)) entry.derived.set(key, compute(entry.state.document));
    return entry.derived.get(key) as T;
  }

  /**
   * How long the latest analysis of `uri` took, in milliseconds (undefined
   * before the first): the cost of analysing its next version.
   */
  lastAnalysisMs(uri: string): number | undefined {
    return this.cache.get(uri)?.analysisMs;
  }

  /** Every open topology. */
  all(): TextDocument[] {
    return this.documents.all().filter(isTopologyDocument);
  }

  private entry(uri: string): CacheEntry | undefined {
    const document = this.documents.get(uri);
    if (!document || !isTopologyDocument(document)) return undefined;
    const generation = `${this.settings.generation}.${this.configs.generation}.${this.drift?.generation ?? 0}`;
    const cached = this.cache.get(uri);
    if (cached && cached.version === document.version && cached.generation === generation) {
      return cached;
    }
    // Let the previous version's analysis go before building the next: two
    // analyses of a large topology alive at once make every collection slower.
    this.cache.delete(uri);
    const started = performance.now();
    const state = this.analyse(document, generation);
    const entry: CacheEntry = {
      version: document.version,
      generation,
      state,
      derived: new Map(),
      analysisMs: performance.now() - started,
    };
    this.cache.set(uri, entry);
    return entry;
  }

  /**
   * The rules of the document at `uri`: its edgeflow.config.json's, under the
   * `edgeflow.rules` setting's entries.
   */
  rulesFor(uri: string): Readonly<Record<string, RuleSetting>> {
    return mergeRules(this.configs.forDocument(uri), this.settings.for(uri).rules);
  }

  private analyse(document: TextDocument, generation: string): TopologyState {
    const resultId = `${document.version}:${generation}`;
    const text = document.getText();
    const { maxFileSize } = this.settings.for(document.uri);
    const analysis = analyze(text, {
      rules: this.rulesFor(document.uri),
      maxFileSize,
      maxFileSizeSetting: MAX_FILE_SIZE_SETTING,
    });
    // The same limit as the CLI's, applied by the core; such a text has nothing for the features.
    if (text.length > maxFileSize) return { kind: 'too-large', document, analysis, resultId };
    return {
      kind: 'analysed',
      document,
      analysis: this.drift ? this.drift.withDrift(document.uri, analysis) : analysis,
      resultId,
    };
  }
}
