import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { ProblemError } from '../errors/problem-error.js';
import { jpegWithGpsExif, pixelBombPng, solidImage, svgWithScript } from '../tests/support/test-images.js';
import { blobIdOf, processAvatarImage, THUMBNAIL_SIDE } from './image-pipeline.js';

const refusal = async (input: Uint8Array) => {
  const err = await processAvatarImage(input).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(ProblemError);
  return err as ProblemError;
};

describe('the avatar image pipeline', () => {
  it('re-encodes a PNG as PNG with its size, and a square thumbnail, each under its content address', async () => {
    const { image, thumbnail } = await processAvatarImage(await solidImage('png', 300, 200));
    expect(image).toMatchObject({ mediaType: 'image/png', width: 300, height: 200 });
    expect(thumbnail).toMatchObject({
      mediaType: 'image/png',
      width: THUMBNAIL_SIDE,
      height: THUMBNAIL_SIDE,
    });
    expect(image.id).toBe(blobIdOf(image.bytes));
    expect((await sharp(image.bytes).metadata()).format).toBe('png');
  });

  it('scales a large picture down to fit 1024 pixels, keeping its proportions', async () => {
    const { image } = await processAvatarImage(await solidImage('webp', 2048, 1024));
    expect(image).toMatchObject({ mediaType: 'image/webp', width: 1024, height: 512 });
  });

  it('stores a JPEG with a GPS position in its EXIF without any EXIF', async () => {
    const input = await jpegWithGpsExif();
    expect((await sharp(input).metadata()).exif).toBeDefined();
    const { image, thumbnail } = await processAvatarImage(input);
    for (const stored of [image, thumbnail]) {
      const meta = await sharp(stored.bytes).metadata();
      expect(meta.exif).toBeUndefined();
      expect(stored.bytes.includes(Buffer.from('Exif'))).toBe(false);
    }
  });

  it('reads an image by its content: a PNG is a PNG whatever it was called', async () => {
    const { image } = await processAvatarImage(await solidImage('png'));
    expect(image.mediaType).toBe('image/png');
  });

  it('refuses an SVG with a script with 415, saying what is accepted', async () => {
    const err = await refusal(svgWithScript);
    expect(err.status).toBe(415);
    expect(err.detail).toMatch(/PNG, JPEG or WebP/);
  });

  it('refuses a truncated file', async () => {
    for (const format of ['png', 'jpeg', 'webp'] as const) {
      const whole = await solidImage(format, 200, 200, '#a0522d');
      const err = await refusal(whole.subarray(0, Math.floor(whole.length / 2)));
      expect(err.status, format).toBe(400);
    }
  });

  it('refuses a 20000×20000 pixel bomb before decoding it', async () => {
    const err = await refusal(pixelBombPng());
    expect(err.status).toBe(400);
    expect(err.detail).toMatch(/more than \d+ pixels/);
  });

  it('refuses an empty body', async () => {
    expect((await refusal(new Uint8Array())).status).toBe(400);
  });
});
