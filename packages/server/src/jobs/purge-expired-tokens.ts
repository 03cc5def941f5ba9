import type { Knex } from 'knex';

/** Expired tokens and ended sessions are kept a day (to answer "what happened to my link?"), then deleted. */
const KEEP_EXPIRED_MS = 86_400_000;
// Longer than any refresh-token grace period (REFRESH_TOKEN_GRACE_SECONDS is at most 60).
const SUCCESSOR_KEPT_MS = 60_000;

/**
 * Deletes magic-link and refresh tokens that expired, and sessions that ended (past their absolute end or
 * revoked), more than a day ago, and forgets the sealed successors of tokens rotated beyond any grace period.
 */
export async function purgeExpiredTokens(db: Knex, now: Date): Promise<void> {
  const before = new Date(now.getTime() - KEEP_EXPIRED_MS);
  await db('magic_link_tokens').where('expires_at', '<', before).delete();
  await db('refresh_tokens').where('expires_at', '<', before).delete();
  await db('sessions').where('expires_at', '<', before).orWhere('revoked_at', '<', before).delete();
  await db('refresh_tokens')
    .whereNotNull('successor_sealed')
    .andWhere('rotated_at', '<', new Date(now.getTime() - SUCCESSOR_KEPT_MS))
    .update({ successor_sealed: null });
}
