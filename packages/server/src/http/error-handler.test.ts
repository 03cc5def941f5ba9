import type { Problem } from '@portal/contract';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ProblemError } from '../errors/problem-error.js';
import { startTestApp, type TestApp } from '../tests/support/test-app.js';

const MAGIC = '/api/v1/portal/auth/request-magic-link';
let app: TestApp;

beforeAll(async () => {
  app = await startTestApp({
    // A handler that fails the way a bug would, with a message that must never reach the client.
    requestMagicLink: async ({ body }) => {
      if (body.tenantCode === 'explode')
        throw new Error('relation "secret_table" does not exist at db.js:42');
      if (body.tenantCode === 'db-down')
        throw Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' });
      if (body.tenantCode === 'teapot')
        throw new ProblemError(429, { detail: 'Slow down.', headers: { 'Retry-After': '7' } });
      return { status: 204 };
    },
  });
});
afterAll(() => app.close());

// Raw bodies on purpose: malformed JSON, other media types and handler failures, as sent over the wire
// (the typed calls of @portal/test-kit send only what the contract allows).
const post = (path: string, body: string, contentType = 'application/json') =>
  fetch(`${app.url}${path}`, { method: 'POST', headers: { 'content-type': contentType }, body });

async function expectProblem(res: Response, status: number) {
  expect(res.status).toBe(status);
  expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
  const body = (await res.json()) as Problem & { errors: { path: string }[] };
  expect(body).toMatchObject({ status, title: expect.any(String), detail: expect.any(String) });
  expect(new Date(body.time).toString()).not.toBe('Invalid Date');
  expect(body.requestId).toBe(res.headers.get('x-request-id'));
  return body;
}

describe('the error handler', () => {
  it('answers 404 problem+json for an unknown route, inside and outside the API', async () => {
    await expectProblem(await fetch(`${app.url}/api/v1/portal/nothing-here`), 404);
    await expectProblem(await fetch(`${app.url}/nothing-here`), 404);
  });

  it('answers 405 with Allow for a method the contract does not define', async () => {
    const res = await fetch(`${app.url}/api/v1/portal/me`, { method: 'DELETE' });
    await expectProblem(res, 405);
    expect(res.headers.get('allow')).toMatch(/GET/);
  });

  it('answers 400 for malformed JSON', async () => {
    const body = await expectProblem(await post(MAGIC, '{"email": "a@b.c",'), 400);
    expect(body.detail).toMatch(/not valid JSON/);
  });

  it('answers 413 for a body over the limit', async () => {
    const huge = JSON.stringify({ email: 'a@example.com', tenantCode: 'x'.repeat(20000) });
    await expectProblem(await post(MAGIC, huge), 413);
  });

  it('answers 415 for a body that is not JSON', async () => {
    await expectProblem(await post(MAGIC, 'email=a@example.com', 'application/x-www-form-urlencoded'), 415);
  });

  it('answers 400 with field errors when the body breaks the contract', async () => {
    const body = await expectProblem(await post(MAGIC, JSON.stringify({ email: 'not-an-email' })), 400);
    expect(body.errors).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ path: '/body/email', code: 'format' }),
        expect.objectContaining({ path: '/body/tenantCode', code: 'required' }),
      ]),
    );
  });

  it('answers 400 when a required query parameter is missing or unknown ones are sent', async () => {
    const missing = await expectProblem(
      await fetch(`${app.url}/api/v1/portal/auth/validate`, { method: 'POST' }),
      400,
    );
    expect(missing.errors[0]?.path).toBe('/query/token');
    await expectProblem(
      await fetch(`${app.url}/api/v1/portal/auth/validate?token=a&x=1`, { method: 'POST' }),
      400,
    );
  });

  it('hides an unexpected exception behind a generic 500 with the request id', async () => {
    const res = await post(MAGIC, JSON.stringify({ email: 'a@example.com', tenantCode: 'explode' }));
    const body = await expectProblem(res, 500);
    const text = JSON.stringify(body);
    expect(text).not.toMatch(/secret_table|db\.js|at /);
    expect(body.detail).toBe('An unexpected error occurred.');
  });

  it('answers 503 with Retry-After when the database is unreachable', async () => {
    const res = await post(MAGIC, JSON.stringify({ email: 'a@example.com', tenantCode: 'db-down' }));
    await expectProblem(res, 503);
    expect(res.headers.get('retry-after')).toBe('5');
  });

  it("passes an ProblemError's status and headers through", async () => {
    const res = await post(MAGIC, JSON.stringify({ email: 'a@example.com', tenantCode: 'teapot' }));
    expect((await expectProblem(res, 429)).detail).toBe('Slow down.');
    expect(res.headers.get('retry-after')).toBe('7');
  });

  it('keeps a safe caller request id and replaces an unsafe one', async () => {
    const ok = await fetch(`${app.url}/nope`, { headers: { 'x-request-id': 'trace-1234abcd' } });
    expect(ok.headers.get('x-request-id')).toBe('trace-1234abcd');
    const bad = await fetch(`${app.url}/nope`, { headers: { 'x-request-id': 'evil\tinjected value' } });
    expect(bad.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('answers a valid request with the handler result and no X-Powered-By', async () => {
    const res = await post(MAGIC, JSON.stringify({ email: 'a@example.com', tenantCode: 'demo' }));
    expect(res.status).toBe(204);
    expect(res.headers.get('x-powered-by')).toBeNull();
  });
});

describe('the bearer check on protected operations', () => {
  it('answers 401 with WWW-Authenticate when the token is missing', async () => {
    const res = await fetch(`${app.url}/api/v1/portal/me`);
    await expectProblem(res, 401);
    expect(res.headers.get('www-authenticate')).toBe('Bearer realm="portal"');
  });

  it('answers 401 invalid_token for a forged token, before validating the body', async () => {
    const res = await fetch(`${app.url}/api/v1/portal/auth/logout`, {
      method: 'POST',
      headers: { authorization: 'Bearer abc.def.ghi', 'content-type': 'application/json' },
      body: '{"wrong": true}',
    });
    await expectProblem(res, 401);
    expect(res.headers.get('www-authenticate')).toMatch(/error="invalid_token"/);
  });
});
