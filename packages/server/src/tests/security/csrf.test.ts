import type { OperationId } from '@portal/contract';
import { callOperation, readJson, readProblem } from '@portal/test-kit/call-operation';
import { cookieHeader, cookieModeHeaders, refreshCookieSetBy } from '@portal/test-kit/refresh-cookie';
import type { SetCookie } from 'cookie';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../../testing/start-test-server.js';
import { databaseKinds } from '../../testing/test-database.js';
import { hashToken } from '../../tokens/secret-token.js';
import { insertMagicLink } from '../support/auth-fixtures.js';
import { insertUserWithClient } from '../support/fixtures.js';

// Cross-site request forgery against cookie mode: a request that acts on the refresh cookie alone needs an
// Origin of CORS_ORIGINS and the Portal-Session header. A page of another site can make the browser send
// the cookie (a form, an image) but not that header, and cannot forge Origin. Each refusal is a 403
// csrf_refused problem that changes nothing: the sign-in is untouched and its cookie still refreshes.
const PORTAL = 'https://portal.example';
const SECOND = 'https://admin.portal.example';

describe.each(databaseKinds())('CSRF defence of cookie mode on %s', (kind) => {
  let server: TestServer;

  beforeAll(async () => {
    server = await startTestServer(kind, {
      OUTBOX_WORKER: 'false',
      CORS_ORIGINS: `${PORTAL},${SECOND}`,
      RATE_LIMIT_VALIDATE_IP: '1000/60',
      RATE_LIMIT_REFRESH_IP: '1000/60',
    });
  });
  afterAll(() => server?.close());

  const db = () => server.database.knex;

  async function signInByCookie() {
    const { user } = await insertUserWithClient(db());
    const token = await insertMagicLink(db(), user);
    const res = await callOperation(server.url, 'validateMagicLink', {
      query: { token },
      headers: cookieModeHeaders({ origin: PORTAL }),
    });
    const { accessToken } = await readJson(res, 'validateMagicLink', 200);
    return { user, accessToken, cookie: refreshCookieSetBy(res) as SetCookie };
  }

  const refresh = (headers: Record<string, string>) =>
    callOperation(server.url, 'refreshSession', { body: {}, headers });
  const logout = (accessToken: string, headers: Record<string, string>) =>
    callOperation(server.url, 'logout', { body: {}, accessToken, headers });

  /** The sign-in is as it was: not revoked, its token not rotated, and the cookie still refreshes. */
  async function expectUntouched(cookie: SetCookie) {
    const token = await db()('refresh_tokens')
      .where({ token_hash: hashToken(cookie.value ?? '') })
      .first();
    expect(token.rotated_at).toBeNull();
    const session = await db()('sessions').where({ id: token.family_id }).first();
    expect(session.revoked_at).toBeNull();
    const res = await refresh(cookieModeHeaders({ origin: PORTAL, cookie }));
    expect(res.status).toBe(200);
  }

  async function expectCsrfRefused(res: Response, operationId: OperationId) {
    expect(res.status).toBe(403);
    expect(await readProblem(res)).toMatchObject({ status: 403, code: 'csrf_refused' });
    expect(refreshCookieSetBy(res), `${operationId} sets no cookie when it refuses`).toBeUndefined();
  }

  const forgeries: [string, (cookie: SetCookie) => Record<string, string>][] = [
    ['from a foreign origin', (cookie) => cookieModeHeaders({ origin: 'https://evil.example', cookie })],
    ['from a look-alike origin', (cookie) => cookieModeHeaders({ origin: `${PORTAL}.evil.example`, cookie })],
    ['from an opaque origin (null)', (cookie) => cookieModeHeaders({ origin: 'null', cookie })],
    ['without an Origin', (cookie) => cookieModeHeaders({ cookie })],
    [
      'without the Portal-Session header',
      (cookie) => cookieModeHeaders({ origin: PORTAL, cookie, header: false }),
    ],
    [
      'as a cross-site form would send it',
      (cookie) => ({ cookie: cookieHeader(cookie), origin: 'https://evil.example' }),
    ],
  ];

  it.each(forgeries)(
    'refuses a refresh by the cookie %s (403), and the sign-in is untouched',
    async (_, headersOf) => {
      const { cookie } = await signInByCookie();
      await expectCsrfRefused(await refresh(headersOf(cookie)), 'refreshSession');
      await expectUntouched(cookie);
    },
  );

  it.each(forgeries)(
    'refuses a logout by the cookie %s (403), and the sign-in is untouched',
    async (_, headersOf) => {
      const { accessToken, cookie } = await signInByCookie();
      await expectCsrfRefused(await logout(accessToken, headersOf(cookie)), 'logout');
      await expectUntouched(cookie);
    },
  );

  it('accepts every origin of CORS_ORIGINS', async () => {
    for (const origin of [PORTAL, SECOND]) {
      const { cookie } = await signInByCookie();
      const res = await refresh(cookieModeHeaders({ origin, cookie }));
      expect({ origin, status: res.status }).toEqual({ origin, status: 200 });
    }
  });

  it('checks the origin before telling whether there is a cookie at all', async () => {
    await expectCsrfRefused(
      await refresh(cookieModeHeaders({ origin: 'https://evil.example' })),
      'refreshSession',
    );
    const none = await refresh(cookieModeHeaders({ origin: PORTAL }));
    expect(none.status).toBe(401);
    expect(await readProblem(none)).toMatchObject({ code: 'session_ended' });
  });

  it('answers a body without a token, and with neither header nor cookie, 400 as it always did', async () => {
    const res = await refresh({ origin: PORTAL });
    expect(res.status).toBe(400);
    expect((await readProblem(res)).errors).toEqual([
      { path: '/body/refreshToken', message: "must have required property 'refreshToken'", code: 'required' },
    ]);
  });

  it('a token in the body needs no origin: no cookie is acted on', async () => {
    const { user } = await insertUserWithClient(db());
    const token = await insertMagicLink(db(), user);
    const { refreshToken } = await readJson(
      await callOperation(server.url, 'validateMagicLink', { query: { token } }),
      'validateMagicLink',
      200,
    );
    const res = await callOperation(server.url, 'refreshSession', { body: { refreshToken } });
    expect(res.status).toBe(200);
  });
});
