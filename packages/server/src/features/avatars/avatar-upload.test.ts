import { callOperation, readJson, readProblem } from '@portal/test-kit/call-operation';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postgresBlobStore } from '../../blobs/blob-store.js';
import { purgeUnreferencedBlobs } from '../../jobs/purge-unreferenced-blobs.js';
import { startTestServer, type TestServer } from '../../testing/start-test-server.js';
import { databaseKinds } from '../../testing/test-database.js';
import { signedLinkOf } from '../../tests/support/avatar-fixtures.js';
import { accessTokenFor, insertUserWithClient } from '../../tests/support/fixtures.js';
import { jpegWithGpsExif, pixelBombPng, solidImage, svgWithScript } from '../../tests/support/test-images.js';

const MAX_BYTES = 131_072;
const UPLOADS_PER_HOUR = 12;

describe.each(databaseKinds())('setting and removing one’s own picture on %s', (kind) => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer(kind, {
      AVATAR_MAX_BYTES: String(MAX_BYTES),
      RATE_LIMIT_AVATAR_USER: `${UPLOADS_PER_HOUR}/3600`,
    });
  });
  afterAll(() => server?.close());

  const db = () => server.database.knex;
  const someone = async () => {
    const { user } = await insertUserWithClient(db());
    return { user, accessToken: await accessTokenFor(db(), server.accessTokens, user) };
  };
  const upload = (accessToken: string, body: Uint8Array, contentType = 'image/png') =>
    callOperation(server.url, 'setMyAvatar', {
      body,
      accessToken,
      headers: { 'content-type': contentType },
    });
  const blobsOf = async (tenantId: string) =>
    Number((await db()('blobs').where({ tenant_id: tenantId }).count({ n: '*' }))[0]?.n);
  const me = async (accessToken: string) =>
    readJson(await callOperation(server.url, 'getMe', { accessToken }), 'getMe', 200);
  const bytesOf = async (accessToken: string, blobId: string) => {
    const link = await signedLinkOf(server.url, accessToken, blobId);
    const res = await callOperation(server.url, 'getBlob', { path: { blobId }, query: link });
    expect(res.status).toBe(200);
    return { type: res.headers.get('content-type'), bytes: Buffer.from(await res.arrayBuffer()) };
  };

  it('stores an upload with a thumbnail, answers the new avatar, and /me shows its ids', async () => {
    const { user, accessToken } = await someone();
    const avatar = await readJson(
      await upload(accessToken, await solidImage('png', 300, 200)),
      'setMyAvatar',
      200,
    );
    expect(avatar).toMatchObject({ width: 300, height: 200 });
    expect((await me(accessToken)).avatar).toEqual(avatar);
    expect(await blobsOf(user.tenant_id)).toBe(2);
    const thumbnail = await bytesOf(accessToken, avatar.thumbnailBlobId);
    expect(await sharp(thumbnail.bytes).metadata()).toMatchObject({ width: 128, height: 128 });
  });

  it('stores a JPEG with a GPS position in its EXIF without it', async () => {
    const { accessToken } = await someone();
    const avatar = await readJson(
      await upload(accessToken, await jpegWithGpsExif(), 'image/jpeg'),
      'setMyAvatar',
      200,
    );
    const stored = await bytesOf(accessToken, avatar.blobId);
    expect(stored.type).toBe('image/jpeg');
    expect((await sharp(stored.bytes).metadata()).exif).toBeUndefined();
  });

  it('stores a PNG declared as JPEG as the PNG it is', async () => {
    const { accessToken } = await someone();
    const avatar = await readJson(
      await upload(accessToken, await solidImage('png'), 'image/jpeg'),
      'setMyAvatar',
      200,
    );
    expect((await bytesOf(accessToken, avatar.blobId)).type).toBe('image/png');
  });

  describe('refuses bad input with a problem, and stores nothing', () => {
    it.each([
      ['an SVG with a script', () => svgWithScript, 'image/png', 415, /PNG, JPEG or WebP/],
      ['an SVG sent as what it is', () => svgWithScript, 'image/svg+xml', 415, /PNG, JPEG or WebP/],
      ['HTML', () => Buffer.from('<html><script>alert(1)</script></html>'), 'image/webp', 415, /PNG/],
      [
        'a truncated file',
        async () => (await solidImage('png', 64, 64, '#884422')).subarray(0, 60),
        'image/png',
        400,
        /damaged or incomplete/,
      ],
      ['a 20000×20000 pixel bomb', () => pixelBombPng(), 'image/png', 400, /more than \d+ pixels/],
      ['an empty body', () => new Uint8Array(), 'image/png', 400, /no image/],
      [
        'a file just over the size limit',
        () => Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47]), Buffer.alloc(MAX_BYTES - 3)]),
        'image/png',
        413,
        new RegExp(`larger than ${MAX_BYTES} bytes`),
      ],
    ] as const)('%s', async (_name, input, contentType, status, detail) => {
      const { user, accessToken } = await someone();
      const res = await upload(accessToken, await input(), contentType);
      expect(res.status).toBe(status);
      expect((await readProblem(res)).detail).toMatch(detail);
      expect(await blobsOf(user.tenant_id)).toBe(0);
      expect((await me(accessToken)).avatar).toBeNull();
    });
  });

  it('removes the picture: /me shows none', async () => {
    const { accessToken } = await someone();
    await readJson(await upload(accessToken, await solidImage('webp')), 'setMyAvatar', 200);
    const res = await callOperation(server.url, 'removeMyAvatar', { accessToken });
    expect(res.status).toBe(204);
    expect((await me(accessToken)).avatar).toBeNull();
  });

  it(`limits changes to ${UPLOADS_PER_HOUR} an hour per user`, async () => {
    const { accessToken } = await someone();
    for (let i = 0; i < UPLOADS_PER_HOUR; i++) {
      expect((await callOperation(server.url, 'removeMyAvatar', { accessToken })).status).toBe(204);
    }
    const limited = await upload(accessToken, await solidImage('png'));
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toMatch(/^\d+$/);
    // Another user is not held back by it.
    expect(
      (await callOperation(server.url, 'removeMyAvatar', { accessToken: (await someone()).accessToken }))
        .status,
    ).toBe(204);
  });

  it('after two uploads at once, one avatar remains, and the housekeeping leaves no orphan', async () => {
    const { user, accessToken } = await someone();
    const [first, second] = await Promise.all([
      upload(accessToken, await solidImage('png', 80, 80, '#111111')),
      upload(accessToken, await solidImage('png', 90, 90, '#eeeeee')),
    ]);
    expect([first?.status, second?.status]).toEqual([200, 200]);
    const { avatar } = await me(accessToken);
    expect(avatar).not.toBeNull();
    expect(await blobsOf(user.tenant_id)).toBe(4);

    // Within the grace period the loser's blobs stay; after it, only the avatar's two remain.
    await purgeUnreferencedBlobs(db(), postgresBlobStore, new Date());
    expect(await blobsOf(user.tenant_id)).toBe(4);
    await purgeUnreferencedBlobs(db(), postgresBlobStore, new Date(Date.now() + 2 * 86_400_000));
    const left = await db()('blobs').where({ tenant_id: user.tenant_id }).pluck('id');
    expect(left.sort()).toEqual([avatar?.blobId, avatar?.thumbnailBlobId].sort());
    const contents = await db()('blob_contents').where({ tenant_id: user.tenant_id }).pluck('blob_id');
    expect(contents.sort()).toEqual(left.sort());
    expect((await bytesOf(accessToken, avatar?.blobId as string)).bytes.length).toBeGreaterThan(0);
  });
});
