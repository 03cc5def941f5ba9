import { callOperation } from '@portal/test-kit/call-operation';
import type { ParameterlessRead } from '@portal/test-kit/parameterless-reads';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../../testing/start-test-server.js';
import { databaseKinds } from '../../testing/test-database.js';
import {
  accessTokenFor,
  insertClient,
  insertTenant,
  insertUser,
  insertUserWithClient,
  type UserRow,
} from '../../tests/support/fixtures.js';
import { insertDashboardDataset, insertFor } from '../../tests/support/records.js';

// The server validates every response against the contract in tests (VALIDATE_RESPONSES is on outside
// production), so a 200 here is also a body the spec accepts; the exact bodies are asserted on top.
describe.each(databaseKinds())('portal reads on %s', (kind) => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer(kind);
  });
  afterAll(() => server?.close());

  const db = () => server.database.knex;
  const get = async (
    operationId: ParameterlessRead,
    user: Pick<UserRow, 'id' | 'tenant_id' | 'client_id'>,
  ) => {
    const res = await callOperation(server.url, operationId, {
      accessToken: await accessTokenFor(db(), server.accessTokens, user),
    });
    return { status: res.status, body: (await res.json()) as Record<string, unknown> };
  };

  describe('GET /me', () => {
    it('answers the signed-in user with the client name and a null avatar when there is none', async () => {
      const tenant = await insertTenant(db());
      const client = await insertClient(db(), tenant, { name: 'Lovelace Engineering Ltd' });
      const user = await insertUser(db(), client, { email: 'ada@example.com' });
      expect(await get('getMe', user)).toEqual({
        status: 200,
        body: {
          id: user.id,
          email: 'ada@example.com',
          firstName: 'Ada',
          lastName: 'Lovelace',
          clientId: client.id,
          clientName: 'Lovelace Engineering Ltd',
          avatar: null,
        },
      });
    });

    it('answers the avatar when the user has one', async () => {
      const { client } = await insertUserWithClient(db());
      const user = await insertUser(db(), client, {
        avatar_blob_id: 'blob-ada',
        avatar_thumbnail_blob_id: 'blob-ada-thumb',
        avatar_width: 256,
        avatar_height: 128,
      } as Partial<UserRow>);
      const { body } = await get('getMe', user);
      expect(body.avatar).toEqual({
        blobId: 'blob-ada',
        thumbnailBlobId: 'blob-ada-thumb',
        width: 256,
        height: 128,
      });
    });
  });

  describe('GET /client', () => {
    it('answers the client with its billing address and avatar', async () => {
      const tenant = await insertTenant(db());
      const client = await insertClient(db(), tenant, {
        name: 'Lovelace Engineering Ltd',
        email: 'office@lovelace.example',
        phone: '+44 20 7946 0000',
        avatar_blob_id: 'blob-logo',
        avatar_thumbnail_blob_id: 'blob-logo-thumb',
        avatar_width: 512,
        avatar_height: 512,
      } as never);
      const address = await insertFor(db(), 'client_addresses', client, {
        street: 'Baker Street',
        house_number: '221B',
        postal_code: 'NW1 6XE',
        city: 'London',
        country: 'GB',
        latitude: 51.5237,
        longitude: -0.1585,
      });
      const user = await insertUser(db(), client);
      expect(await get('getClient', user)).toEqual({
        status: 200,
        body: {
          id: client.id,
          name: 'Lovelace Engineering Ltd',
          email: 'office@lovelace.example',
          phone: '+44 20 7946 0000',
          billingAddress: {
            id: address.id,
            street: 'Baker Street',
            houseNumber: '221B',
            postalCode: 'NW1 6XE',
            city: 'London',
            country: 'GB',
            latitude: 51.5237,
            longitude: -0.1585,
          },
          avatar: {
            blobId: 'blob-logo',
            thumbnailBlobId: 'blob-logo-thumb',
            width: 512,
            height: 512,
          },
        },
      });
    });

    it('answers null for the email, phone, address and avatar a client does not have', async () => {
      const { client, user } = await insertUserWithClient(db());
      expect(await get('getClient', user)).toEqual({
        status: 200,
        body: {
          id: client.id,
          name: client.name,
          email: null,
          phone: null,
          billingAddress: null,
          avatar: null,
        },
      });
    });

    it('answers null coordinates for an address never geocoded', async () => {
      const { client, user } = await insertUserWithClient(db());
      await insertFor(db(), 'client_addresses', client, {
        street: 'Rue de Rivoli',
        house_number: '1',
        postal_code: '75001',
        city: 'Paris',
        country: 'FR',
      });
      const { body } = await get('getClient', user);
      expect(body.billingAddress).toMatchObject({ city: 'Paris', latitude: null, longitude: null });
    });
  });

  describe('GET /scopes', () => {
    it("answers exactly the sections the user's tenant enabled", async () => {
      const financeOnly = await insertTenant(db(), { section_finance: true });
      const everything = await insertTenant(db(), {
        section_configurator: true,
        section_finance: true,
        section_support: true,
      });
      const a = await insertUser(db(), await insertClient(db(), financeOnly));
      const b = await insertUser(db(), await insertClient(db(), everything));
      expect(await get('getScopes', a)).toEqual({
        status: 200,
        body: { configurator: false, finance: true, support: false },
      });
      expect((await get('getScopes', b)).body).toEqual({ configurator: true, finance: true, support: true });
    });
  });

  describe('GET /dashboard/stats', () => {
    // The sections that open the orders, estimates and invoices lists: each figure counts only with its list.
    const FIGURE_SECTIONS = { section_configurator: true, section_finance: true };

    it('counts only what each rule counts: no drafts, voids, paid, expired or decided records', async () => {
      const tenant = await insertTenant(db(), { currency: 'EUR', ...FIGURE_SECTIONS });
      const client = await insertClient(db(), tenant);
      await insertDashboardDataset(db(), client);
      // The same figures again for another client of the tenant and a client of another tenant.
      await insertDashboardDataset(db(), await insertClient(db(), tenant));
      await insertDashboardDataset(db(), await insertClient(db(), await insertTenant(db())));
      const user = await insertUser(db(), client);
      expect(await get('getDashboardStats', user)).toEqual({
        status: 200,
        body: {
          currency: 'EUR',
          openOrders: 3,
          pendingEstimates: 3,
          unpaidInvoices: 3,
          totalOutstanding: 200.01,
        },
      });
    });

    it('answers zeros for a client without records', async () => {
      const { user } = await insertUserWithClient(db());
      expect((await get('getDashboardStats', user)).body).toEqual({
        currency: 'EUR',
        openOrders: 0,
        pendingEstimates: 0,
        unpaidInvoices: 0,
        totalOutstanding: 0,
      });
    });

    it.each([
      ['JPY', [1234, 1], 1235],
      ['EUR', [10, 20], 0.3],
      ['BHD', [1005, 1], 1.006],
    ])('sums %s amounts exactly to its minor unit', async (currency, totals, expected) => {
      const tenant = await insertTenant(db(), { currency, section_finance: true });
      const client = await insertClient(db(), tenant);
      for (const total of totals) {
        await insertFor(db(), 'invoices', client, { status: 'issued', total_minor: total });
      }
      const { body } = await get('getDashboardStats', await insertUser(db(), client));
      expect(body).toMatchObject({ currency, unpaidInvoices: totals.length, totalOutstanding: expected });
    });

    it.each([
      [
        'finance',
        { section_configurator: true },
        { openOrders: 3, pendingEstimates: 3, unpaidInvoices: 0, totalOutstanding: 0 },
      ],
      [
        'configurator',
        { section_finance: true },
        { openOrders: 3, pendingEstimates: 0, unpaidInvoices: 3, totalOutstanding: 200.01 },
      ],
      [
        'every',
        { section_support: true },
        { openOrders: 0, pendingEstimates: 0, unpaidInvoices: 0, totalOutstanding: 0 },
      ],
    ])(
      'shows 0 for each figure whose list a switched-off %s section closes',
      async (_off, sections, figures) => {
        const tenant = await insertTenant(db(), { currency: 'EUR', ...sections });
        const client = await insertClient(db(), tenant);
        await insertDashboardDataset(db(), client);
        const user = await insertUser(db(), client);
        expect(await get('getDashboardStats', user)).toEqual({
          status: 200,
          body: { currency: 'EUR', ...figures },
        });
        // Switched back on, the figures are back: they were hidden, never lost.
        await db()('tenants').where({ id: tenant.id }).update(FIGURE_SECTIONS);
        expect((await get('getDashboardStats', user)).body).toEqual({
          currency: 'EUR',
          openOrders: 3,
          pendingEstimates: 3,
          unpaidInvoices: 3,
          totalOutstanding: 200.01,
        });
      },
    );
  });

  describe('isolation', () => {
    it("never shows a user another client's or another tenant's data", async () => {
      const tenantA = await insertTenant(db(), { section_support: true });
      const clientA = await insertClient(db(), tenantA, { name: 'A' });
      const clientA2 = await insertClient(db(), tenantA, { name: 'A2' });
      const tenantB = await insertTenant(db(), { currency: 'USD', section_configurator: true });
      const clientB = await insertClient(db(), tenantB, { name: 'B' });
      await insertDashboardDataset(db(), clientA);
      await insertDashboardDataset(db(), clientB);
      const userA2 = await insertUser(db(), clientA2);
      const userB = await insertUser(db(), clientB);

      const empty = { openOrders: 0, pendingEstimates: 0, unpaidInvoices: 0, totalOutstanding: 0 };
      expect((await get('getDashboardStats', userA2)).body).toEqual({ currency: 'EUR', ...empty });
      expect((await get('getClient', userA2)).body).toMatchObject({ id: clientA2.id, name: 'A2' });
      expect((await get('getMe', userA2)).body).toMatchObject({ clientId: clientA2.id, clientName: 'A2' });

      expect((await get('getDashboardStats', userB)).body).toMatchObject({ currency: 'USD', openOrders: 3 });
      expect((await get('getClient', userB)).body).toMatchObject({ id: clientB.id, name: 'B' });
      expect((await get('getScopes', userB)).body).toEqual({
        configurator: true,
        finance: false,
        support: false,
      });
    });

    it('refuses a request without an access token', async () => {
      const res = await callOperation(server.url, 'getDashboardStats');
      expect(res.status).toBe(401);
      expect(res.headers.get('content-type')).toMatch(/application\/problem\+json/);
    });
  });
});
