import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { repoPath } from '../../support/repo';

/**
 * The third-party notices that ship in dist/ (scripts/third-party-notices.mjs,
 * written by `npm run build`): every package whose code the bundles hold, as
 * their source maps name them, has its license reproduced; ELK's section says
 * which of its two licenses EdgeFlow takes and where its source is.
 */
const NOTICES = repoPath('dist', 'THIRD-PARTY-NOTICES.md');

interface NoticesModule {
  packageOfPath(file: string): string | undefined;
}

async function loadScript(): Promise<NoticesModule> {
  // An ES module of the build, loaded as the build loads it.
  const url = `file://${repoPath('scripts', 'third-party-notices.mjs')}`;
  return (await import(url)) as NoticesModule;
}

function bundledPackages(module: NoticesModule): Set<string> {
  const names = new Set<string>(['elkjs']);
  for (const bundle of ['cli', 'server', 'extension']) {
    const map = JSON.parse(fs.readFileSync(repoPath('dist', `${bundle}.js.map`), 'utf8')) as {
      sources: string[];
    };
    for (const source of map.sources) {
      const name = module.packageOfPath(source);
      if (name) names.add(name);
    }
  }
  return names;
}

/** The notice's sections: `## name version` and what follows, to the next. */
function sections(text: string): Map<string, string> {
  const found = new Map<string, string>();
  // Headings inside a license's ```text block are the license's own: skip the fences.
  let fenced = false;
  let current: string | undefined;
  for (const line of text.split('\n')) {
    if (line.startsWith('```')) fenced = !fenced;
    const heading = !fenced && /^## (\S+) /.exec(line);
    if (heading && heading[1]) {
      current = heading[1];
      found.set(current, '');
    } else if (current) found.set(current, `${found.get(current)}${line}\n`);
  }
  return found;
}

describe('third-party notices', () => {
  it('packageOfPath names the package of a bundled file, scoped or nested', async () => {
    const { packageOfPath } = await loadScript();
    assert.equal(packageOfPath('node_modules/ajv/dist/ajv.js'), 'ajv');
    assert.equal(packageOfPath('../node_modules/@vscode/l10n/dist/main.js'), '@vscode/l10n');
    assert.equal(
      packageOfPath('node_modules/vscode-uri/node_modules/path-browserify/index.js'),
      'path-browserify',
    );
    assert.equal(packageOfPath('server/src/core/index.ts'), undefined);
  });

  it('reproduce the license of every package the bundles hold', async () => {
    assert.ok(fs.existsSync(NOTICES), 'dist/THIRD-PARTY-NOTICES.md: run npm run build');
    const bySection = sections(fs.readFileSync(NOTICES, 'utf8'));
    const bundled = bundledPackages(await loadScript());
    assert.ok(bundled.size >= 20, `${bundled.size} packages`);
    for (const name of bundled) {
      const section = bySection.get(name);
      assert.ok(section, `${name} has a section`);
      assert.match(section, /^License: \S+/m, `${name} names its license`);
      assert.match(section, /```text\n[\s\S]{200,}\n```/, `${name}'s license text is reproduced`);
    }
  });

  it('say that ELK is taken under the EPL 2.0, and where its source is', () => {
    const elk = sections(fs.readFileSync(NOTICES, 'utf8')).get('elkjs') ?? '';
    assert.match(elk, /^License: EPL-2\.0 OR GPL-3\.0-or-later$/m);
    assert.match(elk, /EdgeFlow uses ELK under the Eclipse Public License 2\.0/);
    assert.match(elk, /source code is available at https:\/\/github\.com\/kieler\/elkjs/);
    assert.match(elk, /Shipped as: dist\/elk\.js/);
    assert.match(elk, /Eclipse Public License - v 2\.0/);
  });
});
