import type { Schemas } from '@portal/contract';
import type { ImageMediaType } from '../../blobs/image-pipeline.js';
import { problems } from '../../errors/problem-error.js';
import type { Principal } from '../../tokens/access-token.js';
import { refuseEndedSignIn } from '../../tokens/live-principal.js';
import type { AvatarDeps } from './avatar-deps.js';
import { blobVisibleToRequester, findBlobSeenByUser } from './avatar-repository.js';
import type { SignedBlobLink } from './blob-links.js';

/** Where `getBlob` is served, relative to the API's origin. */
const BLOB_PATH = '/api/v1/portal/blobs/';

/**
 * A signed URL of a picture the requester may see (their avatar, their client's): 404 for any other id,
 * exactly as for one that does not exist; 401 when the token no longer stands for anyone.
 */
export async function blobUrlFor(
  deps: AvatarDeps,
  who: Principal,
  blobId: string,
): Promise<Schemas['BlobUrl']> {
  const { live, visible } = await blobVisibleToRequester(deps.db, who, blobId);
  if (!live) refuseEndedSignIn();
  if (!visible) throw problems.noSuchResource();
  const { expires, signature } = deps.links.sign(blobId, who.userId, deps.clock());
  const query = new URLSearchParams({ expires: String(expires), user: who.userId, signature });
  return {
    url: `${BLOB_PATH}${encodeURIComponent(blobId)}?${query}`,
    expiresAt: new Date(expires * 1000).toISOString(),
  };
}

export type ServedBlob =
  | { status: 304; etag: string }
  | { status: 200; etag: string; mediaType: ImageMediaType; bytes: Buffer; fileName: string };

/**
 * The bytes of a picture by its signed URL: 403 when the signature does not match or has expired; 404
 * unless the picture is still one the URL's user may see; 304 when the client's copy (`If-None-Match`) is
 * current, without reading the bytes. The ETag is the id: the SHA-256 of the bytes.
 */
export async function serveBlob(
  deps: AvatarDeps,
  request: { blobId: string; userId: string; link: SignedBlobLink; ifNoneMatch: string | undefined },
): Promise<ServedBlob> {
  if (!deps.links.verify(request.blobId, request.userId, request.link, deps.clock()))
    throw problems.blobLinkInvalid();
  const blob = await findBlobSeenByUser(deps.db, request.userId, request.blobId);
  if (!blob) throw problems.noSuchResource();
  const etag = `"${blob.id}"`;
  if (request.ifNoneMatch !== undefined && matchesAny(request.ifNoneMatch, etag))
    return { status: 304, etag };
  const bytes = await deps.store.read(deps.db, blob.tenant_id, blob.id);
  if (!bytes) throw problems.noSuchResource();
  return {
    status: 200,
    etag,
    mediaType: blob.media_type,
    bytes,
    fileName: `${blob.id}.${EXTENSION[blob.media_type]}`,
  };
}

const EXTENSION: Record<ImageMediaType, string> = {
  'image/png': 'png',
  'image/jpeg': 'jpg',
  'image/webp': 'webp',
};

// If-None-Match compares weakly (RFC 9110, 13.1.2): `*`, or any listed tag with or without `W/`.
function matchesAny(header: string, etag: string): boolean {
  return header
    .split(',')
    .map((tag) => tag.trim().replace(/^W\//, ''))
    .some((tag) => tag === '*' || tag === etag);
}
