import type { Knex } from 'knex';
import { runStatements } from './run-statements.js';

/*
 * A sign-in (a refresh-token family) becomes a row of its own, `sessions`, and its life is decided there:
 * rotation, reuse detection and logout lock that row (SELECT ... FOR UPDATE), so no rotation can commit into
 * a family that a concurrent reuse detection revoked (OAuth 2.0 Security BCP, RFC 9700, 4.14.2), and access
 * tokens carry its id (`sid`) so that revocation reaches them at once. Existing families become sessions;
 * the per-token `revoked_at` moves to the session.
 */
/** @public read by knex, through the list in migrate.ts */
export async function up(knex: Knex): Promise<void> {
  await runStatements(
    knex,
    `
    CREATE TABLE sessions (
      id                 uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      tenant_id          uuid NOT NULL,
      user_id            uuid NOT NULL,
      created_at         timestamptz NOT NULL DEFAULT now(),
      last_used_at       timestamptz NOT NULL DEFAULT now(),
      -- The absolute end of the sign-in: rotation never extends it.
      expires_at         timestamptz NOT NULL,
      revoked_at         timestamptz,
      revoked_reason     text CHECK (revoked_reason IN ('logout', 'reuse', 'deactivated')),
      created_ip         text CHECK (length(created_ip) <= 64),
      created_user_agent text CHECK (length(created_user_agent) <= 512),
      CHECK ((revoked_at IS NULL) = (revoked_reason IS NULL)),
      FOREIGN KEY (user_id, tenant_id) REFERENCES portal_users (id, tenant_id) ON DELETE CASCADE
    );
    CREATE INDEX sessions_user_idx ON sessions (user_id);
    CREATE INDEX sessions_expires_idx ON sessions (expires_at);

    INSERT INTO sessions (id, tenant_id, user_id, created_at, last_used_at, expires_at, revoked_at, revoked_reason)
    SELECT family_id, min(tenant_id::text)::uuid, min(user_id::text)::uuid, min(created_at), max(created_at),
           max(expires_at), max(revoked_at),
           CASE WHEN max(revoked_at) IS NULL THEN NULL ELSE 'logout' END
      FROM refresh_tokens GROUP BY family_id;

    ALTER TABLE refresh_tokens
      ADD CONSTRAINT refresh_tokens_session_fk FOREIGN KEY (family_id) REFERENCES sessions (id) ON DELETE CASCADE;
    ALTER TABLE refresh_tokens DROP COLUMN revoked_at;
    -- The successor of a rotated token, sealed with a key derived from the rotated token itself: whoever
    -- presents that token again within the grace period gets the same successor back, and the database holds
    -- nothing usable without it.
    ALTER TABLE refresh_tokens ADD COLUMN successor_sealed text;
  `,
  );
}

/** @public read by knex, through the list in migrate.ts */
export async function down(knex: Knex): Promise<void> {
  await runStatements(
    knex,
    `
    ALTER TABLE refresh_tokens DROP COLUMN successor_sealed;
    ALTER TABLE refresh_tokens ADD COLUMN revoked_at timestamptz;
    UPDATE refresh_tokens r SET revoked_at = s.revoked_at FROM sessions s WHERE s.id = r.family_id;
    ALTER TABLE refresh_tokens DROP CONSTRAINT refresh_tokens_session_fk;
    DROP TABLE sessions;
  `,
  );
}
