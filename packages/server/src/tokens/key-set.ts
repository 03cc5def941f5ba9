import { createHash, type KeyObject } from 'node:crypto';

/** What a key of the set is for: it signs (current), will sign (standby), or signed tokens still valid (previous). */
export type KeyRole = 'current' | 'standby' | 'previous';

/** The algorithms Portal signs with: ES256 by default, HS256 for deployments configured with JWT_SECRET. */
type SigningAlgorithm = 'ES256' | 'HS256';

/** A public key as RFC 7517 publishes it (EC P-256 only). */
interface PublicJwk {
  kty: 'EC';
  crv: 'P-256';
  x: string;
  y: string;
  kid: string;
  alg: 'ES256';
  use: 'sig';
}

export interface SigningKey {
  kid: string;
  alg: SigningAlgorithm;
  role: KeyRole;
  /** What signs: the private key, or the HMAC secret. Only the current key's is ever used. */
  signingKey: KeyObject;
  /** What verifies: the public key, or the HMAC secret. Never a public key with HS256 (pinned per key). */
  verifyingKey: KeyObject;
  /** Accepts a token without `kid`: only the HS256 key of JWT_SECRET, for tokens signed before key ids. */
  acceptsWithoutKid: boolean;
}

/** A loaded key set: the key that signs, every key that verifies by id, and the JWKS to publish. */
export interface KeySet {
  readonly current: SigningKey;
  readonly byKid: ReadonlyMap<string, SigningKey>;
  /** The JWKS document (RFC 7517, 5): public keys of every asymmetric key, built once per set. */
  readonly jwks: { keys: PublicJwk[] };
}

/** A key id of ours: short and plain, so that a `kid` naming a path, a URL or a query is refused unread. */
export const KID_PATTERN = /^[A-Za-z0-9_-]{1,64}$/;

/** Checks the roles (exactly one current, at most one standby) and builds the set with its JWKS. */
export function buildKeySet(keys: SigningKey[]): KeySet {
  const current = keys.filter((k) => k.role === 'current');
  if (current.length !== 1) {
    throw new Error(`a key set needs exactly one current key, this one has ${current.length}`);
  }
  if (keys.filter((k) => k.role === 'standby').length > 1) {
    throw new Error('a key set has at most one standby key');
  }
  const byKid = new Map<string, SigningKey>();
  for (const key of keys) {
    if (!KID_PATTERN.test(key.kid)) throw new Error(`key id "${key.kid}" is not [A-Za-z0-9_-]{1,64}`);
    if (byKid.has(key.kid)) throw new Error(`key id "${key.kid}" appears twice`);
    byKid.set(key.kid, key);
  }
  const jwks = {
    keys: keys.filter((k) => k.alg === 'ES256').map((k) => publicJwkOf(k.verifyingKey, k.kid)),
  };
  return Object.freeze({ current: current[0] as SigningKey, byKid, jwks });
}

/** The public half of an EC P-256 key as a JWK: only `kty, crv, x, y` are taken, never `d`. */
function publicJwkOf(key: KeyObject, kid: string): PublicJwk {
  const jwk = key.export({ format: 'jwk' });
  if (jwk.kty !== 'EC' || jwk.crv !== 'P-256' || !jwk.x || !jwk.y) {
    throw new Error(`key "${kid}" is not an EC P-256 key`);
  }
  return { kty: 'EC', crv: 'P-256', x: jwk.x, y: jwk.y, kid, alg: 'ES256', use: 'sig' };
}

/** The RFC 7638 thumbprint of an EC public key: a key id that names the key and nothing else. */
export function thumbprintOf(key: KeyObject): string {
  const { crv, kty, x, y } = key.export({ format: 'jwk' });
  return createHash('sha256').update(JSON.stringify({ crv, kty, x, y })).digest('base64url');
}

/**
 * The key set a process works with now. Servers replace it when the key folder changes (key-folder.ts);
 * whoever signs or verifies reads `get()` each time, so a reload takes effect at the next request.
 */
export interface KeySetHolder {
  get(): KeySet;
  replace(next: KeySet): void;
}

export function holdKeySet(initial: KeySet): KeySetHolder {
  let set = initial;
  return {
    get: () => set,
    replace(next) {
      set = next;
    },
  };
}
