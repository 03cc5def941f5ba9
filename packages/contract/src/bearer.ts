/** The realm of our bearer challenges (RFC 6750, section 3). */
const REALM = 'portal';

/** What an `Authorization` header carries, for an operation that needs a bearer token. */
export type BearerCredentials =
  /** No bearer credentials: no header, another scheme (`Basic ...`), or the bare word `Bearer`. */
  | { kind: 'none' }
  /** The Bearer scheme with something that is not a token (RFC 6750, section 2.1 `b64token`). */
  | { kind: 'malformed' }
  | { kind: 'token'; token: string };

const BEARER_PREFIX = 'bearer ';
const BEARER = /^Bearer ([A-Za-z0-9._~+/-]+=*)$/i;

/**
 * Reads the bearer token of an `Authorization` header. A request that "lacks any authentication information"
 * is told so without an error code; one that presents something in the Bearer scheme that is not a valid
 * token gets `invalid_token` (RFC 6750, section 3.1).
 */
export function readBearer(authorization: string | null | undefined): BearerCredentials {
  if (!authorization?.toLowerCase().startsWith(BEARER_PREFIX)) return { kind: 'none' };
  const token = BEARER.exec(authorization)?.[1];
  return token ? { kind: 'token', token } : { kind: 'malformed' };
}

/** The `WWW-Authenticate` challenge of a 401 (RFC 6750, section 3): an error code only when a token was sent. */
export function bearerChallenge(tokenPresented: boolean): string {
  return tokenPresented ? `Bearer realm="${REALM}", error="invalid_token"` : `Bearer realm="${REALM}"`;
}
