import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Knex } from 'knex';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databaseKinds } from '../../testing/test-database.js';
import { type CliDatabase, cli, createCliDatabase, withDatabase } from '../../tests/support/cli-harness.js';

const TABLES = ['tenants', 'clients', 'client_addresses', 'portal_users', 'orders', 'estimates', 'invoices'];

/** Every row of every table the import writes, timestamps included: what "changes nothing" compares. */
const snapshot = (db: Knex) => Promise.all(TABLES.map((table) => db(table).select('*').orderBy('id')));

const owned = { tenantCode: 'north', clientExternalId: 'c-1' };
const validDocument = () => ({
  tenants: [{ externalId: 't-north', code: 'north', name: 'North', currency: 'BHD', sections: ['finance'] }],
  clients: [
    {
      tenantCode: 'north',
      externalId: 'c-1',
      name: 'Fjord Ltd',
      email: 'office@fjord.example',
      billingAddress: { street: 'Kai', houseNumber: '1', postalCode: '0150', city: 'Oslo', country: 'NO' },
      avatar: { blobId: 'b', thumbnailBlobId: 'bt', width: 10, height: 10 },
    },
    { tenantCode: 'north', externalId: 'c-2', name: 'Glacier AS' },
  ],
  users: [
    { ...owned, externalId: 'u-1', email: 'ola@fjord.example', firstName: 'Ola', lastName: 'Nordmann' },
    {
      tenantCode: 'north',
      clientExternalId: 'c-2',
      externalId: 'u-2',
      email: 'kari@glacier.example',
      firstName: 'Kari',
      lastName: 'N',
      active: false,
    },
  ],
  orders: [
    { ...owned, externalId: 'o-1', status: 'open', totalMinor: 1000, orderedAt: '2026-01-01T10:00:00Z' },
  ],
  estimates: [{ ...owned, externalId: 'e-1', status: 'sent', validUntil: '2099-01-01' }],
  invoices: [{ ...owned, externalId: 'i-1', status: 'issued', totalMinor: 1005, paidMinor: 1 }],
});

describe.each(databaseKinds())('portal-admin import on %s', (kind) => {
  let database: CliDatabase;
  let env: Record<string, string>;
  let dir: string;
  let n = 0;
  const file = (document: unknown) => {
    const name = path.join(dir, `import-${n++}.json`);
    writeFileSync(name, typeof document === 'string' ? document : JSON.stringify(document));
    return name;
  };
  const importing = async (document: unknown) => cli(env, 'import', file(document));

  beforeAll(async () => {
    database = await createCliDatabase(kind);
    env = database.env;
    dir = mkdtempSync(path.join(os.tmpdir(), 'portal-import-'));
  });
  afterAll(async () => {
    rmSync(dir, { recursive: true, force: true });
    await database?.drop();
  });

  it('imports every kind of record, and importing the same file again changes nothing', async () => {
    const first = await importing(validDocument());
    expect(first.stderr).toBe('');
    const inserted = (count: number) => ({ inserted: count, updated: 0, unchanged: 0 });
    expect(first.json()).toEqual({
      tenants: inserted(1),
      clients: inserted(2),
      billingAddresses: { ...inserted(1), removed: 0 },
      users: inserted(2),
      orders: inserted(1),
      estimates: inserted(1),
      invoices: inserted(1),
    });
    const before = await withDatabase(env, snapshot);

    const second = await importing(validDocument());
    const unchanged = (count: number) => ({ inserted: 0, updated: 0, unchanged: count });
    expect(second.json()).toEqual({
      tenants: unchanged(1),
      clients: unchanged(2),
      billingAddresses: { ...unchanged(1), removed: 0 },
      users: unchanged(2),
      orders: unchanged(1),
      estimates: unchanged(1),
      invoices: unchanged(1),
    });
    expect(await withDatabase(env, snapshot)).toEqual(before);

    const [tenant] = before[0] as Record<string, unknown>[];
    expect(tenant).toMatchObject({
      code: 'north',
      currency: 'BHD',
      section_finance: true,
      section_support: false,
    });
    expect(before[4]).toHaveLength(1);
  });

  it('updates what changed by external id, and a client left without an address loses it', async () => {
    const document = validDocument();
    document.clients[0] = { ...document.clients[0], name: 'Fjord Group', billingAddress: null } as never;
    const run = await importing(document);
    expect(run.json()).toMatchObject({
      clients: { inserted: 0, updated: 1, unchanged: 1 },
      billingAddresses: { inserted: 0, updated: 0, unchanged: 0, removed: 1 },
      users: { unchanged: 2 },
    });
    const client = await withDatabase(env, (db) => db('clients').where({ external_id: 'c-1' }).first('name'));
    expect(client).toEqual({ name: 'Fjord Group' });
  });

  it('attaches records to a tenant and a client that exist only in the database', async () => {
    await cli(env, 'tenant', 'create', '--code', 'existing', '--name', 'E', '--currency', 'EUR');
    await importing({ clients: [{ tenantCode: 'existing', externalId: 'c-x', name: 'X' }] });
    const run = await importing({
      invoices: [
        {
          tenantCode: 'existing',
          clientExternalId: 'c-x',
          externalId: 'i-x',
          status: 'draft',
          totalMinor: 5,
        },
      ],
    });
    expect(run.json()).toMatchObject({ invoices: { inserted: 1 } });
  });

  it('refuses a file that breaks the schema, listing every problem with its path, and writes nothing', async () => {
    const before = await withDatabase(env, snapshot);
    const document = validDocument();
    const bad = {
      ...document,
      tenants: [{ ...document.tenants[0], code: 'North!' }],
      clients: [{ ...document.clients[1], email: 'not-an-email', colour: 'blue' }],
      users: [{ ...document.users[0], firstName: undefined }],
      orders: [{ ...document.orders[0], status: 'shipped' }],
      invoices: [{ ...document.invoices[0], totalMinor: 10.5 }],
    };
    const run = await importing(bad);
    expect(run.exitCode).toBe(65);
    expect(run.stdout).toBe('');
    expect(run.stderr).toContain('is not a valid import file (6 problems); nothing was imported');
    const problems = run.stderr.split('\n').filter((l) => l.startsWith('  '));
    expect(problems).toEqual([
      '  /tenants/0/code: must match pattern "^[a-z0-9][a-z0-9_-]{0,63}$"',
      '  /clients/0/colour: is not a known field',
      '  /clients/0/email: must match format "email"',
      '  /users/0/firstName: is required',
      '  /orders/0/status: must be one of "open", "in_progress", "completed", "cancelled"',
      '  /invoices/0/totalMinor: must be integer',
    ]);
    expect(await withDatabase(env, snapshot)).toEqual(before);
  });

  it('lists schema problems and reference problems in one run: one does not hide the other', async () => {
    const document = validDocument();
    expect((await importing(document)).exitCode).toBe(0); // the tenant, its clients and users are stored
    const run = await importing({
      ...document,
      users: [
        { ...document.users[0], firstName: 7 }, // schema
        { ...document.users[1], clientExternalId: 'c-404' }, // dangling reference
        { ...document.users[1], externalId: 'u-3', email: 'OLA@fjord.example' }, // duplicate email
      ],
    });
    expect(run.exitCode).toBe(65);
    expect(run.stderr.split('\n').filter((l) => l.startsWith('  '))).toEqual([
      '  /users/0/firstName: must be string',
      '  /users/1/clientExternalId: no client "c-404" in tenant "north", in the file or the database',
      '  /users/2/email: "OLA@fjord.example" already belongs to another user of tenant "north" (external id "u-1")',
    ]);
  });

  it('refuses dangling references, duplicates and conflicts with the database, all at once, and writes nothing', async () => {
    await cli(env, 'tenant', 'create', '--code', 'manual', '--name', 'M', '--currency', 'EUR');
    const before = await withDatabase(env, snapshot);
    const run = await importing({
      tenants: [
        { externalId: 't-new', code: 'fresh', name: 'Fresh', currency: 'EUR' },
        { externalId: 't-new', code: 'manual', name: 'Manual', currency: 'XYZ' },
      ],
      clients: [
        { tenantCode: 'fresh', externalId: 'c-1', name: 'A' },
        { tenantCode: 'fresh', externalId: 'c-1', name: 'B' },
        { tenantCode: 'nowhere', externalId: 'c-9', name: 'C' },
      ],
      users: [
        {
          tenantCode: 'north',
          clientExternalId: 'c-1',
          externalId: 'u-9',
          email: 'OLA@fjord.example',
          firstName: 'O',
          lastName: 'N',
        },
        {
          tenantCode: 'fresh',
          clientExternalId: 'c-404',
          externalId: 'u-1',
          email: 'a@b.example',
          firstName: 'A',
          lastName: 'B',
        },
      ],
    });
    expect(run.exitCode).toBe(65);
    const problems = run.stderr.split('\n').filter((l) => l.startsWith('  '));
    expect(problems).toEqual([
      '  /tenants/1/externalId: the same value is already given at /tenants/0/externalId',
      '  /tenants/1/currency: "XYZ" is not an ISO 4217 currency',
      '  /tenants/1/code: tenant code "manual" already belongs to another tenant (created without an external id)',
      '  /clients/1/externalId: the same value is already given at /clients/0/externalId',
      '  /clients/2/tenantCode: no tenant "nowhere" in the file or the database',
      '  /users/1/clientExternalId: no client "c-404" in tenant "fresh", in the file or the database',
      '  /users/0/email: "OLA@fjord.example" already belongs to another user of tenant "north" (external id "u-1")',
    ]);
    expect(await withDatabase(env, snapshot)).toEqual(before);
  });

  it('refuses a file that is not JSON, and one that does not exist', async () => {
    const notJson = await importing('{"tenants": [');
    expect(notJson).toMatchObject({ exitCode: 65, stderr: expect.stringMatching(/is not valid JSON/) });
    const missing = await cli(env, 'import', path.join(dir, 'missing.json'));
    expect(missing).toMatchObject({
      exitCode: 64,
      stderr: expect.stringMatching(/Cannot read .*missing\.json.*Check the path/),
    });
  });
});
