import type { OffsetRange } from '../findings';

/**
 * A JSON syntax error (or a refusal) found while parsing. In a file of its own
 * because both the parser's entry point and the tree builder report them, and
 * the builder must not import the entry point that calls it.
 */
export interface SyntaxProblem {
  readonly message: string;
  readonly range: OffsetRange;
}
