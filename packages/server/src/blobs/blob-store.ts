import type { Knex } from 'knex';
import type { ProcessedImage } from './image-pipeline.js';

/**
 * Where the bytes of blobs are kept, apart from their metadata (the `blobs` table, which the access rules
 * and the housekeeping read). PostgreSQL by default; an S3-compatible object store is another
 * implementation of this interface (docs/scaling.md), and the use cases do not change. Writes take the
 * caller's transaction so that a blob and its bytes appear, and disappear, together.
 */
export interface BlobStore {
  /** Stores the bytes of `blobId` of `tenantId`; storing the same blob again changes nothing. */
  write(db: Knex, tenantId: string, blobId: string, bytes: Buffer): Promise<void>;
  /** The bytes of a blob, or undefined when there are none. */
  read(db: Knex, tenantId: string, blobId: string): Promise<Buffer | undefined>;
  /** Forgets the bytes of blobs whose metadata was deleted. */
  remove(db: Knex, tenantId: string, blobIds: readonly string[]): Promise<void>;
}

/** The bytes in the `blob_contents` table, beside their metadata. */
export const postgresBlobStore: BlobStore = {
  async write(db, tenantId, blobId, bytes) {
    await db('blob_contents')
      .insert({ tenant_id: tenantId, blob_id: blobId, bytes })
      .onConflict(['tenant_id', 'blob_id'])
      .ignore();
  },
  async read(db, tenantId, blobId) {
    const row = await db('blob_contents')
      .where({ tenant_id: tenantId, blob_id: blobId })
      .first<{ bytes: Buffer | Uint8Array } | undefined>('bytes');
    // PGlite answers a Uint8Array, pg a Buffer.
    return row ? Buffer.from(row.bytes.buffer, row.bytes.byteOffset, row.bytes.byteLength) : undefined;
  },
  async remove(db, tenantId, blobIds) {
    if (blobIds.length === 0) return;
    await db('blob_contents').where({ tenant_id: tenantId }).whereIn('blob_id', blobIds).delete();
  },
};

/**
 * Saves processed images as blobs of `tenantId`: metadata and bytes, in the caller's transaction. Saving a
 * blob that exists renews its `created_at`, so the housekeeping's grace period starts again for a picture
 * that is being used once more (it may have been unreferenced and close to being swept).
 */
export async function saveBlobs(
  trx: Knex.Transaction,
  store: BlobStore,
  tenantId: string,
  images: readonly ProcessedImage[],
): Promise<void> {
  for (const image of images) {
    await trx('blobs')
      .insert({
        tenant_id: tenantId,
        id: image.id,
        media_type: image.mediaType,
        byte_size: image.bytes.length,
        width: image.width,
        height: image.height,
      })
      .onConflict(['tenant_id', 'id'])
      .merge({ created_at: trx.fn.now() });
    await store.write(trx, tenantId, image.id, image.bytes);
  }
}
