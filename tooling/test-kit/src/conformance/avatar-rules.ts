import { describe, expect, it } from 'vitest';
import { readJson } from '../call-operation.js';
import { TINY_PNG } from '../requests/images.js';
import { signInByMail } from '../sign-in.js';
import { expectProblem } from './expect-problem.js';
import type { SuiteContext } from './suite-context.js';

const SVG = new TextEncoder().encode(
  '<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>',
);
const AVATAR_PATH = '/api/v1/portal/me/avatar';
const IMAGE_ONLY = 'The body must be a PNG, JPEG or WebP image.';
const NO_SUCH = 'No such resource.';

/**
 * Pictures, on the demo data: an upload is judged by its content (the rules the mocks can follow without
 * an image library), a picture's URL is given only for a picture the user may see and works as signed, and
 * the bytes come with the headers that keep them an image.
 */
export function describeAvatarRules({ backend, call, fetch }: SuiteContext): void {
  const tokenOf = async (email: string) => (await signInByMail(backend(), email)).accessToken;
  const upload = (accessToken: string, body: Uint8Array, contentType = 'image/png') =>
    call('setMyAvatar', { body, accessToken, headers: { 'content-type': contentType } });
  const urlCall = (accessToken: string, blobId: string) =>
    call('getBlobUrl', { path: { blobId }, accessToken });
  const urlPath = (blobId: string) => `/api/v1/portal/blobs/${blobId}/url`;

  describe('pictures', () => {
    it('are judged by their content: no SVG, nothing empty or incomplete; a PNG called JPEG is a PNG', async () => {
      const accessToken = await tokenOf(backend().accounts.charles);
      const refused = { instance: AVATAR_PATH };
      await expectProblem(await upload(accessToken, SVG), {
        ...refused,
        status: 415,
        code: 'image_not_accepted',
        detail: IMAGE_ONLY,
      });
      await expectProblem(await upload(accessToken, TINY_PNG, 'text/plain'), {
        ...refused,
        status: 415,
        code: 'image_not_accepted',
        detail: IMAGE_ONLY,
      });
      await expectProblem(await upload(accessToken, new Uint8Array()), {
        ...refused,
        status: 400,
        code: 'image_invalid',
        detail: `The request has no image. ${IMAGE_ONLY}`,
      });
      await expectProblem(await upload(accessToken, TINY_PNG.subarray(0, 40)), {
        ...refused,
        status: 400,
        code: 'image_invalid',
        detail: 'The image cannot be read: it is damaged or incomplete.',
      });

      const avatar = await readJson(await upload(accessToken, TINY_PNG, 'image/jpeg'), 'setMyAvatar', 200);
      expect(avatar).toMatchObject({ width: 2, height: 2 });
      expect((await readJson(await call('getMe', { accessToken }), 'getMe', 200)).avatar).toEqual(avatar);
      const { url } = await readJson(await urlCall(accessToken, avatar.blobId), 'getBlobUrl', 200);
      const picture = await fetch(url);
      expect(picture.headers.get('content-type')).toBe('image/png');

      expect((await call('removeMyAvatar', { accessToken })).status).toBe(204);
      expect((await readJson(await call('getMe', { accessToken }), 'getMe', 200)).avatar).toBeNull();
      // No longer the user's: the URL given before leads nowhere, and no new one is given.
      await expectProblem(await fetch(url), {
        status: 404,
        detail: NO_SUCH,
        instance: url.split('?')[0] as string,
      });
      await expectProblem(await urlCall(accessToken, avatar.blobId), {
        status: 404,
        detail: NO_SUCH,
        instance: urlPath(avatar.blobId),
      });
    });

    it("are shown by signed URLs, as images only, with a strong ETag; a client's logo to its users only", async () => {
      const ada = await tokenOf(backend().accounts.ada);
      const logo = (await readJson(await call('getClient', { accessToken: ada }), 'getClient', 200)).avatar;
      if (!logo) throw new Error('the demo client has a logo');
      const { url, expiresAt } = await readJson(await urlCall(ada, logo.thumbnailBlobId), 'getBlobUrl', 200);
      expect(url).toMatch(/^\/api\/v1\/portal\/blobs\/[^/?]+\?/);
      expect(Date.parse(expiresAt)).toBeGreaterThan(Date.now() + 3_500_000);

      const res = await fetch(url);
      expect(res.status).toBe(200);
      expect(res.headers.get('x-content-type-options')).toBe('nosniff');
      expect(res.headers.get('content-security-policy')).toBe("default-src 'none'");
      expect(res.headers.get('content-disposition')).toMatch(
        /^inline; filename="[A-Za-z0-9_-]+\.(png|jpg|webp)"$/,
      );
      expect(res.headers.get('etag')).toBe(`"${logo.thumbnailBlobId}"`);
      expect((await fetch(url, { headers: { 'if-none-match': `"${logo.thumbnailBlobId}"` } })).status).toBe(
        304,
      );

      const altered = url.replace(/signature=(.)/, (_, c: string) => `signature=${c === 'A' ? 'B' : 'A'}`);
      await expectProblem(await fetch(altered), {
        status: 403,
        code: 'picture_link_invalid',
        detail: "This picture's link is not valid or has expired.",
        instance: url.split('?')[0] as string,
      });

      // Another client's logo, asked for by Ada, is nothing she may see: 404, as for an id that does not exist.
      const charles = await tokenOf(backend().accounts.charles);
      const other = (await readJson(await call('getClient', { accessToken: charles }), 'getClient', 200))
        .avatar;
      for (const blobId of [other?.blobId ?? 'none', 'no-such-picture']) {
        await expectProblem(await urlCall(ada, blobId), {
          status: 404,
          detail: NO_SUCH,
          instance: urlPath(blobId),
        });
      }
    });
  });
}
