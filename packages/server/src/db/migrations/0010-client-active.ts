import type { Knex } from 'knex';
import { runStatements } from './run-statements.js';

/*
 * A client can be deactivated as a whole, like a user or a tenant: none of its users may sign in or stay
 * signed in while it is inactive. Existing clients are active.
 */
/** @public read by knex, through the list in migrate.ts */
export async function up(knex: Knex): Promise<void> {
  await runStatements(knex, `ALTER TABLE clients ADD COLUMN active boolean NOT NULL DEFAULT true;`);
}

/** @public read by knex, through the list in migrate.ts */
export async function down(knex: Knex): Promise<void> {
  await runStatements(knex, `ALTER TABLE clients DROP COLUMN active;`);
}
