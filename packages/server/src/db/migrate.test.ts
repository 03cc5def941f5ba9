import { afterEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../config/config.js';
import { createTestDatabase, databaseKinds, type TestDatabase } from '../testing/test-database.js';
import { type Database, openDatabase } from './database.js';
import { migrateToLatest, rollbackAll } from './migrate.js';

const TABLES = [
  'client_addresses',
  'clients',
  'estimates',
  'invoices',
  'magic_link_tokens',
  'mail_outbox',
  'orders',
  'portal_users',
  'rate_limits',
  'refresh_tokens',
  'sessions',
  'tenants',
];

async function tables(db: Database): Promise<string[]> {
  const rows = await db
    .knex('information_schema.tables')
    .where({ table_schema: 'public', table_type: 'BASE TABLE' })
    .whereNot('table_name', 'like', 'knex_%')
    .pluck('table_name');
  return (rows as string[]).sort();
}

describe.each(databaseKinds())('migrations on %s', (kind) => {
  let testDb: TestDatabase;
  let db: Database;
  afterEach(async () => {
    await db?.close();
    await testDb?.drop();
  });

  it('create the whole schema, run again as a no-op, and roll back cleanly', async () => {
    testDb = await createTestDatabase(kind);
    db = await openDatabase(loadConfig(testDb.env));
    expect(await migrateToLatest(db.knex)).toEqual(expect.arrayContaining(['0001-initial-schema']));
    expect(await tables(db)).toEqual(TABLES);
    expect(await migrateToLatest(db.knex)).toEqual([]);
    await rollbackAll(db.knex);
    expect(await tables(db)).toEqual([]);
    await migrateToLatest(db.knex);
    expect(await tables(db)).toEqual(TABLES);
  });

  it('refuse a user that points into another tenant than its client', async () => {
    testDb = await createTestDatabase(kind);
    db = await openDatabase(loadConfig(testDb.env));
    await migrateToLatest(db.knex);
    const [a] = await db.knex('tenants').insert({ code: 'a', name: 'A', currency: 'EUR' }).returning('id');
    const [b] = await db.knex('tenants').insert({ code: 'b', name: 'B', currency: 'EUR' }).returning('id');
    const [client] = await db.knex('clients').insert({ tenant_id: a.id, name: 'C' }).returning('id');
    await expect(
      db.knex('portal_users').insert({
        tenant_id: b.id,
        client_id: client.id,
        email: 'x@example.com',
        first_name: 'X',
        last_name: 'Y',
      }),
    ).rejects.toThrow(/foreign key/);
  });
});
