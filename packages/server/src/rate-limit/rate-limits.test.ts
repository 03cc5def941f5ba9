import { createHash } from 'node:crypto';
import type { Problem } from '@portal/contract';
import { callOperation } from '@portal/test-kit/call-operation';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningServer, startServer } from '../entry-points/start-server.js';
import { startTestServer, type TestServer } from '../testing/start-test-server.js';
import { databaseKinds } from '../testing/test-database.js';
import { insertSignIn } from '../tests/support/auth-fixtures.js';
import { insertUserWithClient } from '../tests/support/fixtures.js';
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
    server = await startTestServer(kind, { ...LIMITS, TRUST_PROXY: '1', OUTBOX_WORKER: 'false' });
  });
  afterAll(() => server?.close());

  const validate = (url: string, token: string, ip: string) =>
    callOperation(url, 'validateMagicLink', { query: { token }, headers: { 'x-forwarded-for': ip } });
  const requestLink = (email: string, tenantCode: string, ip: string) =>
    callOperation(server.url, 'requestMagicLink', {
      body: { email, tenantCode },
      headers: { 'x-forwarded-for': ip },
    });

  it('limits request-magic-link per tenant and email, however the email is cased', async () => {
    const email = `limited-${kind}@example.com`;
    expect((await requestLink(email, 'acme', freshIp())).status).toBe(204);
    expect((await requestLink(email.toUpperCase(), 'ACME', freshIp())).status).toBe(204);
    await expectTooManyRequests(await requestLink(email, 'acme', freshIp()), 60);
    // Another email, or the same email in another tenant, has its own count.
    expect((await requestLink(`other-${email}`, 'acme', freshIp())).status).toBe(204);
    expect((await requestLink(email, 'globex', freshIp())).status).toBe(204);
  });

  it('answers an address of any length or content a proxy passes on, without a 5xx', async () => {
    for (const ip of ['x'.repeat(300), "'; DROP TABLE rate_limits; --", '\u00e9'.repeat(200)]) {
      const res = await requestLink(`odd-${ipSeq++}@example.com`, 'acme', ip);
      expect(res.status, ip.slice(0, 20)).toBe(204);
    }
    const stored = await server.database.knex('rate_limits').pluck<string[]>('key');
    expect(stored.every((key) => key.length < 100 && !key.includes('DROP'))).toBe(true);
  });

  it('counts the addresses of one IPv6 /64 network, and an IPv4-mapped address, as one client', async () => {
    const net = `2001:db8:${(++ipSeq).toString(16)}:1`;
    const email = (i: number) => `v6-${ipSeq}-${i}@example.com`;
    for (let i = 1; i <= 3; i++)
      expect((await requestLink(email(i), 'acme', `${net}::${i}`)).status).toBe(204);
    await expectTooManyRequests(await requestLink(email(4), 'acme', `${net}:ffff::9`), 60);
    const v4 = freshIp();
    for (let i = 5; i <= 7; i++) expect((await requestLink(email(i), 'acme', v4)).status).toBe(204);
    await expectTooManyRequests(await requestLink(email(8), 'acme', `::ffff:${v4}`), 60);
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
    expect((await validate(server.url, 'guess-1', ip)).status).toBe(401);
    expect((await validate(server.url, 'guess-2', ip)).status).toBe(401);
    await expectTooManyRequests(await validate(server.url, 'guess-3', ip), 60);
  });

  it('limits refresh per IP', async () => {
    const ip = freshIp();
    const { user } = await insertUserWithClient(server.database.knex);
    const refresh = async () => {
      const { refreshToken } = await insertSignIn(server.database.knex, user);
      return callOperation(server.url, 'refreshSession', {
        body: { refreshToken },
        headers: { 'x-forwarded-for': ip },
      });
    };
    expect((await refresh()).status).toBe(200);
    expect((await refresh()).status).toBe(200);
    await expectTooManyRequests(await refresh(), 60);
  });

  it.runIf(kind === 'postgres')('holds across server processes sharing the database', async () => {
    const second: RunningServer = await startServer(server.config); // the same database
    try {
      const ip = freshIp();
      expect((await validate(server.url, 'guess-a', ip)).status).toBe(401);
      expect((await validate(second.url, 'guess-b', ip)).status).toBe(401);
      await expectTooManyRequests(await validate(second.url, 'guess-c', ip), 60);
      await expectTooManyRequests(await validate(server.url, 'guess-d', ip), 60);
    } finally {
      await second.close();
    }
  });

  it('purges counters whose window ended over an hour ago', async () => {
    const ip = freshIp();
    await validate(server.url, 'guess', ip);
    // Keys are stored as their SHA-256 (rate-limits.ts).
    const key = `validate-ip:${createHash('sha256').update(ip).digest('base64url')}`;
    await purgeExpiredRateLimits(server.database.knex, new Date());
    expect(await server.database.knex('rate_limits').where({ key })).toHaveLength(1);
    const later = new Date(Date.now() + 60_000 + 3_600_000 + 1000); // window of 60 s, then an hour
    await purgeExpiredRateLimits(server.database.knex, later);
    expect(await server.database.knex('rate_limits').where({ key })).toEqual([]);
  });
});
