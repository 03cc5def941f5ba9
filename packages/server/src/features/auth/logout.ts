import type { Principal } from '../../auth/access-token.js';
import { hashToken } from '../../auth/secret-token.js';
import type { AuthDeps } from './auth-deps.js';
import { revokeSessionOfUser } from './session-repository.js';

/**
 * Ends the session of the refresh token, if the token belongs to the signed-in user; someone else's token is
 * left alone. Its refresh tokens stop working, and so do its access tokens, at their next request.
 */
export async function logout(
  deps: Pick<AuthDeps, 'db' | 'clock'>,
  { refreshToken, principal }: { refreshToken: string; principal: Principal },
): Promise<void> {
  await revokeSessionOfUser(
    deps.db,
    hashToken(refreshToken),
    { userId: principal.userId, tenantId: principal.tenantId },
    deps.clock(),
  );
}
