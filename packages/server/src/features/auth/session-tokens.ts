import type { Schemas } from '@portal/contract';
import type { Knex } from 'knex';
import { signAccessToken } from '../../auth/access-token.js';
import { newSecretToken } from '../../auth/secret-token.js';
import type { AuthDeps } from './auth-deps.js';
import { insertRefreshToken } from './refresh-token-repository.js';

/** The user a session is for, as the token tables return it. */
export interface SessionUser {
  userId: string;
  tenantId: string;
  clientId: string;
  email: string;
}

export type AuthTokens = Schemas['AuthTokens'];

/**
 * Issues an access token and a new refresh token of `family` (a new family per sign-in; the rotated
 * token's family, with the rotated token as parent, on refresh). `db` is the caller's transaction.
 */
export async function issueTokens(
  deps: Pick<AuthDeps, 'accessTokens' | 'settings'>,
  db: Knex,
  user: SessionUser,
  family: { familyId: string; parentId: string | null },
  now: Date,
): Promise<AuthTokens> {
  const refresh = newSecretToken();
  await insertRefreshToken(db, {
    tenantId: user.tenantId,
    userId: user.userId,
    ...family,
    tokenHash: refresh.hash,
    expiresAt: new Date(now.getTime() + deps.settings.refreshTokenTtlSeconds * 1000),
  });
  const access = signAccessToken(
    deps.accessTokens,
    { userId: user.userId, tenantId: user.tenantId, clientId: user.clientId },
    now,
  );
  return { ...access, refreshToken: refresh.token, id: user.userId, username: user.email };
}
