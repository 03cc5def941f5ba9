import { createRemoteJWKSet, errors, jwtVerify } from 'jose';

/** Who a verified Portal access token speaks for. */
export interface PortalCaller {
  userId: string;
  tenantId: string;
  clientId: string;
  /** When the token stops being accepted, in Unix seconds. */
  expiresUnix: number;
}

export interface PortalTokenSettings {
  /** Portal's key set, e.g. `https://portal.example/.well-known/jwks.json`. */
  jwksUrl: string;
  /** Portal's JWT_ISSUER and JWT_AUDIENCE (defaults `portal` and `portal-api`). */
  issuer: string;
  audience: string;
}

/**
 * Verifies Portal access tokens with Portal's public keys, fetched from its JWKS and cached by jose
 * (a `kid` it does not know makes it fetch again, at most every 30 s). The algorithm is pinned to ES256: a
 * token that names another (`none`, HS256 keyed with the public key) is refused before any key is tried
 * (RFC 8725, 3.1). What this cannot know: a token stays valid here until its `exp` even when the user signs
 * out or is deactivated in Portal, which only Portal's own API sees at once. Keep access tokens short.
 */
export function createPortalTokenVerifier(settings: PortalTokenSettings) {
  const keys = createRemoteJWKSet(new URL(settings.jwksUrl));
  return async function verify(token: string): Promise<PortalCaller | null> {
    try {
      const { payload } = await jwtVerify(token, keys, {
        issuer: settings.issuer,
        audience: settings.audience,
        algorithms: ['ES256'],
        requiredClaims: ['exp', 'sub', 'tid', 'cid'],
      });
      const { sub, tid, cid, exp } = payload;
      if (typeof sub !== 'string' || typeof tid !== 'string' || typeof cid !== 'string') return null;
      return { userId: sub, tenantId: tid, clientId: cid, expiresUnix: exp as number };
    } catch (err) {
      // A bad token is an answer (401), not a failure; Portal unreachable with no key cached is a failure.
      if (err instanceof errors.JOSEError && !(err instanceof errors.JWKSTimeout)) return null;
      throw err;
    }
  };
}
