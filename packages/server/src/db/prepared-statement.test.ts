import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../testing/test-database.js';
import { isStillActive } from '../tokens/live-principal.js';
import { type Database, openDatabase } from './database.js';
import { migrateToLatest } from './migrate.js';

const someone = () => ({
  userId: randomUUID(),
  tenantId: randomUUID(),
  clientId: randomUUID(),
  sessionId: randomUUID(),
  tokenId: randomUUID(),
});

// pg_prepared_statements lists the statements of the asking connection only: a pool of one shows them.
describe.runIf(process.env.TEST_DATABASE_URL)('the liveness reads on PostgreSQL', () => {
  let database: TestDatabase;
  const open = (dbPooler: 'none' | 'pgbouncer') =>
    openDatabase({
      database: { kind: 'postgres', url: database.env.DATABASE_URL as string },
      dbPoolMax: 1,
      dbStatementTimeoutMs: 5000,
      dbPooler,
    });
  const prepared = async (db: Database) =>
    (
      await db.knex.raw<{ rows: { name: string; statement: string }[] }>(
        'SELECT name, statement FROM pg_prepared_statements',
      )
    ).rows;

  beforeAll(async () => {
    database = await createTestDatabase('postgres');
    const db = await open('none');
    await migrateToLatest(db.knex);
    await db.close();
  });
  afterAll(() => database?.drop());

  it('are prepared once per connection and reused, not parsed and planned at every request', async () => {
    const db = await open('none');
    try {
      expect(await prepared(db)).toEqual([]);
      for (let i = 0; i < 3; i++) expect(await isStillActive(db.knex, someone())).toBe(false);
      const statements = await prepared(db);
      expect(statements).toHaveLength(1);
      expect(statements[0]?.name).toMatch(/^portal_[0-9a-f]{24}$/);
      expect(statements[0]?.statement).toContain('live_s.revoked_at IS NULL');
    } finally {
      await db.close();
    }
  });

  it('go unnamed behind PgBouncer, where the next transaction may run on another server connection', async () => {
    const db = await open('pgbouncer');
    try {
      for (let i = 0; i < 3; i++) expect(await isStillActive(db.knex, someone())).toBe(false);
      expect(await prepared(db)).toEqual([]);
    } finally {
      await db.close();
    }
  });
});
