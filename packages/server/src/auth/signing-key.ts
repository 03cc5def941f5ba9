import { createSecretKey, type KeyObject, randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { type Config, ConfigError } from '../config/config.js';

// RFC 7518, 3.2: an HS256 key must be at least as long as the hash output.
const MIN_KEY_BYTES = 32;

/**
 * The HS256 key for access tokens. A KeyObject, not a string: jsonwebtoken 9 turns a string secret into a
 * key (`crypto.createPublicKey`, then `createSecretKey`) on every verify, which costs far more than checking
 * the signature itself.
 *
 * Production requires JWT_SECRET (config refuses to start without it). Elsewhere, without JWT_SECRET, a
 * random key is created once and kept in DATA_DIR, so tokens survive a restart of the development server.
 */
export function loadSigningKey(config: Pick<Config, 'jwt' | 'dataDir' | 'database'>): KeyObject {
  if (config.jwt.secret) return createSecretKey(Buffer.from(config.jwt.secret, 'utf8'));
  if (config.database.kind === 'pglite' && config.database.dir === 'memory://') {
    return createSecretKey(randomBytes(32));
  }
  const file = path.join(config.dataDir, 'jwt-secret');
  let stored: string | undefined;
  try {
    stored = readFileSync(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
  }
  if (stored !== undefined) {
    const key = Buffer.from(stored.trim(), 'base64url');
    // An empty or truncated file (a full disk, a bad copy) must not become a weak key that signs tokens.
    if (key.length < MIN_KEY_BYTES) {
      throw new ConfigError([
        `${file}: holds a ${key.length}-byte key, shorter than ${MIN_KEY_BYTES} bytes; delete it to have a new one generated (signs everyone out), or set JWT_SECRET`,
      ]);
    }
    return createSecretKey(key);
  }
  mkdirSync(config.dataDir, { recursive: true });
  const secret = randomBytes(48).toString('base64url');
  writeFileSync(file, `${secret}\n`, { mode: 0o600, flag: 'wx' });
  return createSecretKey(Buffer.from(secret, 'base64url'));
}
