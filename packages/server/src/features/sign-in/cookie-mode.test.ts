import { REFRESH_COOKIE_PATH } from '@portal/contract';
import { callOperation, readJson } from '@portal/test-kit/call-operation';
import { cookieModeHeaders, refreshCookieSetBy } from '@portal/test-kit/refresh-cookie';
import type { SetCookie } from 'cookie';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../../testing/start-test-server.js';
import { databaseKinds } from '../../testing/test-database.js';
import { insertMagicLink, insertMagicLinkWithCode } from '../../tests/support/auth-fixtures.js';
import { insertUserWithClient, type UserRow } from '../../tests/support/fixtures.js';
import { hashToken } from '../../tokens/secret-token.js';

// Cookie mode (`Portal-Session: cookie`) against the real server: the refresh token travels in an HttpOnly
// cookie, rotation, reuse and logout work as with body tokens. The CSRF refusals are in
// tests/security/csrf.test.ts.
const PORTAL = 'https://portal.example';
const MAX_AGE = 7200; // the sign-in's absolute lifetime, shorter than the idle timeout below
const IDLE = 3600 * 5;

describe.each(databaseKinds())('cookie mode on %s', (kind) => {
  let server: TestServer;

  beforeAll(async () => {
    server = await startTestServer(kind, {
      OUTBOX_WORKER: 'false',
      CORS_ORIGINS: PORTAL,
      // X-Forwarded-Proto is believed from the test itself: a TLS-terminating proxy on this host.
      TRUST_PROXY: 'loopback',
      SESSION_MAX_AGE_SECONDS: String(MAX_AGE),
      SESSION_IDLE_TIMEOUT_SECONDS: String(IDLE),
      REFRESH_TOKEN_TTL_SECONDS: String(IDLE),
      RATE_LIMIT_VALIDATE_IP: '1000/60',
      RATE_LIMIT_VERIFY_CODE_IP: '1000/60',
      RATE_LIMIT_REFRESH_IP: '1000/60',
    });
  });
  afterAll(() => server?.close());

  const db = () => server.database.knex;
  // A page of the portal behind https, as the proxy forwards it.
  const https = { 'x-forwarded-proto': 'https' };
  const cookieMode = (cookie?: SetCookie) => ({ ...https, ...cookieModeHeaders({ origin: PORTAL, cookie }) });

  const validate = async (user: UserRow, headers: Record<string, string> = cookieMode()) => {
    const token = await insertMagicLink(db(), user);
    return callOperation(server.url, 'validateMagicLink', { query: { token }, headers });
  };
  const refresh = (cookie: SetCookie) =>
    callOperation(server.url, 'refreshSession', { body: {}, headers: cookieMode(cookie) });
  /** The sign-in whose refresh token the cookie holds. */
  const sessionOf = async (cookie: SetCookie) => {
    const token = await db()('refresh_tokens')
      .where({ token_hash: hashToken(cookie.value ?? '') })
      .first();
    return db()('sessions').where({ id: token.family_id }).first();
  };
  const getMe = (accessToken: string) => callOperation(server.url, 'getMe', { accessToken });

  /** A sign-in in cookie mode: its cookie and its body. */
  async function signInByCookie(user?: UserRow) {
    const who = user ?? (await insertUserWithClient(db())).user;
    const res = await validate(who);
    const body = await readJson(res, 'validateMagicLink', 200);
    return { user: who, body, cookie: refreshCookieSetBy(res) as SetCookie };
  }

  /**
   * Checks every attribute of a refresh cookie set over https, that it holds a refresh token of the server,
   * and that its Max-Age counts to `end` (the sign-in's absolute end unless said otherwise) from `receivedAt`.
   */
  async function expectRefreshCookie(
    cookie: SetCookie | undefined,
    receivedAt: number,
    end?: Date,
  ): Promise<void> {
    expect(cookie).toMatchObject({
      name: '__Secure-portal-refresh',
      httpOnly: true,
      secure: true,
      sameSite: 'strict',
      path: REFRESH_COOKIE_PATH,
    });
    expect(cookie?.domain).toBeUndefined();
    const session = await sessionOf(cookie as SetCookie);
    expect(session, 'the cookie holds a refresh token of the server').toBeDefined();
    const seconds = ((end ?? session.expires_at).getTime() - receivedAt) / 1000;
    expect(
      Math.abs((cookie?.maxAge ?? 0) - seconds),
      `Max-Age ${cookie?.maxAge}, left ${seconds}`,
    ).toBeLessThan(1.5);
  }

  it('validate sets the refresh token as an HttpOnly, Secure, SameSite=Strict cookie of the auth path, for as long as the sign-in lasts', async () => {
    const { user } = await insertUserWithClient(db());
    const started = Date.now();
    const res = await validate(user);
    const receivedAt = Date.now();
    const body = await readJson(res, 'validateMagicLink', 200);
    expect(body.refreshToken).toBe('');
    expect(body).toMatchObject({ id: user.id, username: user.email });
    expect((await getMe(body.accessToken)).status).toBe(200);
    const cookie = refreshCookieSetBy(res);
    await expectRefreshCookie(cookie, receivedAt);
    // The whole absolute lifetime, SESSION_MAX_AGE_SECONDS, less the time the request took.
    expect(cookie?.maxAge).toBeGreaterThanOrEqual(MAX_AGE - Math.ceil((receivedAt - started) / 1000) - 1);
    expect(cookie?.maxAge).toBeLessThanOrEqual(MAX_AGE);
  });

  it('verify-code sets the same cookie, and answers an empty refreshToken', async () => {
    const { user } = await insertUserWithClient(db());
    const tenant = await db()('tenants').where({ id: user.tenant_id }).first();
    const { code } = await insertMagicLinkWithCode(db(), server.signInCodeKey, user);
    const res = await callOperation(server.url, 'verifyCode', {
      body: { email: user.email, tenantCode: tenant.code, code },
      headers: cookieMode(),
    });
    const receivedAt = Date.now();
    expect((await readJson(res, 'verifyCode', 200)).refreshToken).toBe('');
    await expectRefreshCookie(refreshCookieSetBy(res), receivedAt);
  });

  it('counts Max-Age to the earlier of the absolute end and the idle end', async () => {
    const { cookie } = await signInByCookie();
    const session = await sessionOf(cookie);
    // 30 minutes of the absolute lifetime left, less than the idle timeout: the absolute end counts.
    const soon = new Date(Date.now() + 1800_000);
    await db()('sessions').where({ id: session.id }).update({ expires_at: soon });
    const res = await refresh(cookie);
    const next = refreshCookieSetBy(res) as SetCookie;
    await expectRefreshCookie(next, Date.now(), soon);
    expect(Math.abs((next.maxAge ?? 0) - 1800)).toBeLessThanOrEqual(2);

    // Ten hours left, more than the idle timeout: the idle end, counted from this refresh, counts.
    await db()('sessions')
      .where({ id: session.id })
      .update({ expires_at: new Date(Date.now() + 36_000_000) });
    const again = await refresh(next);
    const receivedAt = Date.now();
    await expectRefreshCookie(refreshCookieSetBy(again), receivedAt, new Date(receivedAt + IDLE * 1000));
  });

  it('on plain-http localhost outside production the cookie is named portal-refresh and is not Secure', async () => {
    const { user } = await insertUserWithClient(db());
    const res = await validate(user, cookieModeHeaders({ origin: PORTAL }));
    const cookie = refreshCookieSetBy(res);
    expect(cookie).toMatchObject({ name: 'portal-refresh', httpOnly: true, sameSite: 'strict' });
    expect(cookie?.secure).toBeUndefined();
    // Plain http to a host that is not loopback (as a trusted proxy names it) is Secure all the same.
    const proxied = await validate(user, {
      ...cookieModeHeaders({ origin: PORTAL }),
      'x-forwarded-host': 'portal.example',
    });
    expect(refreshCookieSetBy(proxied)).toMatchObject({ name: '__Secure-portal-refresh', secure: true });
  });

  it('without the header, validate answers the refresh token in the body and sets no cookie', async () => {
    const { user } = await insertUserWithClient(db());
    const res = await validate(user, { ...https, origin: PORTAL });
    expect((await readJson(res, 'validateMagicLink', 200)).refreshToken).not.toBe('');
    expect(res.headers.getSetCookie()).toEqual([]);
  });

  it('refresh by the cookie rotates: the successor is set as the cookie, and the old one stops working', async () => {
    const { user, cookie } = await signInByCookie();
    const res = await refresh(cookie);
    const body = await readJson(res, 'refreshSession', 200);
    expect(body).toMatchObject({ id: user.id, refreshToken: '' });
    const next = refreshCookieSetBy(res) as SetCookie;
    expect(next.value).not.toBe(cookie.value);
    await expectRefreshCookie(next, Date.now());
    expect((await getMe(body.accessToken)).status).toBe(200);
    expect((await refresh(next)).status).toBe(200);
  });

  it('a refresh token in the body still counts in cookie mode; the successor goes into the cookie', async () => {
    const { user } = await insertUserWithClient(db());
    const bodyMode = await readJson(await validate(user, https), 'validateMagicLink', 200);
    const res = await callOperation(server.url, 'refreshSession', {
      body: { refreshToken: bodyMode.refreshToken },
      headers: cookieMode(),
    });
    expect((await readJson(res, 'refreshSession', 200)).refreshToken).toBe('');
    expect((await refresh(refreshCookieSetBy(res) as SetCookie)).status).toBe(200);
  });

  it('two tabs refreshing with one cookie at once both get the same successor cookie', async () => {
    const { cookie } = await signInByCookie();
    const [a, b] = await Promise.all([refresh(cookie), refresh(cookie)]);
    const receivedAt = Date.now();
    expect([a.status, b.status]).toEqual([200, 200]);
    const [nextA, nextB] = [refreshCookieSetBy(a), refreshCookieSetBy(b)];
    expect(nextA?.value).toBeDefined();
    expect(nextB?.value).toBe(nextA?.value);
    await expectRefreshCookie(nextA, receivedAt);
    await expectRefreshCookie(nextB, receivedAt);
    expect((await refresh(nextA as SetCookie)).status).toBe(200);
  });

  it('a replayed cookie after the grace period revokes the sign-in, its access tokens included', async () => {
    const { cookie } = await signInByCookie();
    const res = await refresh(cookie);
    const { accessToken } = await readJson(res, 'refreshSession', 200);
    const next = refreshCookieSetBy(res) as SetCookie;
    await db()('refresh_tokens')
      .where({ token_hash: hashToken(cookie.value ?? '') })
      .update({ rotated_at: new Date(Date.now() - 60_000) });

    expect((await refresh(cookie)).status).toBe(401);
    expect((await refresh(next)).status).toBe(401);
    expect((await getMe(accessToken)).status).toBe(401);
  });

  it('a refresh in cookie mode without any cookie is 401 session_ended: there is no sign-in', async () => {
    const res = await callOperation(server.url, 'refreshSession', { body: {}, headers: cookieMode() });
    expect(res.status).toBe(401);
    expect(await res.json()).toMatchObject({ code: 'session_ended' });
  });

  describe.each(['local', 'global'] as const)('logout, scope %s', (scope) => {
    it('clears the cookie (Max-Age=0, same name, path and attributes)', async () => {
      const { user, body, cookie } = await signInByCookie();
      const other = await signInByCookie(user);
      const res = await callOperation(server.url, 'logout', {
        body: {},
        query: { scope },
        accessToken: body.accessToken,
        headers: cookieMode(cookie),
      });
      expect(res.status).toBe(204);
      const cleared = refreshCookieSetBy(res);
      expect(cleared).toMatchObject({
        name: '__Secure-portal-refresh',
        value: '',
        maxAge: 0,
        httpOnly: true,
        secure: true,
        sameSite: 'strict',
        path: REFRESH_COOKIE_PATH,
      });
      const ended = (c: SetCookie) => refresh(c).then((r) => r.status === 401);
      // What each scope ends, the cookie's sign-in being this one.
      expect({ mine: await ended(cookie), other: await ended(other.cookie) }).toEqual({
        mine: true,
        other: scope === 'global',
      });
    });
  });

  it('logout with scope others keeps this sign-in and its cookie, and ends the others', async () => {
    const { user, body, cookie } = await signInByCookie();
    const other = await signInByCookie(user);
    const res = await callOperation(server.url, 'logout', {
      body: {},
      query: { scope: 'others' },
      accessToken: body.accessToken,
      headers: cookieMode(cookie),
    });
    expect(res.status).toBe(204);
    expect(res.headers.get('set-cookie')).toBeNull();
    expect({ mine: (await refresh(cookie)).status, other: (await refresh(other.cookie)).status }).toEqual({
      mine: 200,
      other: 401,
    });
  });
});
