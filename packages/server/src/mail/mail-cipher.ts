import { createCipheriv, createDecipheriv, hkdfSync, type KeyObject, randomBytes } from 'node:crypto';

/** Encrypts mail bodies at rest, so a pending sign-in link is no usable token to whoever reads the table. */
export interface MailCipher {
  /** Encrypts `plaintext` for the outbox row `rowId` (the ciphertext opens only for that row). */
  seal(rowId: string, plaintext: string): string;
  open(rowId: string, sealed: string): string;
}

const VERSION = 'v1';
const IV_BYTES = 12;
const TAG_BYTES = 16;

/**
 * AES-256-GCM under a key derived with HKDF (RFC 5869) from the access-token key, with its own `info`: one
 * secret to configure, separate keys per use. The row id is the additional data, so a body cannot be moved
 * to another row. Replacing JWT_SECRET makes mail still pending unreadable; the worker then gives up on it.
 */
export function createMailCipher(signingKey: KeyObject): MailCipher {
  const key = Buffer.from(
    hkdfSync('sha256', signingKey.export(), Buffer.alloc(0), 'portal mail outbox v1', 32),
  );
  return {
    seal(rowId, plaintext) {
      const iv = randomBytes(IV_BYTES);
      const cipher = createCipheriv('aes-256-gcm', key, iv).setAAD(Buffer.from(rowId, 'utf8'));
      const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
      return `${VERSION}.${Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64url')}`;
    },
    open(rowId, sealed) {
      const [version, data] = sealed.split('.');
      if (version !== VERSION || !data)
        throw new Error('The mail body is not encrypted with a known scheme.');
      const raw = Buffer.from(data, 'base64url');
      const decipher = createDecipheriv('aes-256-gcm', key, raw.subarray(0, IV_BYTES))
        .setAAD(Buffer.from(rowId, 'utf8'))
        .setAuthTag(raw.subarray(IV_BYTES, IV_BYTES + TAG_BYTES));
      return Buffer.concat([decipher.update(raw.subarray(IV_BYTES + TAG_BYTES)), decipher.final()]).toString(
        'utf8',
      );
    },
  };
}
