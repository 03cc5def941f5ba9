/** The claims of a mock access token: those of the server's tokens (RFC 7519), unsigned. */
export interface AccessClaims {
  iss: string;
  aud: string;
  sub: string;
  cid: string;
  tid: string;
  /** The sign-in (the refresh-token family) the token belongs to: revoking it refuses the token. */
  sid: string;
  iat: number;
  exp: number;
  jti: string;
  /** When it was issued, in milliseconds: scenarios expire tokens issued before an instant, to the ms. */
  iatMs: number;
}

const HEADER = encodeSegment({ alg: 'HS256', typ: 'JWT' });

/**
 * A JWT-shaped access token. The mock only has to behave like the server over HTTP, so the "signature" is a
 * non-cryptographic checksum: enough to refuse a token whose claims were edited, never a security feature.
 */
export function encodeAccessToken(claims: AccessClaims): string {
  const payload = encodeSegment(claims);
  return `${HEADER}.${payload}.${checksum(`${HEADER}.${payload}`)}`;
}

/** The claims of a token this mock issued and nobody altered, or null. Expiry is the caller's check. */
export function decodeAccessToken(token: string): AccessClaims | null {
  const [header, payload, signature, extra] = token.split('.');
  if (!header || !payload || !signature || extra !== undefined || header !== HEADER) return null;
  if (signature !== checksum(`${header}.${payload}`)) return null;
  try {
    const claims = JSON.parse(fromBase64Url(payload)) as Partial<AccessClaims>;
    const strings = [claims.iss, claims.aud, claims.sub, claims.cid, claims.tid, claims.sid, claims.jti];
    if (!strings.every((v) => typeof v === 'string')) return null;
    if (![claims.iat, claims.exp, claims.iatMs].every(Number.isInteger)) return null;
    return claims as AccessClaims;
  } catch {
    return null;
  }
}

/** An opaque random token (magic link, refresh token): 32 random bytes, base64url, like the server's. */
export function randomToken(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(32));
  return toBase64Url(String.fromCharCode(...bytes));
}

const CODE_ALPHABET = '23456789ABCDEFGHJKLMNPQRSTUVWXYZ';

/** A one-time sign-in code like the server's: 8 of 32 characters without look-alikes, canonical form. */
export function randomSignInCode(): string {
  return Array.from(crypto.getRandomValues(new Uint8Array(8)), (b) => CODE_ALPHABET[b & 31]).join('');
}

/** A random UUID (request ids, token ids). */
export function randomId(): string {
  return crypto.randomUUID();
}

function encodeSegment(value: unknown): string {
  return toBase64Url(String.fromCharCode(...new TextEncoder().encode(JSON.stringify(value))));
}

function toBase64Url(binary: string): string {
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

function fromBase64Url(segment: string): string {
  const binary = atob(segment.replace(/-/g, '+').replace(/_/g, '/'));
  return new TextDecoder().decode(Uint8Array.from(binary, (c) => c.charCodeAt(0)));
}

// FNV-1a over the text, twice with different offsets: 64 bits of tamper evidence, no crypto needed.
function checksum(text: string): string {
  let a = 0x811c9dc5;
  let b = 0x01000193 ^ 0x5bd1e995;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    a = Math.imul(a ^ c, 0x01000193);
    b = Math.imul(b ^ c, 0x01000193) ^ (a >>> 7);
  }
  return toBase64Url(
    String.fromCharCode(...[a, b].flatMap((n) => [n >>> 24, (n >>> 16) & 255, (n >>> 8) & 255, n & 255])),
  );
}
