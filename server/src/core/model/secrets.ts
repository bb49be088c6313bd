/**
 * Keys that would hold a secret. Passwords never belong in a topology: the
 * generated scripts ask for them with Get-Credential.
 *
 * Words that mean a secret wherever they appear in a key, whatever its case
 * (`adminpassword`, `smartHostPassword`, `clientSecret`).
 */
const SECRET_WORDS = /pass(?:word|wd|phrase|code)|pwd|secret/i;

/**
 * Words that mean a secret only as a whole, after splitting the key into its
 * words (camelCase, `_`, `-`, `.`, spaces): `adminPass`, `access_token`,
 * `apiKey`, `X-API-KEY`, `credentialValue`. A word that merely contains them
 * does not count: `passive`, `bypass`, `compass`, `tokenizer`. `pass` and
 * `token` mean the secret itself only at the end of a key, or before `value`
 * (`tokenValue`): `passThrough` and `tokenEndpoint` hold none.
 */
const SECRET_ENDINGS = new Set(['pass', 'token']);
const SECRET_PAIRS = new Set([
  'credential value',
  'private key',
  'api key',
  'access key',
  'shared key',
  'signing key',
]);
/** The same pairs written as one word, as `apikey` or `PRIVATEKEY`. */
const SECRET_JOINED = new Set([...SECRET_PAIRS].map((pair) => pair.replace(' ', '')));

/** `X-API-KEY` → x, api, key; `smartHostPassword` → smart, host, password; `APIKey` → api, key. */
function wordsOf(key: string): string[] {
  return (key.match(/[A-Z]+(?![a-z])|[A-Z]?[a-z]+|\d+/g) ?? []).map((w) => w.toLowerCase());
}

export function isSecretKey(key: string): boolean {
  if (SECRET_WORDS.test(key)) return true;
  const words = wordsOf(key);
  for (let i = 0; i < words.length; i++) {
    const word = words[i] ?? '';
    const next = words[i + 1];
    if (SECRET_JOINED.has(word)) return true;
    if (next !== undefined && SECRET_PAIRS.has(`${word} ${next}`)) return true;
    if (SECRET_ENDINGS.has(word) && (next === undefined || next === 'value')) return true;
  }
  return false;
}

/**
 * Text every secret key contains, whatever its case: each of SECRET_WORDS,
 * SECRET_ENDINGS and the second word of each of SECRET_PAIRS holds one.
 */
const SECRET_KEY_TEXT = /pass|pwd|secret|token|key|value/i;

/**
 * A user name written with its password, `CONTOSO\edgerelay:Secret1`: a colon
 * is the separator. No Windows account name holds one: the sAMAccountName
 * "cannot contain any of these characters: " / \ [ ] : ; | = , + * ? < >"
 * (learn.microsoft.com/windows/win32/adschema/a-samaccountname), nor a local
 * account name (USER_INFO_0, learn.microsoft.com/windows/win32/api/lmaccess/
 * ns-lmaccess-user_info_0), nor a NetBIOS domain name (naming conventions for
 * computers, domains, sites and OUs). The user name is what comes before it.
 */
export function userNameWithoutSecret(userName: string): string | undefined {
  const colon = userName.indexOf(':');
  return colon >= 0 ? userName.slice(0, colon) : undefined;
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
  return SECRET_KEY_TEXT.test(text) || hasLetterEscape(text);
}
