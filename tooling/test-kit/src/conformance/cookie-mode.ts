import { PROBLEM_DETAILS, REFRESH_COOKIE_PATH, refreshCookieName } from '@portal/contract';
import type { SetCookie } from 'cookie';
import { describe, expect, it } from 'vitest';
import { readJson } from '../call-operation.js';
import { cookieModeHeaders, refreshCookieSetBy } from '../refresh-cookie.js';
import { requestSignInMail, requestSignInToken } from '../sign-in.js';
import { expectProblem } from './expect-problem.js';
import type { SuiteContext } from './suite-context.js';

const REFRESH = '/api/v1/portal/auth/refresh';
const LOGOUT = '/api/v1/portal/auth/logout';
const SESSION_ENDED = {
  status: 401,
  code: 'session_ended',
  detail: 'The token is invalid or has expired.',
} as const;
const CSRF_REFUSED = { status: 403, code: 'csrf_refused', detail: PROBLEM_DETAILS.csrfRefused } as const;

/**
 * Cookie mode (`Portal-Session: cookie`): the refresh token in an HttpOnly cookie, and the CSRF rules of a
 * request that acts on it alone. `allowedOrigin` is an origin the backend lets act on the cookie
 * (CORS_ORIGINS on the server).
 */
export function describeCookieMode({ backend, call }: SuiteContext, allowedOrigin: () => string): void {
  const accounts = () => backend().accounts;
  const headers = (cookie?: SetCookie) => cookieModeHeaders({ origin: allowedOrigin(), cookie });
  const refresh = (cookie?: SetCookie, sent: Record<string, string> = headers(cookie)) =>
    call('refreshSession', { body: {}, headers: sent });

  async function signIn(email = accounts().ada) {
    const token = await requestSignInToken(backend(), email);
    const res = await call('validateMagicLink', { query: { token }, headers: headers() });
    const body = await readJson(res, 'validateMagicLink', 200);
    return { body, cookie: expectRefreshCookie(res) };
  }

  /** The refresh cookie `res` sets, with the attributes both backends give it. */
  function expectRefreshCookie(res: Response): SetCookie {
    const cookie = refreshCookieSetBy(res);
    expect(cookie, 'a refresh cookie').toBeDefined();
    const set = cookie as SetCookie;
    expect(set).toMatchObject({ httpOnly: true, sameSite: 'strict', path: REFRESH_COOKIE_PATH });
    // `__Secure-` exactly when Secure (plain-http localhost in development gets neither).
    expect(set.name).toBe(refreshCookieName(set.secure === true));
    expect(set.value, 'the refresh token').toBeTruthy();
    expect(set.maxAge).toBeGreaterThan(60);
    return set;
  }

  describe('cookie mode', () => {
    it('validate sets the refresh token as an HttpOnly, SameSite=Strict cookie of the auth path; the body holds none', async () => {
      const { body, cookie } = await signIn();
      expect(body.refreshToken).toBe('');
      expect(body.username).toBe(accounts().ada);
      expect((await call('getMe', { accessToken: body.accessToken })).status).toBe(200);
      expect((await refresh(cookie)).status).toBe(200);
    });

    it('verify-code sets the same cookie', async () => {
      const { code } = await requestSignInMail(backend(), accounts().grace);
      const res = await call('verifyCode', {
        body: { email: accounts().grace, tenantCode: accounts().tenantCode, code },
        headers: headers(),
      });
      expect((await readJson(res, 'verifyCode', 200)).refreshToken).toBe('');
      expect((await refresh(expectRefreshCookie(res))).status).toBe(200);
    });

    it('refresh by the cookie rotates; the old cookie within the grace period gets the same successor, after it ends the sign-in', async () => {
      const { cookie } = await signIn();
      const first = await refresh(cookie);
      expect((await readJson(first, 'refreshSession', 200)).refreshToken).toBe('');
      const next = expectRefreshCookie(first);
      expect(next.value).not.toBe(cookie.value);

      const again = await refresh(cookie);
      const { accessToken } = await readJson(again, 'refreshSession', 200);
      expect(expectRefreshCookie(again).value).toBe(next.value);

      await backend().pastGracePeriod(cookie.value as string);
      await expectProblem(await refresh(cookie), { ...SESSION_ENDED, instance: REFRESH });
      await expectProblem(await refresh(next), { ...SESSION_ENDED, instance: REFRESH });
      expect((await call('getMe', { accessToken })).status).toBe(401);
    });

    it.each([
      [
        'from a foreign origin',
        (cookie: SetCookie) => cookieModeHeaders({ origin: 'https://evil.example', cookie }),
      ],
      ['without an Origin', (cookie: SetCookie) => cookieModeHeaders({ cookie })],
      [
        'without the Portal-Session header',
        (cookie: SetCookie, origin: string) => cookieModeHeaders({ origin, cookie, header: false }),
      ],
    ])(
      'refuses a refresh and a logout by the cookie %s: 403 csrf_refused, and the sign-in is untouched',
      async (_, forged) => {
        const { body, cookie } = await signIn();
        await expectProblem(await refresh(cookie, forged(cookie, allowedOrigin())), {
          ...CSRF_REFUSED,
          instance: REFRESH,
        });
        const logout = await call('logout', {
          body: {},
          accessToken: body.accessToken,
          headers: forged(cookie, allowedOrigin()),
        });
        await expectProblem(logout, { ...CSRF_REFUSED, instance: LOGOUT });
        expect((await call('getMe', { accessToken: body.accessToken })).status).toBe(200);
        expect((await refresh(cookie)).status).toBe(200);
      },
    );

    it('a refresh in cookie mode without a cookie is 401 session_ended: there is no sign-in', async () => {
      await expectProblem(await refresh(), { ...SESSION_ENDED, instance: REFRESH });
    });

    it.each(['local', 'global'] as const)('logout with scope %s clears the cookie', async (scope) => {
      const { body, cookie } = await signIn();
      const res = await call('logout', {
        body: {},
        query: { scope },
        accessToken: body.accessToken,
        headers: headers(cookie),
      });
      expect(res.status).toBe(204);
      expect(refreshCookieSetBy(res)).toMatchObject({
        name: cookie.name,
        value: '',
        maxAge: 0,
        httpOnly: true,
        sameSite: 'strict',
        path: REFRESH_COOKIE_PATH,
      });
      expect((await refresh(cookie)).status).toBe(401);
    });

    describe('logout with a refresh token in the body, the refresh cookie sent along', () => {
      // A client of the page's origin in body mode: no Portal-Session header, the browser adds the cookie.
      const logoutByBody = (refreshToken: string, accessToken: string, cookie: SetCookie) =>
        call('logout', {
          body: { refreshToken },
          accessToken,
          headers: cookieModeHeaders({ cookie, header: false }),
        });

      it('clears the cookie when the token is the cookie’s: its sign-in ended', async () => {
        const { body, cookie } = await signIn();
        const res = await logoutByBody(cookie.value ?? '', body.accessToken, cookie);
        expect(res.status).toBe(204);
        expect(refreshCookieSetBy(res)).toMatchObject({ name: cookie.name, value: '', maxAge: 0 });
        expect((await refresh(cookie)).status).toBe(401);
      });

      it('keeps the cookie when the token is another sign-in’s: only that one ended', async () => {
        const mine = await signIn();
        const other = await signIn();
        const res = await logoutByBody(other.cookie.value ?? '', other.body.accessToken, mine.cookie);
        expect(res.status).toBe(204);
        expect(res.headers.get('set-cookie')).toBeNull();
        const status = async (cookie: SetCookie) => (await refresh(cookie)).status;
        expect({ mine: await status(mine.cookie), other: await status(other.cookie) }).toEqual({
          mine: 200,
          other: 401,
        });
      });
    });

    it('logout with scope others keeps this sign-in and its cookie', async () => {
      const { body, cookie } = await signIn();
      const res = await call('logout', {
        body: {},
        query: { scope: 'others' },
        accessToken: body.accessToken,
        headers: headers(cookie),
      });
      expect(res.status).toBe(204);
      expect(res.headers.get('set-cookie')).toBeNull();
      expect((await refresh(cookie)).status).toBe(200);
    });
  });
}
