import type { Knex } from 'knex';
import type { BlobStore } from '../blobs/blob-store.js';

/**
 * How long a blob nothing refers to is kept: longer than any upload's transaction (whose blobs are saved
 * before the avatar names them) and long enough for a picture URL handed out just before a change.
 */
export const BLOB_GRACE_MS = 86_400_000;

/**
 * Deletes the blobs that no avatar (of a user or a client, in their tenant) names and that were saved
 * before the grace period: replaced and removed pictures, and those of uploads that lost a race. One
 * statement decides and deletes, so a blob named again in the meantime (saving it renews `created_at`)
 * is kept; the store forgets the bytes in the same transaction. Returns how many were deleted.
 */
export async function purgeUnreferencedBlobs(
  db: Knex,
  store: BlobStore,
  now: Date,
  graceMs = BLOB_GRACE_MS,
): Promise<number> {
  return db.transaction(async (trx) => {
    const { rows } = await trx.raw<{ rows: { tenant_id: string; id: string }[] }>(
      `DELETE FROM blobs b
        WHERE b.created_at < ?
          AND NOT EXISTS (SELECT 1 FROM portal_users u WHERE u.tenant_id = b.tenant_id AND u.avatar_blob_id = b.id)
          AND NOT EXISTS (SELECT 1 FROM portal_users u
                           WHERE u.tenant_id = b.tenant_id AND u.avatar_thumbnail_blob_id = b.id)
          AND NOT EXISTS (SELECT 1 FROM clients c WHERE c.tenant_id = b.tenant_id AND c.avatar_blob_id = b.id)
          AND NOT EXISTS (SELECT 1 FROM clients c
                           WHERE c.tenant_id = b.tenant_id AND c.avatar_thumbnail_blob_id = b.id)
        RETURNING b.tenant_id, b.id`,
      [new Date(now.getTime() - graceMs)],
    );
    const byTenant = new Map<string, string[]>();
    for (const row of rows) byTenant.set(row.tenant_id, [...(byTenant.get(row.tenant_id) ?? []), row.id]);
    for (const [tenantId, ids] of byTenant) await store.remove(trx, tenantId, ids);
    return rows.length;
  });
}
