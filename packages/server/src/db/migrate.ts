import type { Knex } from 'knex';
import pg from 'pg';
import * as initialSchema from './migrations/0001-initial-schema.js';
import * as rateLimits from './migrations/0002-rate-limits.js';
import * as sessions from './migrations/0003-sessions.js';
import * as signInCodes from './migrations/0004-sign-in-codes.js';
import * as documentLists from './migrations/0005-document-lists.js';
import * as mailSealKey from './migrations/0006-mail-seal-key.js';
import * as signInRequests from './migrations/0007-sign-in-requests.js';
import * as sessionDevices from './migrations/0008-session-devices.js';
import * as blobs from './migrations/0009-blobs.js';
import * as clientActive from './migrations/0010-client-active.js';

/**
 * The migrations, in order. Listed in code rather than read from a folder so that the compiled server,
 * the tests (on TypeScript sources) and the admin CLI all run exactly the same ones.
 */
const migrations: Record<string, Knex.Migration> = {
  '0001-initial-schema': initialSchema,
  '0002-rate-limits': rateLimits,
  '0003-sessions': sessions,
  '0004-sign-in-codes': signInCodes,
  '0005-document-lists': documentLists,
  '0006-mail-seal-key': mailSealKey,
  '0007-sign-in-requests': signInRequests,
  '0008-session-devices': sessionDevices,
  '0009-blobs': blobs,
  '0010-client-active': clientActive,
};

/** The names of every migration, in order: what a fully migrated database has applied. */
export const MIGRATION_NAMES: readonly string[] = Object.keys(migrations);

const source: Knex.MigrationSource<string> = {
  getMigrations: async () => Object.keys(migrations),
  getMigrationName: (name) => name,
  getMigration: async (name) => migrations[name] as Knex.Migration,
};

// pg_advisory_lock key of Portal's migrations ('port' in ASCII): any fixed number no other tool uses.
const MIGRATION_LOCK_KEY = 0x706f7274;

/**
 * Brings the database schema up to date. Safe to run from several processes at once: on PostgreSQL they
 * queue on an advisory lock and each finds the work done by the one before. knex's own lock (a row in
 * knex_migrations_lock) does not queue: a second migrator fails with "Migration table is already locked",
 * and two that create knex's tables at once can collide, so it is never contended here.
 */
export async function migrateToLatest(db: Knex): Promise<string[]> {
  return withMigrationLock(db, async () => {
    const [, applied] = (await db.migrate.latest({ migrationSource: source })) as [number, string[]];
    return applied;
  });
}

export interface MigrationStatus {
  applied: string[];
  pending: string[];
  /** knex's lock is held: a migration is running, or one died holding it (`portal-admin migrate unlock`). */
  locked: boolean;
}

/** Which migrations the database has, which it lacks, and whether knex's migration lock is held. */
export async function migrationStatus(db: Knex): Promise<MigrationStatus> {
  const known = Object.keys(migrations);
  const hasTable = await db.schema.hasTable('knex_migrations');
  const applied = hasTable ? ((await db('knex_migrations').orderBy('id').pluck('name')) as string[]) : [];
  const hasLock = await db.schema.hasTable('knex_migrations_lock');
  const lockRow = hasLock
    ? ((await db('knex_migrations_lock').first('is_locked')) as { is_locked: number } | undefined)
    : undefined;
  return {
    applied,
    pending: known.filter((name) => !applied.includes(name)),
    locked: Number(lockRow?.is_locked ?? 0) === 1,
  };
}

/**
 * Frees knex's migration lock, left held by a migrator that was killed mid-way (every later migration
 * then fails with "Migration table is already locked"). Only for when no migrator runs.
 */
export async function unlockMigrations(db: Knex): Promise<void> {
  await db.migrate.forceFreeMigrationsLock({ migrationSource: source });
}

/** Rolls every migration back (tests use this to prove the migrations are reversible). */
export async function rollbackAll(db: Knex): Promise<void> {
  await db.migrate.rollback({ migrationSource: source }, true);
}

/**
 * Runs `work` holding PostgreSQL's session advisory lock on a connection of its own, outside knex's pool
 * (whose connections the migrations use; a pool of one would otherwise wait on itself). The embedded
 * database needs no lock: only one process can open it (embedded-lock.ts).
 */
async function withMigrationLock<T>(db: Knex, work: () => Promise<T>): Promise<T> {
  const { client, connection } = db.client.config as {
    client: unknown;
    connection?: { connectionString?: string };
  };
  if (client !== 'pg' || !connection?.connectionString) return work();
  const lockHolder = new pg.Client({
    connectionString: connection.connectionString,
    application_name: 'portal-migrate',
  });
  await lockHolder.connect();
  try {
    // Waits for as long as the migrator before it takes; no statement timeout on this connection.
    await lockHolder.query('SET statement_timeout = 0');
    await lockHolder.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK_KEY]);
    return await work();
  } finally {
    // Closing the session releases the lock too, even if the unlock below is never reached.
    await lockHolder.end();
  }
}

/** The deployment's migrate step has not run (yet): a process refuses to work on this schema. */
export class SchemaLacksMigrations extends Error {
  constructor(readonly pending: string[]) {
    super(
      `the database schema lacks migrations ${pending.join(', ')}: run \`portal-admin migrate\` first (MIGRATE_ON_START is off)`,
    );
    this.name = 'SchemaLacksMigrations';
  }
}

/**
 * What a process does with the schema as it starts: migrate it (MIGRATE_ON_START, development), or check
 * that the deployment's migrate step ran, and refuse to serve on a schema that lacks migrations.
 */
export async function prepareSchema(db: Knex, migrate: boolean): Promise<string[]> {
  if (migrate) return migrateToLatest(db);
  const { pending } = await migrationStatus(db);
  if (pending.length > 0) throw new SchemaLacksMigrations(pending);
  return [];
}
