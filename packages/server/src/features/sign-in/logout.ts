import type { Schemas } from '@portal/contract';
import type { Principal } from '../../tokens/access-token.js';
import { hashToken } from '../../tokens/secret-token.js';
import { revokeSessionOfUser, revokeSessionsOfUser } from './session-repository.js';
import type { AuthDeps } from './sign-in-deps.js';

export type LogoutScope = Schemas['LogoutScope'];

/**
 * Ends sign-ins of the signed-in user, as `scope` says (Supabase's `signOut({ scope })`):
 * - `local` (the default) the refresh token's, if it belongs to the user; someone else's is left alone;
 * - `others` every other one, keeping the access token's;
 * - `global` every one, the access token's included.
 * Their refresh tokens stop working, and so do their access tokens, at their next request.
 */
export async function logout(
  deps: Pick<AuthDeps, 'db' | 'clock' | 'metrics'>,
  {
    refreshToken,
    principal,
    scope = 'local',
  }: { refreshToken: string | undefined; principal: Principal; scope?: LogoutScope },
): Promise<void> {
  const owner = { userId: principal.userId, tenantId: principal.tenantId };
  const now = deps.clock();
  if (scope === 'local') {
    // Cookie mode without the cookie: no refresh token names a sign-in to end.
    if (refreshToken === undefined) return;
    const ended = await revokeSessionOfUser(deps.db, hashToken(refreshToken), owner, now);
    deps.metrics.sessionsEnded.inc({ reason: 'logout' }, ended);
    return;
  }
  const reasons = await revokeSessionsOfUser(
    deps.db,
    owner,
    scope === 'others' ? { except: principal.sessionId } : { current: principal.sessionId },
    now,
  );
  for (const reason of reasons) deps.metrics.sessionsEnded.inc({ reason });
}
