import { afterEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../config/config.js';
import { startTestServer } from '../testing/start-test-server.js';
import { createTestDatabase, databaseKinds, type TestDatabase } from '../testing/test-database.js';
import { cli } from '../tests/support/cli-harness.js';
import { type Database, openDatabase } from './database.js';
import {
  MIGRATION_NAMES,
  migrateToLatest,
  migrationStatus,
  prepareSchema,
  rollbackAll,
  unlockMigrations,
} from './migrate.js';

const TABLES = [
  'blob_contents',
  'blobs',
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

  it('as a step: a process with MIGRATE_ON_START off refuses a schema that lacks migrations', async () => {
    testDb = await createTestDatabase(kind);
    db = await openDatabase(loadConfig(testDb.env));
    await expect(prepareSchema(db.knex, false)).rejects.toThrow(
      /lacks migrations 0001-initial-schema, .*run `portal-admin migrate` first/,
    );
    expect(await migrationStatus(db.knex)).toMatchObject({ applied: [], locked: false });
    expect(await prepareSchema(db.knex, true)).toContain('0003-sessions');
    expect(await prepareSchema(db.knex, false)).toEqual([]);
    expect(await migrationStatus(db.knex)).toEqual({
      applied: [...MIGRATION_NAMES],
      pending: [],
      locked: false,
    });
  });

  it('frees a lock left by a migrator killed mid-way (migrate unlock)', async () => {
    testDb = await createTestDatabase(kind);
    db = await openDatabase(loadConfig(testDb.env));
    await migrateToLatest(db.knex);
    await db.knex('knex_migrations_lock').update({ is_locked: 1 }); // what a killed migrator leaves
    expect((await migrationStatus(db.knex)).locked).toBe(true);
    await unlockMigrations(db.knex);
    expect((await migrationStatus(db.knex)).locked).toBe(false);
  });
});

describe.each(databaseKinds().filter((k) => k === 'postgres'))(
  'migrations on %s, from several processes',
  (kind) => {
    let testDb: TestDatabase | undefined;
    afterEach(async () => {
      await testDb?.drop();
    });

    it('four migrators starting at once all succeed, and the schema is migrated exactly once', async () => {
      testDb = await createTestDatabase(kind);
      // Pools of one connection: the advisory lock must not wait on the pool it is taken for.
      const config = loadConfig({ ...testDb.env, DB_POOL_MAX: '1' });
      const migrators = await Promise.all(Array.from({ length: 4 }, () => openDatabase(config)));
      try {
        const results = await Promise.allSettled(migrators.map((m) => migrateToLatest(m.knex)));
        expect(results.map((r) => r.status)).toEqual(['fulfilled', 'fulfilled', 'fulfilled', 'fulfilled']);
        const applied = results.flatMap((r) => (r.status === 'fulfilled' ? r.value : []));
        expect(applied.sort()).toEqual([...MIGRATION_NAMES]);
        expect(await (migrators[0] as Database).knex('knex_migrations').count({ n: '*' })).toEqual([
          { n: MIGRATION_NAMES.length },
        ]);
      } finally {
        await Promise.all(migrators.map((m) => m.close()));
      }
    });

    it('portal-admin migrate and migrate status; a production server waits for that step', async () => {
      testDb = await createTestDatabase(kind);
      const production = { MIGRATE_ON_START: 'false' };
      await expect(startTestServer(kind, { ...testDb.env, ...production })).rejects.toThrow(
        /portal-admin migrate/,
      );
      expect((await cli(testDb.env, 'migrate', 'status')).json()).toMatchObject({
        applied: [],
        locked: false,
      });
      const migrate = await cli(testDb.env, 'migrate');
      expect(migrate.exitCode).toBe(0);
      expect(migrate.json()).toEqual({
        applied: [...MIGRATION_NAMES],
      });
      expect((await cli(testDb.env, 'migrate')).json()).toEqual({ applied: [] });
      expect((await cli(testDb.env, 'migrate', 'status')).json()).toMatchObject({
        pending: [],
        locked: false,
      });
      expect((await cli(testDb.env, 'migrate', 'unlock')).json()).toEqual({ unlocked: true });
    });
  },
);
