import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../../testing/start-test-server.js';
import { databaseKinds } from '../../testing/test-database.js';
import { insertSession, insertUserWithClient } from '../../tests/support/fixtures.js';
import { insertDashboardDataset } from '../../tests/support/records.js';
import type { DocumentKind } from './document-lists.js';
import { documentPageQuery, type PageFilter } from './document-repository.js';

describe.each(databaseKinds())('the page queries on %s', (kind) => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer(kind);
  });
  afterAll(() => server?.close());

  const cases: { list: DocumentKind; filter: PageFilter; index: string }[] = [
    { list: 'invoices', filter: {}, index: 'invoices_list_idx' },
    { list: 'invoices', filter: { status: 'paid' }, index: 'invoices_list_idx' },
    { list: 'invoices', filter: { state: 'unpaid' }, index: 'invoices_unpaid_list_idx' },
    { list: 'orders', filter: {}, index: 'orders_list_idx' },
    { list: 'orders', filter: { state: 'open' }, index: 'orders_open_list_idx' },
    { list: 'estimates', filter: {}, index: 'estimates_list_idx' },
    { list: 'estimates', filter: { state: 'pending' }, index: 'estimates_sent_list_idx' },
  ];

  it.each(cases)(
    'reads a page of $list $filter in list order from $index, after the cursor',
    async ({ list, filter, index }) => {
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
      const after = { at: '2026-01-01 00:00:00+00', id: '00000000-0000-4000-8000-000000000000' };
      const plan = await db.transaction(async (trx) => {
        // On a handful of rows a sequential scan is cheapest; without it the planner shows its index choice.
        await trx.raw('SET LOCAL enable_seqscan = off');
        const { rows } = await trx.raw<{ rows: { 'QUERY PLAN': string }[] }>(
          `EXPLAIN ${documentPageQuery(trx, list, who, filter, after, 21).toString()}`,
        );
        return rows.map((r) => r['QUERY PLAN']).join('\n');
      });
      expect(plan).toContain(`Index Scan Backward using ${index}`);
      // The index gives the order and the cursor's bound: no sort, and the start is an index condition.
      expect(plan).not.toMatch(/\bSort\b/);
      expect(plan).toMatch(/Index Cond: .*ROW\(/);
      // The liveness condition (live-principal.ts): the session by its key, once for the statement.
      expect(plan).toMatch(/Index Scan using sessions_pkey on sessions live_s/);
    },
  );
});
