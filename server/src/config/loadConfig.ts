import * as fs from 'node:fs';
import * as path from 'node:path';
import {
  CONFIG_FILE_NAME,
  parseProjectConfig,
  unusableConfig,
  type ProjectConfig,
} from './projectConfig';

/**
 * A config file larger than this is refused unread: a real one is a few
 * hundred bytes, and this bounds the work a stray file can cause.
 */
export const MAX_CONFIG_SIZE = 1024 * 1024;

/**
 * Reads the config file at `file` (absolute). Never throws: an I/O problem is
 * a problem of the config.
 */
export function readProjectConfig(file: string): ProjectConfig {
  let bytes: Buffer;
  try {
    const size = fs.statSync(file).size;
    if (size > MAX_CONFIG_SIZE) {
      return unusableConfig(file, `is ${size} bytes, more than ${MAX_CONFIG_SIZE}: not read`);
    }
    bytes = fs.readFileSync(file);
  } catch (error) {
    return unusableConfig(file, `cannot be read: ${describeIoError(error)}`);
  }
  let text: string;
  try {
    // A byte-order mark is dropped, as for topologies.
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return unusableConfig(file, 'is not UTF-8 text');
  }
  return parseProjectConfig(text, file);
}

/**
 * Finds and reads the `edgeflow.config.json` that applies to a folder: the
 * one in it, or else in its nearest ancestor, up to the root of the file
 * system — as bicepconfig.json or .markdownlint.json are found. The CLI and
 * the server walk the same way, so that a topology gets the same rules in the
 * editor as in CI. The nearest file is the configuration even when it is
 * broken: the search does not go on to an ancestor's, whose rules the author
 * of the nearer file meant to replace.
 *
 * Results are cached per folder until `clear()`: the CLI checks a folder of
 * topologies with one read per config, and the server clears the cache when a
 * config file changes.
 */
export class ConfigLoader {
  private readonly byFolder = new Map<string, ProjectConfig | null>();
  private readonly byFile = new Map<string, ProjectConfig>();

  /** The config for the topology at `file`: the nearest one from its folder up, or undefined. */
  forFile(file: string): ProjectConfig | undefined {
    return this.forFolder(path.dirname(path.resolve(file)));
  }

  /** The config that applies to files in `folder`, or undefined when there is none. */
  forFolder(folder: string): ProjectConfig | undefined {
    const start = path.resolve(folder);
    const walked: string[] = [];
    let found: ProjectConfig | null = null;
    for (let current = start; ;) {
      const cached = this.byFolder.get(current);
      if (cached !== undefined) {
        found = cached;
        break;
      }
      walked.push(current);
      const candidate = path.join(current, CONFIG_FILE_NAME);
      if (exists(candidate)) {
        found = this.read(candidate);
        break;
      }
      const parent = path.dirname(current);
      if (parent === current) break;
      current = parent;
    }
    for (const folderWalked of walked) this.byFolder.set(folderWalked, found);
    return found ?? undefined;
  }

  /** Forgets every config read: the next question reads the files again. */
  clear(): void {
    this.byFolder.clear();
    this.byFile.clear();
  }

  private read(file: string): ProjectConfig {
    let config = this.byFile.get(file);
    if (!config) {
      config = readProjectConfig(file);
      this.byFile.set(file, config);
    }
    return config;
  }
}

/**
 * Whether something is at `file`. Only "no such file" means no: a config that
 * exists but cannot be examined (no permission) is found, and then reported.
 */
function exists(file: string): boolean {
  try {
    return fs.lstatSync(file, { throwIfNoEntry: false }) !== undefined;
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    return code !== 'ENOENT' && code !== 'ENOTDIR';
  }
}

function describeIoError(error: unknown): string {
  const code = (error as { code?: unknown }).code;
  if (code === 'ENOENT') return 'no such file or directory';
  if (code === 'EACCES' || code === 'EPERM') return 'permission denied';
  if (code === 'EISDIR') return 'it is a directory';
  return error instanceof Error ? error.message : String(error);
}
