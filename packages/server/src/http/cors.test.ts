import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { corsForPortal } from './cors.js';

// The CORS answers alone, for a list of origins (CORS_ORIGINS); the whole app's are in
// tests/security/http-hardening.test.ts.
const ORIGINS = ['https://portal.example', 'http://localhost:5173'];

describe('CORS for the listed origins', () => {
  let server: Server;
  let url: string;
  beforeAll(async () => {
    const app = express();
    app.use(corsForPortal(ORIGINS));
    app.get('/read', (_req, res) => {
      res.json({ ok: true });
    });
    server = await new Promise<Server>((resolve) => {
      const s = app.listen(0, '127.0.0.1', () => resolve(s));
    });
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  const preflight = (origin?: string) =>
    fetch(`${url}/read`, {
      method: 'OPTIONS',
      headers: {
        ...(origin === undefined ? {} : { origin }),
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'content-type,portal-session',
      },
    });

  it.each(ORIGINS)('answers %s with its own origin and credentials', async (origin) => {
    const res = await preflight(origin);
    expect(res.status).toBe(204);
    expect(res.headers.get('access-control-allow-origin')).toBe(origin);
    expect(res.headers.get('access-control-allow-credentials')).toBe('true');
    expect(res.headers.get('access-control-allow-headers')).toMatch(/(^|,)Portal-Session(,|$)/);
    const read = await fetch(`${url}/read`, { headers: { origin } });
    expect(read.headers.get('access-control-allow-origin')).toBe(origin);
    expect(read.headers.get('access-control-allow-credentials')).toBe('true');
  });

  it.each(['https://evil.example', 'null', '*', 'https://portal.example.evil.example', undefined])(
    'gives %s neither an origin nor credentials',
    async (origin) => {
      const res = await preflight(origin);
      expect(res.headers.get('access-control-allow-origin')).toBeNull();
      expect(res.headers.get('access-control-allow-credentials')).toBeNull();
      // Caches keep the answer apart per origin.
      expect(res.headers.get('vary')).toMatch(/Origin/);
      const read = await fetch(`${url}/read`, { headers: origin === undefined ? {} : { origin } });
      expect(read.headers.get('access-control-allow-origin')).toBeNull();
      expect(read.headers.get('access-control-allow-credentials')).toBeNull();
    },
  );
});
