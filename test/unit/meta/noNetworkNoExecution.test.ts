import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { repoPath } from '../../support/repo';

/**
 * The language server does no network I/O and never executes anything from
 * the workspace: no module of the server, the core or the script writer
 * imports a network, process, worker or code-evaluation module, nor evaluates
 * strings as code. (Ajv compiles the bundled schema with `new Function`
 * inside node_modules; that is our own schema, not workspace content.) The
 * runtime side is test/lsp/permissions.test.ts.
 */

const SCANNED = [
  ['server', 'src', 'languageServer'],
  ['server', 'src', 'core'],
  ['server', 'src', 'scriptFiles'],
  ['server', 'src', 'config'],
];

/** Node modules that open sockets, start processes or threads, or evaluate code. */
const FORBIDDEN_BUILTINS = new Set([
  'net',
  'http',
  'https',
  'http2',
  'dgram',
  'tls',
  'dns',
  'child_process',
  'cluster',
  'worker_threads',
  'vm',
  'inspector',
  'module',
]);

/** The packages these modules may use; a new dependency must be looked at (and added) here. */
const ALLOWED_PACKAGES = new Set([
  'ajv',
  // The diagram's layout (ELK compiled by GWT): no require, no eval or Function, no real
  // worker (its "Worker" dispatches in process with setTimeout), no network.
  'elkjs/lib/elk.bundled.js',
  'ipaddr.js',
  'jsonc-parser',
  'vscode-json-languageservice',
  'vscode-languageserver',
  'vscode-languageserver/node',
  'vscode-languageserver-textdocument',
]);

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    return entry.isDirectory() ? sourceFiles(full) : entry.name.endsWith('.ts') ? [full] : [];
  });
}

const withoutComments = (text: string) => text.replace(/\/\/.*$|\/\*[\s\S]*?\*\//gm, '');

describe('no network, no execution', () => {
  const files = SCANNED.flatMap((parts) => sourceFiles(repoPath(...parts)));
  const relative = (file: string) => path.relative(repoPath(), file);

  it('imports no module that opens a socket, starts a process or thread, or evaluates code', () => {
    assert.ok(files.length > 50, `the scan found ${files.length} sources`);
    const offending: string[] = [];
    for (const file of files) {
      const text = withoutComments(fs.readFileSync(file, 'utf8'));
      const specifiers = [
        ...text.matchAll(
          /(?:import|export)[^'"`;]*?from\s+['"]([^'"]+)['"]|import\s+['"]([^'"]+)['"]|require\(\s*['"]([^'"]+)['"]\s*\)|import\(\s*['"]([^'"]+)['"]\s*\)/g,
        ),
      ].map((m) => m[1] ?? m[2] ?? m[3] ?? m[4] ?? '');
      for (const specifier of specifiers) {
        if (specifier.startsWith('.')) continue;
        const builtin = specifier.replace(/^node:/, '').split('/')[0] ?? '';
        const isBuiltin = specifier.startsWith('node:') || FORBIDDEN_BUILTINS.has(builtin);
        if (isBuiltin ? FORBIDDEN_BUILTINS.has(builtin) : !ALLOWED_PACKAGES.has(specifier))
          offending.push(`${relative(file)} imports ${specifier}`);
      }
    }
    assert.deepEqual(offending, []);
  });

  it('loads no module by a computed name and evaluates no string as code', () => {
    const patterns: [RegExp, string][] = [
      [/\beval\s*\(/, 'eval('],
      [/\bnew\s+Function\s*\(/, 'new Function('],
      [/\bFunction\s*\(\s*['"`]/, 'Function("...")'],
      [/\brequire\s*\(\s*[^'")\s]/, 'require(<computed>)'],
      [/\bimport\s*\(\s*[^'")\s]/, 'import(<computed>)'],
      [/\bset(?:Timeout|Interval)\s*\(\s*['"`]/, 'setTimeout("...")'],
    ];
    const offending: string[] = [];
    for (const file of files) {
      const text = withoutComments(fs.readFileSync(file, 'utf8'));
      for (const [pattern, what] of patterns)
        if (pattern.test(text)) offending.push(`${relative(file)}: ${what}`);
    }
    assert.deepEqual(offending, []);
  });
});
