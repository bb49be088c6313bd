import * as path from 'node:path';
import { createTwoFilesPatch, FILE_HEADERS_ONLY } from 'diff';

/**
 * The change as a unified diff that `git apply` and `patch -p1` accept from
 * the working directory: `a/` and `b/` before a relative path, none before an
 * absolute one. jsdiff writes the hunks (well kept, and it marks a missing
 * final newline as `diff` does).
 */
export function unifiedDiff(display: string, before: string, after: string): string {
  const name = display.split(path.sep).join('/');
  const [from, to] = path.isAbsolute(display) ? [name, name] : [`a/${name}`, `b/${name}`];
  return createTwoFilesPatch(from, to, before, after, undefined, undefined, {
    context: 3,
    headerOptions: FILE_HEADERS_ONLY,
  });
}
