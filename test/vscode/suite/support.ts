import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';

/**
 * What the extension-host tests share: the workspace (a temporary copy of
 * test/vscode/workspace/ made by the runner, so tests may write into it) and
 * waiting with a deadline, on an event or by polling, never a fixed sleep.
 */

export const EXTENSION_ID = 'edgeflow.edgeflow';

/** How long a test waits for the language server before it fails. */
export const DEADLINE_MS = 30_000;

export function workspaceFolder(): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.[0];
  assert.ok(folder, 'VS Code was started on the test workspace');
  return folder.uri;
}

export function workspaceFile(name: string): vscode.Uri {
  return vscode.Uri.joinPath(workspaceFolder(), name);
}

/**
 * Copies a workspace file under a new name, so that a test that changes a
 * document leaves the shared fixtures as they are.
 */
export async function copyWorkspaceFile(from: string, to: string): Promise<vscode.Uri> {
  const target = workspaceFile(to);
  await vscode.workspace.fs.copy(workspaceFile(from), target, { overwrite: true });
  return target;
}

export async function openTopology(uri: vscode.Uri): Promise<vscode.TextEditor> {
  const document = await vscode.workspace.openTextDocument(uri);
  return vscode.window.showTextDocument(document);
}

/**
 * Polls `probe` until it returns a value other than undefined, or fails after
 * `timeoutMs` with `description` and the last value seen.
 */
export async function waitFor<T>(
  description: string,
  probe: () => T | undefined | Promise<T | undefined>,
  timeoutMs = DEADLINE_MS,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  for (;;) {
    try {
      const value = await probe();
      if (value !== undefined) return value;
    } catch (error) {
      lastError = error;
    }
    if (Date.now() > deadline) {
      const detail = lastError instanceof Error ? ` (last error: ${lastError.message})` : '';
      throw new Error(`Timed out after ${timeoutMs} ms waiting for ${description}${detail}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/**
 * Waits until the diagnostics of `uri` satisfy `accept`: checked at once and
 * again on every `onDidChangeDiagnostics` event for that document.
 */
export function waitForDiagnostics(
  uri: vscode.Uri,
  description: string,
  accept: (diagnostics: readonly vscode.Diagnostic[]) => boolean,
  timeoutMs = DEADLINE_MS,
): Promise<vscode.Diagnostic[]> {
  return new Promise((resolve, reject) => {
    const check = (): boolean => {
      const diagnostics = vscode.languages.getDiagnostics(uri);
      if (!accept(diagnostics)) return false;
      finish();
      resolve(diagnostics);
      return true;
    };
    const subscription = vscode.languages.onDidChangeDiagnostics((event) => {
      if (event.uris.some((changed) => changed.toString() === uri.toString())) check();
    });
    const timer = setTimeout(() => {
      finish();
      const seen = vscode.languages.getDiagnostics(uri).map(describeDiagnostic);
      reject(
        new Error(
          `Timed out after ${timeoutMs} ms waiting for ${description} in ${uri.path}; ` +
            `diagnostics now: ${JSON.stringify(seen)}`,
        ),
      );
    }, timeoutMs);
    function finish(): void {
      clearTimeout(timer);
      subscription.dispose();
    }
    check();
  });
}

/** The code of a diagnostic, whether the client sent it plain or with its documentation link. */
export function codeOf(diagnostic: vscode.Diagnostic): string | undefined {
  const code = diagnostic.code;
  if (code === undefined) return undefined;
  return typeof code === 'object' ? String(code.value) : String(code);
}

export function codesOf(diagnostics: readonly vscode.Diagnostic[]): string[] {
  return diagnostics.map((diagnostic) => codeOf(diagnostic) ?? '').sort();
}

function describeDiagnostic(diagnostic: vscode.Diagnostic): string {
  const { start } = diagnostic.range;
  return `${codeOf(diagnostic)}@${start.line + 1}:${start.character + 1}`;
}

/** The position just after the first occurrence of `search` in the document, plus `delta`. */
export function positionAfter(
  document: vscode.TextDocument,
  search: string,
  delta = 0,
): vscode.Position {
  return positionOf(document, search, search.length + delta);
}

/** The position of the first occurrence of `search`, plus `delta`. */
export function positionOf(
  document: vscode.TextDocument,
  search: string,
  delta = 0,
): vscode.Position {
  const offset = document.getText().indexOf(search);
  assert.ok(offset >= 0, `'${search}' occurs in ${document.uri.path}`);
  return document.positionAt(offset + delta);
}

export async function fileExists(uri: vscode.Uri): Promise<boolean> {
  try {
    await vscode.workspace.fs.stat(uri);
    return true;
  } catch {
    return false;
  }
}
