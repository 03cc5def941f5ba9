import { callOperation, readJson } from '@portal/test-kit/call-operation';
import type { ParameterlessRead } from '@portal/test-kit/parameterless-reads';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../testing/start-test-server.js';
import { databaseKinds } from '../testing/test-database.js';
import { signedLinkOf } from '../tests/support/avatar-fixtures.js';
import { accessTokenFor, type UserRow } from '../tests/support/fixtures.js';
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

  const get = async (operationId: ParameterlessRead, email: string) => {
    const accessToken = await accessTokenFor(
      server.database.knex,
      server.accessTokens,
      users[email] as UserRow,
    );
    return readJson(await callOperation(server.url, operationId, { accessToken }), operationId, 200);
  };

  it('has ada@example.com of tenant demo, with every section enabled', async () => {
    expect(await get('getMe', 'ada@example.com')).toMatchObject({
      email: 'ada@example.com',
      firstName: 'Ada',
      clientName: 'Lovelace Engineering Ltd',
      avatar: { width: 256, height: 256 },
    });
    expect(await get('getScopes', 'ada@example.com')).toEqual({
      configurator: true,
      finance: true,
      support: true,
    });
    expect(await get('getClient', 'ada@example.com')).toMatchObject({
      name: 'Lovelace Engineering Ltd',
      billingAddress: { city: 'London', country: 'GB' },
    });
  });

  it('has real pictures of Ada, Grace and both clients, each shown by its signed URL', async () => {
    for (const email of ['ada@example.com', 'grace@example.com', 'charles@example.com']) {
      const accessToken = await accessTokenFor(
        server.database.knex,
        server.accessTokens,
        users[email] as UserRow,
      );
      const me = await readJson(await callOperation(server.url, 'getMe', { accessToken }), 'getMe', 200);
      const client = await readJson(
        await callOperation(server.url, 'getClient', { accessToken }),
        'getClient',
        200,
      );
      const pictures = [client.avatar, ...(email === 'charles@example.com' ? [] : [me.avatar])];
      for (const avatar of pictures) {
        expect(avatar, email).toMatchObject({ width: 256, height: 256 });
        for (const blobId of [avatar?.blobId, avatar?.thumbnailBlobId] as string[]) {
          const link = await signedLinkOf(server.url, accessToken, blobId);
          const res = await callOperation(server.url, 'getBlob', { path: { blobId }, query: link });
          expect(res.status).toBe(200);
          expect(res.headers.get('content-type')).toBe('image/png');
        }
      }
    }
  });

  it('shows the dashboard figures the README lists', async () => {
    const lovelace = {
      currency: 'EUR',
      openOrders: 3,
      pendingEstimates: 1,
      unpaidInvoices: 2,
      totalOutstanding: 1250.5,
    };
    expect(await get('getDashboardStats', 'ada@example.com')).toEqual(lovelace);
    expect(await get('getDashboardStats', 'grace@example.com')).toEqual(lovelace);
    expect(await get('getDashboardStats', 'charles@example.com')).toEqual({
      currency: 'EUR',
      openOrders: 1,
      pendingEstimates: 1,
      unpaidInvoices: 1,
      totalOutstanding: 199.99,
    });
  });

  it('lists as many records as the figures count, and enough invoices for a second page', async () => {
    const accessToken = await accessTokenFor(
      server.database.knex,
      server.accessTokens,
      users['ada@example.com'] as UserRow,
    );
    const list = async (path: 'invoices' | 'orders' | 'estimates', query: Record<string, string>) => {
      const res = await fetch(`${server.url}/api/v1/portal/${path}?${new URLSearchParams(query)}`, {
        headers: { authorization: `Bearer ${accessToken}` },
      });
      expect(res.status).toBe(200);
      return (await res.json()) as { items: { outstanding?: number }[]; nextCursor: string | null };
    };
    const unpaid = await list('invoices', { state: 'unpaid' });
    expect(unpaid.items.map((i) => i.outstanding)).toEqual([250.5, 1000]);
    expect((await list('orders', { state: 'open' })).items).toHaveLength(3);
    expect((await list('estimates', { state: 'pending' })).items).toHaveLength(1);
    const first = await list('invoices', {});
    expect(first.items).toHaveLength(20);
    expect(first.nextCursor).not.toBeNull();
  });

  it('is loaded once: with ifAbsent a second run does nothing, without it nothing changes', async () => {
    const db = server.database.knex;
    expect(await seedDemo(db, { ifAbsent: true })).toEqual({ seeded: false });
    const again = await seedDemo(db, { ifAbsent: false });
    expect(again.counts?.invoices).toEqual({ inserted: 0, updated: 0, unchanged: 30 });
  });
});
