import { createHash } from 'node:crypto';
import sharp, { type Sharp } from 'sharp';
import { ProblemError, problems } from '../errors/problem-error.js';

/** The media types an image may have, recognised by its first bytes (never by a name or a header). */
export type ImageMediaType = 'image/png' | 'image/jpeg' | 'image/webp';

/** One stored image: its content-addressed id, what it is and its bytes. */
export interface ProcessedImage {
  id: string;
  mediaType: ImageMediaType;
  width: number;
  height: number;
  bytes: Buffer;
}

export interface ProcessedAvatar {
  image: ProcessedImage;
  thumbnail: ProcessedImage;
}

/** Decoding more pixels than this is refused before any is decoded: a decompression bomb costs nothing. */
const MAX_INPUT_PIXELS = 50_000_000;
/** The stored picture fits in this square; larger ones are scaled down (never up). */
const MAX_STORED_SIDE = 1024;
/** The side of the square thumbnail (cropped to the middle). */
export const THUMBNAIL_SIDE = 128;

/** The format of `bytes` by its signature, or undefined: what decides how an image is read. */
function sniffImageType(bytes: Uint8Array): ImageMediaType | undefined {
  const starts = (sig: number[], at = 0) => sig.every((b, i) => bytes[at + i] === b);
  if (starts([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'image/png';
  if (starts([0xff, 0xd8, 0xff])) return 'image/jpeg';
  // RIFF....WEBP
  if (starts([0x52, 0x49, 0x46, 0x46]) && starts([0x57, 0x45, 0x42, 0x50], 8)) return 'image/webp';
  return undefined;
}

/**
 * The one way an image enters Portal (uploads and the staff's command alike): recognised by its content,
 * decoded by libvips with a pixel limit (so a corrupt, truncated or oversized input is refused), turned
 * upright by its EXIF orientation, then re-encoded in its own format without any metadata (EXIF, GPS
 * position, XMP, comments are dropped: sharp writes none unless asked), with a square thumbnail.
 * Refusals are ProblemErrors (400, 415) that say what is accepted.
 */
export async function processAvatarImage(input: Uint8Array): Promise<ProcessedAvatar> {
  if (input.length === 0) throw problems.imageEmpty();
  const mediaType = sniffImageType(input);
  if (!mediaType) throw problems.imageNotAccepted();
  // failOn 'warning': a truncated JPEG only warns in libvips, and must be refused too.
  const source = () =>
    sharp(input, { limitInputPixels: MAX_INPUT_PIXELS, failOn: 'warning', animated: false });
  try {
    const meta = await source().metadata();
    // The content said PNG, JPEG or WebP; libvips must agree, or it is something dressed up as one.
    if (meta.format !== FORMAT_OF[mediaType]) throw problems.imageNotAccepted();
    const upright = source().rotate();
    const image = await encode(
      upright.clone().resize(MAX_STORED_SIDE, MAX_STORED_SIDE, { fit: 'inside', withoutEnlargement: true }),
      mediaType,
    );
    const thumbnail = await encode(
      upright.clone().resize(THUMBNAIL_SIDE, THUMBNAIL_SIDE, { fit: 'cover', position: 'centre' }),
      mediaType,
    );
    return { image, thumbnail };
  } catch (err) {
    if (err instanceof ProblemError) throw err;
    if (err instanceof Error && /pixel limit/i.test(err.message))
      throw problems.imageTooManyPixels(MAX_INPUT_PIXELS);
    throw problems.imageUnreadable();
  }
}

const FORMAT_OF: Record<ImageMediaType, string> = {
  'image/png': 'png',
  'image/jpeg': 'jpeg',
  'image/webp': 'webp',
};

async function encode(pipeline: Sharp, mediaType: ImageMediaType): Promise<ProcessedImage> {
  const formatted =
    mediaType === 'image/png'
      ? pipeline.png({ compressionLevel: 9 })
      : mediaType === 'image/jpeg'
        ? // libjpeg-turbo, not mozjpeg: far less CPU per picture for a slightly larger file (docs/benchmarks.md).
          pipeline.jpeg({ quality: 85 })
        : pipeline.webp({ quality: 85 });
  const { data, info } = await formatted.toBuffer({ resolveWithObject: true });
  return { id: blobIdOf(data), mediaType, width: info.width, height: info.height, bytes: data };
}

/** The content address of stored bytes: their SHA-256, base64url (43 characters). */
export function blobIdOf(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('base64url');
}
