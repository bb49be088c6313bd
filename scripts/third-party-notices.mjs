// The notices of the third-party code that ships inside dist/: every package
// esbuild bundled (from the bundles' metafiles), plus the files copied beside
// them (ELK's layout, vscode-languageclient's terminateProcess.sh). Each
// package's name, version, license and full license text, as its license asks
// when it is redistributed.
//
// ELK (elkjs) is offered under "EPL-2.0 OR GPL-3.0-or-later"; EdgeFlow takes
// it under the Eclipse Public License 2.0. dist/elk.js is the unmodified file
// elkjs/lib/elk.bundled.js, a separate file the bundles load at run time (not
// merged into EdgeFlow's code), and EPL-2.0 §3.1 asks that recipients of the
// object code be told where its source code is: that is written next to it.
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** Packages that ship as files copied into dist/ rather than bundled. */
const COPIED = {
  elkjs: 'dist/elk.js (the unmodified elkjs/lib/elk.bundled.js)',
  'vscode-languageclient': 'dist/terminateProcess.sh',
};

/**
 * Packages another package compiled into its own file, so not installed on
 * their own: vscode-uri's lib/ holds path-browserify (its source map names
 * node_modules/path-browserify/index.js). Their license, as their registry
 * entries give it; a new one stops the build until it is added here.
 */
const EMBEDDED = {
  'path-browserify': {
    in: 'vscode-uri',
    manifest: {
      version: '(the version vscode-uri embeds)',
      license: 'MIT',
      author: 'James Halliday',
      repository: 'https://github.com/browserify/path-browserify',
    },
  },
};

/** The package a bundled file belongs to: the last node_modules/<name> (or @scope/name) in its path. */
export function packageOfPath(file) {
  const normalised = file.replace(/\\/g, '/');
  const at = normalised.lastIndexOf('node_modules/');
  if (at < 0) return undefined;
  const parts = normalised.slice(at + 'node_modules/'.length).split('/');
  if (!parts[0]) return undefined;
  return parts[0].startsWith('@') ? `${parts[0]}/${parts[1]}` : parts[0];
}

function licenseText(directory) {
  const file = readdirSync(directory).find((name) => /^(licen[cs]e|copying)(\.|$)/i.test(name));
  return file ? readFileSync(join(directory, file), 'utf8').trim() : undefined;
}

function repositoryOf(manifest) {
  const repository = manifest.repository;
  const url = typeof repository === 'string' ? repository : repository?.url;
  return url?.replace(/^git\+/, '').replace(/\.git$/, '');
}

/**
 * A package that ships no license file but declares MIT (@vscode/l10n): the
 * MIT text with the author its package.json names, said to be reconstructed.
 * Any other license without its text stops the build: it must be looked at.
 */
function declaredMitText(
  name,
  manifest,
  where = 'ships no license file; its package.json declares',
) {
  if (manifest.license !== 'MIT')
    throw new Error(`third-party notices: ${name} has no license file to reproduce`);
  const author = typeof manifest.author === 'string' ? manifest.author : manifest.author?.name;
  return [
    `(${name} ${where} MIT${author ? `, author ${author}` : ''}.)`,
    '',
    `Copyright (c) ${author ?? `the ${name} authors`}`,
    '',
    'Permission is hereby granted, free of charge, to any person obtaining a copy of this software',
    'and associated documentation files (the "Software"), to deal in the Software without',
    'restriction, including without limitation the rights to use, copy, modify, merge, publish,',
    'distribute, sublicense, and/or sell copies of the Software, and to permit persons to whom the',
    'Software is furnished to do so, subject to the following conditions:',
    '',
    'The above copyright notice and this permission notice shall be included in all copies or',
    'substantial portions of the Software.',
    '',
    'THE SOFTWARE IS PROVIDED "AS IS", WITHOUT WARRANTY OF ANY KIND, EXPRESS OR IMPLIED, INCLUDING',
    'BUT NOT LIMITED TO THE WARRANTIES OF MERCHANTABILITY, FITNESS FOR A PARTICULAR PURPOSE AND',
    'NONINFRINGEMENT. IN NO EVENT SHALL THE AUTHORS OR COPYRIGHT HOLDERS BE LIABLE FOR ANY CLAIM,',
    'DAMAGES OR OTHER LIABILITY, WHETHER IN AN ACTION OF CONTRACT, TORT OR OTHERWISE, ARISING FROM,',
    'OUT OF OR IN CONNECTION WITH THE SOFTWARE OR THE USE OR OTHER DEALINGS IN THE SOFTWARE.',
  ].join('\n');
}

/**
 * Writes dist/THIRD-PARTY-NOTICES.md for the packages named by `inputs` (the
 * bundles' input paths) and the copied files; returns the package names.
 */
export function writeThirdPartyNotices(root, inputs) {
  const names = new Set(Object.keys(COPIED));
  for (const input of inputs) {
    const name = packageOfPath(input);
    if (name) names.add(name);
  }
  const sorted = [...names].sort();
  const sections = sorted.map((name) => {
    const directory = join(root, 'node_modules', name);
    const embedded = EMBEDDED[name];
    if (!embedded && !existsSync(join(directory, 'package.json')))
      throw new Error(`third-party notices: ${name} is bundled but not in node_modules`);
    const manifest =
      embedded?.manifest ?? JSON.parse(readFileSync(join(directory, 'package.json'), 'utf8'));
    const text = embedded
      ? declaredMitText(name, manifest, `is compiled into ${embedded.in}'s file; its license is`)
      : (licenseText(directory) ?? declaredMitText(name, manifest));
    const lines = [`## ${name} ${manifest.version}`, '', `License: ${manifest.license}`];
    const repository = repositoryOf(manifest);
    if (repository) lines.push(`Source: ${repository}`);
    if (COPIED[name]) lines.push(`Shipped as: ${COPIED[name]}`);
    if (embedded) lines.push(`Shipped as: part of ${embedded.in}'s compiled file`);
    if (name === 'elkjs')
      lines.push(
        'EdgeFlow uses ELK under the Eclipse Public License 2.0 (one of the two licenses it is',
        `offered under). Its source code is available at ${repository ?? 'https://github.com/kieler/elkjs'}`,
        `(release ${manifest.version}) and in the elkjs package on the npm registry.`,
      );
    lines.push('', '```text', text.replace(/```/g, "'''"), '```');
    return lines.join('\n');
  });
  const document = [
    '# Third-party notices',
    '',
    'EdgeFlow is MIT-licensed (see LICENSE). Its bundles contain, or ship beside them, the',
    'following third-party packages, each under its own license, reproduced here.',
    '',
    ...sections.map((s) => `${s}\n`),
  ].join('\n');
  writeFileSync(join(root, 'dist', 'THIRD-PARTY-NOTICES.md'), document);
  return sorted;
}
