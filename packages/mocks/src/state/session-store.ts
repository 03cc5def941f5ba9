import type { AuthTokens } from '../data/factories.js';
import type { MockClock } from './clock.js';
import type { MockSettings } from './settings.js';
import { type AccessClaims, decodeAccessToken, encodeAccessToken, randomId, randomToken } from './tokens.js';

interface MagicLinkRecord {
  userId: string;
  expiresAt: number;
  used: boolean;
}

interface RefreshRecord {
  userId: string;
  familyId: string;
  expiresAt: number;
  state: 'active' | 'rotated' | 'revoked';
}

/** The session store as plain data, for keeping it across page loads in the browser. */
export interface SessionSnapshot {
  magicLinks: [string, MagicLinkRecord][];
  refreshTokens: [string, RefreshRecord][];
  accessValidFrom: number;
}

export interface TokenSubject {
  userId: string;
  clientId: string;
  tenantCode: string;
  email: string;
}

/**
 * Magic links and refresh-token families with the server's rules: a link is single-use and expires; a refresh
 * token is single-use, and presenting one already rotated revokes its whole family (OAuth 2.0 Security BCP,
 * RFC 9700, section 4.14.2). Access tokens are self-contained, as the server's JWTs are.
 */
export class SessionStore {
  #magicLinks = new Map<string, MagicLinkRecord>();
  #refreshTokens = new Map<string, RefreshRecord>();
  /** Access tokens stamped before this count as expired (the expired-access scenarios). */
  #accessValidFrom = 0;
  /** The issue stamp of the last access token: milliseconds, strictly increasing. */
  #lastStamp = 0;

  constructor(
    private readonly clock: MockClock,
    private readonly settings: () => MockSettings,
  ) {}

  createMagicLink(userId: string): string {
    const token = randomToken();
    const expiresAt = this.clock.nowSeconds() + this.settings().magicLinkTtlSeconds;
    this.#magicLinks.set(token, { userId, expiresAt, used: false });
    return token;
  }

  /** Consumes a magic link; the user id, or null when it is unknown, expired or already used. */
  redeemMagicLink(token: string): string | null {
    const link = this.#magicLinks.get(token);
    if (!link || link.used || link.expiresAt <= this.clock.nowSeconds()) return null;
    link.used = true;
    return link.userId;
  }

  /** A new token pair; a new family unless `familyId` continues one. `backdateSeconds` ages the access token. */
  issue(subject: TokenSubject, familyId = randomId(), backdateSeconds = 0): AuthTokens {
    const { accessTokenTtlSeconds, refreshTokenTtlSeconds } = this.settings();
    // Strictly increasing, so "every token issued so far" has an exact boundary even within a millisecond.
    this.#lastStamp = Math.max(this.clock.now().getTime(), this.#lastStamp + 1);
    const iatMs = this.#lastStamp - backdateSeconds * 1000;
    const issuedAt = Math.floor(iatMs / 1000);
    const exp = issuedAt + accessTokenTtlSeconds;
    const claims: AccessClaims = {
      iss: 'portal',
      aud: 'portal-api',
      sub: subject.userId,
      cid: subject.clientId,
      tid: subject.tenantCode,
      iat: issuedAt,
      exp,
      jti: randomId(),
      iatMs,
    };
    const refreshToken = randomToken();
    this.#refreshTokens.set(refreshToken, {
      userId: subject.userId,
      familyId,
      expiresAt: this.clock.nowSeconds() + refreshTokenTtlSeconds,
      state: 'active',
    });
    return {
      accessToken: encodeAccessToken(claims),
      accessExpiresUnix: exp,
      refreshToken,
      id: subject.userId,
      username: subject.email,
    };
  }

  /**
   * Consumes a refresh token for rotation: its user and family when it was active. A rotated token presented
   * again revokes the family; unknown, expired and revoked tokens give null.
   */
  rotate(refreshToken: string): { userId: string; familyId: string } | null {
    const record = this.#refreshTokens.get(refreshToken);
    if (!record) return null;
    if (record.state === 'rotated') this.revokeFamily(record.familyId);
    if (record.state !== 'active' || record.expiresAt <= this.clock.nowSeconds()) return null;
    record.state = 'rotated';
    return { userId: record.userId, familyId: record.familyId };
  }

  /** Logout: revokes the family of `refreshToken` when it belongs to `userId`, otherwise nothing. */
  revokeOwnedFamily(refreshToken: string, userId: string): void {
    const record = this.#refreshTokens.get(refreshToken);
    if (record?.userId === userId) this.revokeFamily(record.familyId);
  }

  revokeFamily(familyId: string): void {
    for (const record of this.#refreshTokens.values()) {
      if (record.familyId === familyId) record.state = 'revoked';
    }
  }

  revokeAll(): void {
    for (const record of this.#refreshTokens.values()) record.state = 'revoked';
  }

  /** Makes every access token issued until now count as expired. */
  expireAccessTokensIssuedSoFar(): void {
    this.#accessValidFrom = Math.max(this.clock.now().getTime(), this.#lastStamp + 1);
  }

  /** The claims of a current access token of this mock, or null. */
  verifyAccessToken(token: string): AccessClaims | null {
    const claims = decodeAccessToken(token);
    if (!claims || claims.exp <= this.clock.nowSeconds() || claims.iatMs < this.#accessValidFrom) return null;
    return claims;
  }

  clear(): void {
    this.#magicLinks.clear();
    this.#refreshTokens.clear();
    this.#accessValidFrom = 0;
  }

  snapshot(): SessionSnapshot {
    return {
      magicLinks: [...this.#magicLinks],
      refreshTokens: [...this.#refreshTokens],
      accessValidFrom: this.#accessValidFrom,
    };
  }

  restore(snapshot: SessionSnapshot): void {
    this.#magicLinks = new Map(snapshot.magicLinks);
    this.#refreshTokens = new Map(snapshot.refreshTokens);
    this.#accessValidFrom = snapshot.accessValidFrom;
  }
}
