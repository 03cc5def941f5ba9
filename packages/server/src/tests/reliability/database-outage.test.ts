import type { Problem } from '@portal/contract';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../../testing/start-test-server.js';
import { createWatchedDatabase, type WatchedDatabase } from '../../testing/test-database.js';
import { insertUserWithClient, type TenantRow, type UserRow } from '../support/fixtures.js';
import { startTcpProxy } from '../support/tcp-proxy.js';
import { operationIdsOf, wellFormedRequests } from '../support/well-formed-requests.js';

// The server reaches PostgreSQL through a TCP proxy that the tests cut (the database stopped), black-hole
// (its network drops packets) or block with a lock, then restore; the same server process must answer 503
// with Retry-After within a bounded time during the fault and everything again after it.
const STATEMENT_TIMEOUT_MS = 1000;
// The slowest way to fail: a pool connection that cannot be made (acquireConnectionTimeout, 5 s), or a
// query sent on a connection that no longer answers (statement timeout + 1 s), plus the machine's slack.
const FAULT_ANSWER_BOUND_MS = 8000;

describe.runIf(process.env.TEST_DATABASE_URL)('when PostgreSQL fails while the server runs', () => {
  let proxy: Awaited<ReturnType<typeof startTcpProxy>>;
  let database: WatchedDatabase; // with the test's own connection, around the proxy
  let server: TestServer;
  let tenant: TenantRow;
  let user: UserRow;

  beforeAll(async () => {
    const target = new URL(process.env.TEST_DATABASE_URL as string);
    proxy = await startTcpProxy({ host: target.hostname, port: Number(target.port || 5432) });
    database = await createWatchedDatabase();
    const viaProxy = new URL(database.env.DATABASE_URL as string);
    viaProxy.host = `127.0.0.1:${proxy.port}`;
    server = await startTestServer('pglite', {
      DATABASE_URL: viaProxy.toString(),
      DB_STATEMENT_TIMEOUT_MS: String(STATEMENT_TIMEOUT_MS),
      OUTBOX_WORKER: 'false',
      RATE_LIMIT_MAGIC_LINK_EMAIL: '1000/60',
      RATE_LIMIT_VALIDATE_IP: '1000/60',
    });
    ({ tenant, user } = await insertUserWithClient(database.knex));
  });
  afterAll(async () => {
    await server?.close();
    await proxy?.cut();
    await database?.drop();
  });

  /** Sends one well-formed request per operation, all at once; returns each answer and how long it took. */
  async function everyOperation() {
    const calls = await wellFormedRequests(
      server.url,
      server.database.knex,
      server.signInCodeKey,
      user,
      tenant.code,
    );
    expect(calls.map((c) => c.operationId).sort()).toEqual(operationIdsOf());
    return async () =>
      Promise.all(
        calls.map(async (call) => {
          const started = performance.now();
          const res = await call.send();
          const body = await res.text();
          return { call, res, body, ms: performance.now() - started };
        }),
      );
  }

  async function expectUnavailable(answers: Awaited<ReturnType<Awaited<ReturnType<typeof everyOperation>>>>) {
    for (const { call, res, body, ms } of answers) {
      // The key set lives in memory: verifiers keep getting Portal's public keys while the database is away.
      if (call.operationId === 'getJwks') {
        expect(res.status).toBe(200);
        continue;
      }
      expect({ operation: call.operationId, status: res.status }).toEqual({
        operation: call.operationId,
        status: 503,
      });
      expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
      expect(res.headers.get('retry-after')).toBe('5');
      expect((JSON.parse(body) as Problem).detail).toBe(
        'The service is temporarily unavailable. Try again shortly.',
      );
      expect(ms).toBeLessThan(FAULT_ANSWER_BOUND_MS);
    }
  }

  /**
   * The server is ready again within a few probes (a pool connection that died in the fault may fail one
   * more query before it is replaced), and then every operation answers as it should.
   */
  async function expectRecovered() {
    let ready = 0;
    for (let probe = 0; probe < 50 && ready !== 200; probe++) {
      if (probe > 0) await new Promise((resolve) => setTimeout(resolve, 100));
      ready = (await fetch(`${server.url}/readyz`)).status;
    }
    expect(ready).toBe(200);
    const send = await everyOperation();
    for (const { call, res } of await send()) {
      expect({ operation: call.operationId, status: res.status }).toEqual({
        operation: call.operationId,
        status: call.status,
      });
    }
  }

  it.each([
    ['stopped', () => proxy.cut()],
    ['unreachable (its packets dropped)', async () => proxy.blackhole()],
  ])(
    '%s: /readyz and every operation answer 503 with Retry-After in time, /healthz stays up, and all recover',
    async (_fault, fail) => {
      const send = await everyOperation();
      await fail();
      try {
        const started = performance.now();
        const ready = await fetch(`${server.url}/readyz`);
        expect(ready.status).toBe(503);
        expect(ready.headers.get('retry-after')).toBe('5');
        expect(performance.now() - started).toBeLessThan(FAULT_ANSWER_BOUND_MS);
        expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
        await expectUnavailable(await send());
      } finally {
        await proxy.restore();
      }
      await expectRecovered();
    },
  );

  it('the statement timeout bounds every query: blocked by a lock, each operation answers 503 in time', async () => {
    const send = await everyOperation();
    // Every operation reads or writes one of these tables; ACCESS EXCLUSIVE makes its query wait.
    const lock = await database.knex.transaction();
    await lock.raw('LOCK TABLE tenants, rate_limits IN ACCESS EXCLUSIVE MODE');
    try {
      const answers = await send();
      await expectUnavailable(answers);
      // Each waited for the statement timeout, not for the lock: the server gave up, not the test.
      for (const { call, ms } of answers) {
        if (call.operationId !== 'getJwks') expect(ms).toBeGreaterThanOrEqual(STATEMENT_TIMEOUT_MS - 50);
      }
      const waiting = await database
        .knex('pg_stat_activity')
        .where({ application_name: 'portal-server', wait_event_type: 'Lock' })
        .whereRaw('datname = current_database()')
        .count<{ count: number }[]>('* as count');
      expect(Number(waiting[0]?.count)).toBe(0);
    } finally {
      await lock.rollback();
    }
    await expectRecovered();
  });
});
