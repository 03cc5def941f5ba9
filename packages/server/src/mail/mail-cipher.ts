import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import type { MailKeyRing } from './mail-keys.js';

/** Encrypts mail bodies at rest, so a pending sign-in link is no usable token to whoever reads the table. */
export interface MailCipher {
  /** The id of the key `seal` uses: stored with the row, so the ring can rotate while mail waits. */
  readonly sealKeyId: string;
  /** Encrypts `plaintext` for the outbox row `rowId` (the ciphertext opens only for that row). */
  seal(rowId: string, plaintext: string): string;
  /** Decrypts a body sealed with key `keyId` (null: a row from before key ids); throws MailKeyMissing if it is gone. */
  open(rowId: string, sealed: string, keyId: string | null): string;
}

/** The key that sealed a mail is no longer in the ring: the mail can never be opened, only given up. */
export class MailKeyMissing extends Error {
  constructor(keyId: string | null) {
    super(
      keyId === null
        ? 'sealed before mail key ids, with a key derived from JWT_SECRET, which is not set'
        : `sealed with mail key "${keyId}", which is no longer in MAIL_KEYS`,
    );
    this.name = 'MailKeyMissing';
  }
}

const VERSION = 'v1';
const IV_BYTES = 12;
const TAG_BYTES = 16;

/**
 * AES-256-GCM under the ring's keys. The row id is the additional data, so a body cannot be moved to another
 * row. The ring is separate from the token signing keys: the outbox worker holds no key that can mint tokens.
 */
export function createMailCipher(ring: MailKeyRing): MailCipher {
  const sealKey = ring.keys.get(ring.sealKeyId) as Buffer;
  return {
    sealKeyId: ring.sealKeyId,
    seal(rowId, plaintext) {
      const iv = randomBytes(IV_BYTES);
      const cipher = createCipheriv('aes-256-gcm', sealKey, iv).setAAD(Buffer.from(rowId, 'utf8'));
      const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
      return `${VERSION}.${Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64url')}`;
    },
    open(rowId, sealed, keyId) {
      const id = keyId ?? ring.legacyKeyId;
      const key = id === undefined ? undefined : ring.keys.get(id);
      if (!key) throw new MailKeyMissing(keyId);
      const [version, data] = sealed.split('.');
      if (version !== VERSION || !data)
        throw new Error('The mail body is not encrypted with a known scheme.');
      const raw = Buffer.from(data, 'base64url');
      // authTagLength pins the tag to 16 bytes: otherwise a body cut short passes with a 4-byte tag.
      const decipher = createDecipheriv('aes-256-gcm', key, raw.subarray(0, IV_BYTES), {
        authTagLength: TAG_BYTES,
      })
        .setAAD(Buffer.from(rowId, 'utf8'))
        .setAuthTag(raw.subarray(IV_BYTES, IV_BYTES + TAG_BYTES));
      return Buffer.concat([decipher.update(raw.subarray(IV_BYTES + TAG_BYTES)), decipher.final()]).toString(
        'utf8',
      );
    },
  };
}
