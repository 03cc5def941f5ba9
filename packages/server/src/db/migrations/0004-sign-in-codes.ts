import type { Knex } from 'knex';
import { runStatements } from './run-statements.js';

/*
 * The one-time code of a sign-in mail lives on its magic link: its keyed hash (HMAC-SHA-256, never the code)
 * and the wrong attempts made against it, counted by a conditional UPDATE. A code is looked up through the
 * latest link of its user, hence the index on (user_id, created_at).
 */
/** @public read by knex, through the list in migrate.ts */
export async function up(knex: Knex): Promise<void> {
  await runStatements(
    knex,
    `
    ALTER TABLE magic_link_tokens ADD COLUMN code_hash bytea CHECK (length(code_hash) = 32);
    ALTER TABLE magic_link_tokens ADD COLUMN code_attempts integer NOT NULL DEFAULT 0 CHECK (code_attempts >= 0);
    DROP INDEX magic_link_tokens_user_idx;
    CREATE INDEX magic_link_tokens_user_created_idx ON magic_link_tokens (user_id, created_at DESC, id DESC);
  `,
  );
}

/** @public read by knex, through the list in migrate.ts */
export async function down(knex: Knex): Promise<void> {
  await runStatements(
    knex,
    `
    DROP INDEX magic_link_tokens_user_created_idx;
    CREATE INDEX magic_link_tokens_user_idx ON magic_link_tokens (user_id);
    ALTER TABLE magic_link_tokens DROP COLUMN code_attempts;
    ALTER TABLE magic_link_tokens DROP COLUMN code_hash;
  `,
  );
}
