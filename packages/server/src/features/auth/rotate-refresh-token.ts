import { hashToken } from '../../auth/secret-token.js';
import type { AuthDeps } from './auth-deps.js';
import { findRotatedFamily, markRotated, revokeFamily } from './refresh-token-repository.js';
import { type AuthTokens, issueTokens } from './session-tokens.js';

/**
 * Exchanges a live refresh token for a new pair; the presented token stops working. Presenting a token
 * that was already rotated means it leaked or was replayed: the whole family is revoked (OAuth 2.0
 * Security BCP, RFC 9700, section 4.14.2), so every session descended from that sign-in must sign in again.
 * Returns null for any token that gives no new pair.
 */
export async function rotateRefreshToken(
  deps: AuthDeps,
  { refreshToken, ip }: { refreshToken: string; ip: string },
): Promise<AuthTokens | null> {
  await deps.rateLimits.refreshPerIp.consume(ip);
  const now = deps.clock();
  const hash = hashToken(refreshToken);
  // Returning (not throwing) lets the revocation commit.
  return deps.db.transaction(async (trx) => {
    const rotated = await markRotated(trx, hash, now);
    if (rotated)
      return issueTokens(deps, trx, rotated, { familyId: rotated.familyId, parentId: rotated.id }, now);
    const reusedFamily = await findRotatedFamily(trx, hash);
    if (reusedFamily) await revokeFamily(trx, reusedFamily, now);
    return null;
  });
}
