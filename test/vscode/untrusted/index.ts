import * as fs from 'node:fs';
import * as path from 'node:path';
import * as util from 'node:util';

/**
 * The entry point that VS Code calls inside the extension host (the
 * `extensionTestsPath` of @vscode/test-electron, the `payload` of the
 * code-server workbench) for the restricted-mode phase: runs every compiled
 * `*.test.js` of this folder (suite/ holds the trusted ones) with
 * mocha, in file-name order, and rejects when a test fails.
 */
export async function run(): Promise<void> {
  // mocha 12 is an ES module; a dynamic import works in every extension host
  // (Electron's Node included), where require() of an ES module may not.
  const { default: Mocha } = await import('mocha');
  const mocha = new Mocha({ ui: 'bdd', reporter: 'spec', color: false, timeout: 60_000 });
  // In code-server the extension host's console reaches the runner among the
  // workbench's own log lines; a prefix lets the runner pick out the report.
  const prefix = process.env.EDGEFLOW_VSCODE_LOG_PREFIX;
  if (prefix) {
    Mocha.reporters.Base.consoleLog = (...args: unknown[]) =>
      console.log(prefix + util.format(...args));
  }
  const files = fs
    .readdirSync(__dirname)
    .filter((name) => name.endsWith('.test.js'))
    .sort();
  for (const file of files) mocha.addFile(path.join(__dirname, file));

  return new Promise((resolve, reject) => {
    try {
      mocha.run((failures) => {
        if (failures > 0)
          reject(new Error(`${failures} of the EdgeFlow untrusted-workspace tests failed.`));
        else resolve();
      });
    } catch (error) {
      reject(error instanceof Error ? error : new Error(String(error)));
    }
  });
}
