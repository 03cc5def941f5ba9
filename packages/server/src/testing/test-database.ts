import { randomBytes } from 'node:crypto';
import knex, { type Knex } from 'knex';
import { migrateToLatest } from '../db/migrate.js';

export type DatabaseKind = 'pglite' | 'postgres';

/**
 * The databases integration tests run on: always the embedded PGlite, and real PostgreSQL when
 * TEST_DATABASE_URL names a server (CI sets it). Each test file gets a database of its own.
 */
export function databaseKinds(): DatabaseKind[] {
  return process.env.TEST_DATABASE_URL ? ['pglite', 'postgres'] : ['pglite'];
}

export interface TestDatabase {
  /** The DATABASE_URL / PGLITE_DIR environment for the server under test. */
  env: Record<string, string>;
  drop(): Promise<void>;
}

/** A fresh, empty database of the given kind. */
export async function createTestDatabase(kind: DatabaseKind): Promise<TestDatabase> {
  if (kind === 'pglite') return { env: { PGLITE_DIR: 'memory://' }, drop: async () => {} };
  const adminUrl = process.env.TEST_DATABASE_URL;
  if (!adminUrl) throw new Error('TEST_DATABASE_URL is not set');
  const name = `portal_test_${randomBytes(6).toString('hex')}`;
  const admin = knex({ client: 'pg', connection: adminUrl, pool: { min: 0, max: 1 } });
  await admin.raw(`CREATE DATABASE ${name}`);
  await admin.destroy();
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return {
    env: { DATABASE_URL: url.toString() },
    drop: async () => {
      const dropper = knex({ client: 'pg', connection: adminUrl, pool: { min: 0, max: 1 } });
      await dropper.raw(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await dropper.destroy();
    },
  };
}

/**
 * The one database for suites that would gain nothing from running twice (their subject does not depend
 * on the database) or are too heavy to: PostgreSQL when TEST_DATABASE_URL names a server (CI), else PGlite.
 */
export function realDatabaseKind(): DatabaseKind {
  return process.env.TEST_DATABASE_URL ? 'postgres' : 'pglite';
}

export interface WatchedDatabase extends TestDatabase {
  /** The test's own connection, to arrange data and watch what servers in other processes do. */
  knex: Knex;
}

/** A fresh PostgreSQL database, migrated, with a connection of the test's own; `drop` closes it too. */
export async function createWatchedDatabase(): Promise<WatchedDatabase> {
  const database = await createTestDatabase('postgres');
  const connection = knex({ client: 'pg', connection: database.env.DATABASE_URL, pool: { min: 0, max: 4 } });
  await migrateToLatest(connection);
  return {
    env: database.env,
    knex: connection,
    drop: async () => {
      await connection.destroy();
      await database.drop();
    },
  };
}
