import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../../testing/start-test-server.js';
import { databaseKinds } from '../../testing/test-database.js';
import { insertSession, insertUserWithClient } from '../../tests/support/fixtures.js';
import { insertDashboardDataset } from '../../tests/support/records.js';
import { dashboardFiguresQuery } from './profile-repository.js';

describe.each(databaseKinds())('the dashboard query on %s', (kind) => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer(kind);
  });
  afterAll(() => server?.close());

  it('reads each figure through its partial index, and checks the session by its primary key', async () => {
    const db = server.database.knex;
    const { user } = await insertUserWithClient(db);
    await insertDashboardDataset(db, { id: user.client_id, tenant_id: user.tenant_id });
    const who = {
      tenantId: user.tenant_id,
      clientId: user.client_id,
      userId: user.id,
      sessionId: await insertSession(db, user),
      tokenId: randomUUID(),
    };
    const plan = await db.transaction(async (trx) => {
      // On a handful of rows a sequential scan is cheapest; without it the planner shows its index choice.
      await trx.raw('SET LOCAL enable_seqscan = off');
      const { rows } = await trx.raw<{ rows: { 'QUERY PLAN': string }[] }>(
        `EXPLAIN ${dashboardFiguresQuery(trx, who).toString()}`,
      );
      return rows.map((r) => r['QUERY PLAN']).join('\n');
    });
    expect(plan).toContain('orders_open_list_idx');
    expect(plan).toContain('estimates_sent_list_idx');
    expect(plan).toMatch(/Index Only Scan using invoices_unpaid_list_idx/);
    // The liveness condition (live-principal.ts): evaluated once for the statement, the session by its key.
    expect(plan).toMatch(/^Result .*\n\s+One-Time Filter: /);
    expect(plan).toMatch(/Index Scan using sessions_pkey on sessions live_s/);
  });
});
