import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createMockServer, MockState } from '@portal/mocks/node';
import express from 'express';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { PortalApiError, type PortalClient } from '../src/index.js';
import { portalClientForRequest, requestCookies } from '../src/server.js';

/**
 * A backend-for-frontend as an app would write it with @portal/client/server: its pages read the user's
 * refresh cookie, render with the API's data and pass the rotated cookie back. The test is the browser: it
 * keeps what the BFF sets and sends it back. Once with node:http, once with Express.
 */
const API = 'http://portal.bff.test';
const APP_ORIGIN = 'https://app.example';
const state = new MockState();
const api = createMockServer({ baseUrl: API, state, allowedOrigins: [APP_ORIGIN] });

beforeAll(() => {
  // The test's own requests go to the BFF on 127.0.0.1; the BFF's to the API are the mocks'.
  api.listen({
    onUnhandledRequest: (request, print) => {
      if (new URL(request.url).hostname !== '127.0.0.1') print.error();
    },
  });
});
afterEach(() => state.reset());
afterAll(() => api.close());

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

const clientOptions = { baseUrl: API, origin: APP_ORIGIN, cookiePath: '/' };

async function nodeHttpBff(): Promise<Server> {
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

async function expressBff(): Promise<Server> {
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

async function signInMail(): Promise<string> {
  const { email } = state.account.me;
  const res = await fetch(`${API}/api/v1/portal/auth/request-magic-link`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, tenantCode: state.account.tenantCode }),
  });
  expect(res.status).toBe(204);
  return state.mailbox.tokenFor(email);
}

describe.each([
  ['node:http', nodeHttpBff],
  ['Express', expressBff],
])('a backend-for-frontend on %s', (_, start) => {
  let server: Server;
  let base: string;
  beforeAll(async () => {
    server = await start();
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
      /^__Secure-portal-refresh=[^;]+; Max-Age=\d+; Path=\/; Expires=[^;]+; HttpOnly; Secure; SameSite=Strict$/,
    );
    const first = browser.jar.get('__Secure-portal-refresh');

    const page = await browser.request('GET', '/dashboard');
    expect(page.status).toBe(200);
    expect(await page.json()).toEqual({
      firstName: state.account.me.firstName,
      unpaidInvoices: state.account.dashboard.unpaidInvoices,
    });
    const second = browser.jar.get('__Secure-portal-refresh');
    expect(second).toBeDefined();
    expect(second).not.toBe(first);

    // The next page refreshes with the cookie of the last answer: the rotation chain holds.
    expect((await browser.request('GET', '/dashboard')).status).toBe(200);
    expect(browser.jar.get('__Secure-portal-refresh')).not.toBe(second);
  });

  it('renders the signed-out page without a cookie, and with a cookie of an ended sign-in', async () => {
    const browser = browserOf(base);
    expect((await browser.request('GET', '/dashboard')).status).toBe(401);
    browser.jar.set('__Secure-portal-refresh', 'not-a-token');
    expect((await browser.request('GET', '/dashboard')).status).toBe(401);
  });

  it('signs out: the API ends the sign-in and the BFF clears the cookie', async () => {
    const browser = browserOf(base);
    await browser.request('POST', `/sign-in?token=${await signInMail()}`);
    const cookie = browser.jar.get('__Secure-portal-refresh') ?? '';

    expect((await browser.request('POST', '/sign-out')).status).toBe(204);
    expect(browser.setCookies.at(-1)).toMatch(/^__Secure-portal-refresh=; Max-Age=0; Path=\/;/);
    expect(browser.jar.size).toBe(0);
    // The old cookie, sent anyway, signs no one in.
    browser.jar.set('__Secure-portal-refresh', cookie);
    expect((await browser.request('GET', '/dashboard')).status).toBe(401);
  });
});

describe('portalClientForRequest', () => {
  it('sends the configured Origin: one the API does not allow is its 403 csrf_refused', async () => {
    const set: string[] = [];
    const portal = portalClientForRequest({
      baseUrl: API,
      origin: 'https://elsewhere.example',
      cookies: requestCookies('__Secure-portal-refresh=abc', (c) => set.push(c)),
    });
    await expect(portal.auth.refresh()).rejects.toMatchObject({ status: 403, code: 'csrf_refused' });
    expect(set).toEqual([]);
  });

  it('keeps the API’s cookie path unless told otherwise', async () => {
    const set: string[] = [];
    const cookies = requestCookies(undefined, (c) => set.push(c));
    const portal = portalClientForRequest({ baseUrl: API, origin: APP_ORIGIN, cookies });
    await portal.auth.validate({ token: await signInMail() });
    expect(set).toEqual([expect.stringMatching(/; Path=\/api\/v1\/portal\/auth;/)]);
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
});
