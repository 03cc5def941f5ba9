import type { Schemas } from '@portal/contract';
import type { AuthTokens } from '../data/factories.js';
import type { MockClock } from './clock.js';
import type { MockSettings } from './settings.js';
import { type SignInRecord, SignIns, sessionEntry } from './sign-ins.js';
import {
  type AccessClaims,
  decodeAccessToken,
  encodeAccessToken,
  randomId,
  randomSignInCode,
  randomToken,
} from './tokens.js';

interface MagicLinkRecord {
  userId: string;
  expiresAt: number;
  used: boolean;
  /** The one-time code of its mail, canonical (upper case, no hyphen); absent in older snapshots. */
  code?: string;
  /** Code attempts made against it. */
  codeAttempts?: number;
}

interface RefreshRecord {
  userId: string;
  familyId: string;
  expiresAt: number;
  state: 'active' | 'rotated' | 'revoked';
  /** When it was rotated (seconds), and into which token: a second presentation within the grace period. */
  rotatedAt?: number;
  successor?: string;
}

/** The session store as plain data, for keeping it across page loads in the browser. */
export interface SessionSnapshot {
  magicLinks: [string, MagicLinkRecord][];
  refreshTokens: [string, RefreshRecord][];
  revokedFamilies?: string[];
  /** The sign-ins of the devices list; absent in older snapshots. */
  signIns?: [string, SignInRecord][];
  accessValidFrom: number;
}

/** What presenting a refresh token gives: a rotation to make, or a successor already made. */
export type Rotation =
  | { kind: 'rotate'; userId: string; familyId: string; parent: string }
  | { kind: 'successor'; userId: string; familyId: string; refreshToken: string };

export interface TokenSubject {
  userId: string;
  clientId: string;
  tenantCode: string;
  email: string;
}

/**
 * Magic links and sign-ins (refresh-token families) with the server's rules: a link is single-use and
 * expires; a refresh token is single-use; presenting one already rotated gets its successor within the grace
 * period and otherwise revokes the whole sign-in (OAuth 2.0 Security BCP, RFC 9700, section 4.14.2). Access
 * tokens are self-contained, as the server's JWTs are, and name their sign-in (`sid`): a revoked sign-in's
 * access tokens are refused at once.
 */
export class SessionStore {
  #magicLinks = new Map<string, MagicLinkRecord>();
  #refreshTokens = new Map<string, RefreshRecord>();
  #revokedFamilies = new Set<string>();
  #signIns = new SignIns();
  /** Access tokens stamped before this count as expired (the expired-access scenarios). */
  #accessValidFrom = 0;
  /** The issue stamp of the last access token: milliseconds, strictly increasing. */
  #lastStamp = 0;

  constructor(
    private readonly clock: MockClock,
    private readonly settings: () => MockSettings,
  ) {}

  /** A new magic link and its one-time code (as the mail shows it: `7KQM-P3XR`). */
  createMagicLink(userId: string): { token: string; code: string } {
    const token = randomToken();
    const code = randomSignInCode();
    const expiresAt = this.clock.nowSeconds() + this.settings().magicLinkTtlSeconds;
    this.#magicLinks.set(token, { userId, expiresAt, used: false, code, codeAttempts: 0 });
    return { token, code: `${code.slice(0, 4)}-${code.slice(4)}` };
  }

  /**
   * Consumes a magic link; the user id, or null when it is unknown, expired or already used, or its code
   * was guessed at too often.
   */
  redeemMagicLink(token: string): string | null {
    const link = this.#magicLinks.get(token);
    if (!link || !this.#usable(link)) return null;
    link.used = true;
    return link.userId;
  }

  /**
   * Signs in with the code of the user's latest link, as the server does: only the latest link's code
   * counts, every attempt is counted, and after `signInCodeMaxAttempts` the link and code are void. The
   * user id, or null for any failure.
   */
  redeemSignInCode(userId: string, typed: string): string | null {
    const link = [...this.#magicLinks.values()].findLast((l) => l.userId === userId);
    if (!link?.code || !this.#usable(link)) return null;
    link.codeAttempts = (link.codeAttempts ?? 0) + 1;
    if (typed.replaceAll('-', '').toUpperCase() !== link.code) return null;
    link.used = true;
    return link.userId;
  }

  #usable(link: MagicLinkRecord): boolean {
    return (
      !link.used &&
      link.expiresAt > this.clock.nowSeconds() &&
      (link.codeAttempts ?? 0) < this.settings().signInCodeMaxAttempts
    );
  }

  /**
   * A new token pair; a new family (a sign-in, from `userAgent`) unless `familyId` continues one.
   * `backdateSeconds` ages the access token. A new sign-in beyond `sessionMaxPerUser` ends the least
   * recently used ones, as the server's cap does.
   */
  issue(subject: TokenSubject, familyId = randomId(), backdateSeconds = 0, userAgent?: string): AuthTokens {
    const { refreshTokenTtlSeconds, sessionMaxAgeSeconds, sessionMaxPerUser } = this.settings();
    const nowMs = this.clock.now().getTime();
    if (this.#signIns.has(familyId)) this.#signIns.touch(familyId, nowMs);
    else {
      const expiresAt = nowMs + sessionMaxAgeSeconds * 1000;
      this.#signIns.start(familyId, {
        userId: subject.userId,
        createdAt: nowMs,
        lastUsedAt: nowMs,
        expiresAt,
        userAgent,
      });
      for (const [id] of this.#live(subject.userId).slice(sessionMaxPerUser)) this.revokeFamily(id);
    }
    const refreshToken = randomToken();
    this.#refreshTokens.set(refreshToken, {
      userId: subject.userId,
      familyId,
      expiresAt: this.clock.nowSeconds() + refreshTokenTtlSeconds,
      state: 'active',
    });
    return this.issueAccess(subject, familyId, refreshToken, backdateSeconds);
  }

  /** A new access token of `familyId`, answered with `refreshToken` (a new one, or a successor handed again). */
  issueAccess(
    subject: TokenSubject,
    familyId: string,
    refreshToken: string,
    backdateSeconds = 0,
  ): AuthTokens {
    const { accessTokenTtlSeconds } = this.settings();
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
      sid: familyId,
      iat: issuedAt,
      exp,
      jti: randomId(),
      iatMs,
    };
    return {
      accessToken: encodeAccessToken(claims),
      accessExpiresUnix: exp,
      refreshToken,
      id: subject.userId,
      username: subject.email,
    };
  }

  /**
   * Presents a refresh token: an active one is marked rotated (the caller issues the successor and records it
   * with `recordSuccessor`); a rotated one within the grace period gives its live successor; any other
   * rotated one revokes the sign-in. Unknown, expired and revoked tokens give null.
   */
  rotate(refreshToken: string): Rotation | null {
    const record = this.#refreshTokens.get(refreshToken);
    if (!record || this.#revokedFamilies.has(record.familyId)) return null;
    const now = this.clock.nowSeconds();
    if (record.state === 'rotated') {
      const successor = this.#liveSuccessor(record, now);
      if (successor)
        return {
          kind: 'successor',
          userId: record.userId,
          familyId: record.familyId,
          refreshToken: successor,
        };
      this.revokeFamily(record.familyId);
      return null;
    }
    if (record.state !== 'active' || record.expiresAt <= now) return null;
    record.state = 'rotated';
    record.rotatedAt = now;
    return { kind: 'rotate', userId: record.userId, familyId: record.familyId, parent: refreshToken };
  }

  /**
   * How long the sign-in of `refreshToken` lasts unless refreshed before: until its absolute end or the
   * token's expiry, whichever comes first (a refresh cookie's Max-Age). 0 for an unknown token.
   */
  secondsLeft(refreshToken: string): number {
    const record = this.#refreshTokens.get(refreshToken);
    if (!record) return 0;
    const signInEnd = (this.#signIns.get(record.familyId)?.expiresAt ?? Infinity) / 1000;
    return Math.min(signInEnd, record.expiresAt) - this.clock.nowSeconds();
  }

  /** Remembers which token replaced `parent`, for a second presentation of it within the grace period. */
  recordSuccessor(parent: string, successor: string): void {
    const record = this.#refreshTokens.get(parent);
    if (record) record.successor = successor;
  }

  #liveSuccessor(record: RefreshRecord, now: number): string | null {
    const grace = this.settings().refreshGraceSeconds;
    if (grace <= 0) return null;
    let current: RefreshRecord | undefined = record;
    for (
      let hop = 0;
      hop < 5 && current?.successor && now - (current.rotatedAt ?? -Infinity) <= grace;
      hop++
    ) {
      const next = this.#refreshTokens.get(current.successor);
      if (next?.state === 'active') return next.expiresAt > now ? current.successor : null;
      current = next;
    }
    return null;
  }

  /** Logout: revokes the family of `refreshToken` when it belongs to `userId`, otherwise nothing. */
  revokeOwnedFamily(refreshToken: string, userId: string): void {
    const record = this.#refreshTokens.get(refreshToken);
    if (record?.userId === userId) this.revokeFamily(record.familyId);
  }

  /** The live sign-ins of `userId` as the devices list answers them, `currentId` marked. */
  listSignIns(userId: string, currentId: string): Schemas['Session'][] {
    return this.#live(userId).map(([id, record]) => sessionEntry(id, record, currentId));
  }

  /** Ends one live sign-in of `userId`; false for another user's, an ended one or an unknown id alike. */
  endSignIn(userId: string, id: string): boolean {
    if (!this.#live(userId).some(([live]) => live === id)) return false;
    this.revokeFamily(id);
    return true;
  }

  /** Ends every live sign-in of `userId`, but `except`. */
  endSignInsOf(userId: string, except?: string): void {
    for (const [id] of this.#live(userId)) if (id !== except) this.revokeFamily(id);
  }

  #live(userId: string): [string, SignInRecord][] {
    return this.#signIns.liveOf(userId, this.clock.now().getTime(), (id) => this.#revokedFamilies.has(id));
  }

  revokeFamily(familyId: string): void {
    this.#revokedFamilies.add(familyId);
    for (const record of this.#refreshTokens.values()) {
      if (record.familyId === familyId) record.state = 'revoked';
    }
  }

  revokeAll(): void {
    for (const record of this.#refreshTokens.values()) this.revokeFamily(record.familyId);
  }

  /** Makes every access token issued until now count as expired. */
  expireAccessTokensIssuedSoFar(): void {
    this.#accessValidFrom = Math.max(this.clock.now().getTime(), this.#lastStamp + 1);
  }

  /** The claims of a current access token of this mock, or null. */
  verifyAccessToken(token: string): AccessClaims | null {
    const claims = decodeAccessToken(token);
    if (!claims || claims.exp <= this.clock.nowSeconds() || claims.iatMs < this.#accessValidFrom) return null;
    if (this.#revokedFamilies.has(claims.sid)) return null;
    // A sign-in past its absolute end no longer carries its access tokens, as on the server.
    const signIn = this.#signIns.get(claims.sid);
    if (signIn && signIn.expiresAt <= this.clock.now().getTime()) return null;
    return claims;
  }

  clear(): void {
    this.#magicLinks.clear();
    this.#refreshTokens.clear();
    this.#revokedFamilies.clear();
    this.#signIns.clear();
    this.#accessValidFrom = 0;
    // A stamp left by a test that moved the clock forward would date the next tokens in the future.
    this.#lastStamp = 0;
  }

  snapshot(): SessionSnapshot {
    return {
      magicLinks: [...this.#magicLinks],
      refreshTokens: [...this.#refreshTokens],
      revokedFamilies: [...this.#revokedFamilies],
      signIns: this.#signIns.snapshot(),
      accessValidFrom: this.#accessValidFrom,
    };
  }

  restore(snapshot: SessionSnapshot): void {
    this.#magicLinks = new Map(snapshot.magicLinks);
    this.#refreshTokens = new Map(snapshot.refreshTokens);
    this.#revokedFamilies = new Set(snapshot.revokedFamilies ?? []);
    this.#signIns.restore(snapshot.signIns);
    this.#accessValidFrom = snapshot.accessValidFrom;
  }
}
