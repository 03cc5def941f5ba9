import { type KeyObject, randomUUID } from 'node:crypto';
import jwt from 'jsonwebtoken';
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
  key: KeyObject;
  issuer: string;
  audience: string;
  ttlSeconds: number;
}

// The one algorithm we sign and accept. Pinning it refuses `none` and algorithm confusion (RFC 8725, 3.1).
export const ALGORITHM = 'HS256' as const;

/** Signs an access token for `principal`; returns it with its expiry in Unix seconds. */
export function signAccessToken(
  settings: AccessTokenSettings,
  subject: Omit<Principal, 'tokenId'>,
  now: Date = new Date(),
): { accessToken: string; accessExpiresUnix: number } {
  const iat = Math.floor(now.getTime() / 1000);
  const exp = iat + settings.ttlSeconds;
  const claims = { tid: subject.tenantId, cid: subject.clientId, sid: subject.sessionId, iat, exp };
  const accessToken = jwt.sign(claims, settings.key, {
    algorithm: ALGORITHM,
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
 * Returns null for any token that is not one of ours and currently valid. A token verified before with
 * the same settings is recognised from memory until it expires (verified-token-cache.ts).
 */
export function verifyAccessToken(settings: AccessTokenSettings, token: string): Principal | null {
  const nowUnix = Math.floor(Date.now() / 1000);
  const cache = cacheOf(settings);
  const known = cache.get(token, nowUnix);
  if (known) return known;
  let payload: string | jwt.JwtPayload;
  try {
    payload = jwt.verify(token, settings.key, {
      algorithms: [ALGORITHM],
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

// One cache per settings object: tokens verified with one key, issuer and audience say nothing of another.
const caches = new WeakMap<AccessTokenSettings, VerifiedTokenCache<Principal>>();
const MAX_CACHED_TOKENS = 10_000;

function cacheOf(settings: AccessTokenSettings): VerifiedTokenCache<Principal> {
  let cache = caches.get(settings);
  if (!cache) {
    cache = createVerifiedTokenCache<Principal>(MAX_CACHED_TOKENS);
    caches.set(settings, cache);
  }
  return cache;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
