import { createHash } from 'node:crypto';
import { BYTE_ORDER_MARK, CONTENT_HASH_PLACEHOLDER, CONTENT_HASH_PREFIX } from '../core/index';

/**
 * A generated script records on its first line the SHA-256 of what EdgeFlow
 * generated, computed over the script with the placeholder in place of the
 * hash. A script whose recorded hash no longer matches was edited by hand.
 */
export function withContentHash(generated: string): string {
  const hash = sha256(generated);
  return generated.replace(
    CONTENT_HASH_PREFIX + CONTENT_HASH_PLACEHOLDER,
    CONTENT_HASH_PREFIX + hash,
  );
}

export type ExistingScript = 'unedited' | 'edited' | 'foreign';

/** Whether a file on disk is an EdgeFlow script as generated, one edited since, or not ours at all. */
export function inspectExisting(onDisk: string): ExistingScript {
  const text = normalized(onDisk);
  const start = text.indexOf(CONTENT_HASH_PREFIX);
  // The hash line is the first line, after the byte-order mark.
  if (start < 0 || start > 1) return 'foreign';
  const end = text.indexOf('\n', start);
  const recorded = text.slice(start + CONTENT_HASH_PREFIX.length, end < 0 ? undefined : end).trim();
  if (!/^[0-9a-f]{64}$/.test(recorded)) return 'edited';
  const original =
    text.slice(0, start) +
    CONTENT_HASH_PREFIX +
    CONTENT_HASH_PLACEHOLDER +
    (end < 0 ? '' : text.slice(end));
  return sha256(original) === recorded ? 'unedited' : 'edited';
}

/**
 * The script as EdgeFlow wrote it, as far as line endings and the byte-order
 * mark go: Git on Windows (core.autocrlf) checks LF files out with CRLF, and
 * editors drop or add the BOM. Neither changes what the script does, so
 * neither counts as an edit. EdgeFlow writes a BOM and LF only.
 */
function normalized(text: string): string {
  return BYTE_ORDER_MARK + text.replace(/^\uFEFF/, '').replace(/\r\n/g, '\n');
}

function sha256(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}
