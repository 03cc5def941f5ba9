import type { SuccessResult } from '@portal/contract';
import type { AvatarDeps } from '../../features/avatars/avatar-deps.js';
import { blobUrlFor, serveBlob } from '../../features/avatars/blob-access.js';
import { removeOwnAvatar, setOwnAvatar } from '../../features/avatars/own-avatar.js';
import type { OperationHandlers } from '../operation-handler.js';

type AvatarOperations = 'setMyAvatar' | 'removeMyAvatar' | 'getBlobUrl' | 'getBlob';

/** Setting and removing one's own picture, and showing pictures by signed URL. */
export function avatarOperations(deps: AvatarDeps): Pick<OperationHandlers, AvatarOperations> {
  return {
    setMyAvatar: async ({ principal, body }) => ({
      status: 200,
      // The image body parser (image-body.ts) read the bytes; without a body there are none.
      body: await setOwnAvatar(deps, principal, body instanceof Uint8Array ? body : undefined),
    }),
    removeMyAvatar: async ({ principal }) => {
      await removeOwnAvatar(deps, principal);
      return { status: 204 };
    },
    getBlobUrl: async ({ principal, params }) => ({
      status: 200,
      body: await blobUrlFor(deps, principal, params.blobId),
    }),
    getBlob: async ({ params, query, req }): Promise<SuccessResult<'getBlob'>> => {
      const served = await serveBlob(deps, {
        blobId: params.blobId,
        userId: query.user,
        link: { expires: Number(query.expires), signature: query.signature },
        ifNoneMatch: req.get('if-none-match'),
      });
      if (served.status === 304) return { status: 304, headers: { ETag: served.etag } };
      return {
        status: 200,
        bytes: served.bytes,
        mediaType: served.mediaType,
        headers: {
          ETag: served.etag,
          'X-Content-Type-Options': 'nosniff',
          'Content-Security-Policy': "default-src 'none'",
          'Content-Disposition': `inline; filename="${served.fileName}"`,
          // Shown by `<img>` of the portal's own origin, which is not the API's (helmet says same-origin).
          'Cross-Origin-Resource-Policy': 'cross-origin',
        },
      };
    },
  };
}
