import type { Knex } from 'knex';
import { hashToken } from '../../tokens/secret-token.js';
import { openSuccessor, sealSuccessor } from '../../tokens/successor-seal.js';
import {
  findRefreshToken,
  forgetSuccessors,
  markRotated,
  type RefreshTokenState,
} from './refresh-token-repository.js';
import { lockSessionOfToken, revokeSession, touchSession } from './session-repository.js';
import { accessFor, type IssuedTokens, issueTokens, signInEnd } from './session-tokens.js';
import type { AuthDeps } from './sign-in-deps.js';

// How far a grace-period answer follows a chain of rotations (tab A rotated twice before tab B's retry).
const MAX_SUCCESSOR_HOPS = 5;

/**
 * Exchanges a live refresh token for a new pair; the presented token stops working. The decision is taken
 * holding the session's row lock, so rotation, reuse detection and logout of one sign-in never interleave.
 *
 * - The session must be neither revoked nor past its absolute end, and used (refreshed) within the idle
 *   timeout; its user, client and tenant must still be active.
 * - A token rotated less than the grace period ago, presented again, gets its successor back (the same
 *   refresh token, a new access token): two tabs or a retry after a lost answer do not sign the user out.
 * - Any other rotated token means it leaked or was replayed: the session is revoked (OAuth 2.0 Security BCP,
 *   RFC 9700, 4.14.2), with every token and access token of it.
 *
 * Returns null for any token that gives no pair; returning (not throwing) lets a revocation commit.
 */
export async function rotateRefreshToken(
  deps: AuthDeps,
  { refreshToken, ip }: { refreshToken: string; ip: string },
): Promise<IssuedTokens | null> {
  await deps.rateLimits.refreshPerIp.consume(ip);
  const now = deps.clock();
  const hash = hashToken(refreshToken);
  const { refreshGraceSeconds, sessionIdleTimeoutSeconds } = deps.settings;
  let event: 'rotation' | 'reuse' | undefined;
  const tokens = await deps.db.transaction(async (trx): Promise<IssuedTokens | null> => {
    event = undefined; // a transaction retried from the start decides afresh
    const session = await lockSessionOfToken(trx, hash);
    if (!session || session.revokedAt) return null;
    const idleSince = now.getTime() - sessionIdleTimeoutSeconds * 1000;
    if (session.expiresAt <= now || session.lastUsedAt.getTime() <= idleSince || !session.user.active)
      return null;
    // Read after the lock: a rotation that committed while this waited is seen.
    const token = (await findRefreshToken(trx, hash)) as RefreshTokenState;

    if (token.rotatedAt === null) {
      if (token.expiresAt <= now) return null;
      const tokens = await issueTokens(deps, trx, session.user, session, token.id, now);
      const graceEnd = new Date(now.getTime() - refreshGraceSeconds * 1000);
      await markRotated(
        trx,
        token.id,
        now,
        refreshGraceSeconds > 0 ? sealSuccessor(refreshToken, tokens.refreshToken) : null,
      );
      await forgetSuccessors(trx, session.id, graceEnd);
      await touchSession(trx, session.id, now);
      event = 'rotation';
      return { tokens, signInEndsAt: signInEnd(deps.settings, session, now) };
    }

    const live = await liveSuccessor(trx, refreshToken, token, now, refreshGraceSeconds * 1000);
    if (live) {
      // The successor's pair as its rotation issued it: the sign-in's end counts from that refresh.
      const tokens = accessFor(deps, session.user, session.id, now, live);
      return { tokens, signInEndsAt: signInEnd(deps.settings, session, session.lastUsedAt) };
    }
    await revokeSession(trx, session.id, 'reuse', now);
    event = 'reuse';
    return null;
  });
  // Counted once committed: a reuse detection is a security signal (docs/operating.md alerts on it).
  if (event === 'rotation') deps.metrics.refreshRotations.inc();
  else if (event === 'reuse') {
    deps.metrics.refreshReuseDetections.inc();
    deps.metrics.sessionsEnded.inc({ reason: 'reuse' });
  }
  return tokens;
}

/**
 * The live successor of a token presented again within the grace period, following the sealed successors
 * hop by hop (each opened with the token before it, each rotated within the grace period), or null.
 */
async function liveSuccessor(
  trx: Knex.Transaction,
  presented: string,
  token: RefreshTokenState,
  now: Date,
  graceMs: number,
): Promise<string | null> {
  const withinGrace = (t: RefreshTokenState) =>
    t.rotatedAt !== null && t.successorSealed !== null && now.getTime() - t.rotatedAt.getTime() <= graceMs;
  let current = token;
  let secret = presented;
  for (let hop = 0; hop < MAX_SUCCESSOR_HOPS && withinGrace(current); hop++) {
    const next = openSuccessor(secret, current.successorSealed as string);
    const row = next ? await findRefreshToken(trx, hashToken(next)) : undefined;
    if (!next || !row || row.sessionId !== current.sessionId) return null;
    if (row.rotatedAt === null) return row.expiresAt > now ? next : null;
    current = row;
    secret = next;
  }
  return null;
}
