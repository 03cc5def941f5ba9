import { callOperation, readJson, readProblem } from '@portal/test-kit/call-operation';
import type { Knex } from 'knex';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../../testing/start-test-server.js';
import { databaseKinds } from '../../testing/test-database.js';
import {
  accessTokenFor,
  type ClientRow,
  insertClient,
  insertTenant,
  insertUser,
  type TenantRow,
  type UserRow,
} from '../../tests/support/fixtures.js';
import { insertDashboardDataset, insertFor } from '../../tests/support/records.js';

type User = Pick<UserRow, 'id' | 'tenant_id' | 'client_id'>;
const ALL_SECTIONS = { section_finance: true, section_configurator: true } as Partial<TenantRow>;

async function insertClientUser(db: Knex, sections: Partial<TenantRow> = ALL_SECTIONS) {
  const tenant = await insertTenant(db, sections);
  const client = await insertClient(db, tenant);
  const user = await insertUser(db, client);
  return { tenant, client, user };
}

/** `count` issued invoices of `client`, a day apart, the newest first in `at` order; returns their ids newest first. */
async function insertInvoices(
  db: Knex,
  client: ClientRow,
  count: number,
  values: Record<string, unknown> = {},
) {
  const ids: string[] = [];
  for (let n = 0; n < count; n += 1) {
    const row = await insertFor(db, 'invoices', client, {
      status: 'issued',
      total_minor: 1000 + n,
      issued_at: new Date(Date.UTC(2026, 0, 1) + n * 86_400_000),
      ...values,
    });
    ids.unshift(row.id);
  }
  return ids;
}

describe.each(databaseKinds())('the document lists on %s', (kind) => {
  let server: TestServer;
  beforeAll(async () => {
    // No outbox worker or housekeeping: the statement count below is the requests' alone.
    server = await startTestServer(kind, { OUTBOX_WORKER: 'false' });
  });
  afterAll(() => server?.close());
  const db = () => server.database.knex;
  const tokenOf = (user: User) => accessTokenFor(db(), server.accessTokens, user);

  it('a list filtered like a dashboard figure has as many items as the figure, and the same amount', async () => {
    const { client, user } = await insertClientUser(db());
    await insertDashboardDataset(db(), client);
    const accessToken = await tokenOf(user);
    const stats = await readJson(
      await callOperation(server.url, 'getDashboardStats', { accessToken }),
      'getDashboardStats',
      200,
    );
    const unpaid = await readJson(
      await callOperation(server.url, 'listInvoices', { query: { state: 'unpaid' }, accessToken }),
      'listInvoices',
      200,
    );
    const open = await readJson(
      await callOperation(server.url, 'listOrders', { query: { state: 'open' }, accessToken }),
      'listOrders',
      200,
    );
    const pending = await readJson(
      await callOperation(server.url, 'listEstimates', { query: { state: 'pending' }, accessToken }),
      'listEstimates',
      200,
    );
    expect(stats).toMatchObject({
      unpaidInvoices: 3,
      openOrders: 3,
      pendingEstimates: 3,
      totalOutstanding: 200.01,
    });
    expect(unpaid.items).toHaveLength(stats.unpaidInvoices);
    expect(open.items).toHaveLength(stats.openOrders);
    expect(pending.items).toHaveLength(stats.pendingEstimates);
    // Summed in minor units: the figure is exact, and so must the items be.
    expect(unpaid.items.reduce((sum, i) => sum + Math.round(i.outstanding * 100), 0)).toBe(
      Math.round(stats.totalOutstanding * 100),
    );
    expect(unpaid.items.every((i) => i.currency === 'EUR')).toBe(true);
  });

  it('answers the fields a portal shows, in major units, and never a draft', async () => {
    const { client, user } = await insertClientUser(db());
    const invoice = await insertFor(db(), 'invoices', client, {
      number: 'I-1',
      status: 'issued',
      total_minor: 12345,
      paid_minor: 2345,
      issued_at: new Date('2026-02-01T09:00:00.123Z'),
      due_date: '2026-03-01',
    });
    await insertFor(db(), 'invoices', client, { status: 'draft', total_minor: 1 });
    const overpaid = await insertFor(db(), 'invoices', client, {
      status: 'issued',
      total_minor: 100,
      paid_minor: 150,
      issued_at: new Date('2026-01-01T00:00:00Z'),
    });
    const accessToken = await tokenOf(user);
    const page = await readJson(
      await callOperation(server.url, 'listInvoices', { accessToken }),
      'listInvoices',
      200,
    );
    expect(page).toEqual({
      items: [
        {
          id: invoice.id,
          number: 'I-1',
          status: 'issued',
          issuedAt: '2026-02-01T09:00:00.123Z',
          dueDate: '2026-03-01',
          total: 123.45,
          paid: 23.45,
          outstanding: 100,
          currency: 'EUR',
        },
        expect.objectContaining({ id: overpaid.id, total: 1, paid: 1.5, outstanding: 0, dueDate: null }),
      ],
      nextCursor: null,
    });
    const one = await callOperation(server.url, 'getInvoice', {
      path: { invoiceId: invoice.id },
      accessToken,
    });
    expect(await readJson(one, 'getInvoice', 200)).toEqual(page.items[0]);

    const order = await insertFor(db(), 'orders', client, {
      number: 'O-1',
      status: 'in_progress',
      total_minor: 5,
      ordered_at: new Date('2026-01-02T03:04:05Z'),
    });
    expect(
      await readJson(
        await callOperation(server.url, 'getOrder', { path: { orderId: order.id }, accessToken }),
        'getOrder',
        200,
      ),
    ).toEqual({
      id: order.id,
      number: 'O-1',
      status: 'in_progress',
      orderedAt: '2026-01-02T03:04:05.000Z',
      total: 0.05,
      currency: 'EUR',
    });
    const estimate = await insertFor(db(), 'estimates', client, {
      status: 'sent',
      valid_until: '2099-12-31',
    });
    const estimates = await readJson(
      await callOperation(server.url, 'listEstimates', { accessToken }),
      'listEstimates',
      200,
    );
    expect(estimates.items).toEqual([
      {
        id: estimate.id,
        number: null,
        status: 'sent',
        createdAt: (estimate.created_at as Date).toISOString(),
        validUntil: '2099-12-31',
        total: 0,
        currency: 'EUR',
      },
    ]);
  });

  it('pages newest first by cursor to the end, unshifted by records added in between', async () => {
    const { client, user } = await insertClientUser(db());
    const ids = await insertInvoices(db(), client, 45);
    const accessToken = await tokenOf(user);
    const pageOf = async (cursor?: string) =>
      readJson(
        await callOperation(server.url, 'listInvoices', {
          query: { limit: 20, ...(cursor ? { cursor } : {}) },
          accessToken,
        }),
        'listInvoices',
        200,
      );
    const first = await pageOf();
    expect(first.items.map((i) => i.id)).toEqual(ids.slice(0, 20));
    // A newer invoice, and one as old as the last of the page (the id breaks the tie), arrive in between.
    await insertInvoices(db(), client, 1, { issued_at: new Date(Date.UTC(2027, 0, 1)) });
    const second = await pageOf(first.nextCursor as string);
    expect(second.items.map((i) => i.id)).toEqual(ids.slice(20, 40));
    const third = await pageOf(second.nextCursor as string);
    expect(third.items.map((i) => i.id)).toEqual(ids.slice(40));
    expect(third.nextCursor).toBeNull();
  });

  it('sorts records of the same date by id, without skipping or repeating any across pages', async () => {
    const { client, user } = await insertClientUser(db());
    const at = new Date('2026-05-05T05:05:05.555555Z');
    for (let n = 0; n < 7; n += 1)
      await insertFor(db(), 'orders', client, { status: 'open', ordered_at: at });
    const accessToken = await tokenOf(user);
    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await readJson(
        await callOperation(server.url, 'listOrders', {
          query: { limit: 3, state: 'open', ...(cursor ? { cursor } : {}) },
          accessToken,
        }),
        'listOrders',
        200,
      );
      seen.push(...page.items.map((o) => o.id));
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    expect(seen).toHaveLength(7);
    expect(seen).toEqual([...seen].sort().reverse());
  });

  it('filters by status, and by state and status together', async () => {
    const { client, user } = await insertClientUser(db());
    await insertDashboardDataset(db(), client);
    const accessToken = await tokenOf(user);
    const list = async (query: { state?: 'unpaid'; status?: 'issued' | 'paid' | 'void' }) =>
      (
        await readJson(
          await callOperation(server.url, 'listInvoices', { query, accessToken }),
          'listInvoices',
          200,
        )
      ).items.map((i) => i.status);
    expect(await list({ status: 'void' })).toEqual(['void']);
    expect(await list({ status: 'paid' })).toEqual(['paid']);
    expect(await list({ status: 'issued' })).toHaveLength(5);
    expect(await list({ state: 'unpaid', status: 'paid' })).toEqual([]);
  });

  it('refuses a cursor of another list, other filters, another user or client, or an altered one', async () => {
    const { tenant, client, user } = await insertClientUser(db());
    await insertInvoices(db(), client, 3);
    const colleague = await insertUser(db(), client);
    const neighbour = await insertUser(db(), await insertClient(db(), tenant));
    const accessToken = await tokenOf(user);
    const first = await readJson(
      await callOperation(server.url, 'listInvoices', { query: { limit: 1 }, accessToken }),
      'listInvoices',
      200,
    );
    const cursor = first.nextCursor as string;
    const flipped = `${cursor.slice(0, -2)}${cursor.at(-2) === 'A' ? 'B' : 'A'}${cursor.at(-1)}`;
    const refused = [
      callOperation(server.url, 'listInvoices', { query: { cursor, state: 'unpaid' }, accessToken }),
      callOperation(server.url, 'listInvoices', { query: { cursor, status: 'issued' }, accessToken }),
      callOperation(server.url, 'listOrders', { query: { cursor }, accessToken }),
      callOperation(server.url, 'listInvoices', { query: { cursor: flipped }, accessToken }),
      callOperation(server.url, 'listInvoices', { query: { cursor: 'AAAA' }, accessToken }),
      callOperation(server.url, 'listInvoices', { query: { cursor }, accessToken: await tokenOf(colleague) }),
      callOperation(server.url, 'listInvoices', { query: { cursor }, accessToken: await tokenOf(neighbour) }),
    ];
    for (const res of await Promise.all(refused)) {
      expect(res.status).toBe(400);
      expect((await readProblem(res)).errors).toEqual([expect.objectContaining({ path: '/query/cursor' })]);
    }
    const again = await callOperation(server.url, 'listInvoices', {
      query: { cursor, limit: 5 },
      accessToken,
    });
    expect((await readJson(again, 'listInvoices', 200)).items).toHaveLength(2);
  });

  it('refuses a limit outside 1..100 and defaults to 20', async () => {
    const { client, user } = await insertClientUser(db());
    await insertInvoices(db(), client, 21);
    const accessToken = await tokenOf(user);
    for (const limit of [0, 101, -1]) {
      const res = await callOperation(server.url, 'listInvoices', { query: { limit }, accessToken });
      expect(res.status).toBe(400);
      expect((await readProblem(res)).errors?.[0]?.path).toBe('/query/limit');
    }
    const page = await readJson(
      await callOperation(server.url, 'listInvoices', { accessToken }),
      'listInvoices',
      200,
    );
    expect(page.items).toHaveLength(20);
    expect(page.nextCursor).not.toBeNull();
  });

  it('opens each list by the tenant sections: invoices finance, estimates configurator, orders either', async () => {
    const cases = [
      { sections: {}, invoices: 403, orders: 403, estimates: 403 },
      { sections: { section_finance: true }, invoices: 200, orders: 200, estimates: 403 },
      { sections: { section_configurator: true }, invoices: 403, orders: 200, estimates: 200 },
    ];
    for (const { sections, ...expected } of cases) {
      const { client, user } = await insertClientUser(db(), sections as Partial<TenantRow>);
      const invoice = await insertFor(db(), 'invoices', client, { status: 'issued', total_minor: 1 });
      const order = await insertFor(db(), 'orders', client, { status: 'open' });
      const estimate = await insertFor(db(), 'estimates', client, { status: 'sent' });
      const accessToken = await tokenOf(user);
      const answers = {
        invoices: [
          await callOperation(server.url, 'listInvoices', { accessToken }),
          await callOperation(server.url, 'getInvoice', { path: { invoiceId: invoice.id }, accessToken }),
        ],
        orders: [
          await callOperation(server.url, 'listOrders', { accessToken }),
          await callOperation(server.url, 'getOrder', { path: { orderId: order.id }, accessToken }),
        ],
        estimates: [
          await callOperation(server.url, 'listEstimates', { accessToken }),
          await callOperation(server.url, 'getEstimate', { path: { estimateId: estimate.id }, accessToken }),
        ],
      };
      for (const [list, responses] of Object.entries(answers)) {
        for (const res of responses) {
          expect({ sections, list, status: res.status }).toEqual({
            sections,
            list,
            status: expected[list as keyof typeof expected],
          });
          if (res.status === 403) expect((await readProblem(res)).detail).toMatch(/not enabled/);
        }
      }
    }
  });

  it('answers 404 alike for an unknown id, a draft, and records of another client or tenant', async () => {
    const { tenant, user } = await insertClientUser(db());
    const mine = await insertFor(
      db(),
      'invoices',
      { id: user.client_id, tenant_id: user.tenant_id },
      {
        status: 'draft',
        total_minor: 1,
      },
    );
    const neighbour = await insertClient(db(), tenant);
    const stranger = await insertClientUser(db());
    const ids = [
      mine.id,
      (await insertFor(db(), 'invoices', neighbour, { status: 'issued', total_minor: 1 })).id,
      (await insertFor(db(), 'invoices', stranger.client, { status: 'issued', total_minor: 1 })).id,
      '00000000-0000-4000-8000-000000000000',
    ];
    const accessToken = await tokenOf(user);
    const bodies = [];
    for (const invoiceId of ids) {
      const res = await callOperation(server.url, 'getInvoice', { path: { invoiceId }, accessToken });
      expect(res.status).toBe(404);
      const { detail, title, status } = await readProblem(res);
      bodies.push({ detail, title, status });
    }
    expect(new Set(bodies.map((b) => JSON.stringify(b))).size).toBe(1);
    const malformed = await callOperation(server.url, 'getInvoice', {
      path: { invoiceId: 'not-a-uuid' },
      accessToken,
    });
    expect(malformed.status).toBe(400);
  });

  it('reads a page in one statement, the bearer check included', async () => {
    const { client, user } = await insertClientUser(db());
    await insertInvoices(db(), client, 3);
    const accessToken = await tokenOf(user);
    const statements: string[] = [];
    const record = (query: { sql: string }) => statements.push(query.sql);
    db().on('query', record);
    try {
      const res = await callOperation(server.url, 'listInvoices', {
        query: { state: 'unpaid', limit: 2 },
        accessToken,
      });
      const page = await readJson(res, 'listInvoices', 200);
      await readJson(
        await callOperation(server.url, 'listInvoices', {
          query: { state: 'unpaid', limit: 2, cursor: page.nextCursor as string },
          accessToken,
        }),
        'listInvoices',
        200,
      );
    } finally {
      db().off('query', record);
    }
    expect(statements.filter((sql) => sql.includes('FROM invoices'))).toHaveLength(2);
    expect(statements).toHaveLength(2);
  });
});
