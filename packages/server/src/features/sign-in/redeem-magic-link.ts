import type { Knex } from 'knex';
import { hashToken } from '../../tokens/secret-token.js';
import { consumeMagicLink } from './magic-link-repository.js';
import { insertSession, lockUserForSignIn, revokeSessionsOverCap } from './session-repository.js';
import { type IssuedTokens, issueTokens, signInEnd } from './session-tokens.js';
import type { SessionUser } from './session-user.js';
import type { AuthDeps } from './sign-in-deps.js';

/**
 * Redeems a magic-link token for a new sign-in: a session (whose absolute end is counted from now) and its
 * first token pair. Returns null when the token is unknown, expired or used, or its user or tenant is no
 * longer active. The token is consumed in the same transaction that creates the session, so a failure
 * afterwards does not burn the link.
 */
export async function redeemMagicLink(
  deps: AuthDeps,
  { token, ip, userAgent }: { token: string; ip: string; userAgent?: string | undefined },
): Promise<IssuedTokens | null> {
  await deps.rateLimits.validatePerIp.consume(ip);
  const now = deps.clock();
  const tokens = await deps.db.transaction(async (trx) => {
    const user = await consumeMagicLink(trx, hashToken(token), {
      now,
      maxCodeAttempts: deps.settings.codeMaxAttempts,
    });
    return user ? startSignIn(deps, trx, { user, now, ip, userAgent }) : null;
  });
  deps.metrics.magicLinks.inc({ outcome: tokens ? 'redeemed' : 'refused' });
  return tokens;
}

/**
 * Starts a new sign-in of `user`, whether by link or by code: a session (whose absolute end is counted from
 * now) and its first token pair, in the transaction that consumed the link. Beyond the per-user cap
 * (SESSION_MAX_PER_USER), the least recently used sign-ins end.
 */
export async function startSignIn(
  deps: AuthDeps,
  trx: Knex.Transaction,
  { user, now, ip, userAgent }: { user: SessionUser; now: Date; ip: string; userAgent?: string | undefined },
): Promise<IssuedTokens> {
  const expiresAt = new Date(now.getTime() + deps.settings.sessionMaxAgeSeconds * 1000);
  await lockUserForSignIn(trx, user);
  const sessionId = await insertSession(trx, { user, now, expiresAt, ip, userAgent });
  // The cap keeps one address from growing the table without bound: the least recently used sign-ins end.
  const capped = await revokeSessionsOverCap(trx, user, deps.settings.sessionMaxPerUser, now);
  if (capped > 0) deps.metrics.sessionsEnded.inc({ reason: 'cap' }, capped);
  const tokens = await issueTokens(deps, trx, user, { id: sessionId, expiresAt }, null, now);
  return { tokens, signInEndsAt: signInEnd(deps.settings, { expiresAt }, now) };
}
