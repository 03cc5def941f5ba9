import { problems } from '@portal/contract';

/** What the mocks learn of an uploaded image without decoding it. */
export interface ImageFacts {
  mediaType: 'image/png' | 'image/jpeg' | 'image/webp';
  width: number;
  height: number;
}

/** The server's limits (blobs/image-pipeline.ts): pixels decoded at most, and the stored picture's side. */
const MAX_INPUT_PIXELS = 50_000_000;
const MAX_STORED_SIDE = 1024;

/**
 * The server's image rules as far as they can be followed without an image library: an empty body is 400,
 * content that is not PNG, JPEG or WebP by its first bytes is 415 (whatever its Content-Type), an image
 * whose size cannot be read from its header is 400 (damaged), one of too many pixels is 400. Answers the
 * size of the picture the server would store (scaled down to fit 1024×1024).
 */
export function readImageFacts(bytes: Uint8Array): ImageFacts {
  if (bytes.length === 0) throw problems.imageEmpty();
  const mediaType = sniff(bytes);
  if (!mediaType) throw problems.imageNotAccepted();
  const size = complete(mediaType, bytes) ? sizeOf(mediaType, bytes) : undefined;
  if (!size || size.width === 0 || size.height === 0) throw problems.imageUnreadable();
  if (size.width * size.height > MAX_INPUT_PIXELS) throw problems.imageTooManyPixels(MAX_INPUT_PIXELS);
  const scale = Math.min(1, MAX_STORED_SIDE / Math.max(size.width, size.height));
  return {
    mediaType,
    width: Math.max(1, Math.round(size.width * scale)),
    height: Math.max(1, Math.round(size.height * scale)),
  };
}

function sniff(b: Uint8Array): ImageFacts['mediaType'] | undefined {
  const starts = (sig: number[], at = 0) => sig.every((x, i) => b[at + i] === x);
  if (starts([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'image/png';
  if (starts([0xff, 0xd8, 0xff])) return 'image/jpeg';
  if (starts([0x52, 0x49, 0x46, 0x46]) && starts([0x57, 0x45, 0x42, 0x50], 8)) return 'image/webp';
  return undefined;
}

// Whether the file ends as its format says it must: a truncated upload is refused like the server's.
function complete(type: ImageFacts['mediaType'], b: Uint8Array): boolean {
  const end = String.fromCharCode(...b.subarray(-8, -4));
  if (type === 'image/png') return end === 'IEND';
  if (type === 'image/jpeg') return b[b.length - 2] === 0xff && b[b.length - 1] === 0xd9;
  const riffLength = new DataView(b.buffer, b.byteOffset, b.byteLength).getUint32(4, true);
  return b.length >= 12 && riffLength + 8 === b.length;
}

function sizeOf(type: ImageFacts['mediaType'], b: Uint8Array): { width: number; height: number } | undefined {
  const view = new DataView(b.buffer, b.byteOffset, b.byteLength);
  if (type === 'image/png')
    return b.length >= 24 ? { width: view.getUint32(16), height: view.getUint32(20) } : undefined;
  if (type === 'image/webp') {
    const kind = String.fromCharCode(...b.subarray(12, 16));
    if (kind === 'VP8X' && b.length >= 30)
      return {
        width: 1 + (view.getUint32(24, true) & 0xffffff),
        height: 1 + (view.getUint32(27, true) & 0xffffff),
      };
    if (kind === 'VP8 ' && b.length >= 30)
      return { width: view.getUint16(26, true) & 0x3fff, height: view.getUint16(28, true) & 0x3fff };
    if (kind === 'VP8L' && b.length >= 25) {
      const bits = view.getUint32(21, true);
      return { width: 1 + (bits & 0x3fff), height: 1 + ((bits >> 14) & 0x3fff) };
    }
    return undefined;
  }
  // JPEG: walk the segments to the first start-of-frame marker (SOF0..SOF15 but DHT, JPG and DAC).
  for (let at = 2; at + 9 < b.length; ) {
    if (b[at] !== 0xff) return undefined;
    const marker = b[at + 1] as number;
    const length = view.getUint16(at + 2);
    if (marker >= 0xc0 && marker <= 0xcf && ![0xc4, 0xc8, 0xcc].includes(marker))
      return { width: view.getUint16(at + 7), height: view.getUint16(at + 5) };
    at += 2 + length;
  }
  return undefined;
}
