import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { repoPath } from '../../support/repo';

/**
 * The packages the core may import: pure JavaScript, no I/O, no transport.
 * elkjs's bundled build is ELK compiled by GWT: computation only, and its
 * "Worker" is an in-process stand-in (a setTimeout dispatch), no thread.
 */
const ALLOWED = new Set(['jsonc-parser', 'ajv', 'ipaddr.js', 'elkjs/lib/elk.bundled.js']);

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    return entry.isDirectory() ? sourceFiles(full) : entry.name.endsWith('.ts') ? [full] : [];
  });
}

describe('the core', () => {
  const core = repoPath('server', 'src', 'core');
  const files = sourceFiles(core);

  it('is transport-free: it imports only its own modules, the schema and pure libraries', () => {
    assert.ok(files.length > 10, 'the scan found the core sources');
    const offending: string[] = [];
    for (const file of files) {
      const text = fs.readFileSync(file, 'utf8');
      for (const match of text.matchAll(
        /(?:import|export)[^'"`;]*?from\s+['"]([^'"]+)['"]|require\(\s*['"]([^'"]+)['"]\s*\)|import\(\s*['"]([^'"]+)['"]\s*\)/g,
      )) {
        const specifier = match[1] ?? match[2] ?? match[3] ?? '';
        if (specifier.startsWith('.')) {
          const target = path.resolve(path.dirname(file), specifier);
          const inCore = target.startsWith(core + path.sep);
          const isSchema = target === repoPath('schemas', 'edgeflow.schema.json');
          if (!inCore && !isSchema)
            offending.push(`${path.relative(core, file)} imports ${specifier}`);
        } else if (!ALLOWED.has(specifier)) {
          offending.push(`${path.relative(core, file)} imports ${specifier}`);
        }
      }
    }
    assert.deepEqual(offending, []);
  });

  it('uses no Node or browser globals', () => {
    const globals =
      /\b(process|require|Buffer|__dirname|console|setTimeout|fetch|TextDecoder)\b\s*[.(]/;
    const offending = files.filter((f) =>
      globals.test(fs.readFileSync(f, 'utf8').replace(/\/\/.*$|\/\*[\s\S]*?\*\//gm, '')),
    );
    assert.deepEqual(
      offending.map((f) => path.relative(core, f)),
      [],
    );
  });
});
