import { createHash, randomBytes } from 'node:crypto';

/** 256 bits: out of reach of guessing, however many attempts the rate limits let through. */
const TOKEN_BYTES = 32;

/** A new opaque token for a magic link or a refresh token, and the SHA-256 hash that is stored instead. */
export function newSecretToken(): { token: string; hash: Buffer } {
  const token = randomBytes(TOKEN_BYTES).toString('base64url');
  return { token, hash: hashToken(token) };
}

/**
 * The SHA-256 of a token, the only form in which tokens are kept. A plain hash suffices (no salt, no slow
 * KDF): the tokens are 256 random bits, not passwords, and the hash lets the database find them by index.
 */
export function hashToken(token: string): Buffer {
  return createHash('sha256').update(token, 'utf8').digest();
}
