import * as vscode from 'vscode';
import { State, type LanguageClient } from 'vscode-languageclient/node';

/** The source the server puts on its diagnostics. */
const SOURCE = 'edgeflow';

/**
 * The `{}` language status of an EdgeFlow topology, as the JSON and YAML
 * extensions show theirs: whether the server runs, the file's problems, and
 * a link to the settings. Severity follows: an error when the server is down
 * or the file has errors, a warning for warnings.
 */
export function registerLanguageStatus(
  context: vscode.ExtensionContext,
  client: () => LanguageClient | undefined,
): { watch(client: LanguageClient): void } {
  const item = vscode.languages.createLanguageStatusItem('edgeflow.status', {
    language: 'edgeflow',
  });
  item.name = 'EdgeFlow';
  context.subscriptions.push(item);

  const update = () => {
    const running = client()?.state === State.Running;
    const starting = client()?.state === State.Starting;
    const document = vscode.window.activeTextEditor?.document;
    const counts = document ? problemCounts(document.uri) : { errors: 0, warnings: 0, other: 0 };
    item.busy = starting;
    if (!running) {
      item.text = starting ? 'EdgeFlow: starting' : 'EdgeFlow: server not running';
      item.detail = starting ? undefined : 'see the EdgeFlow output';
      item.severity = starting
        ? vscode.LanguageStatusSeverity.Information
        : vscode.LanguageStatusSeverity.Error;
      item.command = { title: 'Show Output', command: 'edgeflow.showOutput' };
      return;
    }
    item.text = `EdgeFlow: ${describe(counts)}`;
    item.detail = 'server running';
    item.severity =
      counts.errors > 0
        ? vscode.LanguageStatusSeverity.Error
        : counts.warnings > 0
          ? vscode.LanguageStatusSeverity.Warning
          : vscode.LanguageStatusSeverity.Information;
    item.command = {
      title: 'Settings',
      command: 'workbench.action.openSettings',
      arguments: ['@ext:edgeflow.edgeflow'],
    };
  };
  context.subscriptions.push(
    vscode.languages.onDidChangeDiagnostics(update),
    vscode.window.onDidChangeActiveTextEditor(update),
  );
  update();
  return {
    watch(started: LanguageClient) {
      context.subscriptions.push(started.onDidChangeState(update));
      update();
    },
  };
}

function problemCounts(uri: vscode.Uri): { errors: number; warnings: number; other: number } {
  const counts = { errors: 0, warnings: 0, other: 0 };
  for (const diagnostic of vscode.languages.getDiagnostics(uri)) {
    if (diagnostic.source !== SOURCE) continue;
    if (diagnostic.severity === vscode.DiagnosticSeverity.Error) counts.errors++;
    else if (diagnostic.severity === vscode.DiagnosticSeverity.Warning) counts.warnings++;
    else counts.other++;
  }
  return counts;
}

function describe(counts: { errors: number; warnings: number; other: number }): string {
  const parts = [
    counts.errors > 0 ? `${counts.errors} error${counts.errors === 1 ? '' : 's'}` : '',
    counts.warnings > 0 ? `${counts.warnings} warning${counts.warnings === 1 ? '' : 's'}` : '',
    counts.other > 0 ? `${counts.other} note${counts.other === 1 ? '' : 's'}` : '',
  ].filter((part) => part !== '');
  return parts.length > 0 ? parts.join(', ') : 'no problems';
}
