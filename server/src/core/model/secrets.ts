/**
 * Keys that would hold a secret. Passwords never belong in a topology: the
 * generated scripts ask for them with Get-Credential.
 */
const SECRET_KEY = /pass(?:word|wd|phrase)|pwd|secret/i;

export function isSecretKey(key: string): boolean {
  return SECRET_KEY.test(key);
}
