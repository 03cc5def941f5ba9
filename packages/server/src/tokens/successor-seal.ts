import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';

const VERSION = 's1';
const IV_BYTES = 12;
const TAG_BYTES = 16;

/*
 * The successor of a rotated refresh token, kept so that a second, honest presentation of the rotated token
 * within the grace period gets the same successor back (two tabs refreshing at once, a retry after a lost
 * answer). It is sealed (AES-256-GCM) under a key derived (HKDF, RFC 5869) from the rotated token itself,
 * which the database holds only as a SHA-256: reading the database gives no usable token, and only whoever
 * presents the rotated token can open its successor.
 */

function keyOf(rotatedToken: string): Buffer {
  return Buffer.from(hkdfSync('sha256', rotatedToken, Buffer.alloc(0), 'portal refresh successor v1', 32));
}

/** Seals `successor` so that only `rotatedToken` opens it. */
export function sealSuccessor(rotatedToken: string, successor: string): string {
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', keyOf(rotatedToken), iv);
  const body = Buffer.concat([cipher.update(successor, 'utf8'), cipher.final()]);
  return `${VERSION}.${Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64url')}`;
}

/** The successor sealed by `sealSuccessor` for `rotatedToken`, or null if it does not open with it. */
export function openSuccessor(rotatedToken: string, sealed: string): string | null {
  const [version, data] = sealed.split('.');
  if (version !== VERSION || !data) return null;
  const raw = Buffer.from(data, 'base64url');
  try {
    // authTagLength pins the tag to 16 bytes: otherwise a seal cut short passes with a 4-byte tag.
    const decipher = createDecipheriv('aes-256-gcm', keyOf(rotatedToken), raw.subarray(0, IV_BYTES), {
      authTagLength: TAG_BYTES,
    });
    decipher.setAuthTag(raw.subarray(IV_BYTES, IV_BYTES + TAG_BYTES));
    return Buffer.concat([decipher.update(raw.subarray(IV_BYTES + TAG_BYTES)), decipher.final()]).toString(
      'utf8',
    );
  } catch {
    return null;
  }
}
