import type { Problem } from '@portal/contract';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningServer, startServer } from '../server.js';
import { post, signIn, validate } from '../test-support/auth-fixtures.js';
import { insertUserWithClient } from '../test-support/fixtures.js';
import { databaseKinds } from '../test-support/test-database.js';
import { startTestServer, type TestServer } from '../test-support/test-server.js';
import { purgeExpiredRateLimits } from './rate-limits.js';

const LIMITS = {
  RATE_LIMIT_MAGIC_LINK_EMAIL: '2/60',
  RATE_LIMIT_MAGIC_LINK_IP: '3/60',
  RATE_LIMIT_VALIDATE_IP: '2/60',
  RATE_LIMIT_REFRESH_IP: '2/60',
};

// Each test speaks from addresses of its own (through X-Forwarded-For and TRUST_PROXY), so the per-IP
// counters of one test do not spill into another.
let ipSeq = 0;
const freshIp = () => `203.0.113.${++ipSeq}`;

async function expectTooManyRequests(res: Response, windowSeconds: number) {
  expect(res.status).toBe(429);
  expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
  const retryAfter = Number(res.headers.get('retry-after'));
  expect(Number.isInteger(retryAfter)).toBe(true);
  expect(retryAfter).toBeGreaterThanOrEqual(1);
  expect(retryAfter).toBeLessThanOrEqual(windowSeconds);
  expect(((await res.json()) as Problem).detail).toBe(
    `Too many requests. Try again in ${retryAfter} seconds.`,
  );
}

describe.each(databaseKinds())('rate limits on %s', (kind) => {
  let server: TestServer;

  beforeAll(async () => {
    server = await startTestServer(kind, { ...LIMITS, TRUST_PROXY: 'true', OUTBOX_WORKER: 'false' });
  });
  afterAll(() => server?.close());

  const requestLink = (email: string, tenantCode: string, ip: string) =>
    post(server.url, '/auth/request-magic-link', { email, tenantCode }, { 'x-forwarded-for': ip });

  it('limits request-magic-link per tenant and email, however the email is cased', async () => {
    const email = `limited-${kind}@example.com`;
    expect((await requestLink(email, 'acme', freshIp())).status).toBe(204);
    expect((await requestLink(email.toUpperCase(), 'ACME', freshIp())).status).toBe(204);
    await expectTooManyRequests(await requestLink(email, 'acme', freshIp()), 60);
    // Another email, or the same email in another tenant, has its own count.
    expect((await requestLink(`other-${email}`, 'acme', freshIp())).status).toBe(204);
    expect((await requestLink(email, 'globex', freshIp())).status).toBe(204);
  });

  it('limits request-magic-link per IP, whatever the emails', async () => {
    const ip = freshIp();
    for (let i = 0; i < 3; i++)
      expect((await requestLink(`ip-${i}-${ip}@example.com`, 'acme', ip)).status).toBe(204);
    await expectTooManyRequests(await requestLink(`ip-last-${ip}@example.com`, 'acme', ip), 60);
    expect((await requestLink(`ip-last-${ip}@example.com`, 'acme', freshIp())).status).toBe(204);
  });

  it('limits validate per IP', async () => {
    const ip = freshIp();
    const headers = { 'x-forwarded-for': ip };
    expect((await validate(server.url, 'guess-1', headers)).status).toBe(401);
    expect((await validate(server.url, 'guess-2', headers)).status).toBe(401);
    await expectTooManyRequests(await validate(server.url, 'guess-3', headers), 60);
  });

  it('limits refresh per IP', async () => {
    const ip = freshIp();
    const { user } = await insertUserWithClient(server.database.knex);
    const tokens = await signIn(server.url, server.database.knex, user);
    const refresh = () =>
      post(server.url, '/auth/refresh', { refreshToken: tokens.refreshToken }, { 'x-forwarded-for': ip });
    expect((await refresh()).status).toBe(200);
    expect((await refresh()).status).toBe(401);
    await expectTooManyRequests(await refresh(), 60);
  });

  it.runIf(kind === 'postgres')('holds across server processes sharing the database', async () => {
    const second: RunningServer = await startServer(server.config); // the same database
    try {
      const ip = freshIp();
      const headers = { 'x-forwarded-for': ip };
      expect((await validate(server.url, 'guess-a', headers)).status).toBe(401);
      expect((await validate(second.url, 'guess-b', headers)).status).toBe(401);
      await expectTooManyRequests(await validate(second.url, 'guess-c', headers), 60);
      await expectTooManyRequests(await validate(server.url, 'guess-d', headers), 60);
    } finally {
      await second.close();
    }
  });

  it('purges counters whose window ended over an hour ago', async () => {
    const ip = freshIp();
    await validate(server.url, 'guess', { 'x-forwarded-for': ip });
    const key = `validate-ip:${ip}`;
    await purgeExpiredRateLimits(server.database.knex, new Date());
    expect(await server.database.knex('rate_limits').where({ key })).toHaveLength(1);
    const later = new Date(Date.now() + 60_000 + 3_600_000 + 1000); // window of 60 s, then an hour
    await purgeExpiredRateLimits(server.database.knex, later);
    expect(await server.database.knex('rate_limits').where({ key })).toEqual([]);
  });
});
