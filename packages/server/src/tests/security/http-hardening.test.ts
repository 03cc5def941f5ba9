import http from 'node:http';
import { gzipSync } from 'node:zlib';
import type { Problem } from '@portal/contract';
import { callOperation } from '@portal/test-kit/call-operation';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../../testing/start-test-server.js';
import { realDatabaseKind } from '../../testing/test-database.js';
import { insertMagicLink, signIn } from '../support/auth-fixtures.js';
import { accessTokenFor, insertUserWithClient, type UserRow } from '../support/fixtures.js';

// The HTTP surface as a browser and a hostile client see it. How each error is shaped is in
// http/error-handler.test.ts (a thrown exception's message and stack stay in the log, for instance). The
// requests are raw on purpose (odd headers, methods, encodings, sizes): the typed calls could not send them.
const PORTAL = 'https://portal.example';
const LIMIT = 2048;
const MAGIC = '/api/v1/portal/auth/request-magic-link';

describe(`HTTP hardening on ${realDatabaseKind()}`, () => {
  let server: TestServer;
  let user: UserRow;
  const problems: { what: string; text: string }[] = [];

  beforeAll(async () => {
    server = await startTestServer(realDatabaseKind(), {
      PORTAL_URL: `${PORTAL}/app/`,
      BODY_LIMIT_BYTES: String(LIMIT),
      OUTBOX_WORKER: 'false',
      RATE_LIMIT_MAGIC_LINK_IP: '1000/60',
    });
    ({ user } = await insertUserWithClient(server.database.knex));
    token = await accessTokenFor(server.database.knex, server.accessTokens, user);
  });
  afterAll(() => server?.close());

  let token: string;
  const bearer = () => ({ authorization: `Bearer ${token}` });
  const call = (path: string, init: RequestInit = {}) => fetch(`${server.url}${path}`, init);
  const postMagic = (body: string | Uint8Array, headers: Record<string, string>) =>
    call(MAGIC, { method: 'POST', headers, body });
  const validBody = JSON.stringify({ email: 'a@example.com', tenantCode: 'demo' });

  /** A refusal must be a problem+json; its text is kept to look for leaks at the end. */
  async function expectProblem(what: string, res: Response, status: number) {
    expect({ what, status: res.status }).toEqual({ what, status });
    expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    problems.push({ what, text: await res.text() });
  }

  it('marks token answers and personal reads no-store, so that no cache keeps them (RFC 6749, 5.1)', async () => {
    for (const path of ['/me', '/client', '/scopes', '/dashboard/stats']) {
      const res = await call(`/api/v1/portal${path}`, { headers: bearer() });
      expect({ path, status: res.status, cache: res.headers.get('cache-control') }).toEqual({
        path,
        status: 200,
        cache: 'no-store',
      });
    }
    const tokens = await signIn(server.url, server.database.knex, user);
    const token = await insertMagicLink(server.database.knex, user);
    const validated = await callOperation(server.url, 'validateMagicLink', { query: { token } });
    expect(validated.headers.get('cache-control')).toBe('no-store');
    const refreshed = await callOperation(server.url, 'refreshSession', {
      body: { refreshToken: tokens.refreshToken },
    });
    expect(refreshed.headers.get('cache-control')).toBe('no-store');
  });

  describe('security headers (helmet)', () => {
    const kinds: [string, () => Promise<Response>][] = [
      ['200', () => call('/api/v1/portal/me', { headers: bearer() })],
      ['204', () => postMagic(validBody, { 'content-type': 'application/json' })],
      ['400', () => postMagic('{', { 'content-type': 'application/json' })],
      ['401', () => call('/api/v1/portal/me')],
      ['404', () => call('/api/v1/portal/nowhere')],
      ['405', () => call('/api/v1/portal/me', { method: 'PUT' })],
      ['413', () => postMagic('x'.repeat(LIMIT + 1), { 'content-type': 'application/json' })],
      ['415', () => postMagic(validBody, { 'content-type': 'text/plain' })],
      ['/healthz', () => call('/healthz')],
      ['/readyz', () => call('/readyz')],
    ];

    it.each(kinds)('are on every answer: %s', async (_kind, send) => {
      const res = await send();
      const h = res.headers;
      expect(h.get('x-powered-by')).toBeNull();
      expect(h.get('content-security-policy')).toMatch(/default-src 'self'.*frame-ancestors 'self'/);
      expect(h.get('strict-transport-security')).toMatch(/max-age=\d{8}/);
      expect(h.get('x-content-type-options')).toBe('nosniff');
      expect(h.get('x-frame-options')).toBe('SAMEORIGIN');
      expect(h.get('referrer-policy')).toBe('no-referrer');
      expect(h.get('cross-origin-opener-policy')).toBe('same-origin');
      expect(h.get('cross-origin-resource-policy')).toBe('same-origin');
      expect(h.get('x-permitted-cross-domain-policies')).toBe('none');
    });
  });

  describe('CORS', () => {
    const preflight = (origin: string, method = 'POST', headers = 'content-type') =>
      call(MAGIC, {
        method: 'OPTIONS',
        headers: {
          origin,
          'access-control-request-method': method,
          'access-control-request-headers': headers,
        },
      });

    it('lets the portal origin (of PORTAL_URL) call with a bearer token, JSON and the refresh cookie', async () => {
      const res = await preflight(PORTAL, 'GET', 'authorization,content-type,portal-session');
      expect(res.status).toBe(204);
      expect(res.headers.get('access-control-allow-origin')).toBe(PORTAL);
      // The methods the contract uses, in whatever order its operations list them.
      expect(res.headers.get('access-control-allow-methods')?.split(',').sort()).toEqual([
        'DELETE',
        'GET',
        'POST',
        'PUT',
      ]);
      expect(res.headers.get('access-control-allow-headers')).toBe(
        'Authorization,Content-Type,Portal-Session',
      );
      expect(res.headers.get('access-control-max-age')).toBe('600');
      // Cookie mode: the browser sends the refresh cookie, and lets the page read the answer.
      expect(res.headers.get('access-control-allow-credentials')).toBe('true');
      expect(res.headers.get('vary')).toMatch(/Origin/);

      const read = await call('/api/v1/portal/me', { headers: { ...bearer(), origin: PORTAL } });
      expect(read.status).toBe(200);
      expect(read.headers.get('access-control-allow-origin')).toBe(PORTAL);
      expect(read.headers.get('access-control-allow-credentials')).toBe('true');
      expect(read.headers.get('access-control-expose-headers')).toBe(
        'Retry-After,WWW-Authenticate,X-Request-Id',
      );
    });

    it.each([
      'https://evil.example',
      'null',
      'http://portal.example',
      'https://portal.example:8443',
      'https://portal.example.evil.example',
      'https://sub.portal.example',
    ])('gives no other origin leave to read an answer: %s', async (origin) => {
      const pre = await preflight(origin, 'POST', 'content-type,portal-session');
      expect(pre.headers.get('access-control-allow-origin')).toBeNull();
      expect(pre.headers.get('access-control-allow-credentials')).toBeNull();
      const read = await call('/api/v1/portal/me', { headers: { ...bearer(), origin } });
      expect(read.status).toBe(200); // the server answers; the browser withholds it from the page
      expect(read.headers.get('access-control-allow-origin')).toBeNull();
      expect(read.headers.get('access-control-allow-credentials')).toBeNull();
    });

    it('allows only the methods and headers the API needs', async () => {
      const res = await preflight(PORTAL, 'PATCH', 'x-custom');
      expect(res.headers.get('access-control-allow-methods')).not.toMatch(/PATCH|HEAD|OPTIONS/);
      expect(res.headers.get('access-control-allow-headers')).not.toMatch(/x-custom/i);
    });
  });

  describe('request bodies', () => {
    it(`refuses a body over BODY_LIMIT_BYTES (${LIMIT}) with 413, declared or streamed`, async () => {
      const json = { 'content-type': 'application/json' };
      const padded = (size: number) =>
        JSON.stringify({ email: 'a@example.com', tenantCode: 'x' }).padEnd(size, ' ');
      await expectProblem('declared length', await postMagic(padded(LIMIT + 1), json), 413);
      const stream = new ReadableStream({
        start(controller) {
          for (let i = 0; i < 10; i++) controller.enqueue(new TextEncoder().encode(' '.repeat(LIMIT / 4)));
          controller.close();
        },
      });
      const chunked = await call(MAGIC, {
        method: 'POST',
        headers: json,
        body: stream,
        duplex: 'half',
      } as RequestInit);
      await expectProblem('chunked', chunked, 413);
      expect((await postMagic(padded(LIMIT), json)).status).toBe(204);
    });

    it.each([
      ['text/plain', validBody],
      ['application/x-www-form-urlencoded', 'email=a%40example.com&tenantCode=demo'],
      [
        'multipart/form-data; boundary=x',
        '--x\r\nContent-Disposition: form-data; name="email"\r\n\r\na@example.com\r\n--x--',
      ],
      ['application/xml', '<email>a@example.com</email>'],
      ['application/json; charset=iso-8859-1', validBody],
    ])('accepts JSON only: %s gets 415', async (type, body) => {
      await expectProblem(type, await postMagic(body, { 'content-type': type }), 415);
    });

    it('refuses a compressed body (415) instead of inflating it', async () => {
      const res = await postMagic(gzipSync(validBody), {
        'content-type': 'application/json',
        'content-encoding': 'gzip',
      });
      await expectProblem('gzip', res, 415);
      const garbage = await postMagic(validBody, {
        'content-type': 'application/json',
        'content-encoding': 'gzip',
      });
      await expectProblem('not really gzip', garbage, 415);
    });

    it('ignores a body sent with a GET, rather than answering what the operation does not declare', async () => {
      // fetch sends no body with GET: a raw request does.
      const body = JSON.stringify({ pad: 'x'.repeat(LIMIT * 4) });
      const status = await new Promise<number>((resolve, reject) => {
        const url = new URL(`${server.url}/api/v1/portal/me`);
        const headers = { ...bearer(), 'content-type': 'application/json', 'content-length': body.length };
        const req = http.request(url, { method: 'GET', headers }, (res) => {
          res.resume();
          resolve(res.statusCode ?? 0);
        });
        req.on('error', reject);
        req.end(body);
      });
      expect(status).toBe(200);
    });
  });

  it('no refusal above carries a stack trace, a file path or anything beyond the problem fields', () => {
    expect(problems.length).toBeGreaterThan(8);
    for (const { what, text } of problems) {
      const body = JSON.parse(text) as Problem;
      expect(
        Object.keys(body).every((k) =>
          ['type', 'title', 'status', 'detail', 'instance', 'time', 'requestId', 'code', 'errors'].includes(
            k,
          ),
        ),
        what,
      ).toBe(true);
      expect(text, what).not.toMatch(/\bat \S+ \(|\.(js|ts):\d+|node_modules|Error:/);
    }
  });
});
