import { createPublicKey, createSecretKey, generateKeyPairSync } from 'node:crypto';
import type { AccessTokenSettings } from '../../tokens/access-token.js';
import {
  buildKeySet,
  holdKeySet,
  type KeyRole,
  type SigningKey,
  thumbprintOf,
} from '../../tokens/key-set.js';

/** A new ES256 key of `role`, its id the key's thumbprint unless given. */
export function es256Key(role: KeyRole = 'current', kid?: string): SigningKey {
  const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const verifyingKey = createPublicKey(privateKey);
  return {
    kid: kid ?? thumbprintOf(verifyingKey).slice(0, 22),
    alg: 'ES256',
    role,
    signingKey: privateKey,
    verifyingKey,
    acceptsWithoutKid: false,
  };
}

/** An HS256 key of `role` (as JWT_SECRET makes one). */
export function hs256Key(secret: Buffer, role: KeyRole = 'current', kid = 'hs-test'): SigningKey {
  const key = createSecretKey(secret);
  return { kid, alg: 'HS256', role, signingKey: key, verifyingKey: key, acceptsWithoutKid: true };
}

/** Token settings over a set of `keys`, with the defaults of the configuration. */
export function settingsOf(keys: SigningKey[]): AccessTokenSettings {
  return { keys: holdKeySet(buildKeySet(keys)), issuer: 'portal', audience: 'portal-api', ttlSeconds: 900 };
}
