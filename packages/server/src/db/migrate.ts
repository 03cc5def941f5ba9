import type { Knex } from 'knex';
import * as initialSchema from './migrations/0001-initial-schema.js';
import * as rateLimits from './migrations/0002-rate-limits.js';
import * as sessions from './migrations/0003-sessions.js';
import * as mailSealKey from './migrations/0004-mail-seal-key.js';

/**
 * The migrations, in order. Listed in code rather than read from a folder so that the compiled server,
 * the tests (on TypeScript sources) and the admin CLI all run exactly the same ones.
 */
const migrations: Record<string, Knex.Migration> = {
  '0001-initial-schema': initialSchema,
  '0002-rate-limits': rateLimits,
  '0003-sessions': sessions,
  '0004-mail-seal-key': mailSealKey,
};

const source: Knex.MigrationSource<string> = {
  getMigrations: async () => Object.keys(migrations),
  getMigrationName: (name) => name,
  getMigration: async (name) => migrations[name] as Knex.Migration,
};

/** Brings the database schema up to date. Safe to run from several processes at once (knex locks). */
export async function migrateToLatest(db: Knex): Promise<string[]> {
  const [, applied] = (await db.migrate.latest({ migrationSource: source })) as [number, string[]];
  return applied;
}

/** Rolls every migration back (tests use this to prove the migrations are reversible). */
export async function rollbackAll(db: Knex): Promise<void> {
  await db.migrate.rollback({ migrationSource: source }, true);
}
