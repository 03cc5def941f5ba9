import { createHmac, hkdfSync, type KeyObject, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * The one-time code of a sign-in mail, typed on the device where sign-in started. 8 characters from 32 that
 * cannot be mistaken for one another (no 0/O, 1/I): 32^8 = 2^40 codes. Guessing is bounded by the attempts
 * allowed per mail and the mails allowed per hour, not by the size of the space alone (docs/security.md).
 */
const ALPHABET = '23456789ABCDEFGHJKLMNPQRSTUVWXYZ';
const LENGTH = 8;

/** A new code, uniformly random (256 is a multiple of 32, so `byte & 31` has no bias). */
export function newSignInCode(): string {
  return Array.from(randomBytes(LENGTH), (byte) => ALPHABET[byte & 31]).join('');
}

/** The code as a person reads it in the mail: `7KQM-P3XR`. */
export function displaySignInCode(code: string): string {
  return `${code.slice(0, 4)}-${code.slice(4)}`;
}

/** The code as stored and compared: upper case, without its hyphen (the contract allows both). */
function canonicalSignInCode(typed: string): string {
  return typed.replaceAll('-', '').toUpperCase();
}

/**
 * The key codes are hashed with: derived with HKDF (RFC 5869) from the server's secret, with its own
 * `info`, so the database alone (a backup, a read replica) cannot test the 2^40 codes offline.
 */
export function deriveSignInCodeKey(secret: KeyObject): Buffer {
  return Buffer.from(hkdfSync('sha256', secret.export(), Buffer.alloc(0), 'portal sign-in code v1', 32));
}

/** HMAC-SHA-256 of the code, bound to its magic link's id: the only form in which a code is kept. */
export function hashSignInCode(key: Buffer, linkId: string, code: string): Buffer {
  return createHmac('sha256', key)
    .update(`${linkId}\n${canonicalSignInCode(code)}`, 'utf8')
    .digest();
}

const NO_HASH = Buffer.alloc(32);

/** Compares in constant time; `stored` undefined (no such link) costs the same comparison and fails. */
export function signInCodeMatches(stored: Buffer | undefined, computed: Buffer): boolean {
  const same = timingSafeEqual(stored?.length === computed.length ? stored : NO_HASH, computed);
  return stored !== undefined && same;
}
