import * as fs from 'node:fs';
import * as path from 'node:path';
import { globSync, isDynamicPattern } from 'tinyglobby';
import { UsageError } from './args';

export const TOPOLOGY_SUFFIX = '.edgeflow.json';

export interface SourceFile {
  /** As the user will recognise it: as given, or relative to the working directory. */
  readonly display: string;
  readonly absolute: string;
}

export interface Expansion {
  readonly files: SourceFile[];
  /** One message per argument that named nothing checkable. */
  readonly problems: string[];
}

/**
 * Turns `check` arguments into files: a file is taken whatever its name, a
 * directory is searched for topology files, and an argument that is no path
 * at all is tried as a glob. Deduplicated, sorted by displayed path.
 */
export function expandPaths(args: readonly string[], cwd: string): Expansion {
  const byAbsolute = new Map<string, SourceFile>();
  const problems: string[] = [];
  const add = (file: SourceFile) => {
    if (!byAbsolute.has(file.absolute)) byAbsolute.set(file.absolute, file);
  };
  for (const arg of args) {
    const absolute = path.resolve(cwd, arg);
    let stat: fs.Stats | undefined;
    try {
      stat = fs.statSync(absolute, { throwIfNoEntry: false });
    } catch (error) {
      problems.push(`${arg}: ${describeError(error)}`);
      continue;
    }
    if (stat?.isDirectory()) {
      const found: string[] = [];
      walk(absolute, found, problems, arg);
      if (found.length === 0)
        problems.push(`${arg}: no *${TOPOLOGY_SUFFIX} file in this directory`);
      for (const file of found)
        add({ display: path.join(arg, path.relative(absolute, file)), absolute: file });
    } else if (stat?.isFile()) {
      add({ display: path.normalize(arg), absolute });
    } else if (stat) {
      problems.push(`${arg}: not a file or directory`);
    } else if (isDynamicPattern(arg)) {
      const matches = globTopologies(arg, cwd);
      if (matches.length === 0)
        problems.push(`${arg}: no *${TOPOLOGY_SUFFIX} file matches this pattern`);
      for (const file of matches)
        add({ display: displayOf(file, cwd, path.isAbsolute(arg)), absolute: file });
    } else {
      problems.push(`${arg}: no such file or directory`);
    }
  }
  const files = [...byAbsolute.values()].sort((a, b) => compare(a.display, b.display));
  return { files, problems };
}

/** Code-unit order, so the output does not depend on the locale. */
function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Collects topology files below `dir`, skipping node_modules and dot-directories. */
function walk(dir: string, found: string[], problems: string[], shownAs: string): void {
  let entries: fs.Dirent[];
  try {
    entries = fs.readdirSync(dir, { withFileTypes: true });
  } catch (error) {
    problems.push(`${shownAs}: ${describeError(error)}`);
    return;
  }
  for (const entry of entries) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      if (entry.name !== 'node_modules' && !entry.name.startsWith('.')) {
        walk(full, found, problems, path.join(shownAs, entry.name));
      }
    } else if (
      entry.name.endsWith(TOPOLOGY_SUFFIX) &&
      (entry.isFile() || isLinkToFile(entry, full))
    ) {
      // Symbolic links to directories are not followed (no cycles); links to files are read.
      found.push(full);
    }
  }
}

function isLinkToFile(entry: fs.Dirent, full: string): boolean {
  return (
    entry.isSymbolicLink() && (fs.statSync(full, { throwIfNoEntry: false })?.isFile() ?? false)
  );
}

function globTopologies(pattern: string, cwd: string): string[] {
  return globSync(pattern, {
    cwd,
    absolute: true,
    onlyFiles: true,
    expandDirectories: false,
    ignore: ['**/node_modules/**'],
  })
    .map((file) => path.normalize(file))
    .filter((file) => file.endsWith(TOPOLOGY_SUFFIX));
}

function displayOf(absolute: string, cwd: string, keepAbsolute: boolean): string {
  if (keepAbsolute) return absolute;
  const relative = path.relative(cwd, absolute);
  // On Windows a file on another drive has no relative path.
  return path.isAbsolute(relative) ? absolute : relative;
}

/**
 * A Node file-system error in a few words, led by the path it concerns when
 * Node names one: every I/O message says what it is about.
 */
export function describeErrorWithPath(error: unknown, cwd = process.cwd()): string {
  const file = (error as { path?: unknown }).path;
  if (typeof file !== 'string') return describeError(error);
  return `${shownPath(file, cwd)}: ${describeError(error)}`;
}

/** An absolute path as a message shows it: relative to `cwd` when below it, else as it is. */
export function shownPath(file: string, cwd = process.cwd()): string {
  const relative = path.relative(cwd, file);
  return relative === '' || relative.startsWith('..') || path.isAbsolute(relative)
    ? file
    : relative;
}

/** A Node file-system error in a few words, without the syscall noise. */
export function describeError(error: unknown): string {
  const code = (error as { code?: unknown }).code;
  switch (code) {
    case 'ENOENT':
      return 'no such file or directory';
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    case 'EISDIR':
      return 'is a directory';
    case 'ENOTDIR':
      return 'a part of the path is not a directory';
    default:
      return error instanceof Error ? error.message : String(error);
  }
}

export type Source =
  | {
      readonly file: SourceFile;
      readonly text: string;
      /** The file as read, to see whether it changed before it is rewritten. */
      readonly bytes: Uint8Array;
      /** Whether the file starts with a byte order mark (dropped from `text`, kept on rewrite). */
      readonly bom: boolean;
    }
  | { readonly file: SourceFile; readonly invalidByte: number };

/** Reads one file as UTF-8 text (a BOM is dropped); throws only on I/O errors. */
export function readSource(file: SourceFile): Source {
  const bytes = fs.readFileSync(file.absolute);
  try {
    const text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    const bom = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf;
    return { file, text, bytes, bom };
  } catch {
    return { file, invalidByte: Math.max(0, firstInvalidUtf8(bytes)) };
  }
}

/**
 * The offset of the first byte that starts no well-formed UTF-8 sequence
 * (the WHATWG decoder's rules: no overlongs, surrogates or code points past
 * U+10FFFF), or -1 when every byte is fine.
 */
export function firstInvalidUtf8(bytes: Uint8Array): number {
  let i = 0;
  while (i < bytes.length) {
    const lead = bytes[i] ?? 0;
    if (lead < 0x80) {
      i++;
      continue;
    }
    let trailing: number;
    let low = 0x80;
    let high = 0xbf;
    if (lead >= 0xc2 && lead <= 0xdf) trailing = 1;
    else if (lead >= 0xe0 && lead <= 0xef) {
      trailing = 2;
      if (lead === 0xe0) low = 0xa0;
      if (lead === 0xed) high = 0x9f;
    } else if (lead >= 0xf0 && lead <= 0xf4) {
      trailing = 3;
      if (lead === 0xf0) low = 0x90;
      if (lead === 0xf4) high = 0x8f;
    } else return i;
    for (let k = 1; k <= trailing; k++) {
      const byte = bytes[i + k];
      // Only the first continuation byte has a narrowed range.
      if (byte === undefined || byte < (k === 1 ? low : 0x80) || byte > (k === 1 ? high : 0xbf))
        return i;
    }
    i += trailing + 1;
  }
  return -1;
}

/**
 * The one topology file a command (generate, trace) takes: read, or the I/O
 * problem reported to `err` and undefined (exit 2). A file that is not UTF-8
 * text comes back as such: each command says what it does not do then.
 */
export function readTopologyArgument(
  positionals: readonly string[],
  command: string,
  err: (text: string) => void,
): { readonly display: string; readonly source: Source } | undefined {
  if (positionals.length !== 1) throw new UsageError(`${command} takes exactly one topology file`);
  const topologyPath = positionals[0] as string;
  const display = path.normalize(topologyPath);
  try {
    return { display, source: readSource({ display, absolute: path.resolve(topologyPath) }) };
  } catch (error) {
    err(`edgeflow: ${display}: ${describeError(error)}\n`);
    return undefined;
  }
}
