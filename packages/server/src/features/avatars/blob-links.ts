import { createHmac, hkdfSync, type KeyObject, timingSafeEqual } from 'node:crypto';

/** A picture's URL is valid at least this long, and at most twice as long (the expiry is rounded up). */
const LINK_WINDOW_SECONDS = 3600;

export interface SignedBlobLink {
  expires: number;
  signature: string;
}

export interface BlobLinks {
  /** Signs `blobId` for `userId` until the end of the next full hour. */
  sign(blobId: string, userId: string, now: Date): SignedBlobLink;
  /** Whether the link was signed by us for exactly this blob and user, and has not expired. */
  verify(blobId: string, userId: string, link: SignedBlobLink, now: Date): boolean;
}

/**
 * Short-lived picture URLs for `<img src>`, which cannot send a bearer token: like an S3 presigned URL, an
 * HMAC-SHA256 over the blob id, the user id and the expiry. Nothing of the access token is in the URL, and
 * once expired it works for nobody. The expiry is rounded up to the hour so that the same picture keeps
 * the same URL for an hour, and browsers find it in their cache. The key is derived with HKDF (RFC 5869)
 * from the server's secret with its own `info`, as the page cursors' and codes' keys are.
 */
export function createBlobLinks(secret: KeyObject): BlobLinks {
  const key = Buffer.from(hkdfSync('sha256', secret.export(), Buffer.alloc(0), 'portal blob link v1', 32));
  const mac = (blobId: string, userId: string, expires: number) =>
    createHmac('sha256', key)
      .update(JSON.stringify([blobId, userId, expires]))
      .digest();
  return {
    sign(blobId, userId, now) {
      const seconds = Math.floor(now.getTime() / 1000) + LINK_WINDOW_SECONDS;
      const expires = Math.ceil(seconds / LINK_WINDOW_SECONDS) * LINK_WINDOW_SECONDS;
      return { expires, signature: mac(blobId, userId, expires).toString('base64url') };
    },
    verify(blobId, userId, { expires, signature }, now) {
      if (!Number.isSafeInteger(expires) || expires * 1000 <= now.getTime()) return false;
      const given = Buffer.from(signature, 'base64url');
      const expected = mac(blobId, userId, expires);
      // Only the one spelling we issue (base64 decoding forgives stray characters).
      return (
        given.length === expected.length &&
        given.toString('base64url') === signature &&
        timingSafeEqual(given, expected)
      );
    },
  };
}
