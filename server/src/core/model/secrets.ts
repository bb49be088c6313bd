/**
 * Keys that would hold a secret. Passwords never belong in a topology: the
 * generated scripts ask for them with Get-Credential.
 */
const SECRET_KEY = /pass(?:word|wd|phrase)|pwd|secret/i;

export function isSecretKey(key: string): boolean {
  return SECRET_KEY.test(key);
}

/** The escapes that decode to one character which is no letter: `\"`, `\\`, `\/`, `\b`, `\f`, `\n`, `\r`, `\t`. */
const NON_LETTER_ESCAPES = new Set(
  ['"', '\\', '/', 'b', 'f', 'n', 'r', 't'].map((c) => c.charCodeAt(0)),
);

/**
 * Whether a backslash starts an escape able to put a letter into a decoded key
 * (`\u0070`) or to join two runs of letters (jsonc-parser drops an invalid
 * escape such as `\q` entirely, so `"pass\qword"` decodes to `password`). A
 * run of backslashes is read in pairs from its start, as the parser reads it:
 * in `CONTOSO\\user` the second backslash is escaped, and `u` starts no escape.
 * Outside strings this may answer yes for nothing, which only costs the walk.
 */
function hasLetterEscape(text: string): boolean {
  for (let i = text.indexOf('\\'); i >= 0; i = text.indexOf('\\', i + 2)) {
    if (!NON_LETTER_ESCAPES.has(text.charCodeAt(i + 1))) return true;
  }
  return false;
}

/**
 * False only when no key of `text` can be a secret key: the secret words
 * appear nowhere in the raw text (not even in values or comments), and no
 * escape could spell one. Each decoded key then equals its raw text wherever a
 * secret word could match. Lets a file without any such word skip the walk of
 * its whole tree; a file with one is checked key by key.
 */
export function mayHoldSecretKey(text: string): boolean {
  return SECRET_KEY.test(text) || hasLetterEscape(text);
}
