import { callOperation } from '@portal/test-kit/call-operation';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../config/config.js';
import { startTestServer, type TestServer } from '../../testing/start-test-server.js';
import { realDatabaseKind } from '../../testing/test-database.js';
import { newSecretToken } from '../../tokens/secret-token.js';
import { insertMagicLink, signIn } from '../support/auth-fixtures.js';
import { insertUserWithClient } from '../support/fixtures.js';

// Guessing tokens. Live tokens exist while the guesser tries, so a hit would be a real sign-in. The limits
// are the defaults an operator gets without configuring anything; per-IP limits of every kind, and their
// sharing across processes, are in rate-limit/rate-limits.test.ts.
const defaults = loadConfig({}).rateLimits;
const LIVE_LINKS = 200;

describe(`token guessing on ${realDatabaseKind()}`, () => {
  let server: TestServer;
  let ipSeq = 0;
  const freshIp = () => `198.51.100.${++ipSeq}`;

  beforeAll(async () => {
    server = await startTestServer(realDatabaseKind(), { TRUST_PROXY: '1', OUTBOX_WORKER: 'false' });
    const { user } = await insertUserWithClient(server.database.knex);
    for (let i = 0; i < LIVE_LINKS; i++) await insertMagicLink(server.database.knex, user);
  });
  afterAll(() => server?.close());

  /** Sends `count` random 256-bit guesses in a row from one address; returns the statuses. */
  async function guess(count: number, send: (token: string, ip: string) => Promise<Response>) {
    const ip = freshIp();
    const statuses: number[] = [];
    for (let i = 0; i < count; i++) statuses.push((await send(newSecretToken().token, ip)).status);
    return statuses;
  }

  it(`validate lets one address try ${defaults.validatePerIp.points} tokens per ${defaults.validatePerIp.durationSeconds} s, then answers 429`, async () => {
    const { points } = defaults.validatePerIp;
    const statuses = await guess(points + 5, (token, ip) =>
      callOperation(server.url, 'validateMagicLink', {
        query: { token },
        headers: { 'x-forwarded-for': ip },
      }),
    );
    expect(statuses).toEqual([...Array(points).fill(401), ...Array(5).fill(429)]);
  });

  it(`refresh lets one address try ${defaults.refreshPerIp.points} tokens per ${defaults.refreshPerIp.durationSeconds} s, then answers 429`, async () => {
    const { user } = await insertUserWithClient(server.database.knex);
    await signIn(server.url, server.database.knex, user); // a live refresh token to hit, in vain
    const { points } = defaults.refreshPerIp;
    const statuses = await guess(points + 5, (token, ip) =>
      callOperation(server.url, 'refreshSession', {
        body: { refreshToken: token },
        headers: { 'x-forwarded-for': ip },
      }),
    );
    expect(statuses).toEqual([...Array(points).fill(401), ...Array(5).fill(429)]);
  });

  it('256-bit tokens are fair coins: 32 random bytes each, all distinct, no bit biased', () => {
    const samples = Array.from({ length: 4000 }, () => Buffer.from(newSecretToken().token, 'base64url'));
    expect(samples.every((bytes) => bytes.length === 32)).toBe(true);
    expect(new Set(samples.map((b) => b.toString('hex'))).size).toBe(samples.length);
    let worstBitBias = 0;
    for (let bit = 0; bit < 256; bit++) {
      const ones = samples.filter((b) => ((b[bit >> 3] as number) >> (bit & 7)) & 1).length;
      worstBitBias = Math.max(worstBitBias, Math.abs(ones / samples.length - 0.5));
    }
    // Six standard deviations of a fair coin over 4000 draws (sigma = 0.0079): a biased source fails.
    expect(worstBitBias).toBeLessThan(0.048);
  });

  it('measured: at the full speed of the server, from as many addresses as it takes, guessing is hopeless', async () => {
    // A distributed guesser: every guess from another address, so no per-address limit stops it; only
    // the server's own speed bounds it. Measured here, on loopback, with the live links in the table.
    const guesses = 400;
    const concurrency = 8;
    let next = 0;
    const statuses: number[] = [];
    const started = performance.now();
    await Promise.all(
      Array.from({ length: concurrency }, async () => {
        while (next++ < guesses) {
          const res = await callOperation(server.url, 'validateMagicLink', {
            query: { token: newSecretToken().token },
            headers: { 'x-forwarded-for': freshIp() },
          });
          statuses.push(res.status);
        }
      }),
    );
    const perSecond = guesses / ((performance.now() - started) / 1000);
    expect(statuses).toEqual(Array(guesses).fill(401));

    // Expected time to hit any of the live links: 2^256 / (guesses per second x live links).
    const log10Years =
      256 * Math.log10(2) - Math.log10(perSecond) - Math.log10(LIVE_LINKS) - Math.log10(365 * 86400);
    console.info(
      `token guessing: ${perSecond.toFixed(0)} guesses/s against ${LIVE_LINKS} live links: a hit expected after 10^${log10Years.toFixed(0)} years`,
    );
    // Even a thousand such servers against a million live links would need over 10^50 years.
    expect(log10Years - 3 - (6 - Math.log10(LIVE_LINKS))).toBeGreaterThan(50);
  });
});
