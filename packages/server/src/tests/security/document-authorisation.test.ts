import { callOperation, readJson, readProblem } from '@portal/test-kit/call-operation';
import type { Knex } from 'knex';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../../testing/start-test-server.js';
import { realDatabaseKind } from '../../testing/test-database.js';
import {
  accessTokenFor,
  type ClientRow,
  insertClient,
  insertTenant,
  insertUser,
  type TenantRow,
  type UserRow,
} from '../support/fixtures.js';
import { insertDashboardDataset, insertFor } from '../support/records.js';

// Broken object-level authorisation (OWASP API1) on the operations that do take ids: the records of the
// lists, and the cursors that page them. Users of another client of the same tenant and of another tenant
// try the ids and cursors of the others; none may learn anything of another's records, not even that an
// id exists (404 exactly as for an unknown id).

interface Party {
  client: ClientRow;
  user: UserRow;
  ids: { invoiceId: string; orderId: string; estimateId: string };
}

const SECTIONS = { section_finance: true, section_configurator: true } as Partial<TenantRow>;

async function insertParty(db: Knex, tenant: TenantRow): Promise<Party> {
  const client = await insertClient(db, tenant);
  await insertDashboardDataset(db, client);
  const user = await insertUser(db, client);
  const invoice = await insertFor(db, 'invoices', client, {
    status: 'issued',
    total_minor: 700,
    number: 'X',
  });
  const order = await insertFor(db, 'orders', client, { status: 'open' });
  const estimate = await insertFor(db, 'estimates', client, { status: 'sent' });
  return { client, user, ids: { invoiceId: invoice.id, orderId: order.id, estimateId: estimate.id } };
}

describe(`object-level authorisation of the document lists on ${realDatabaseKind()}`, () => {
  let server: TestServer;
  let alice: Party; // tenant A, client 1
  let bob: Party; // tenant A, client 2
  let carol: Party; // tenant B
  const db = () => server.database.knex;
  const tokenOf = (party: Party) => accessTokenFor(db(), server.accessTokens, party.user);

  beforeAll(async () => {
    server = await startTestServer(realDatabaseKind(), { OUTBOX_WORKER: 'false' });
    const tenantA = await insertTenant(db(), SECTIONS);
    alice = await insertParty(db(), tenantA);
    bob = await insertParty(db(), tenantA);
    carol = await insertParty(db(), await insertTenant(db(), { ...SECTIONS, currency: 'USD' }));
  });
  afterAll(() => server?.close());

  const getOne = async (party: Party, ids: Party['ids']) => {
    const accessToken = await tokenOf(party);
    return [
      await callOperation(server.url, 'getInvoice', { path: { invoiceId: ids.invoiceId }, accessToken }),
      await callOperation(server.url, 'getOrder', { path: { orderId: ids.orderId }, accessToken }),
      await callOperation(server.url, 'getEstimate', { path: { estimateId: ids.estimateId }, accessToken }),
    ];
  };

  it('an id of another client’s or tenant’s record answers 404, word for word as an unknown id', async () => {
    const unknown = '00000000-0000-4000-8000-00000000abcd';
    const shapeOf = async (res: Response) => {
      const { title, detail, status, type } = await readProblem(res);
      return { title, detail, status, type };
    };
    const expected = await Promise.all(
      (await getOne(alice, { invoiceId: unknown, orderId: unknown, estimateId: unknown })).map(shapeOf),
    );
    expect(expected.map((p) => p.status)).toEqual([404, 404, 404]);
    for (const victim of [bob, carol]) {
      const answers = await getOne(alice, victim.ids);
      expect(await Promise.all(answers.map(shapeOf))).toEqual(expected);
    }
    for (const res of await getOne(alice, alice.ids)) expect(res.status).toBe(200);
  });

  it('every list holds the asker’s own records only', async () => {
    for (const party of [alice, bob, carol]) {
      const accessToken = await tokenOf(party);
      const others = [alice, bob, carol].filter((p) => p !== party).flatMap((p) => Object.values(p.ids));
      const lists = await Promise.all([
        callOperation(server.url, 'listInvoices', { query: { limit: 100 }, accessToken }),
        callOperation(server.url, 'listOrders', { query: { limit: 100 }, accessToken }),
        callOperation(server.url, 'listEstimates', { query: { limit: 100 }, accessToken }),
      ]);
      for (const res of lists) {
        expect(res.status).toBe(200);
        const text = await res.text();
        expect(text).toContain(party === carol ? '"USD"' : '"EUR"');
        for (const id of others) expect(text).not.toContain(id);
      }
    }
  });

  it('a cursor of another client or tenant answers 400, never a page of theirs', async () => {
    const cursorOf = async (party: Party) =>
      (
        await readJson(
          await callOperation(server.url, 'listInvoices', {
            query: { limit: 1 },
            accessToken: await tokenOf(party),
          }),
          'listInvoices',
          200,
        )
      ).nextCursor as string;
    const accessToken = await tokenOf(alice);
    for (const victim of [bob, carol]) {
      const res = await callOperation(server.url, 'listInvoices', {
        query: { cursor: await cursorOf(victim) },
        accessToken,
      });
      expect(res.status).toBe(400);
      expect((await readProblem(res)).errors?.[0]?.path).toBe('/query/cursor');
    }
  });

  it('malformed cursors and limits out of range answer 400 problem+json', async () => {
    const accessToken = await tokenOf(alice);
    const valid = (
      await readJson(
        await callOperation(server.url, 'listOrders', { query: { limit: 1 }, accessToken }),
        'listOrders',
        200,
      )
    ).nextCursor as string;
    const malformed = [
      'a',
      'x'.repeat(512),
      `${valid}A`,
      valid.slice(1),
      `${valid.slice(0, -1)}${valid.endsWith('A') ? 'B' : 'A'}`,
    ];
    for (const cursor of malformed) {
      const res = await callOperation(server.url, 'listOrders', { query: { cursor }, accessToken });
      expect({ cursor, status: res.status }).toEqual({ cursor, status: 400 });
      expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    }
    for (const query of [
      'cursor=a.b',
      'cursor=',
      'cursor=%2F%2F',
      `cursor=${'x'.repeat(513)}`,
      'limit=0',
      'limit=101',
      'limit=1.5',
      'limit=x',
    ]) {
      const res = await fetch(`${server.url}/api/v1/portal/orders?${query}`, {
        headers: { authorization: `Bearer ${accessToken}` },
      });
      expect({ query, status: res.status }).toEqual({ query, status: 400 });
      expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    }
  });
});
