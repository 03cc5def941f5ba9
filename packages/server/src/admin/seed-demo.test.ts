import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { accessTokenFor, type UserRow } from '../test-support/fixtures.js';
import { databaseKinds } from '../test-support/test-database.js';
import { startTestServer, type TestServer } from '../test-support/test-server.js';
import { seedDemo } from './seed-demo.js';

// The README lists these figures: this is what keeps it true.
describe.each(databaseKinds())('the demo data on %s', (kind) => {
  let server: TestServer;
  const users: Record<string, UserRow> = {};
  beforeAll(async () => {
    server = await startTestServer(kind);
    await seedDemo(server.database.knex, { ifAbsent: true });
    const rows = await server.database.knex('portal_users').select('*');
    for (const row of rows) users[row.email] = row;
  });
  afterAll(() => server?.close());

  const get = async (path: string, email: string) => {
    const user = users[email] as UserRow;
    const res = await fetch(`${server.url}/api/v1/portal${path}`, {
      headers: { authorization: `Bearer ${accessTokenFor(server.accessTokens, user)}` },
    });
    expect(res.status).toBe(200);
    return res.json();
  };

  it('has ada@example.com of tenant demo, with every section enabled', async () => {
    expect(await get('/me', 'ada@example.com')).toMatchObject({
      email: 'ada@example.com',
      firstName: 'Ada',
      clientName: 'Lovelace Engineering Ltd',
      avatar: null,
    });
    expect(await get('/scopes', 'ada@example.com')).toEqual({
      configurator: true,
      finance: true,
      support: true,
    });
    expect(await get('/client', 'ada@example.com')).toMatchObject({
      name: 'Lovelace Engineering Ltd',
      billingAddress: { city: 'London', country: 'GB' },
    });
  });

  it('shows the dashboard figures the README lists', async () => {
    const lovelace = {
      currency: 'EUR',
      openOrders: 3,
      pendingEstimates: 1,
      unpaidInvoices: 2,
      totalOutstanding: 1250.5,
    };
    expect(await get('/dashboard/stats', 'ada@example.com')).toEqual(lovelace);
    expect(await get('/dashboard/stats', 'grace@example.com')).toEqual(lovelace);
    expect(await get('/dashboard/stats', 'charles@example.com')).toEqual({
      currency: 'EUR',
      openOrders: 1,
      pendingEstimates: 1,
      unpaidInvoices: 1,
      totalOutstanding: 199.99,
    });
  });

  it('is loaded once: with ifAbsent a second run does nothing, without it nothing changes', async () => {
    const db = server.database.knex;
    expect(await seedDemo(db, { ifAbsent: true })).toEqual({ seeded: false });
    const again = await seedDemo(db, { ifAbsent: false });
    expect(again.counts?.invoices).toEqual({ inserted: 0, updated: 0, unchanged: 6 });
  });
});
