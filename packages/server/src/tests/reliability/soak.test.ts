import type { OperationId, Schemas } from '@portal/contract';
import { type CallArguments, callOperation, readJson } from '@portal/test-kit/call-operation';
import type { ParameterlessRead } from '@portal/test-kit/parameterless-reads';
import type { Knex } from 'knex';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createWatchedDatabase, type WatchedDatabase } from '../../testing/test-database.js';
import { insertMagicLink } from '../support/auth-fixtures.js';
import { insertClient, insertTenant, insertUser, type UserRow } from '../support/fixtures.js';
import { insertDashboardDataset } from '../support/records.js';
import { type ServerProcess, startServerProcess } from '../support/server-process.js';
import { type SmtpTestServer, startSmtpTestServer } from '../support/smtp-test-server.js';
import { waitFor } from '../support/wait-for.js';

// A bounded mixed workload on loopback against the built server in its own process: 50 connections, each
// a portal user going through every operation (sign-in links for known and unknown emails, validate,
// reads, refresh, logout) and some refused requests, a few thousand requests in all. Zero 5xx, every
// answer the expected one, every mail delivered once, and the heap (after a full GC) flat from one phase
// to the next.
const CONNECTIONS = 50;
const WARM_UP = 600;
const PHASES = [800, 800, 800];
// Allowed heap growth between the end of the first measured phase and the last (1,600 requests apart):
// measured, the heap settles within 1 MB; a leak of 2 KB a request would pass the limit.
const HEAP_GROWTH_LIMIT = 3 * 1024 * 1024;
const LIMIT = '999999/60';

interface Session {
  user: UserRow;
  tokens: Schemas['AuthTokens'] | undefined;
  /** The next step this user takes; users start at different steps, so the mix is even at every moment. */
  step: number;
}

describe.runIf(process.env.TEST_DATABASE_URL)('soak: a mixed workload at 50 connections', () => {
  let database: WatchedDatabase;
  let direct: Knex;
  let smtp: SmtpTestServer;
  let server: ServerProcess;
  let tenantCode: string;
  const sessions: Session[] = [];

  beforeAll(async () => {
    database = await createWatchedDatabase();
    direct = database.knex;
    const tenant = await insertTenant(direct, { section_finance: true } as never);
    tenantCode = tenant.code;
    for (let c = 0; c < 10; c++) {
      const client = await insertClient(direct, tenant);
      await insertDashboardDataset(direct, client);
      for (let u = 0; u < CONNECTIONS / 10; u++) {
        sessions.push({ user: await insertUser(direct, client), tokens: undefined, step: sessions.length });
      }
    }
    smtp = await startSmtpTestServer();
    server = await startServerProcess(
      {
        ...database.env,
        SMTP_URL: smtp.url,
        OUTBOX_POLL_MS: '50',
        RATE_LIMIT_MAGIC_LINK_EMAIL: LIMIT,
        RATE_LIMIT_MAGIC_LINK_IP: LIMIT,
        RATE_LIMIT_VALIDATE_IP: LIMIT,
        RATE_LIMIT_REFRESH_IP: LIMIT,
      },
      { probeMemory: true },
    );
  });
  afterAll(async () => {
    server?.kill();
    await smtp?.close();
    await database?.drop();
  });

  const call = <Op extends OperationId>(operationId: Op, ...options: CallArguments<Op>) =>
    callOperation(server.url, operationId, ...options);
  const tokensOf = (s: Session) => {
    if (!s.tokens) throw new Error('the session is signed out');
    return s.tokens;
  };
  const keepTokens = async (s: Session, res: Response, from: 'validateMagicLink' | 'refreshSession') => {
    s.tokens = await readJson(res, from, 200);
  };
  /** One step of a user's day, with the status it must get. */
  type Step = (s: Session) => Promise<{ res: Response; expected: number; after?: () => Promise<void> }>;
  const signIn: Step = async (s) => {
    const res = await call('validateMagicLink', { query: { token: await insertMagicLink(direct, s.user) } });
    return {
      res,
      expected: 200,
      after: () => keepTokens(s, res, 'validateMagicLink'),
    };
  };
  const read =
    (operationId: ParameterlessRead): Step =>
    async (s) => ({ res: await call(operationId, { accessToken: tokensOf(s).accessToken }), expected: 200 });
  const mailsAsked = new Map<string, number>();
  const steps: Step[] = [
    signIn,
    read('getMe'),
    read('getClient'),
    read('getScopes'),
    read('getDashboardStats'),
    async (s) => {
      mailsAsked.set(s.user.email, (mailsAsked.get(s.user.email) ?? 0) + 1);
      return {
        res: await call('requestMagicLink', { body: { email: s.user.email, tenantCode } }),
        expected: 204,
      };
    },
    async (s) => ({
      res: await call('requestMagicLink', { body: { email: `x${s.user.email}`, tenantCode } }),
      expected: 204,
    }),
    read('getDashboardStats'),
    async (s) => {
      const res = await call('refreshSession', { body: { refreshToken: tokensOf(s).refreshToken } });
      return {
        res,
        expected: 200,
        after: () => keepTokens(s, res, 'refreshSession'),
      };
    },
    read('getMe'),
    async () => ({
      res: await call('validateMagicLink', { query: { token: 'not-a-token' } }),
      expected: 401,
    }),
    async () => ({ res: await call('getMe'), expected: 401 }),
    // Malformed on purpose (an email that is not one, no tenant code): past the typed calls.
    async () => ({
      res: await fetch(`${server.url}/api/v1/portal/auth/request-magic-link`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email: 'nope' }),
      }),
      expected: 400,
    }),
    async (s) => ({
      res: await call('logout', {
        body: { refreshToken: tokensOf(s).refreshToken },
        accessToken: tokensOf(s).accessToken,
      }),
      expected: 204,
    }),
  ];

  const statuses = new Map<number, number>();
  const unexpected: string[] = [];
  const latencies: number[] = [];

  /** Sends `total` requests over CONNECTIONS concurrent users, each walking the steps in a loop. */
  async function run(total: number) {
    let budget = total;
    await Promise.all(
      sessions.map(async (session) => {
        while (budget-- > 0) {
          const step = session.tokens ? session.step % steps.length : 0; // signed out: sign in first
          const started = performance.now();
          const { res, expected, after } = await (steps[step] as Step)(session);
          latencies.push(performance.now() - started);
          statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
          if (res.status !== expected) unexpected.push(`step ${step}: ${res.status} ${await res.text()}`);
          else if (after) await after();
          else await res.arrayBuffer();
          session.step = step + 1;
        }
      }),
    );
  }

  it('answers thousands of requests without a 5xx, loses no mail, and keeps its heap flat', async () => {
    const started = performance.now();
    await run(WARM_UP);
    const heaps = [(await server.memory()).heapUsed];
    for (const requests of PHASES) {
      await run(requests);
      heaps.push((await server.memory()).heapUsed);
    }
    const seconds = (performance.now() - started) / 1000;
    const total = WARM_UP + PHASES.reduce((a, b) => a + b);
    latencies.sort((a, b) => a - b);
    const percentile = (p: number) => latencies[Math.floor((latencies.length - 1) * p)]?.toFixed(1);
    console.info(
      `soak: ${total} requests in ${seconds.toFixed(1)} s (${(total / seconds).toFixed(0)}/s) at ${CONNECTIONS} connections; ` +
        `latency p50 ${percentile(0.5)} ms, p99 ${percentile(0.99)} ms; statuses ${JSON.stringify(Object.fromEntries(statuses))}; ` +
        `heap after GC ${heaps.map((h) => (h / 1048576).toFixed(1)).join(' -> ')} MB`,
    );

    expect(unexpected).toEqual([]);
    expect([...statuses.keys()].filter((s) => s >= 500)).toEqual([]);
    expect(latencies).toHaveLength(total);
    expect((heaps.at(-1) as number) - (heaps[1] as number)).toBeLessThan(HEAP_GROWTH_LIMIT);

    // Every mail asked for arrives, once: as many per address as were asked, each with its own id.
    const asked = [...mailsAsked.values()].reduce((a, b) => a + b);
    await waitFor('every mail to arrive', () => smtp.received.length >= asked, { timeoutMs: 30_000 });
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(smtp.received).toHaveLength(asked);
    for (const [email, count] of mailsAsked)
      expect(smtp.received.filter((m) => m.to === email)).toHaveLength(count);
    expect(new Set(smtp.received.map((m) => m.messageId)).size).toBe(asked);
    expect(await direct('mail_outbox').whereNot({ status: 'sent' })).toEqual([]);

    server.signal('SIGTERM');
    expect(await server.exited).toBe(0);
  }, 180_000);
});
