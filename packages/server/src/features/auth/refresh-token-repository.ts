import type { Knex } from 'knex';
import type { SessionUser } from './session-tokens.js';

export interface NewRefreshToken {
  tenantId: string;
  userId: string;
  familyId: string;
  parentId: string | null;
  tokenHash: Buffer;
  expiresAt: Date;
}

export async function insertRefreshToken(db: Knex, token: NewRefreshToken): Promise<void> {
  await db('refresh_tokens').insert({
    tenant_id: token.tenantId,
    user_id: token.userId,
    family_id: token.familyId,
    parent_id: token.parentId,
    token_hash: token.tokenHash,
    expires_at: token.expiresAt,
  });
}

/**
 * Marks a live refresh token rotated (one conditional UPDATE, so a token rotates once however many calls
 * race) and returns its user, who must still be active in an active tenant.
 */
export async function markRotated(
  db: Knex,
  tokenHash: Buffer,
  now: Date,
): Promise<(SessionUser & { id: string; familyId: string }) | undefined> {
  const { rows } = await db.raw<{ rows: (SessionUser & { id: string; familyId: string })[] }>(
    `UPDATE refresh_tokens r SET rotated_at = ?
       FROM portal_users u JOIN tenants t ON t.id = u.tenant_id
      WHERE r.token_hash = ? AND r.rotated_at IS NULL AND r.revoked_at IS NULL AND r.expires_at > ?
        AND u.id = r.user_id AND u.active AND t.active
      RETURNING r.id, r.family_id AS "familyId", r.user_id AS "userId", r.tenant_id AS "tenantId",
                u.client_id AS "clientId", u.email`,
    [now, tokenHash, now],
  );
  return rows[0];
}

/** The family of a token that was already rotated, if that is what this hash names. */
export async function findRotatedFamily(db: Knex, tokenHash: Buffer): Promise<string | undefined> {
  const row = await db('refresh_tokens')
    .where({ token_hash: tokenHash })
    .whereNotNull('rotated_at')
    .first<{ family_id: string } | undefined>('family_id');
  return row?.family_id;
}

/** Revokes every live token of a family. */
export async function revokeFamily(db: Knex, familyId: string, now: Date): Promise<void> {
  await db('refresh_tokens')
    .where({ family_id: familyId })
    .whereNull('revoked_at')
    .update({ revoked_at: now });
}

/** Revokes the family of the token with this hash, if the token belongs to this user of this tenant. */
export async function revokeFamilyOfUser(
  db: Knex,
  tokenHash: Buffer,
  owner: { userId: string; tenantId: string },
  now: Date,
): Promise<void> {
  await db('refresh_tokens')
    .whereIn(
      'family_id',
      db('refresh_tokens')
        .select('family_id')
        .where({ token_hash: tokenHash, user_id: owner.userId, tenant_id: owner.tenantId }),
    )
    .whereNull('revoked_at')
    .update({ revoked_at: now });
}
