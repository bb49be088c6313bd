/**
 * File names of the generated scripts. Server names are kept as written, but a
 * name that could escape or break the output folder on Windows or POSIX is
 * made safe, deterministically: unsafe characters become `_`, a reserved
 * device name gets a `_` suffix, and a name longer than the limit is cut.
 */

export const MAX_COMPONENT_LENGTH = 100;

/** Characters Windows refuses in file names and the path separators. */
const UNSAFE_CHARACTERS = new Set(['/', '\\', ':', '*', '?', '"', '<', '>', '|']);
const RESERVED_NAMES = /^(con|prn|aux|nul|com[1-9]|lpt[1-9])$/i;

/** One safe file-name component (no separator, not `.`/`..`, no trailing dot or space). */
export function safeFileNameComponent(name: string): string {
  let safe = truncate(
    Array.from(name, (c) => (isUnsafe(c) ? '_' : c)).join(''),
    MAX_COMPONENT_LENGTH,
  );
  // A trailing dot or space is dropped by Windows; `.` and `..` name directories.
  safe = safe.replace(/[. ]+$/, (tail) => '_'.repeat(tail.length));
  if (safe === '') safe = '_';
  if (RESERVED_NAMES.test(safe)) safe += '_';
  return safe;
}

/** The first `length` characters, counted in code points so that no surrogate pair is split. */
function truncate(text: string, length: number): string {
  const characters = Array.from(text);
  return characters.length > length ? characters.slice(0, length).join('') : text;
}

/** Reserved characters, C0 and C1 controls, DEL, and the Unicode line and paragraph separators. */
function isUnsafe(character: string): boolean {
  const code = character.codePointAt(0) ?? 0;
  return (
    UNSAFE_CHARACTERS.has(character) ||
    code < 0x20 ||
    (code >= 0x7f && code <= 0x9f) ||
    code === 0x2028 ||
    code === 0x2029
  );
}

/**
 * Safe components for the Edge servers, in order, unique without regard to
 * case (Windows file names are case-insensitive). `mailbox` is taken by the
 * organization scripts: `<base>.mailbox.verify.ps1` would otherwise be both
 * the mailbox verification script and an Edge named "mailbox"'s.
 */
export function edgeFileNameComponents(names: readonly string[]): string[] {
  const taken = new Set<string>(['mailbox']);
  return names.map((name) => {
    const safe = safeFileNameComponent(name);
    let candidate = safe;
    for (let suffix = 2; taken.has(candidate.toLowerCase()); suffix++) {
      const tail = `_${suffix}`;
      candidate = truncate(safe, MAX_COMPONENT_LENGTH - tail.length) + tail;
    }
    taken.add(candidate.toLowerCase());
    return candidate;
  });
}

export function edgeScriptName(base: string, edge: string): string {
  return `${base}.${edge}.edge.ps1`;
}

export function edgeVerifyScriptName(base: string, edge: string): string {
  return `${base}.${edge}.verify.ps1`;
}

export function mailboxScriptName(base: string): string {
  return `${base}.mailbox.ps1`;
}

export function mailboxVerifyScriptName(base: string): string {
  return `${base}.mailbox.verify.ps1`;
}
