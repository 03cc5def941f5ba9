/** The mock's tunables; the defaults are the server's. */
export interface MockSettings {
  /** Lifetime of access tokens (server: ACCESS_TOKEN_TTL_SECONDS). */
  accessTokenTtlSeconds: number;
  /** Lifetime of a magic link: 15 minutes. */
  magicLinkTtlSeconds: number;
  /** Lifetime of a refresh token: 30 days. */
  refreshTokenTtlSeconds: number;
  /**
   * How long a rotated refresh token, presented again, gets its successor back instead of revoking the
   * sign-in (server: REFRESH_TOKEN_GRACE_SECONDS).
   */
  refreshGraceSeconds: number;
  /** A sign-in's absolute lifetime (server: SESSION_MAX_AGE_SECONDS). */
  sessionMaxAgeSeconds: number;
  /** Live sign-ins per person; a new one beyond it ends the least recently used (server: SESSION_MAX_PER_USER). */
  sessionMaxPerUser: number;
  /** Wrong one-time codes allowed per sign-in mail (server: SIGN_IN_CODE_MAX_ATTEMPTS). */
  signInCodeMaxAttempts: number;
  /**
   * Code attempts allowed per (tenant, email) within `codeAttemptWindowSeconds`, then 429 (server:
   * RATE_LIMIT_VERIFY_CODE_EMAIL).
   */
  codeAttemptsPerAddress: number;
  codeAttemptWindowSeconds: number;
  /** `Retry-After` of the rate-limited scenario. */
  retryAfterSeconds: number;
  /** Delay of every response in the slow-network scenario. */
  slowNetworkDelayMs: number;
  /** Larger request bodies get 413 (server: BODY_LIMIT_BYTES). */
  bodyLimitBytes: number;
  /** Larger pictures get 413 (server: AVATAR_MAX_BYTES). */
  avatarMaxBytes: number;
  /** The app page a magic link opens (server: `$PORTAL_URL/auth/magic`); the link adds `#token=`. */
  signInUrl: string;
}

export const DEFAULT_SETTINGS: Readonly<MockSettings> = {
  accessTokenTtlSeconds: 900,
  magicLinkTtlSeconds: 900,
  refreshTokenTtlSeconds: 30 * 24 * 3600,
  refreshGraceSeconds: 10,
  sessionMaxAgeSeconds: 30 * 24 * 3600,
  sessionMaxPerUser: 20,
  signInCodeMaxAttempts: 5,
  codeAttemptsPerAddress: 10,
  codeAttemptWindowSeconds: 900,
  retryAfterSeconds: 60,
  slowNetworkDelayMs: 2000,
  bodyLimitBytes: 16384,
  avatarMaxBytes: 5_242_880,
  signInUrl: 'http://localhost:5173/auth/magic',
};
