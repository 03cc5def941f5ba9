import type { Schemas } from '@portal/contract';
import { saveBlobs } from '../../blobs/blob-store.js';
import { type ProcessedAvatar, processAvatarImage } from '../../blobs/image-pipeline.js';
import type { Principal } from '../../tokens/access-token.js';
import { refuseEndedSignIn } from '../../tokens/live-principal.js';
import type { AvatarDeps } from './avatar-deps.js';
import { type AvatarValues, NO_AVATAR, updateOwnAvatar } from './avatar-repository.js';

/** The avatar columns of a processed picture. */
export function avatarValuesOf({ image, thumbnail }: ProcessedAvatar): AvatarValues {
  return {
    avatar_blob_id: image.id,
    avatar_thumbnail_blob_id: thumbnail.id,
    avatar_width: image.width,
    avatar_height: image.height,
  };
}

/**
 * The signed-in user sets their own picture: counted against their limit, then read by the image
 * pipeline (which refuses anything but a sound PNG, JPEG or WebP), and stored with the new avatar in one
 * transaction, so a refusal stores nothing. The picture it replaces is left to the housekeeping: another
 * upload running at the same time may still name it until its transaction ends.
 */
export async function setOwnAvatar(
  deps: AvatarDeps,
  who: Principal,
  body: Uint8Array | undefined,
): Promise<Schemas['Avatar']> {
  await deps.rateLimits.avatarPerUser.consume(who.userId);
  const processed = await processAvatarImage(body ?? new Uint8Array());
  await deps.db.transaction(async (trx) => {
    await saveBlobs(trx, deps.store, who.tenantId, [processed.image, processed.thumbnail]);
    if ((await updateOwnAvatar(trx, who, avatarValuesOf(processed))) === 0) refuseEndedSignIn();
  });
  return {
    blobId: processed.image.id,
    thumbnailBlobId: processed.thumbnail.id,
    width: processed.image.width,
    height: processed.image.height,
  };
}

/** The signed-in user removes their picture (204 whether or not they had one). */
export async function removeOwnAvatar(deps: AvatarDeps, who: Principal): Promise<void> {
  await deps.rateLimits.avatarPerUser.consume(who.userId);
  if ((await updateOwnAvatar(deps.db, who, NO_AVATAR)) === 0) refuseEndedSignIn();
}
