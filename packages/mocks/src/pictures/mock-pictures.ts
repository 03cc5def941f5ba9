import type { Schemas } from '@portal/contract';
import type { MockAccount } from '../data/accounts.js';
import { type ImageFacts, readImageFacts } from './image-facts.js';
import { hash32, picturePng } from './png-picture.js';

/** A picture's URL lasts until the end of the next full hour, as the server's. */
const LINK_WINDOW_SECONDS = 3600;

export interface StoredPicture {
  bytes: Uint8Array;
  mediaType: ImageFacts['mediaType'];
}

/**
 * The mocks' pictures: those uploaded (kept as sent; the mocks cannot re-encode), and for any other avatar
 * id of an account a small PNG made from the id, so every scenario's avatars show. Picture URLs are signed
 * with the state's secret as the server signs them (blob, user, expiry).
 */
export class MockPictures {
  readonly #uploads = new Map<string, StoredPicture>();

  constructor(private readonly secret: string) {}

  clear(): void {
    this.#uploads.clear();
  }

  /** Reads an upload by the server's rules (throws its problems) and keeps it: the new avatar. */
  upload(bytes: Uint8Array): Schemas['Avatar'] {
    const facts = readImageFacts(bytes);
    const blobId = idOf(bytes, 'image');
    const thumbnailBlobId = idOf(bytes, 'thumbnail');
    for (const id of [blobId, thumbnailBlobId]) this.#uploads.set(id, { bytes, mediaType: facts.mediaType });
    return { blobId, thumbnailBlobId, width: facts.width, height: facts.height };
  }

  /** The picture `blobId` if `account` may see it (their avatar, their client's), else undefined. */
  seenBy(account: MockAccount, blobId: string): StoredPicture | undefined {
    const own = [account.me.avatar?.blobId, account.me.avatar?.thumbnailBlobId];
    const client = [account.client.avatar?.blobId, account.client.avatar?.thumbnailBlobId];
    if (![...own, ...client].includes(blobId)) return undefined;
    const shape = own.includes(blobId) ? 'person' : 'logo';
    return this.#uploads.get(blobId) ?? { bytes: picturePng(blobId, shape), mediaType: 'image/png' };
  }

  sign(blobId: string, userId: string, now: Date): { expires: number; signature: string } {
    const seconds = Math.floor(now.getTime() / 1000) + LINK_WINDOW_SECONDS;
    const expires = Math.ceil(seconds / LINK_WINDOW_SECONDS) * LINK_WINDOW_SECONDS;
    return { expires, signature: this.#signature(blobId, userId, expires) };
  }

  verify(blobId: string, userId: string, link: { expires: number; signature: string }, now: Date): boolean {
    return (
      link.expires * 1000 > now.getTime() && link.signature === this.#signature(blobId, userId, link.expires)
    );
  }

  #signature(blobId: string, userId: string, expires: number): string {
    return idOf(new TextEncoder().encode(JSON.stringify([this.secret, blobId, userId, expires])), 'link');
  }
}

// 43 base64url characters, like the server's SHA-256 ids: eight FNV-1a rounds (not a real hash).
function idOf(bytes: Uint8Array, purpose: string): string {
  const words = new Uint8Array(32);
  const view = new DataView(words.buffer);
  for (let i = 0; i < 8; i++) view.setUint32(i * 4, hash32(bytes, hash32(`${purpose}${i}`)));
  let text = '';
  for (const byte of words) text += String.fromCharCode(byte);
  return btoa(text).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}
