import type { Knex } from 'knex';
import { runStatements } from './run-statements.js';

/*
 * request-magic-link records every request as one outbox row, whether or not the address is registered; the
 * outbox worker then resolves the address and writes the link and its mail, or drops the row (docs/security.md,
 * "Who can learn which addresses are registered"). The column holds what the link row needs (hashes only: the
 * link and code themselves are sealed in text_body); it is null once the row is an ordinary mail.
 */
/** @public read by knex, through the list in migrate.ts */
export async function up(knex: Knex): Promise<void> {
  await runStatements(knex, `ALTER TABLE mail_outbox ADD COLUMN sign_in_request jsonb;`);
}

/** @public read by knex, through the list in migrate.ts */
export async function down(knex: Knex): Promise<void> {
  await runStatements(
    knex,
    `DELETE FROM mail_outbox WHERE sign_in_request IS NOT NULL;
     ALTER TABLE mail_outbox DROP COLUMN sign_in_request;`,
  );
}
