import http from 'node:http';
import net from 'node:net';
import type { Knex } from 'knex';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../config/config.js';
import { accessTokenSettings } from '../../entry-points/compose.js';
import { TEST_JWT_SECRET } from '../../testing/start-test-server.js';
import { createWatchedDatabase, type WatchedDatabase } from '../../testing/test-database.js';
import { accessTokenFor, insertClient, insertTenant, insertUser, type UserRow } from '../support/fixtures.js';
import { type ServerProcess, startServerProcess } from '../support/server-process.js';
import { type SmtpTestServer, startSmtpTestServer } from '../support/smtp-test-server.js';
import { waitFor } from '../support/wait-for.js';

// The built server in a process of its own, stopped with SIGTERM while requests are in flight. The
// in-flight requests are made to wait on the database (a lock held by the test), so that they are still
// running when the signal comes, whatever the speed of the machine; with a pool connection each, every one
// of them is seen waiting in pg_stat_activity, which proves the server has it (a connection merely queued
// for accept() would be refused by the closing listener, as a new one is).
const USERS = 10;
const IN_FLIGHT = USERS * 3; // a sign-in link and two reads each
// The server processes sign HS256 with TEST_JWT_SECRET, the key set of that setting.
const accessTokens = accessTokenSettings(loadConfig({ NODE_ENV: 'test', JWT_SECRET: TEST_JWT_SECRET }));
const LIMITS = {
  RATE_LIMIT_MAGIC_LINK_EMAIL: '1000/60',
  RATE_LIMIT_MAGIC_LINK_IP: '100000/60',
};

interface InFlight {
  /** Resolves once the request is on a connection the server accepted, and fully written. */
  sent: Promise<void>;
  answer: Promise<{ status: number; body: string }>;
}

/** One request on a connection of its own (no keep-alive pool), so each one is a connection in flight. */
function send(port: number, method: string, path: string, headers: Record<string, string>, body?: string) {
  let written: () => void = () => {};
  const sent = new Promise<void>((resolve) => {
    written = resolve;
  });
  const answer = new Promise<{ status: number; body: string }>((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port, method, path, headers, agent: false }, (res) => {
      let text = '';
      res.on('data', (chunk: Buffer) => {
        text += chunk.toString();
      });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.on('finish', () => written());
    req.end(body);
  });
  return { sent, answer } satisfies InFlight;
}

const refusedConnection = (port: number) =>
  new Promise<string>((resolve) => {
    const socket = net.connect(port, '127.0.0.1', () => {
      socket.destroy();
      resolve('connected');
    });
    socket.once('error', (err: NodeJS.ErrnoException) => resolve(err.code ?? 'error'));
  });

describe.runIf(process.env.TEST_DATABASE_URL)('SIGTERM while the server is busy', () => {
  let database: WatchedDatabase;
  let direct: Knex;
  let smtp: SmtpTestServer;
  let tenantCode: string;
  let users: UserRow[];
  /** An access token of each user, in a session of its own. */
  let tokens: string[];
  let server: ServerProcess | undefined;

  beforeAll(async () => {
    database = await createWatchedDatabase();
    direct = database.knex;
    const tenant = await insertTenant(direct);
    tenantCode = tenant.code;
    const client = await insertClient(direct, tenant);
    users = [];
    for (let i = 0; i < USERS; i++) users.push(await insertUser(direct, client));
    tokens = [];
    for (const user of users) tokens.push(await accessTokenFor(direct, accessTokens, user));
    smtp = await startSmtpTestServer();
  });
  afterAll(async () => {
    server?.kill();
    await smtp?.close();
    await database?.drop();
  });

  /** Holds `tenants` locked, so every request that reads it waits until `release`. */
  async function lockTenants() {
    const lock = await direct.transaction();
    await lock.raw('LOCK TABLE tenants IN ACCESS EXCLUSIVE MODE');
    return { release: () => lock.rollback() };
  }

  const waitingOnLock = async () => {
    const [row] = await direct('pg_stat_activity')
      .where({ application_name: 'portal-server', wait_event_type: 'Lock' })
      .whereRaw('datname = current_database()') // other tests' servers may be waiting elsewhere
      .count<{ count: number }[]>('* as count');
    return Number(row?.count);
  };

  /** Sign-in requests and portal reads for every user, all at once; the server has them all in flight. */
  function load(port: number): { link: InFlight[]; reads: InFlight[] } {
    const json = { 'content-type': 'application/json' };
    const link = users.map((u) =>
      send(
        port,
        'POST',
        '/api/v1/portal/auth/request-magic-link',
        json,
        JSON.stringify({ email: u.email, tenantCode }),
      ),
    );
    const paths = ['/me', '/client', '/scopes', '/dashboard/stats'];
    const reads = tokens.flatMap((token, i) =>
      [0, 1].map((k) =>
        send(port, 'GET', `/api/v1/portal${paths[(i + k) % paths.length]}`, {
          authorization: `Bearer ${token}`,
        }),
      ),
    );
    return { link, reads };
  }

  it('answers every request in flight, refuses new connections, loses no mail, and exits 0 in time', async () => {
    server = await startServerProcess({
      ...database.env,
      ...LIMITS,
      SMTP_URL: smtp.url,
      OUTBOX_POLL_MS: '20',
      SHUTDOWN_TIMEOUT_MS: '10000',
      DB_POOL_MAX: String(IN_FLIGHT),
    });
    const running = server;
    const lock = await lockTenants();
    const { link, reads } = load(running.port);
    await Promise.all([...link, ...reads].map((r) => r.sent));
    await waitFor('every request to wait on the lock', async () => (await waitingOnLock()) === IN_FLIGHT);

    const signalled = performance.now();
    running.signal('SIGTERM');
    await waitFor(
      'new connections to be refused',
      async () => (await refusedConnection(running.port)) !== 'connected',
    );
    expect(await refusedConnection(running.port)).toBe('ECONNREFUSED');
    await lock.release();

    // Settled all at once, so that a cut connection shows as a failed answer rather than a stray rejection.
    const outcome = async (requests: InFlight[]) =>
      (await Promise.allSettled(requests.map((r) => r.answer))).map((a) =>
        a.status === 'fulfilled' ? a.value.status : String(a.reason),
      );
    expect(await outcome(link)).toEqual(Array(link.length).fill(204));
    expect(await outcome(reads)).toEqual(Array(reads.length).fill(200));
    for (const { answer } of reads) expect(JSON.parse((await answer).body)).toBeTypeOf('object');
    expect(await running.exited).toBe(0);
    expect(performance.now() - signalled).toBeLessThan(10_000);

    // Every link asked for has its mail: sent before the exit, or waiting for the next worker, which sends
    // the rest; each arrives once.
    const emails = users.map((u) => u.email);
    expect(await direct('mail_outbox').whereIn('to_address', emails)).toHaveLength(emails.length);
    server = await startServerProcess({ ...database.env, SMTP_URL: smtp.url, OUTBOX_POLL_MS: '20' });
    await waitFor('every mail to be sent', async () => {
      const pending = await direct('mail_outbox').whereIn('to_address', emails).whereNot({ status: 'sent' });
      return pending.length === 0;
    });
    expect(smtp.received.map((m) => m.to).sort()).toEqual([...emails].sort());
    server.signal('SIGTERM');
    expect(await server.exited).toBe(0);
  });

  it('cuts a request still running when the grace period ends, and still exits 0 in bounded time', async () => {
    server = await startServerProcess({
      ...database.env,
      SHUTDOWN_TIMEOUT_MS: '500',
      DB_STATEMENT_TIMEOUT_MS: '2000',
    });
    const running = server;
    const lock = await lockTenants();
    try {
      const stuck = send(running.port, 'GET', '/api/v1/portal/me', {
        authorization: `Bearer ${tokens[0]}`,
      });
      await stuck.sent;
      await waitFor('the request to wait on the lock', async () => (await waitingOnLock()) >= 1);
      const signalled = performance.now();
      running.signal('SIGTERM');
      await expect(stuck.answer).rejects.toThrow(/socket hang up|ECONNRESET/);
      expect(await running.exited).toBe(0);
      // The grace period, then the database closes once the statement timeout ends the stuck query.
      expect(performance.now() - signalled).toBeLessThan(500 + 2000 + 3000);
    } finally {
      await lock.release();
    }
  });
});
