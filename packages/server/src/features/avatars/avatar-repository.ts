import type { Knex } from 'knex';
import type { ImageMediaType } from '../../blobs/image-pipeline.js';
import type { Principal } from '../../tokens/access-token.js';
import { liveStatement, PRINCIPAL_IS_LIVE, principalBindings } from '../../tokens/live-principal.js';

/** A blob someone may see, with what serving it needs. */
export interface VisibleBlobRow {
  tenant_id: string;
  id: string;
  media_type: ImageMediaType;
}

// Which blobs a user may see: their own avatar and its thumbnail, and their client's. Joined to `u` and `c`.
const SEEN_BY_USER = `:blobId IN (u.avatar_blob_id, u.avatar_thumbnail_blob_id,
                               c.avatar_blob_id, c.avatar_thumbnail_blob_id)`;

/**
 * The blob `blobId` if user `userId` (active, in an active tenant) may see it: the access rule of picture
 * URLs, which carry a user but no session. Another tenant's blob, another person's, and one that does not
 * exist all give no row.
 */
export async function findBlobSeenByUser(
  db: Knex,
  userId: string,
  blobId: string,
): Promise<VisibleBlobRow | undefined> {
  const { rows } = await db.raw<{ rows: VisibleBlobRow[] }>(
    `SELECT b.tenant_id, b.id, b.media_type
       FROM portal_users u
       JOIN tenants t ON t.id = u.tenant_id AND t.active
       JOIN clients c ON c.id = u.client_id AND c.tenant_id = u.tenant_id
       JOIN blobs b ON b.tenant_id = u.tenant_id AND b.id = :blobId
      WHERE u.id = :userId AND u.active AND ${SEEN_BY_USER}`,
    { userId, blobId },
  );
  return rows[0];
}

/**
 * Whether the requester's token is still live, and whether they may see `blobId` (as above): one
 * statement, so that a URL is handed out in one round trip.
 */
export async function blobVisibleToRequester(
  db: Knex,
  who: Principal,
  blobId: string,
): Promise<{ live: boolean; visible: boolean }> {
  const { rows } = await liveStatement<{ live: boolean; visible: boolean }>(
    db,
    `SELECT ${PRINCIPAL_IS_LIVE} AS live,
            EXISTS (SELECT 1
                      FROM portal_users u
                      JOIN clients c ON c.id = u.client_id AND c.tenant_id = u.tenant_id
                      JOIN blobs b ON b.tenant_id = u.tenant_id AND b.id = :blobId
                     WHERE u.id = :userId AND u.tenant_id = :tenantId AND u.client_id = :clientId
                       AND ${SEEN_BY_USER}) AS visible`,
    { ...principalBindings(who), blobId },
  );
  return { live: rows[0]?.live === true, visible: rows[0]?.visible === true };
}

/** The avatar columns of a user or a client; all null for none (the schema's CHECK). */
export interface AvatarValues {
  avatar_blob_id: string | null;
  avatar_thumbnail_blob_id: string | null;
  avatar_width: number | null;
  avatar_height: number | null;
}

export const NO_AVATAR: AvatarValues = {
  avatar_blob_id: null,
  avatar_thumbnail_blob_id: null,
  avatar_width: null,
  avatar_height: null,
};

/** Sets the avatar of the requester's own user row; 0 when the row is gone (a deactivated user's stays). */
export function updateOwnAvatar(db: Knex, who: Principal, values: AvatarValues): Promise<number> {
  return db('portal_users')
    .where({ id: who.userId, tenant_id: who.tenantId, client_id: who.clientId, active: true })
    .update({ ...values, updated_at: db.fn.now() });
}
