import type { Schemas } from '@portal/contract';
import type { Knex } from 'knex';
import { signAccessToken } from '../../tokens/access-token.js';
import { newSecretToken } from '../../tokens/secret-token.js';
import { insertRefreshToken } from './refresh-token-repository.js';
import type { SessionUser } from './session-user.js';
import type { AuthDeps } from './sign-in-deps.js';

export type AuthTokens = Schemas['AuthTokens'];

/** A token pair, and when its sign-in ends unless refreshed before: what a refresh cookie's Max-Age follows. */
export interface IssuedTokens {
  tokens: AuthTokens;
  signInEndsAt: Date;
}

/**
 * When a sign-in last refreshed at `lastUsedAt` ends without another refresh: at its absolute end, or once
 * idle too long, or when the refresh token issued then expires, whichever comes first.
 */
export function signInEnd(
  settings: Pick<AuthDeps['settings'], 'sessionIdleTimeoutSeconds' | 'refreshTokenTtlSeconds'>,
  session: { expiresAt: Date },
  lastUsedAt: Date,
): Date {
  const unusedSeconds = Math.min(settings.sessionIdleTimeoutSeconds, settings.refreshTokenTtlSeconds);
  return new Date(Math.min(session.expiresAt.getTime(), lastUsedAt.getTime() + unusedSeconds * 1000));
}

/** The session a token pair is issued in, as the caller holds it (locked, or just created). */
export interface IssuingSession {
  id: string;
  expiresAt: Date;
}

/**
 * Issues a new refresh token of `session` (with `parentId`, the token it replaces) and an access token naming
 * the session. The refresh token never outlives the session. `db` is the caller's transaction.
 */
export async function issueTokens(
  deps: Pick<AuthDeps, 'accessTokens' | 'settings'>,
  db: Knex,
  user: SessionUser,
  session: IssuingSession,
  parentId: string | null,
  now: Date,
): Promise<AuthTokens> {
  const refresh = newSecretToken();
  const ttlEnd = now.getTime() + deps.settings.refreshTokenTtlSeconds * 1000;
  await insertRefreshToken(db, {
    tenantId: user.tenantId,
    userId: user.userId,
    sessionId: session.id,
    parentId,
    tokenHash: refresh.hash,
    expiresAt: new Date(Math.min(ttlEnd, session.expiresAt.getTime())),
  });
  return accessFor(deps, user, session.id, now, refresh.token);
}

/** The answer of validate and refresh: a new access token with the given refresh token. */
export function accessFor(
  deps: Pick<AuthDeps, 'accessTokens'>,
  user: SessionUser,
  sessionId: string,
  now: Date,
  refreshToken: string,
): AuthTokens {
  const access = signAccessToken(
    deps.accessTokens,
    { userId: user.userId, tenantId: user.tenantId, clientId: user.clientId, sessionId },
    now,
  );
  return { ...access, refreshToken, id: user.userId, username: user.email };
}
