import { callOperation, readJson } from '@portal/test-kit/call-operation';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../../testing/start-test-server.js';
import { databaseKinds } from '../../testing/test-database.js';
import { insertClientLogo, signedLinkOf } from '../../tests/support/avatar-fixtures.js';
import { accessTokenFor, insertUser, insertUserWithClient } from '../../tests/support/fixtures.js';
import { solidImage } from '../../tests/support/test-images.js';

describe.each(databaseKinds())('pictures by signed URL on %s', (kind) => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer(kind);
  });
  afterAll(() => server?.close());

  const db = () => server.database.knex;
  const tokenOf = (user: { id: string; tenant_id: string; client_id: string }) =>
    accessTokenFor(db(), server.accessTokens, user);
  const urlOf = (accessToken: string, blobId: string) =>
    callOperation(server.url, 'getBlobUrl', { path: { blobId }, accessToken });
  const uploadFor = async (accessToken: string) =>
    readJson(
      await callOperation(server.url, 'setMyAvatar', {
        body: await solidImage('jpeg'),
        accessToken,
        headers: { 'content-type': 'image/jpeg' },
      }),
      'setMyAvatar',
      200,
    );
  const fetchBlob = (
    blobId: string,
    link: { expires: number; user: string; signature: string },
    headers = {},
  ) => callOperation(server.url, 'getBlob', { path: { blobId }, query: link, headers });

  it('serves one’s own picture and the client’s logo with safe headers, a strong ETag and a long private cache', async () => {
    const { client, user } = await insertUserWithClient(db());
    const accessToken = await tokenOf(user);
    const logo = await insertClientLogo(db(), client);
    const own = await uploadFor(accessToken);
    for (const [blobId, type, extension] of [
      [own.blobId, 'image/jpeg', 'jpg'],
      [own.thumbnailBlobId, 'image/jpeg', 'jpg'],
      [logo.blobId, 'image/png', 'png'],
      [logo.thumbnailBlobId, 'image/png', 'png'],
    ] as const) {
      const { url, expiresAt } = await readJson(await urlOf(accessToken, blobId), 'getBlobUrl', 200);
      expect(url).not.toContain(accessToken);
      expect(Date.parse(expiresAt) - Date.now()).toBeGreaterThan(3_500_000);
      const res = await fetch(new URL(url, server.url));
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toBe(type);
      expect(res.headers.get('x-content-type-options')).toBe('nosniff');
      expect(res.headers.get('content-security-policy')).toBe("default-src 'none'");
      expect(res.headers.get('content-disposition')).toBe(`inline; filename="${blobId}.${extension}"`);
      expect(res.headers.get('etag')).toBe(`"${blobId}"`);
      expect(res.headers.get('cache-control')).toBe('private, max-age=31536000, immutable');
      // The portal's own origin shows it, whatever helmet's same-origin default.
      expect(res.headers.get('cross-origin-resource-policy')).toBe('cross-origin');
      expect((await res.arrayBuffer()).byteLength).toBeGreaterThan(0);
    }
  });

  it('answers 304 to a matching If-None-Match, and the bytes to another', async () => {
    const { client, user } = await insertUserWithClient(db());
    const logo = await insertClientLogo(db(), client);
    const link = await signedLinkOf(server.url, await tokenOf(user), logo.blobId);
    const cached = await fetchBlob(logo.blobId, link, { 'if-none-match': `W/"x", "${logo.blobId}"` });
    expect(cached.status).toBe(304);
    expect(cached.headers.get('etag')).toBe(`"${logo.blobId}"`);
    expect((await fetchBlob(logo.blobId, link, { 'if-none-match': '"other"' })).status).toBe(200);
  });

  it('gives no URL for another tenant’s blob, another person’s picture, or an id that does not exist: 404 alike', async () => {
    const { client, user } = await insertUserWithClient(db());
    const accessToken = await tokenOf(user);
    const colleague = await insertUser(db(), client);
    const colleagues = await uploadFor(await tokenOf(colleague));
    const stranger = await insertUserWithClient(db());
    const strangersLogo = await insertClientLogo(db(), stranger.client);
    const strangersOwn = await uploadFor(await tokenOf(stranger.user));
    for (const blobId of [
      colleagues.blobId,
      strangersLogo.blobId,
      strangersOwn.thumbnailBlobId,
      'no-such-blob',
    ]) {
      const res = await urlOf(accessToken, blobId);
      expect(res.status, blobId).toBe(404);
      expect(await res.json()).toMatchObject({ detail: 'No such resource.' });
    }
  });

  it('refuses a URL whose signature, user or expiry was altered with 403', async () => {
    const { client, user } = await insertUserWithClient(db());
    const other = await insertUser(db(), client);
    const logo = await insertClientLogo(db(), client);
    const link = await signedLinkOf(server.url, await tokenOf(user), logo.blobId);
    const flipped = `${link.signature.slice(0, -1)}${link.signature.endsWith('A') ? 'B' : 'A'}`;
    for (const altered of [
      { ...link, signature: flipped },
      { ...link, user: other.id },
      { ...link, expires: link.expires + 3600 },
      { ...link, expires: Math.floor(Date.now() / 1000) - 1 },
    ]) {
      const res = await fetchBlob(logo.blobId, altered);
      expect(res.status).toBe(403);
      expect(await res.json()).toMatchObject({ detail: "This picture's link is not valid or has expired." });
    }
    // Nor does it open another blob.
    expect((await fetchBlob((await insertClientLogo(db(), client, '#000000')).blobId, link)).status).toBe(
      403,
    );
  });

  it('stops serving a picture once it is no longer the user’s, or the user is deactivated: 404', async () => {
    const { user } = await insertUserWithClient(db());
    const accessToken = await tokenOf(user);
    const first = await uploadFor(accessToken);
    const link = await signedLinkOf(server.url, accessToken, first.blobId);
    expect((await fetchBlob(first.blobId, link)).status).toBe(200);
    await callOperation(server.url, 'removeMyAvatar', { accessToken });
    expect((await fetchBlob(first.blobId, link)).status).toBe(404);

    const second = await uploadFor(accessToken);
    const again = await signedLinkOf(server.url, accessToken, second.blobId);
    await db()('portal_users').where({ id: user.id }).update({ active: false });
    expect((await fetchBlob(second.blobId, again)).status).toBe(404);
  });
});
