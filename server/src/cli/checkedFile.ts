import type { AppliedFix, Finding, LineIndex } from '../core/index';
import type { SourceFile } from './files';

/** One checked file, as the formatters see it. */
export interface CheckedFile {
  readonly file: SourceFile;
  /** Maps the findings' offsets to positions; empty for a file that is not text. */
  readonly lines: LineIndex;
  /** With --fix, what is left after the fixes; with --fix-dry-run, what would be left. */
  readonly findings: readonly Finding[];
  /**
   * The file could not be read, or (with --fix) written, or its
   * edgeflow.config.json is broken: why (the config's problem names the config).
   */
  readonly error?: string;
  /** Not checked because its edgeflow.config.json is broken (`error` says how). */
  readonly brokenConfig?: boolean;
  /** With --fix and --fix-dry-run: the fixes applied, or that would be. */
  readonly fixed?: readonly AppliedFix[];
  /** With --fix-dry-run: the change as a unified diff, when there is one. */
  readonly diff?: string;
}

/** What `check` produced: the files (readable or not) and the arguments that named none. */
export interface CheckReport {
  readonly files: readonly CheckedFile[];
  /** One message per argument that named nothing checkable (a missing path, an empty folder). */
  readonly problems: readonly string[];
}
