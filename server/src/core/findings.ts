/**
 * What the engine reports. Positions are UTF-16 offsets into the text (which
 * is what a JavaScript string index is); only adapters turn them into
 * line/character positions.
 */
export type Severity = 'error' | 'warning' | 'information' | 'hint';

export const SEVERITIES: readonly Severity[] = ['error', 'warning', 'information', 'hint'];

/** A half-open range of offsets: `start` inclusive, `end` exclusive. */
export interface OffsetRange {
  readonly start: number;
  readonly end: number;
}

/** One replacement in the document; the same shape as jsonc-parser's `Edit`. */
export interface TextEdit {
  readonly offset: number;
  readonly length: number;
  readonly content: string;
}

export interface Fix {
  /** Imperative, shown in the light bulb: "Set dnsRoutingEnabled to false". */
  readonly title: string;
  readonly edits: readonly TextEdit[];
  /** Preferred fixes are the ones "fix all" applies. */
  readonly isPreferred?: boolean;
}

export interface RelatedLocation {
  readonly range: OffsetRange;
  readonly message: string;
}

export interface Finding {
  readonly code: string;
  readonly severity: Severity;
  readonly message: string;
  readonly range: OffsetRange;
  readonly related?: readonly RelatedLocation[];
  /**
   * Fixes are computed on demand: an editor asks for them only when the user
   * opens the light bulb, so a full analysis never pays for building edits.
   */
  readonly fixes?: () => readonly Fix[];
  /**
   * The value the user most likely meant, when the engine has one (a close
   * name, a repaired address): the command line's "did you mean".
   */
  readonly suggestion?: string;
}
