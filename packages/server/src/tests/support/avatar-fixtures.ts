import { callOperation, readJson } from '@portal/test-kit/call-operation';
import type { Knex } from 'knex';
import { postgresBlobStore, saveBlobs } from '../../blobs/blob-store.js';
import { processAvatarImage } from '../../blobs/image-pipeline.js';
import { avatarValuesOf } from '../../features/avatars/own-avatar.js';
import { solidImage } from './test-images.js';

/** Gives a client a logo (through the image pipeline, as staff would); returns its avatar's blob ids. */
export async function insertClientLogo(
  db: Knex,
  client: { id: string; tenant_id: string },
  colour = '#2e8b57',
): Promise<{ blobId: string; thumbnailBlobId: string }> {
  const processed = await processAvatarImage(await solidImage('png', 96, 96, colour));
  await db.transaction(async (trx) => {
    await saveBlobs(trx, postgresBlobStore, client.tenant_id, [processed.image, processed.thumbnail]);
    await trx('clients')
      .where({ id: client.id, tenant_id: client.tenant_id })
      .update(avatarValuesOf(processed));
  });
  return { blobId: processed.image.id, thumbnailBlobId: processed.thumbnail.id };
}

/** The signed link `getBlobUrl` hands `accessToken`'s user for `blobId`, as query parameters. */
export async function signedLinkOf(baseUrl: string, accessToken: string, blobId: string) {
  const { url } = await readJson(
    await callOperation(baseUrl, 'getBlobUrl', { path: { blobId }, accessToken }),
    'getBlobUrl',
    200,
  );
  const query = new URL(url, baseUrl).searchParams;
  return {
    expires: Number(query.get('expires')),
    user: query.get('user') as string,
    signature: query.get('signature') as string,
  };
}
