import { readdir } from 'node:fs/promises';
import { createPortalClient } from '@portal/client';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Cluster, clusterToolsInstalled, startCluster } from './cluster.js';
import { ADA, bearer, latestToken, type Session, signIn, sleep, waitFor } from './test-helpers.js';

/*
 * Through HAProxy and PgBouncer (transaction pooling), with three server processes and an outbox worker.
 * Run by .ci/run once per CI run (CLUSTER_TESTS=1), not by every `pnpm test`: they take minutes.
 */
const enabled =
  process.env.CLUSTER_TESTS === '1' && process.env.TEST_DATABASE_URL !== undefined && clusterToolsInstalled();

describe.runIf(enabled)('a cluster of three instances behind HAProxy and PgBouncer', () => {
  let cluster: Cluster;
  beforeAll(async () => {
    const admin = new URL(process.env.TEST_DATABASE_URL as string);
    admin.pathname = '/postgres';
    cluster = await startCluster({
      postgresUrl: admin.toString(),
      poolSize: 5,
      env: {
        // The load below signs in and asks for links far more often than a person does.
        RATE_LIMIT_MAGIC_LINK_EMAIL: '100000/900',
        RATE_LIMIT_MAGIC_LINK_IP: '100000/900',
        RATE_LIMIT_VALIDATE_IP: '100000/300',
        RATE_LIMIT_REFRESH_IP: '100000/300',
      },
    });
  }, 180_000);
  afterAll(() => cluster?.stop(), 60_000);

  it("runs the SDK's whole sign-in flow through the balancer and the pooler", async () => {
    const portal = createPortalClient({ baseUrl: cluster.url });
    const previous = await latestToken(cluster.mailDir, ADA);
    await portal.auth.requestMagicLink({ email: ADA, tenantCode: 'demo' });
    const token = await waitFor(async () => {
      const latest = await latestToken(cluster.mailDir, ADA);
      return latest !== previous ? latest : undefined;
    });
    await portal.auth.validate({ token });
    expect((await portal.me()).email).toBe(ADA);
    await portal.auth.refresh();
    expect(await portal.dashboardStats()).toBeDefined();
    await portal.auth.logout();
    expect(await portal.getSession()).toBeNull();
  });

  it('enforces the statement timeout behind the pooler, set on the database since it cannot travel at connect', async () => {
    const client = new pg.Client({ connectionString: cluster.poolerUrl });
    await client.connect();
    try {
      await expect(client.query('SELECT pg_sleep(7)')).rejects.toMatchObject({ code: '57014' });
    } finally {
      await client.end();
    }
  }, 30_000);

  it('keeps server connections at the pool size while the instances hold more client connections', async () => {
    const sessions = await signIn(cluster, 1);
    await Promise.all(
      Array.from({ length: 60 }, () =>
        fetch(`${cluster.url}/api/v1/portal/me`, { headers: bearer(sessions[0] as Session) }).then((r) =>
          expect(r.status).toBe(200),
        ),
      ),
    );
    const figures = await cluster.poolFigures();
    expect(figures.serverConnections).toBeLessThanOrEqual(5);
    expect(figures.clientConnections).toBeGreaterThan(5);
  }, 60_000);

  it('loses no request while each instance in turn is restarted (SIGTERM, drain, start) under load', async () => {
    const sessions = await signIn(cluster, 4);
    const load = startLoad(cluster.url, sessions);
    for (let i = 0; i < cluster.instances.length; i++) {
      expect(await cluster.stopInstance(i, 'SIGTERM')).toBe(0);
      await cluster.startInstance(i);
      // HAProxy takes it back after `rise` (2) good checks a second apart.
      await sleep(3000);
    }
    const result = await load.stop();
    process.stdout.write(
      `rolling restart: ${result.ok} requests answered, ${result.failures.length} failed\n`,
    );
    expect(result.ok).toBeGreaterThan(50);
    expect(result.failures).toEqual([]);
  }, 240_000);

  it('after kill -9 of an instance under load, fails at most what it had in flight, and loses or doubles no mail', async () => {
    const sessions = await signIn(cluster, 4);
    const load = startLoad(cluster.url, sessions, { mailTo: ADA });
    await sleep(2000);
    expect(await cluster.stopInstance(0, 'SIGKILL')).toBe('SIGKILL');
    await sleep(3000);
    await cluster.startInstance(0);
    await sleep(3000);
    const result = await load.stop();
    process.stdout.write(
      `kill -9: ${result.ok} requests answered, ${result.failures.length} failed (${result.failures.join('; ')})\n`,
    );
    // One request at a time per load worker: at most that many were in flight on the killed instance.
    expect(result.failures.length).toBeLessThanOrEqual(sessions.length);
    expect(result.ok).toBeGreaterThan(50);

    // Every mail the outbox holds for the requests is sent, once: one file per outbox row.
    const db = new pg.Client({ connectionString: cluster.databaseUrl });
    await db.connect();
    try {
      const rows = await waitFor(async () => {
        const { rows } = await db.query<{ id: string; status: string }>(
          'SELECT id, status FROM mail_outbox WHERE created_at >= $1',
          [result.startedAt],
        );
        return rows.every((r) => r.status === 'sent') ? rows : undefined;
      }, 30_000);
      const accepted = result.mailRequests.ok;
      expect(rows.length).toBeGreaterThanOrEqual(accepted);
      expect(rows.length).toBeLessThanOrEqual(accepted + result.mailRequests.failed);
      const files = (await readdir(cluster.mailDir)).filter((f) =>
        rows.some((r) => f.endsWith(`-${r.id}.eml`)),
      );
      expect(files).toHaveLength(rows.length);
    } finally {
      await db.end();
    }
  }, 240_000);
});

interface LoadResult {
  startedAt: Date;
  ok: number;
  failures: string[];
  mailRequests: { ok: number; failed: number };
}

/**
 * One loop per session, one request at a time each, until stopped: reads (me, dashboard), a refresh now
 * and then, and sign-in link requests (for `mailTo` when given, else for an address with no account).
 */
function startLoad(baseUrl: string, sessions: Session[], { mailTo }: { mailTo?: string } = {}) {
  const result: LoadResult = {
    startedAt: new Date(),
    ok: 0,
    failures: [],
    mailRequests: { ok: 0, failed: 0 },
  };
  let running = true;
  const loops = sessions.map(async (session, worker) => {
    for (let n = 0; running; n++) {
      const kind = n % 10 === 9 ? 'refresh' : n % 5 === 4 ? 'mail' : n % 2 === 0 ? 'me' : 'dashboard';
      try {
        const res = await send(baseUrl, kind, session, mailTo ?? `nobody-${worker}@example.com`);
        if (kind === 'refresh' && res.status === 200) Object.assign(session, await res.json());
        else await res.arrayBuffer();
        const expected = kind === 'mail' ? 204 : 200;
        if (res.status === expected) {
          result.ok++;
          if (kind === 'mail') result.mailRequests.ok++;
        } else {
          result.failures.push(`${kind}: ${res.status}`);
          if (kind === 'mail') result.mailRequests.failed++;
        }
      } catch (err) {
        result.failures.push(`${kind}: ${String(err)}`);
        if (kind === 'mail') result.mailRequests.failed++;
      }
    }
  });
  return {
    stop: async () => {
      running = false;
      await Promise.all(loops);
      return result;
    },
  };
}

function send(baseUrl: string, kind: string, session: Session, email: string): Promise<Response> {
  const json = { 'content-type': 'application/json' };
  switch (kind) {
    case 'refresh':
      return fetch(`${baseUrl}/api/v1/portal/auth/refresh`, {
        method: 'POST',
        headers: json,
        body: JSON.stringify({ refreshToken: session.refreshToken }),
      });
    case 'mail':
      return fetch(`${baseUrl}/api/v1/portal/auth/request-magic-link`, {
        method: 'POST',
        headers: json,
        body: JSON.stringify({ email, tenantCode: 'demo' }),
      });
    case 'me':
      return fetch(`${baseUrl}/api/v1/portal/me`, { headers: bearer(session) });
    default:
      return fetch(`${baseUrl}/api/v1/portal/dashboard/stats`, { headers: bearer(session) });
  }
}
