import { randomUUID } from 'node:crypto';
import jwt from 'jsonwebtoken';
import { type KeySet, type KeySetHolder, KID_PATTERN, type SigningKey } from './key-set.js';
import { createVerifiedTokenCache, type VerifiedTokenCache } from './verified-token-cache.js';

/** Who is asking: taken only from a verified access token, never from the request's parameters. */
export interface Principal {
  userId: string;
  tenantId: string;
  clientId: string;
  /** The sign-in (session) the token was issued for: revoking it refuses the token at once. */
  sessionId: string;
  tokenId: string;
}

export interface AccessTokenSettings {
  /** The key set in use now: the current key signs, every key of the set verifies (key-set.ts). */
  keys: KeySetHolder;
  issuer: string;
  audience: string;
  ttlSeconds: number;
}

/** Signs an access token for `principal`; returns it with its expiry in Unix seconds. */
export function signAccessToken(
  settings: AccessTokenSettings,
  subject: Omit<Principal, 'tokenId'>,
  now: Date = new Date(),
): { accessToken: string; accessExpiresUnix: number } {
  const iat = Math.floor(now.getTime() / 1000);
  const exp = iat + settings.ttlSeconds;
  const claims = { tid: subject.tenantId, cid: subject.clientId, sid: subject.sessionId, iat, exp };
  const { current } = settings.keys.get();
  const accessToken = jwt.sign(claims, current.signingKey, {
    algorithm: current.alg,
    keyid: current.kid,
    subject: subject.userId,
    issuer: settings.issuer,
    audience: settings.audience,
    jwtid: randomUUID(),
  });
  return { accessToken, accessExpiresUnix: exp };
}

/**
 * Verifies signature, algorithm, issuer, audience, expiry and not-before, and the claims' shapes; `exp`,
 * `iat` and `sid` are required (a token without an expiry would be valid forever; RFC 8725, 3.10 and 2.8).
 * The key is chosen by the header's `kid` among the set's own keys and its algorithm is pinned per key, so
 * neither `none`, nor a public key used as an HMAC secret, nor a key named by the token (`jku`, `x5u`, `jwk`,
 * a `kid` path) can get a token accepted (RFC 8725, 3.1 and 3.10). Returns null for any token that is not
 * one of ours and currently valid. A token verified before with the same settings and key set is recognised
 * from memory until it expires (verified-token-cache.ts); a new key set (a rotation) starts a new cache, so
 * a token of a retired key is refused at once.
 */
export function verifyAccessToken(settings: AccessTokenSettings, token: string): Principal | null {
  const nowUnix = Math.floor(Date.now() / 1000);
  const keySet = settings.keys.get();
  const cache = cacheOf(settings, keySet);
  const known = cache.get(token, nowUnix);
  if (known) return known;
  const key = keyOf(keySet, token);
  if (!key) return null;
  let payload: string | jwt.JwtPayload;
  try {
    payload = jwt.verify(token, key.verifyingKey, {
      algorithms: [key.alg],
      issuer: settings.issuer,
      audience: settings.audience,
      clockTimestamp: nowUnix,
    });
  } catch {
    return null;
  }
  if (typeof payload === 'string') return null;
  const { sub, tid, cid, sid, jti, exp, iat } = payload;
  if (![sub, tid, cid, sid, jti].every((v) => typeof v === 'string' && UUID.test(v))) return null;
  if (typeof exp !== 'number' || typeof iat !== 'number') return null;
  // Frozen: the same object stands for every request that presents this token.
  const principal: Principal = Object.freeze({
    userId: sub as string,
    tenantId: tid as string,
    clientId: cid as string,
    sessionId: sid as string,
    tokenId: jti as string,
  });
  cache.set(token, principal, exp);
  return principal;
}

/**
 * The key of `set` that the token's header names, if the header asks for nothing but that: a `kid` of ours
 * (or none, for the HS256 key of JWT_SECRET only), its algorithm, and no key of its own to trust.
 */
function keyOf(set: KeySet, token: string): SigningKey | undefined {
  const end = token.indexOf('.');
  if (end <= 0) return undefined;
  let header: Record<string, unknown>;
  try {
    header = JSON.parse(Buffer.from(token.slice(0, end), 'base64url').toString('utf8'));
  } catch {
    return undefined;
  }
  if (typeof header !== 'object' || header === null) return undefined;
  if (FOREIGN_KEY_HEADERS.some((name) => name in header)) return undefined;
  const { kid, alg } = header;
  let key: SigningKey | undefined;
  if (kid === undefined) {
    key = [...set.byKid.values()].find((k) => k.acceptsWithoutKid);
  } else if (typeof kid === 'string' && KID_PATTERN.test(kid)) {
    key = set.byKid.get(kid);
  }
  return key && alg === key.alg ? key : undefined;
}

// Headers that point at a key the token brings or names: a verifier that followed them would let the token
// choose its own key (RFC 8725, 3.10; RFC 7515, 4.1.2 to 4.1.6). Ours never carry them.
const FOREIGN_KEY_HEADERS = ['jku', 'x5u', 'jwk', 'x5c', 'crit'];

// One cache per settings object and key set: tokens verified with one set of keys, issuer and audience say
// nothing of another, and a rotation that retires a key must not leave its tokens in memory.
const caches = new WeakMap<AccessTokenSettings, { keySet: KeySet; cache: VerifiedTokenCache<Principal> }>();
const MAX_CACHED_TOKENS = 10_000;

function cacheOf(settings: AccessTokenSettings, keySet: KeySet): VerifiedTokenCache<Principal> {
  let entry = caches.get(settings);
  if (entry?.keySet !== keySet) {
    entry = { keySet, cache: createVerifiedTokenCache<Principal>(MAX_CACHED_TOKENS) };
    caches.set(settings, entry);
  }
  return entry.cache;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
