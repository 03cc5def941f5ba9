import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Cluster, clusterToolsInstalled, startCluster } from './cluster.js';
import { bearer, signIn, waitFor } from './test-helpers.js';
import { createThrowawayPostgres, postgresBinaries, type ThrowawayPostgres } from './throwaway-postgres.js';

/*
 * PostgreSQL failover in miniature: PgBouncer in front of a PostgreSQL of the test's own, which stops and
 * starts again (a failover or a restart looks the same from here: connections cut, then a server again).
 */
const enabled =
  process.env.CLUSTER_TESTS === '1' && clusterToolsInstalled() && postgresBinaries() !== undefined;

describe.runIf(enabled)('an instance behind PgBouncer while PostgreSQL restarts', () => {
  let postgres: ThrowawayPostgres;
  let cluster: Cluster;
  beforeAll(async () => {
    postgres = await createThrowawayPostgres();
    cluster = await startCluster({ postgresUrl: postgres.url, instances: 1, poolSize: 3 });
  }, 180_000);
  afterAll(async () => {
    await cluster?.stop();
    postgres?.remove();
  }, 60_000);

  it('answers 503 with Retry-After during the gap, and recovers without a restart', async () => {
    const [session] = await signIn(cluster, 1);
    if (!session) throw new Error('no session');
    const instance = cluster.instances[0]?.url as string;
    const me = () => fetch(`${instance}/api/v1/portal/me`, { headers: bearer(session) });
    expect((await me()).status).toBe(200);

    postgres.stop();
    const during = await me();
    expect(during.status).toBe(503);
    expect(during.headers.get('retry-after')).toMatch(/^\d+$/);
    expect(during.headers.get('content-type')).toMatch(/application\/problem\+json/);
    expect((await fetch(`${instance}/readyz`)).status).toBe(503);

    postgres.start();
    // PgBouncer reconnects (server_login_retry 1 s); the instance's pool replaces its broken connections.
    await waitFor(async () => ((await me()).status === 200 ? true : undefined), 30_000);
    await waitFor(
      async () => ((await fetch(`${cluster.url}/readyz`)).status === 200 ? true : undefined),
      30_000,
    );
  }, 120_000);
});
