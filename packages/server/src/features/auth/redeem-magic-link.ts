import { randomUUID } from 'node:crypto';
import { hashToken } from '../../auth/secret-token.js';
import type { AuthDeps } from './auth-deps.js';
import { consumeMagicLink } from './magic-link-repository.js';
import { type AuthTokens, issueTokens } from './session-tokens.js';

/**
 * Redeems a magic-link token for a new session (a new refresh-token family). Returns null when the token
 * is unknown, expired or used, or its user or tenant is no longer active. The token is consumed in the
 * same transaction that stores the refresh token, so a failure afterwards does not burn the link.
 */
export async function redeemMagicLink(
  deps: AuthDeps,
  { token, ip }: { token: string; ip: string },
): Promise<AuthTokens | null> {
  await deps.rateLimits.validatePerIp.consume(ip);
  const now = deps.clock();
  return deps.db.transaction(async (trx) => {
    const user = await consumeMagicLink(trx, hashToken(token), now);
    if (!user) return null;
    return issueTokens(deps, trx, user, { familyId: randomUUID(), parentId: null }, now);
  });
}
