import type { Knex } from 'knex';
import { runStatements } from './run-statements.js';

/*
 * The user's own controls over their sign-ins (devices): a sign-in may now also end because the user ended
 * it from another device, because a new sign-in went over the per-user cap, or because support staff ended
 * it. No new index: the list and the cap read one user's few rows through sessions_user_idx, while a
 * partial index of live rows would draw the planner away from the primary key in every read's liveness check.
 */
/** @public read by knex, through the list in migrate.ts */
export async function up(knex: Knex): Promise<void> {
  await runStatements(
    knex,
    `
    ALTER TABLE sessions DROP CONSTRAINT sessions_revoked_reason_check;
    ALTER TABLE sessions ADD CONSTRAINT sessions_revoked_reason_check CHECK (revoked_reason IN
      ('logout', 'reuse', 'deactivated', 'signed_out_elsewhere', 'cap', 'staff'));
  `,
  );
}

/** @public read by knex, through the list in migrate.ts */
export async function down(knex: Knex): Promise<void> {
  await runStatements(
    knex,
    `
    ALTER TABLE sessions DROP CONSTRAINT sessions_revoked_reason_check;
    UPDATE sessions SET revoked_reason = 'logout'
     WHERE revoked_reason IN ('signed_out_elsewhere', 'cap', 'staff');
    ALTER TABLE sessions ADD CONSTRAINT sessions_revoked_reason_check
      CHECK (revoked_reason IN ('logout', 'reuse', 'deactivated'));
  `,
  );
}
