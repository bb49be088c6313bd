// Checks what the VS Code extension package holds. `vsce ls --no-dependencies`
// lists the files `vsce package` would put in the .vsix (offline, in seconds):
// every file the extension needs must be there, nothing else may be (no
// node_modules, sources, tests, source maps). Then the .vsix is built the way
// `npm run package` builds it, into a temporary folder, and its zip directory
// is read: the same files, and small. An edgeflow.vsix left by `npm run
// package` is checked the same way: its extension page (the packaged readme)
// must show no broken image and no dead link in VS Code (see
// checkReadmeLinks). Exit code 1 on any problem.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import { Buffer } from 'node:buffer';
import { inflateRawSync } from 'node:zlib';
import { createRequire } from 'node:module';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const VSIX = path.join(ROOT, 'edgeflow.vsix');
const MAX_VSIX_BYTES = 2 * 1024 * 1024;

/** What the extension uses at run time; `vsce package` adds nothing else. */
const REQUIRED = [
  'package.json',
  'README.md',
  'CHANGELOG.md',
  'LICENSE',
  'RULES.md',
  'dist/extension.js',
  'dist/server.js',
  'dist/elk.js',
  'dist/terminateProcess.sh',
  // The licenses of what the bundles hold (scripts/third-party-notices.mjs).
  'dist/THIRD-PARTY-NOTICES.md',
  'language-configuration.json',
  'schemas/edgeflow.schema.json',
  'schemas/edgeflow.config.schema.json',
  'snippets/edgeflow.code-snippets',
  'syntaxes/edgeflow.tmLanguage.json',
  'images/icon.png',
  'examples/contoso.edgeflow.json',
];
/** Besides those, only further images. */
const ALLOWED = [/^images\/[\w.-]+\.(png|svg)$/];
/** Named for a clearer message; the allow-list already keeps them out. */
const FORBIDDEN = [
  [/(^|\/)node_modules\//, 'node_modules'],
  [/\.ts$/, 'TypeScript source'],
  [/\.map$/, 'source map'],
  [/^(test|out|client|server|scripts|\.vscode|\.ci|\.vscode-test)\//, 'a development folder'],
];

function runVsce(args) {
  const require = createRequire(import.meta.url);
  const vsce = path.join(path.dirname(require.resolve('@vscode/vsce/package.json')), 'vsce');
  const result = spawnSync(process.execPath, [vsce, ...args], {
    cwd: ROOT,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  if (result.status !== 0) {
    throw new Error(`vsce ${args[0]} failed (${result.status}):\n${result.stderr}${result.stdout}`);
  }
  return result.stdout;
}

/** The arguments of `vsce package` in the `package` script of package.json, without its output. */
function packageArguments() {
  const script = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')).scripts
    .package;
  const command = /vsce (package[^&]*)/.exec(script)?.[1];
  if (!command) throw new Error(`the package script does not run vsce package: ${script}`);
  const args = command.trim().split(/\s+/);
  const out = args.findIndex((arg) => arg === '-o' || arg === '--out');
  if (out >= 0) args.splice(out, 2);
  return args;
}

/** The extension's page: the package script's --readme-path, else README.md. */
function readmePath() {
  const args = packageArguments();
  const at = args.indexOf('--readme-path');
  return at >= 0 ? args[at + 1] : 'README.md';
}

function listPackage() {
  const readme = readmePath();
  return runVsce(['ls', '--no-dependencies', '--readme-path', readme])
    .split(/\r?\n/)
    .map((line) => line.trim().replace(/\\/g, '/'))
    .filter(Boolean)
    .map((file) => (file === readme ? 'README.md' : file))
    .sort();
}

/** Builds the .vsix into `file` with the options of the `package` script of package.json. */
function buildPackage(file) {
  runVsce([...packageArguments(), '--out', file]);
}

/** The files the manifest's walkthroughs show: each must be packaged. */
function walkthroughMedia() {
  const manifest = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
  return (manifest.contributes?.walkthroughs ?? []).flatMap((walkthrough) =>
    (walkthrough.steps ?? []).flatMap((step) => {
      const media = step.media ?? {};
      const image =
        typeof media.image === 'string' ? [media.image] : Object.values(media.image ?? {});
      return [media.markdown, media.svg, ...image].filter((file) => typeof file === 'string');
    }),
  );
}

/** Problems of a list of packaged paths (relative to the extension root). */
function checkFiles(files, where) {
  const problems = [];
  const media = walkthroughMedia();
  for (const file of media) {
    if (!files.includes(file))
      problems.push(`${where}: missing ${file} (a walkthrough step shows it)`);
  }
  for (const file of REQUIRED) {
    if (!files.includes(file)) {
      const hint = file.startsWith('dist/') ? ' (run npm run build first)' : '';
      problems.push(`${where}: missing ${file}${hint}`);
    }
  }
  for (const file of files) {
    const forbidden = FORBIDDEN.find(([pattern]) => pattern.test(file));
    if (forbidden) problems.push(`${where}: ${file} must not be packaged (${forbidden[1]})`);
    else if (
      !REQUIRED.includes(file) &&
      !media.includes(file) &&
      !ALLOWED.some((pattern) => pattern.test(file))
    ) {
      problems.push(`${where}: ${file} is not meant to be packaged (see .vscodeignore)`);
    }
  }
  return problems;
}

/** The names in a zip file's central directory (a .vsix is a zip). */
function zipEntries(bytes) {
  return zipDirectory(bytes).map((entry) => entry.name);
}

/** One file of a zip, decompressed (stored or deflated, the two methods vsce writes). */
function zipRead(bytes, name) {
  const entry = zipDirectory(bytes).find((e) => e.name === name);
  if (!entry) return undefined;
  const LOCAL = 0x04034b50;
  if (bytes.readUInt32LE(entry.localOffset) !== LOCAL) throw new Error(`broken zip entry ${name}`);
  const start =
    entry.localOffset +
    30 +
    bytes.readUInt16LE(entry.localOffset + 26) +
    bytes.readUInt16LE(entry.localOffset + 28);
  const data = bytes.subarray(start, start + entry.compressedSize);
  if (entry.method === 0) return data;
  if (entry.method === 8) return inflateRawSync(data);
  throw new Error(`zip entry ${name}: compression method ${entry.method}`);
}

function zipDirectory(bytes) {
  const END = 0x06054b50;
  const ENTRY = 0x02014b50;
  let end = -1;
  for (let i = bytes.length - 22; i >= Math.max(0, bytes.length - 22 - 0xffff); i--) {
    if (bytes.readUInt32LE(i) === END) {
      end = i;
      break;
    }
  }
  if (end < 0) throw new Error('not a zip file (no end of central directory)');
  const count = bytes.readUInt16LE(end + 10);
  let offset = bytes.readUInt32LE(end + 16);
  const names = [];
  for (let n = 0; n < count; n++) {
    if (bytes.readUInt32LE(offset) !== ENTRY) throw new Error('broken zip central directory');
    const nameLength = bytes.readUInt16LE(offset + 28);
    const extraLength = bytes.readUInt16LE(offset + 30);
    const commentLength = bytes.readUInt16LE(offset + 32);
    names.push({
      name: bytes.toString('utf8', offset + 46, offset + 46 + nameLength),
      method: bytes.readUInt16LE(offset + 10),
      compressedSize: bytes.readUInt32LE(offset + 20),
      localOffset: bytes.readUInt32LE(offset + 42),
    });
    offset += 46 + nameLength + extraLength + commentLength;
  }
  return names;
}

/** GitHub's and VS Code's heading anchors: lower case, punctuation dropped, spaces as hyphens. */
function anchorOf(heading) {
  return heading
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\s_-]/gu, '')
    .replace(/\s/g, '-');
}

/** The first bytes of each image type the page may inline. */
const SIGNATURES = {
  'image/png': [0x89, 0x50, 0x4e, 0x47],
  'image/jpeg': [0xff, 0xd8, 0xff],
  'image/gif': [0x47, 0x49, 0x46, 0x38],
};

/**
 * The images and links of the packaged page that an installed extension's
 * page would show broken or dead. VS Code renders the readme in a webview
 * with no base address and `img-src https: data:`: a relative image stays
 * unresolved, a relative link leads nowhere, and a web address needs a
 * network this page must not depend on. So every image is an inlined data:
 * URI of a real image, and every link goes to a heading of the page.
 */
function checkReadmeLinks(readme, where) {
  const text = readme.replace(/```[\s\S]*?```/g, '').replace(/`[^`\n]*`/g, '');
  const anchors = new Set(
    [...readme.matchAll(/^#{1,6}\s+(.+)$/gm)].map((m) => anchorOf(m[1] ?? '')),
  );
  const images = [
    ...[...text.matchAll(/!\[[^\]]*\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)/g)].map((m) => m[1]),
    ...[...text.matchAll(/<img\b[^>]*\bsrc="([^"]+)"/gi)].map((m) => m[1]),
  ];
  const links = [
    ...[...text.matchAll(/(?<!!)\[[^\]]*\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)/g)].map(
      (m) => m[1],
    ),
    ...[...text.matchAll(/<a\b[^>]*\bhref="([^"]+)"/gi)].map((m) => m[1]),
    ...[...text.matchAll(/^\s*\[[^\]]+\]:\s*(\S+)/gm)].map((m) => m[1]),
  ];
  const problems = [];
  if (images.length === 0)
    problems.push(`${where}: the extension page shows no image (the screenshot)`);
  for (const image of images) {
    const inline = /^data:(image\/[a-z]+);base64,([A-Za-z0-9+/=]+)$/.exec(image);
    const signature = inline && SIGNATURES[inline[1]];
    const bytes = inline ? Buffer.from(inline[2], 'base64') : undefined;
    if (!signature || !bytes || !signature.every((byte, i) => bytes[i] === byte)) {
      problems.push(
        `${where}: the extension page's image ${image.slice(0, 60)} is not an inlined PNG, JPEG or GIF (VS Code would show it broken)`,
      );
    }
  }
  for (const link of links) {
    if (!link.startsWith('#')) {
      problems.push(
        `${where}: the extension page links to ${link}, which VS Code cannot open from it`,
      );
    } else if (!anchors.has(link.slice(1))) {
      problems.push(`${where}: no heading for the link ${link}`);
    }
  }
  return { problems, count: images.length + links.length };
}

/** vsce renames these when it packages them. */
const VSIX_NAMES = new Map([
  ['readme.md', 'README.md'],
  ['changelog.md', 'CHANGELOG.md'],
  ['LICENSE.txt', 'LICENSE'],
]);

function checkVsix(file, listed) {
  const name = path.basename(file);
  const bytes = fs.readFileSync(file);
  const problems = [];
  const entries = zipEntries(bytes);
  for (const required of ['extension.vsixmanifest', '[Content_Types].xml']) {
    if (!entries.includes(required)) problems.push(`${name}: missing ${required}`);
  }
  const files = entries
    .filter((entry) => entry.startsWith('extension/'))
    .map((entry) => entry.slice('extension/'.length))
    .map((entry) => VSIX_NAMES.get(entry) ?? entry)
    .sort();
  problems.push(...checkFiles(files, name));
  const readme = zipRead(bytes, 'extension/readme.md') ?? zipRead(bytes, 'extension/README.md');
  let links = 0;
  if (!readme) problems.push(`${name}: no readme.md (the extension's page)`);
  else {
    const checked = checkReadmeLinks(readme.toString('utf8'), name);
    problems.push(...checked.problems);
    links = checked.count;
  }
  if (JSON.stringify(files) !== JSON.stringify(listed)) {
    problems.push(`${name} holds other files than vsce ls lists (stale? run npm run package)`);
  }
  if (bytes.length >= MAX_VSIX_BYTES) {
    problems.push(`${name} is ${kib(bytes.length)}, more than ${kib(MAX_VSIX_BYTES)}`);
  }
  return {
    problems,
    summary: `${name}: ${entries.length} entries, ${kib(bytes.length)}, its page's ${links} images and links work offline`,
  };
}

function kib(bytes) {
  return `${(bytes / 1024).toFixed(1)} KiB`;
}

const listed = listPackage();
const problems = checkFiles(listed, 'vsce ls');
const summaries = [`vsce ls: ${listed.length} files`];
const temporary = fs.mkdtempSync(path.join(os.tmpdir(), 'edgeflow-package-'));
try {
  const built = path.join(temporary, 'edgeflow-check.vsix');
  buildPackage(built);
  const vsix = checkVsix(built, listed);
  problems.push(...vsix.problems);
  summaries.push(`built ${vsix.summary}`);
} finally {
  fs.rmSync(temporary, { recursive: true, force: true });
}
if (fs.existsSync(VSIX)) {
  const vsix = checkVsix(VSIX, listed);
  problems.push(...vsix.problems);
  summaries.push(vsix.summary);
}
if (problems.length > 0) {
  console.error(`package:check failed:\n${problems.map((p) => `  ${p}`).join('\n')}`);
  process.exitCode = 1;
} else {
  console.log(`package:check: ${summaries.join('; ')}; all as expected`);
}
