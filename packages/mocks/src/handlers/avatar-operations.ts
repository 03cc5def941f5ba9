import { problems, type SuccessResult } from '@portal/contract';
import type { MockOperations } from '../http/operation-types.js';

type AvatarOperations = 'setMyAvatar' | 'removeMyAvatar' | 'getBlobUrl' | 'getBlob';

/** Where the server serves pictures, relative to the API's origin. */
const BLOB_PATH = '/api/v1/portal/blobs/';

/**
 * One's own picture, and pictures by signed URL, with the server's rules (features/avatars): uploads are
 * judged by their content, a URL is given only for a picture the user may see, and works for that picture
 * and user until it expires.
 */
export const avatarOperations: Pick<MockOperations, AvatarOperations> = {
  setMyAvatar: ({ state, account, body }) => {
    const avatar = state.pictures.upload(body);
    account.me = { ...account.me, avatar };
    return { status: 200, body: avatar };
  },
  removeMyAvatar: ({ account }) => {
    account.me = { ...account.me, avatar: null };
    return { status: 204 };
  },
  getBlobUrl: ({ state, account, params }) => {
    if (!state.pictures.seenBy(account, params.blobId)) throw problems.noSuchResource();
    const { expires, signature } = state.pictures.sign(params.blobId, account.me.id, state.clock.now());
    const query = new URLSearchParams({ expires: String(expires), user: account.me.id, signature });
    return {
      status: 200,
      body: {
        url: `${BLOB_PATH}${encodeURIComponent(params.blobId)}?${query}`,
        expiresAt: new Date(expires * 1000).toISOString(),
      },
    };
  },
  getBlob: ({ state, params, query, request }): SuccessResult<'getBlob'> => {
    const link = { expires: Number(query.expires), signature: query.signature };
    if (!state.pictures.verify(params.blobId, query.user, link, state.clock.now()))
      throw problems.blobLinkInvalid();
    const account = state.accountById(query.user);
    const picture = account?.active ? state.pictures.seenBy(account, params.blobId) : undefined;
    if (!picture) throw problems.noSuchResource();
    const etag = `"${params.blobId}"`;
    const cached = request.headers
      .get('if-none-match')
      ?.split(',')
      .map((t) => t.trim().replace(/^W\//, ''));
    if (cached?.some((t) => t === '*' || t === etag)) return { status: 304, headers: { ETag: etag } };
    const extension = { 'image/png': 'png', 'image/jpeg': 'jpg', 'image/webp': 'webp' }[picture.mediaType];
    return {
      status: 200,
      bytes: picture.bytes,
      mediaType: picture.mediaType,
      headers: {
        ETag: etag,
        'X-Content-Type-Options': 'nosniff',
        'Content-Security-Policy': "default-src 'none'",
        'Content-Disposition': `inline; filename="${params.blobId}.${extension}"`,
        'Cross-Origin-Resource-Policy': 'cross-origin',
      },
    };
  },
};
