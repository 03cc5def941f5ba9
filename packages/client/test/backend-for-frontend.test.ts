import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createMockServer, MockState } from '@portal/mocks/node';
import { startServerBackend } from '@portal/server/testing';
import { type Backend, DEMO_ACCOUNTS } from '@portal/test-kit/backend';
import { requestSignInToken } from '@portal/test-kit/sign-in';
import express from 'express';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PortalApiError, type PortalClient } from '../src/index.js';
import { portalClientForRequest, requestCookies } from '../src/server.js';

/**
 * A backend-for-frontend as an app would write it with @portal/client/server: its pages read the user's
 * refresh cookie, render with the API's data and pass the rotated cookie back. The test is the browser: it
 * keeps what the BFF sets and sends it back. With node:http and with Express, on the mocks and on the real
 * server (which names the cookie `portal-refresh`, without Secure, on plain-http loopback).
 */
const APP_ORIGIN = 'https://app.example';
const ADA = { email: DEMO_ACCOUNTS.ada, firstName: 'Ada', unpaidInvoices: 2 };

interface Api extends Backend {
  cookieName: string;
}

/** The mocks, in this process, allowing the app's origin alone. */
async function mocksApi(): Promise<Api> {
  const baseUrl = 'http://portal.bff.test';
  const state = new MockState({ account: { me: { email: ADA.email, firstName: ADA.firstName } } });
  state.account.dashboard.unpaidInvoices = ADA.unpaidInvoices;
  const server = createMockServer({ baseUrl, state, allowedOrigins: [APP_ORIGIN] });
  // The test's own requests go to the BFF on 127.0.0.1; the BFF's to the API are the mocks'.
  server.listen({
    onUnhandledRequest: (request, print) => {
      if (new URL(request.url).hostname !== '127.0.0.1') print.error();
    },
  });
  return {
    baseUrl,
    accounts: DEMO_ACCOUNTS,
    cookieName: '__Secure-portal-refresh',
    latestSignInToken: async (email) => state.mailbox.latest(email)?.token,
    latestSignInCode: async (email) => state.mailbox.latest(email)?.code,
    pastGracePeriod: async () => state.clock.advance(state.settings.refreshGraceSeconds + 1),
    setSections: async () => undefined,
    stop: async () => server.close(),
  };
}

async function serverApi(): Promise<Api> {
  const backend = await startServerBackend('pglite', { CORS_ORIGINS: APP_ORIGIN });
  return { ...backend, cookieName: 'portal-refresh' };
}

/** The BFF's routes, on a Portal client made for the request. */
async function route(
  portal: PortalClient,
  method: string,
  url: URL,
): Promise<{ status: number; body?: unknown }> {
  if (method === 'POST' && url.pathname === '/sign-in') {
    await portal.auth.validate({ token: url.searchParams.get('token') ?? '' });
    return { status: 204 };
  }
  if (method === 'POST' && url.pathname === '/sign-out') {
    await portal.auth.logout();
    return { status: 204 };
  }
  if (url.pathname === '/dashboard') {
    if (!(await portal.getSession())) return { status: 401, body: { signedIn: false } };
    const [me, stats] = await Promise.all([portal.me(), portal.dashboardStats()]);
    return { status: 200, body: { firstName: me.firstName, unpaidInvoices: stats.unpaidInvoices } };
  }
  return { status: 404 };
}

async function nodeHttpBff(api: string): Promise<Server> {
  const clientOptions = { baseUrl: api, origin: APP_ORIGIN, cookiePath: '/' };
  return createServer(async (req: IncomingMessage, res: ServerResponse) => {
    const portal = portalClientForRequest({
      ...clientOptions,
      cookies: requestCookies(req.headers.cookie, (c) => res.appendHeader('Set-Cookie', c)),
    });
    try {
      const { status, body } = await route(
        portal,
        req.method ?? 'GET',
        new URL(req.url ?? '/', 'http://bff'),
      );
      res.writeHead(status, body ? { 'content-type': 'application/json' } : {});
      res.end(body ? JSON.stringify(body) : undefined);
    } catch (error) {
      res.writeHead(error instanceof PortalApiError ? error.status : 500).end();
    }
  });
}

async function expressBff(api: string): Promise<Server> {
  const clientOptions = { baseUrl: api, origin: APP_ORIGIN, cookiePath: '/' };
  const app = express();
  app.use(async (req, res) => {
    const portal = portalClientForRequest({
      ...clientOptions,
      cookies: requestCookies(req.get('cookie'), (c) => res.append('Set-Cookie', c)),
    });
    try {
      const { status, body } = await route(portal, req.method, new URL(req.originalUrl, 'http://bff'));
      if (body) res.status(status).json(body);
      else res.status(status).end();
    } catch (error) {
      res.status(error instanceof PortalApiError ? error.status : 500).end();
    }
  });
  return createServer(app);
}

/** The browser: one cookie jar in front of the BFF. */
function browserOf(base: string) {
  const jar = new Map<string, string>();
  const setCookies: string[] = [];
  return {
    jar,
    setCookies,
    async request(method: string, path: string) {
      const cookie = [...jar].map(([n, v]) => `${n}=${v}`).join('; ');
      const res = await fetch(`${base}${path}`, { method, headers: cookie ? { cookie } : {} });
      for (const line of res.headers.getSetCookie()) {
        setCookies.push(line);
        const [pair = ''] = line.split(';');
        const [name = '', value = ''] = pair.split('=');
        if (/max-age=0/i.test(line)) jar.delete(name);
        else jar.set(name, value);
      }
      return res;
    },
  };
}

describe.each([
  ['the mocks', mocksApi],
  ['the real server', serverApi],
])('on %s', (_, startApi) => {
  let api: Api;
  let name: string;
  const signInMail = () => requestSignInToken(api, ADA.email);
  beforeAll(async () => {
    api = await startApi();
    name = api.cookieName;
  }, 60_000);
  afterAll(() => api?.stop());

  describe.each([
    ['node:http', nodeHttpBff],
    ['Express', expressBff],
  ])('a backend-for-frontend on %s', (_, start) => {
    let server: Server;
    let base: string;
    beforeAll(async () => {
      server = await start(api.baseUrl);
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    });
    afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

    it('signs in, renders with the API’s data through the cookie, and passes each rotated cookie back', async () => {
      const browser = browserOf(base);
      const signIn = await browser.request('POST', `/sign-in?token=${await signInMail()}`);
      expect(signIn.status).toBe(204);
      const [issued] = browser.setCookies;
      // The API's cookie, its path rewritten to the BFF's pages and nothing else changed.
      expect(issued).toMatch(
        new RegExp(
          `^${name}=[^;]+; Max-Age=\\d+; Path=/; Expires=[^;]+; HttpOnly;( Secure;)? SameSite=Strict$`,
        ),
      );
      const first = browser.jar.get(name);

      const page = await browser.request('GET', '/dashboard');
      expect(page.status).toBe(200);
      expect(await page.json()).toEqual({
        firstName: ADA.firstName,
        unpaidInvoices: ADA.unpaidInvoices,
      });
      const second = browser.jar.get(name);
      expect(second).toBeDefined();
      expect(second).not.toBe(first);

      // The next page refreshes with the cookie of the last answer: the rotation chain holds.
      expect((await browser.request('GET', '/dashboard')).status).toBe(200);
      expect(browser.jar.get(name)).not.toBe(second);
    });

    it('renders the signed-out page without a cookie, and with a cookie of an ended sign-in', async () => {
      const browser = browserOf(base);
      expect((await browser.request('GET', '/dashboard')).status).toBe(401);
      browser.jar.set(name, 'not-a-token');
      expect((await browser.request('GET', '/dashboard')).status).toBe(401);
    });

    it('signs out: the API ends the sign-in and the BFF clears the cookie', async () => {
      const browser = browserOf(base);
      await browser.request('POST', `/sign-in?token=${await signInMail()}`);
      const cookie = browser.jar.get(name) ?? '';

      expect((await browser.request('POST', '/sign-out')).status).toBe(204);
      expect(browser.setCookies.at(-1)).toMatch(new RegExp(`^${name}=; Max-Age=0; Path=/;`));
      expect(browser.jar.size).toBe(0);
      // The old cookie, sent anyway, signs no one in.
      browser.jar.set(name, cookie);
      expect((await browser.request('GET', '/dashboard')).status).toBe(401);
    });
  });

  it('portalClientForRequest sends the configured Origin: one the API does not allow is its 403 csrf_refused', async () => {
    const set: string[] = [];
    const portal = portalClientForRequest({
      baseUrl: api.baseUrl,
      origin: 'https://elsewhere.example',
      cookies: requestCookies(`${name}=abc`, (c) => set.push(c)),
    });
    await expect(portal.auth.refresh()).rejects.toMatchObject({ status: 403, code: 'csrf_refused' });
    expect(set).toEqual([]);
  });

  it('a wrong origin is no "signed out": getSession() and the calls reject with the 403, each time', async () => {
    // A live sign-in's cookie: with the right origin the same request is signed in (the last lines).
    const set: string[] = [];
    await portalClientForRequest({
      baseUrl: api.baseUrl,
      origin: APP_ORIGIN,
      cookies: requestCookies(undefined, (c) => set.push(c)),
    }).auth.validate({ token: await signInMail() });
    const [cookie = ''] = (set[0] ?? '').split(';');
    expect(cookie).toMatch(new RegExp(`^${name}=.+`));
    const portal = portalClientForRequest({
      baseUrl: api.baseUrl,
      origin: 'https://elsewhere.example',
      cookies: requestCookies(cookie, () => undefined),
    });
    const refused = { status: 403, code: 'csrf_refused' };
    await expect(portal.getSession()).rejects.toMatchObject(refused);
    await expect(portal.getSession()).rejects.toMatchObject(refused);
    await expect(portal.me()).rejects.toMatchObject(refused);
    const right = portalClientForRequest({
      baseUrl: api.baseUrl,
      origin: APP_ORIGIN,
      cookies: requestCookies(cookie, () => undefined),
    });
    await expect(right.getSession()).resolves.toMatchObject({ accessToken: expect.any(String) });
  });

  it('portalClientForRequest keeps the API’s cookie path unless told otherwise', async () => {
    const set: string[] = [];
    const cookies = requestCookies(undefined, (c) => set.push(c));
    const portal = portalClientForRequest({ baseUrl: api.baseUrl, origin: APP_ORIGIN, cookies });
    await portal.auth.validate({ token: await signInMail() });
    expect(set).toEqual([expect.stringMatching(/; Path=\/api\/v1\/portal\/auth;/)]);
  });
});

it('requestCookies reads a Cookie header: the first of a name wins, other cookies are left alone', () => {
  const cookies = requestCookies(
    'theme=dark; __Secure-portal-refresh=a; __Secure-portal-refresh=b',
    () => {},
  );
  expect(cookies.get('__Secure-portal-refresh')).toBe('a');
  expect(cookies.get('theme')).toBe('dark');
  expect(cookies.get('missing')).toBeUndefined();
});
