import { createHash, createPublicKey, createSecretKey, generateKeyPairSync } from 'node:crypto';
import { type Config, ConfigError } from '../config/config.js';
import { ensureKeyFolder, loadKeyFolder, watchKeyFolder } from './key-folder.js';
import { buildKeySet, type KeySet, type KeySetHolder, type SigningKey, thumbprintOf } from './key-set.js';

/**
 * The signing key set of this configuration (docs/keys.md):
 * - a folder of ES256 keys (SIGNING_KEYS_DIR, or DATA_DIR/keys in development, created with one key);
 *   with JWT_SECRET as well, its HS256 key joins as a previous key, so tokens signed before the switch to
 *   ES256 stay valid until they expire;
 * - JWT_SECRET alone: one HS256 key (the simplest setup; nothing to publish, nobody else can verify);
 * - neither, in tests or on an in-memory database: an ES256 pair that lives as long as the process.
 * Keys are KeyObjects, never strings: jsonwebtoken 9 turns a string into a key on every verify, which costs
 * far more than checking the signature itself.
 */
export function loadKeySet(config: Pick<Config, 'jwt'>): KeySet {
  const source = config.jwt.keys;
  const legacy = config.jwt.secret ? [secretKey(config.jwt.secret, 'current')] : [];
  switch (source.kind) {
    case 'secret':
      return buildKeySet(legacy);
    case 'ephemeral':
      return buildKeySet([ephemeralKey()]);
    case 'folder':
      try {
        if (source.create) ensureKeyFolder(source.dir);
        return withLegacy(loadKeyFolder(source.dir), config.jwt.secret);
      } catch (err) {
        // A key set that does not load is the operator's to fix, like any bad setting: exit 78, say what.
        throw new ConfigError([`SIGNING_KEYS_DIR: ${(err as Error).message}`]);
      }
  }
}

/**
 * Keeps `holder` on the key folder's current set (re-read every SIGNING_KEYS_RELOAD_MS); nothing to watch
 * for the other sources. `onError` hears of a folder that does not load, while the old set stays in use.
 */
export function watchKeySet(
  config: Pick<Config, 'jwt'>,
  holder: KeySetHolder,
  onError: (err: Error) => void,
): { stop(): void } {
  const source = config.jwt.keys;
  if (source.kind !== 'folder') return { stop() {} };
  return watchKeyFolder(
    source.dir,
    source.reloadMs,
    (set) => holder.replace(withLegacy(set, config.jwt.secret)),
    onError,
  );
}

function withLegacy(set: KeySet, secret: string | undefined): KeySet {
  if (!secret) return set;
  return buildKeySet([...set.byKid.values(), secretKey(secret, 'previous')]);
}

// The HS256 key's id names the secret without revealing it (a hash of 32+ random bytes).
function secretKey(secret: string, role: 'current' | 'previous'): SigningKey {
  const key = createSecretKey(Buffer.from(secret, 'utf8'));
  const kid = `hs-${createHash('sha256').update(`portal hs256 kid\0${secret}`).digest('base64url').slice(0, 16)}`;
  return { kid, alg: 'HS256', role, signingKey: key, verifyingKey: key, acceptsWithoutKid: true };
}

function ephemeralKey(): SigningKey {
  const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const verifyingKey = createPublicKey(privateKey);
  return {
    kid: thumbprintOf(verifyingKey).slice(0, 22),
    alg: 'ES256',
    role: 'current',
    signingKey: privateKey,
    verifyingKey,
    acceptsWithoutKid: false,
  };
}
