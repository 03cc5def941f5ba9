import type { Knex } from 'knex';

/** Expired tokens are kept a day (to answer "what happened to my link?"), then deleted. */
const KEEP_EXPIRED_MS = 86_400_000;

/** Deletes magic-link and refresh tokens that expired more than a day ago. */
export async function purgeExpiredTokens(db: Knex, now: Date): Promise<void> {
  const before = new Date(now.getTime() - KEEP_EXPIRED_MS);
  await db('magic_link_tokens').where('expires_at', '<', before).delete();
  await db('refresh_tokens').where('expires_at', '<', before).delete();
}
