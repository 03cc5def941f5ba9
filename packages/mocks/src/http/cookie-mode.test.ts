import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createHandlers } from '../handlers/create-handlers.js';
import { mailbox, mockState } from '../state/default-state.js';
import { useGuardedMockServer } from '../test-support/guarded-server.js';

// The mocks' base URL is http but not localhost: as on the server, the cookie is Secure and prefixed.
const { api, call, server } = useGuardedMockServer();

const PAGE = 'http://localhost:5173';
const COOKIE_MODE = { 'portal-session': 'cookie' };

interface Sent {
  origin?: string | null;
  header?: boolean;
  cookie?: string | null;
  body?: unknown;
  bearer?: string;
  scope?: string;
}

/** A POST as a page of `origin` sends it in cookie mode; leave parts out with null/false. */
function post(path: string, sent: Sent = {}) {
  const { origin = PAGE, header = true, cookie = null, body, bearer, scope } = sent;
  const headers: Record<string, string> = {
    ...(header ? COOKIE_MODE : {}),
    ...(origin ? { origin } : {}),
    ...(cookie ? { cookie: `__Secure-portal-refresh=${cookie}` } : {}),
    ...(bearer ? { authorization: `Bearer ${bearer}` } : {}),
    ...(body === undefined ? {} : { 'content-type': 'application/json' }),
  };
  const query = scope ? `?scope=${scope}` : '';
  return api(`/api/v1/portal/auth/${path}${query}`, {
    method: 'POST',
    headers,
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
}

/** The refresh cookie's value and attributes from an answer's Set-Cookie. */
function setCookieOf(res: Response) {
  const [line] = res.headers.getSetCookie();
  if (!line) return undefined;
  const [pair = '', ...attributes] = line.split('; ');
  const [name, value] = pair.split('=') as [string, string];
  return { name, value, attributes };
}

async function signInWithCookie() {
  const { email } = mockState.account.me;
  await api('/api/v1/portal/auth/request-magic-link', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, tenantCode: 'demo' }),
  });
  const res = await post(`validate?token=${mailbox.tokenFor(email)}`);
  expect(res.status).toBe(200);
  const cookie = setCookieOf(res);
  if (!cookie) throw new Error('no cookie');
  const body = (await res.json()) as { accessToken: string; refreshToken: string };
  return { cookie: cookie.value, accessToken: body.accessToken, res, body, setCookie: cookie };
}

describe('cookie mode in the mocks', () => {
  // The mocks' time is the real one plus what a test advances, counted in whole seconds as Max-Age is:
  // held still, so that a second ticking over between a sign-in and its refresh moves no Max-Age.
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['Date'] });
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('validate sets the refresh token as an HttpOnly, Secure, SameSite=Strict cookie for the sign-in’s lifetime; the body’s is empty', async () => {
    const { setCookie, body } = await signInWithCookie();

    expect(body.refreshToken).toBe('');
    expect(setCookie.name).toBe('__Secure-portal-refresh');
    expect(setCookie.value).toMatch(/.{20,}/);
    expect(setCookie.attributes).toEqual(
      expect.arrayContaining([
        'Max-Age=2592000',
        'Path=/api/v1/portal/auth',
        'HttpOnly',
        'Secure',
        'SameSite=Strict',
      ]),
    );
  });

  it('the Max-Age follows what is left of the sign-in', async () => {
    const { cookie } = await signInWithCookie();
    mockState.clock.advance(3600);
    const res = await post('refresh', { cookie, body: {} });
    expect(res.status).toBe(200);
    // The absolute end (30 days from the sign-in) comes before the new token's 30 days.
    expect(setCookieOf(res)?.attributes).toContain(`Max-Age=${30 * 24 * 3600 - 3600}`);
  });

  it('verify-code sets the cookie too', async () => {
    const { email } = mockState.account.me;
    await api('/api/v1/portal/auth/request-magic-link', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email, tenantCode: 'demo' }),
    });
    const res = await post('verify-code', {
      body: { email, tenantCode: 'demo', code: mailbox.codeFor(email) },
    });
    expect(res.status).toBe(200);
    expect(((await res.json()) as { refreshToken: string }).refreshToken).toBe('');
    expect(setCookieOf(res)?.name).toBe('__Secure-portal-refresh');
  });

  it('without the header, validate answers the token in the body and sets no cookie', async () => {
    const { email } = mockState.account.me;
    await api('/api/v1/portal/auth/request-magic-link', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email, tenantCode: 'demo' }),
    });
    const res = await post(`validate?token=${mailbox.tokenFor(email)}`, { header: false });
    expect(((await res.json()) as { refreshToken: string }).refreshToken).not.toBe('');
    expect(res.headers.getSetCookie()).toEqual([]);
  });

  it('refresh with {} rotates the cookie: the old one is spent, the new one refreshes', async () => {
    const { cookie } = await signInWithCookie();
    const res = await post('refresh', { cookie, body: {} });
    expect(res.status).toBe(200);
    expect(((await res.json()) as { refreshToken: string }).refreshToken).toBe('');
    const next = setCookieOf(res)?.value;
    expect(next).toBeDefined();
    expect(next).not.toBe(cookie);
    expect((await post('refresh', { cookie: next ?? '', body: {} })).status).toBe(200);
  });

  it('on plain-http localhost the cookie is portal-refresh, without Secure', async () => {
    server.use(...createHandlers({ baseUrl: 'http://localhost:18080', state: mockState }));
    const { email } = mockState.account.me;
    await call('requestMagicLink', { body: { email, tenantCode: 'demo' } });
    const res = await fetch(
      `http://localhost:18080/api/v1/portal/auth/validate?token=${mailbox.tokenFor(email)}`,
      {
        method: 'POST',
        headers: { ...COOKIE_MODE, origin: PAGE },
      },
    );
    const cookie = setCookieOf(res);
    expect(cookie?.name).toBe('portal-refresh');
    expect(cookie?.attributes).toEqual(expect.arrayContaining(['HttpOnly', 'SameSite=Strict']));
    expect(cookie?.attributes).not.toContain('Secure');
  });

  describe('cross-site request forgery: a request acting on the cookie alone', () => {
    it.each([
      ['from a foreign origin', { origin: 'https://evil.example' }],
      ['without an Origin', { origin: null }],
      ['from the page’s origin, but without the header', { header: false }],
      ['from an origin that only resembles localhost', { origin: 'http://localhost.evil.example' }],
    ])('%s gets 403 csrf_refused, and the sign-in is untouched', async (_, sent: Sent) => {
      const { cookie } = await signInWithCookie();
      const res = await post('refresh', { cookie, body: {}, ...sent });
      expect(res.status).toBe(403);
      expect(await res.json()).toMatchObject({ code: 'csrf_refused', status: 403 });
      expect(res.headers.getSetCookie()).toEqual([]);
      // The cookie was not spent: the page itself still refreshes with it.
      expect((await post('refresh', { cookie, body: {} })).status).toBe(200);
    });

    it('logout from a foreign origin is refused too, and ends nothing', async () => {
      const { cookie, accessToken } = await signInWithCookie();
      const res = await post('logout', {
        cookie,
        body: {},
        bearer: accessToken,
        origin: 'https://evil.example',
      });
      expect(res.status).toBe(403);
      expect((await post('refresh', { cookie, body: {} })).status).toBe(200);
    });

    it('allowedOrigins replaces the default list', async () => {
      const base = 'http://other.mock.test';
      server.use(
        ...createHandlers({ baseUrl: base, state: mockState, allowedOrigins: ['https://app.example'] }),
      );
      const refresh = (origin: string) =>
        fetch(`${base}/api/v1/portal/auth/refresh`, {
          method: 'POST',
          headers: {
            ...COOKIE_MODE,
            origin,
            'content-type': 'application/json',
            cookie: '__Secure-portal-refresh=x',
          },
          body: '{}',
        });
      expect((await refresh(PAGE)).status).toBe(403);
      // Past the CSRF checks: an unknown token.
      expect((await refresh('https://app.example')).status).toBe(401);
    });
  });

  it('cookie mode without a cookie: refresh answers 401 session_ended', async () => {
    const res = await post('refresh', { body: {} });
    expect(res.status).toBe(401);
    expect(await res.json()).toMatchObject({ code: 'session_ended' });
  });

  it('neither header nor cookie nor body token: 400, as the body’s validation answers', async () => {
    const res = await post('refresh', { header: false, body: {} });
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ code: 'validation_failed' });
  });

  it('two tabs presenting the same cookie within the grace period get the same successor cookie', async () => {
    const { cookie } = await signInWithCookie();
    const [first, second] = await Promise.all([
      post('refresh', { cookie, body: {} }),
      post('refresh', { cookie, body: {} }),
    ]);
    expect([first.status, second.status]).toEqual([200, 200]);
    expect(setCookieOf(first)?.value).toBe(setCookieOf(second)?.value);
  });

  it('a replayed old cookie after the grace period ends the sign-in', async () => {
    const { cookie } = await signInWithCookie();
    const next = setCookieOf(await post('refresh', { cookie, body: {} }))?.value ?? '';
    mockState.clock.advance(mockState.settings.refreshGraceSeconds + 1);
    expect((await post('refresh', { cookie, body: {} })).status).toBe(401);
    expect((await post('refresh', { cookie: next, body: {} })).status).toBe(401);
  });

  it.each(['local', 'global'])('logout (scope %s) clears the cookie', async (scope) => {
    const { cookie, accessToken } = await signInWithCookie();
    const res = await post('logout', { cookie, body: {}, bearer: accessToken, scope });
    expect(res.status).toBe(204);
    const cleared = setCookieOf(res);
    expect(cleared).toMatchObject({ name: '__Secure-portal-refresh', value: '' });
    expect(cleared?.attributes).toEqual(expect.arrayContaining(['Max-Age=0', 'Path=/api/v1/portal/auth']));
    expect((await post('refresh', { cookie, body: {} })).status).toBe(401);
  });

  it('logout (scope others) keeps this sign-in and its cookie', async () => {
    const { cookie, accessToken } = await signInWithCookie();
    const res = await post('logout', { cookie, body: {}, bearer: accessToken, scope: 'others' });
    expect(res.status).toBe(204);
    expect(setCookieOf(res)).toBeUndefined();
    expect((await post('refresh', { cookie, body: {} })).status).toBe(200);
  });
});
