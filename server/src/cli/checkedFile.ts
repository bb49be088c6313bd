import type { Finding, LineIndex } from '../core/index';
import type { SourceFile } from './files';

/** One checked file, as the formatters see it. */
export interface CheckedFile {
  readonly file: SourceFile;
  /** Maps the findings' offsets to positions; empty for a file that is not text. */
  readonly lines: LineIndex;
  readonly findings: readonly Finding[];
}
