import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { refreshCookieSetBy } from '@portal/test-kit/refresh-cookie';
import express from 'express';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clearRefreshCookie, refreshCookieOf, setRefreshCookie } from './refresh-cookie.js';

// Whether the refresh cookie is Secure (and so `__Secure-` prefixed), decided per request: everywhere but on
// plain-http loopback outside production. The cookie's other attributes are checked against the whole
// server in features/sign-in/cookie-mode.test.ts.
describe('the refresh cookie', () => {
  let server: Server;
  let url: string;
  beforeAll(async () => {
    const app = express();
    app.set('trust proxy', 'loopback');
    app.get('/set', (req, res) => {
      setRefreshCookie(req, req.query.production === 'true', 'token-1', 90_500);
      res.end();
    });
    app.get('/clear', (req, res) => {
      clearRefreshCookie(req, req.query.production === 'true');
      res.end();
    });
    app.get('/read', (req, res) => {
      res.json({ token: refreshCookieOf(req, false) ?? null });
    });
    server = await new Promise<Server>((resolve) => {
      const s = app.listen(0, '127.0.0.1', () => resolve(s));
    });
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  const set = (query: string, headers: Record<string, string> = {}) =>
    fetch(`${url}/set?${query}`, { headers }).then(refreshCookieSetBy);

  it('is neither Secure nor prefixed on plain-http loopback in development', async () => {
    const cookie = await set('production=false');
    expect(cookie).toMatchObject({ name: 'portal-refresh', value: 'token-1', maxAge: 90, httpOnly: true });
    expect(cookie?.secure).toBeUndefined();
  });

  it('is Secure and __Secure- prefixed in production, even on plain-http loopback', async () => {
    expect(await set('production=true')).toMatchObject({ name: '__Secure-portal-refresh', secure: true });
  });

  it('is Secure over https (as a trusted proxy forwards it) or to a host that is not loopback', async () => {
    const secure = { name: '__Secure-portal-refresh', secure: true };
    expect(await set('production=false', { 'x-forwarded-proto': 'https' })).toMatchObject(secure);
    expect(await set('production=false', { 'x-forwarded-host': 'portal.example' })).toMatchObject(secure);
  });

  it('is cleared under the name it was set with, Max-Age=0', async () => {
    const cleared = await fetch(`${url}/clear?production=true`).then(refreshCookieSetBy);
    expect(cleared).toMatchObject({ name: '__Secure-portal-refresh', value: '', maxAge: 0, secure: true });
  });

  it('is read under either name, and only under those', async () => {
    const read = (cookie: string) =>
      fetch(`${url}/read`, { headers: { cookie } }).then(
        (r) => r.json() as Promise<{ token: string | null }>,
      );
    expect(await read('portal-refresh=a')).toEqual({ token: 'a' });
    expect(await read('other=x; __Secure-portal-refresh=b')).toEqual({ token: 'b' });
    expect(await read('__Secure-portal-refresh=b; portal-refresh=a')).toEqual({ token: 'a' });
    expect(await read('portal-refreshx=a; other=b')).toEqual({ token: null });
    expect(await read('portal-refresh=')).toEqual({ token: null });
  });
});
