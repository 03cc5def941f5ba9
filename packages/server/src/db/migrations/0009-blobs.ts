import type { Knex } from 'knex';
import { runStatements } from './run-statements.js';

/*
 * Images (avatars and logos) as blobs. `blobs` holds what the API and the access rules need: a
 * content-addressed id (SHA-256 of the stored bytes, base64url), its media type, size and dimensions, the
 * tenant that owns it. The bytes sit apart in `blob_contents`, the PostgreSQL implementation of the blob
 * store (blobs/blob-store.ts): an object store can take its place without touching the metadata. The same
 * picture in two tenants is two blobs, so nothing one tenant stores can be probed from another.
 * The avatar columns of clients and users keep no foreign key: ids written by earlier imports lead to no
 * blob, and the blob operations answer them as they answer any unknown id.
 */
/** @public read by knex, through the list in migrate.ts */
export async function up(knex: Knex): Promise<void> {
  await runStatements(
    knex,
    `
    CREATE TABLE blobs (
      tenant_id   uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
      id          text NOT NULL CHECK (id ~ '^[A-Za-z0-9_-]{43}$'),
      media_type  text NOT NULL CHECK (media_type IN ('image/png', 'image/jpeg', 'image/webp')),
      byte_size   integer NOT NULL CHECK (byte_size > 0),
      width       integer NOT NULL CHECK (width > 0),
      height      integer NOT NULL CHECK (height > 0),
      created_at  timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (tenant_id, id)
    );
    -- The housekeeping job's sweep of blobs past their grace period.
    CREATE INDEX blobs_created_idx ON blobs (created_at);

    CREATE TABLE blob_contents (
      tenant_id   uuid NOT NULL,
      blob_id     text NOT NULL,
      bytes       bytea NOT NULL,
      PRIMARY KEY (tenant_id, blob_id),
      FOREIGN KEY (tenant_id, blob_id) REFERENCES blobs (tenant_id, id) ON DELETE CASCADE
    );

    -- The sweep asks, for each old blob, whether any avatar still names it.
    CREATE INDEX portal_users_avatar_idx ON portal_users (tenant_id, avatar_blob_id)
      WHERE avatar_blob_id IS NOT NULL;
    CREATE INDEX portal_users_avatar_thumb_idx ON portal_users (tenant_id, avatar_thumbnail_blob_id)
      WHERE avatar_thumbnail_blob_id IS NOT NULL;
    CREATE INDEX clients_avatar_idx ON clients (tenant_id, avatar_blob_id) WHERE avatar_blob_id IS NOT NULL;
    CREATE INDEX clients_avatar_thumb_idx ON clients (tenant_id, avatar_thumbnail_blob_id)
      WHERE avatar_thumbnail_blob_id IS NOT NULL;
  `,
  );
}

/** @public read by knex, through the list in migrate.ts */
export async function down(knex: Knex): Promise<void> {
  await runStatements(
    knex,
    `
    DROP INDEX clients_avatar_thumb_idx;
    DROP INDEX clients_avatar_idx;
    DROP INDEX portal_users_avatar_thumb_idx;
    DROP INDEX portal_users_avatar_idx;
    DROP TABLE blob_contents;
    DROP TABLE blobs;
  `,
  );
}
