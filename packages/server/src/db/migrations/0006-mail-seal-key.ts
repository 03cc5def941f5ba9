import type { Knex } from 'knex';
import { runStatements } from './run-statements.js';

/*
 * Queued mail is sealed with a key ring of its own (MAIL_KEYS) instead of a key derived from the token
 * signing secret; each row names the key that sealed it, so the ring can rotate while mail waits. Rows of
 * before have none: they were sealed with the key derived from JWT_SECRET.
 */
/** @public read by knex, through the list in migrate.ts */
export async function up(knex: Knex): Promise<void> {
  await runStatements(
    knex,
    `ALTER TABLE mail_outbox ADD COLUMN seal_key_id text CHECK (length(seal_key_id) <= 32);`,
  );
}

/** @public read by knex, through the list in migrate.ts */
export async function down(knex: Knex): Promise<void> {
  await runStatements(knex, `ALTER TABLE mail_outbox DROP COLUMN seal_key_id;`);
}
