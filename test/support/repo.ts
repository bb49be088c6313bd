import * as fs from 'node:fs';
import * as path from 'node:path';

/** The repository root: the compiled tests run from out/test/..., the sources live above. */
export const REPO_ROOT = (() => {
  let dir = __dirname;
  while (!fs.existsSync(path.join(dir, 'package.json'))) {
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error('package.json not found above ' + __dirname);
    dir = parent;
  }
  return dir;
})();

export function repoPath(...parts: string[]): string {
  return path.join(REPO_ROOT, ...parts);
}

export function readRepoFile(...parts: string[]): string {
  return fs.readFileSync(repoPath(...parts), 'utf8');
}

/** The specification's reference topology, kept in the repository as the Contoso example. */
export function referenceTopology(): string {
  return readRepoFile('examples', 'contoso.edgeflow.json');
}
