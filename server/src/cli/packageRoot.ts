import * as fs from 'node:fs';
import * as path from 'node:path';

interface Manifest {
  readonly name?: unknown;
  readonly version?: unknown;
}

let root: { dir: string; manifest: Manifest } | undefined;

/**
 * The installed package: found by walking up from this module, which works
 * both from the bundle in dist/ and from the tsc output in out/.
 */
function findRoot(): { dir: string; manifest: Manifest } {
  if (root) return root;
  for (let dir = __dirname; ; dir = path.dirname(dir)) {
    const manifest = readManifest(path.join(dir, 'package.json'));
    if (manifest?.name === 'edgeflow') return (root = { dir, manifest });
    if (path.dirname(dir) === dir)
      throw new Error(`the EdgeFlow package was not found above ${__dirname}`);
  }
}

function readManifest(file: string): Manifest | undefined {
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8')) as Manifest;
  } catch {
    return undefined;
  }
}

export function packageDir(): string {
  return findRoot().dir;
}

export function packageVersion(): string {
  const version = findRoot().manifest.version;
  return typeof version === 'string' ? version : '0.0.0';
}
