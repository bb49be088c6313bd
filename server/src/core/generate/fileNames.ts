/**
 * File names of the generated scripts. Server names are kept as written, but a
 * name that could escape or break the output folder on Windows or POSIX is
 * made safe, deterministically: unsafe characters become `_`, a reserved
 * device name gets a `_` after it, and a name longer than the limit is cut.
 */

/**
 * The longest component, in UTF-8 bytes: two of them, the dots and
 * `.verify.ps1` (and the temporary name written beside it) stay within the
 * 255 bytes a file name may have on Linux and macOS, and the 255 UTF-16 code
 * units of Windows.
 */
export const MAX_COMPONENT_LENGTH = 100;

/** Characters Windows refuses in file names and the path separators. */
const UNSAFE_CHARACTERS = new Set(['/', '\\', ':', '*', '?', '"', '<', '>', '|']);
/**
 * Windows device names, in any case, alone or before an extension: `NUL.txt`
 * and `CON .x.ps1` are the devices too, so a script named so would be lost.
 */
const RESERVED_NAMES =
  /^(con|prn|aux|nul|com[0-9\u00B9\u00B2\u00B3]|lpt[0-9\u00B9\u00B2\u00B3]|conin\$|conout\$)(?=\s*(?:\.|$))/i;

/** One safe file-name component (no separator, not `.`/`..`, no trailing dot or space). */
export function safeFileNameComponent(name: string): string {
  let safe = truncate(
    Array.from(name, (c) => (isUnsafe(c) ? '_' : c)).join(''),
    MAX_COMPONENT_LENGTH,
  );
  // A trailing dot or space is dropped by Windows; `.` and `..` name directories.
  safe = safe.replace(/[. ]+$/, (tail) => '_'.repeat(tail.length));
  if (safe === '') safe = '_';
  return safe.replace(RESERVED_NAMES, '$1_');
}

/** The longest start of `text` of at most `bytes` UTF-8 bytes, whole characters only. */
function truncate(text: string, bytes: number): string {
  let used = 0;
  let result = '';
  for (const character of text) {
    const code = character.codePointAt(0) ?? 0;
    used += code < 0x80 ? 1 : code < 0x800 ? 2 : code < 0x10000 ? 3 : 4;
    if (used > bytes) break;
    result += character;
  }
  return result;
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
