import type { JSONPath, Node } from 'jsonc-parser';
import type { Finding, Fix, TextEdit } from '../findings';
import { appendToArray, fix, replaceNode, setProperty } from '../fix/edits';
import { removeItem } from '../fix/removal';

/**
 * The three drift codes and their two fixes.
 *
 * Drift findings are not rules (rules/): a rule reads the topology alone,
 * and drift needs what the servers hold, which no analysis of the file has.
 * They are produced by `drift()` from the topology's analysis and export
 * documents (or a verification script's -Json output), and documented in
 * docs/drift.md beside RULES.md. Severity error: like a FAIL of the
 * verification script, a difference means the servers do not run the design,
 * and `edgeflow drift` exits 1 as `check` does on an error.
 *
 * The two fixes, as an Exchange administrator and a VS Code user see them:
 * - "Take the server's value": an edit that writes what the server holds
 *   into the file (replace a value, add a property, add an object, remove an
 *   object the server does not have). After it, the file describes the
 *   servers and the drift is gone.
 * - "Keep the file": the file is the design, the server is wrong. Where the
 *   file already says what the generated script sets (a declared value, a
 *   declared connector), no edit is needed: the fix edits nothing and says
 *   that running the generated script converges the server (the editor then
 *   dismisses that diagnostic until the next comparison). Where the file
 *   leaves a property at Exchange's default, the generated script would not
 *   touch it, so keeping the file means declaring that default explicitly:
 *   the fix makes that edit, after which the script does set it back. What
 *   the generated scripts never do (remove a connector, an accepted domain,
 *   a permission) the title says, with the cmdlet that does it. A
 *   suppression comment would be wrong: it hides a difference that is real
 *   on the server.
 */

export const DRIFT_MISSING = 'drift-missing';
export const DRIFT_EXTRA = 'drift-extra';
export const DRIFT_PROPERTY = 'drift-property';
export const DRIFT_CODES: readonly string[] = [DRIFT_MISSING, DRIFT_EXTRA, DRIFT_PROPERTY];

/** The fix that keeps the file with no edit: its title says how the server converges. */
export function keepFix(title: string, edits: readonly TextEdit[] = []): Fix {
  return fix(title, edits);
}

export function takeFix(title: string, edits: readonly TextEdit[]): Fix | undefined {
  return edits.length > 0 ? fix(title, edits) : undefined;
}

export function driftFinding(
  code: string,
  node: Node,
  message: string,
  fixes: () => readonly (Fix | undefined)[],
): Finding {
  return {
    code,
    severity: 'error',
    message,
    range: { start: node.offset, end: node.offset + node.length },
    fixes: () => fixes().filter((f): f is Fix => f !== undefined),
  };
}

/** Edits for the "take the server's value" fixes. */
export const takeEdits = {
  replace: (node: Node, value: unknown): TextEdit[] => replaceNode(node, value),
  set: (text: string, path: JSONPath, value: unknown): TextEdit[] => setProperty(text, path, value),
  append: (text: string, path: JSONPath, value: unknown): TextEdit[] =>
    appendToArray(text, path, value),
  remove: (text: string, node: Node): TextEdit[] => removeItem(text, node),
};
