import type { Knex } from 'knex';
import { runStatements } from './run-statements.js';

/*
 * Rate-limit counters, kept in the database so that limits hold across server processes. The columns are
 * the ones rate-limiter-flexible's Postgres store reads and writes (`expire` in Unix milliseconds); the
 * table is created here rather than by the library at run time.
 */
/** @public read by knex, through the list in migrate.ts */
export async function up(knex: Knex): Promise<void> {
  await runStatements(
    knex,
    `
    CREATE TABLE rate_limits (
      key     varchar(255) PRIMARY KEY,
      points  integer NOT NULL DEFAULT 0,
      expire  bigint
    );
    CREATE INDEX rate_limits_expire_idx ON rate_limits (expire);
  `,
  );
}

/** @public read by knex, through the list in migrate.ts */
export async function down(knex: Knex): Promise<void> {
  await knex.raw('DROP TABLE IF EXISTS rate_limits');
}
