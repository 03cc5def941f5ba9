import type { Principal } from '../../auth/access-token.js';
import { hashToken } from '../../auth/secret-token.js';
import type { AuthDeps } from './auth-deps.js';
import { revokeFamilyOfUser } from './refresh-token-repository.js';

/**
 * Revokes the refresh token's family, if the token belongs to the signed-in user; someone else's token is
 * left alone. The access token stays valid until it expires; the client discards it.
 */
export async function logout(
  deps: Pick<AuthDeps, 'db' | 'clock'>,
  { refreshToken, principal }: { refreshToken: string; principal: Principal },
): Promise<void> {
  await revokeFamilyOfUser(
    deps.db,
    hashToken(refreshToken),
    { userId: principal.userId, tenantId: principal.tenantId },
    deps.clock(),
  );
}
