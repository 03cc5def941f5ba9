import type { Knex } from 'knex';
import { runStatements } from './run-statements.js';

/*
 * The whole data model of the portal. Every business table carries `tenant_id`, and child rows reference
 * their parent by (id, tenant_id), so the database itself refuses a row that points into another tenant.
 * Money is BIGINT in minor units of the tenant's currency: exact, never a float.
 */
/** @public read by knex, through the list in migrate.ts */
export async function up(knex: Knex): Promise<void> {
  await runStatements(
    knex,
    `
    CREATE TABLE tenants (
      id            uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      external_id   text UNIQUE,
      code          text NOT NULL UNIQUE CHECK (code ~ '^[a-z0-9][a-z0-9_-]{0,63}$'),
      name          text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
      currency      char(3) NOT NULL CHECK (currency ~ '^[A-Z]{3}$'),
      section_configurator boolean NOT NULL DEFAULT false,
      section_finance      boolean NOT NULL DEFAULT false,
      section_support      boolean NOT NULL DEFAULT false,
      active        boolean NOT NULL DEFAULT true,
      created_at    timestamptz NOT NULL DEFAULT now(),
      updated_at    timestamptz NOT NULL DEFAULT now()
    );

    CREATE TABLE clients (
      id            uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      tenant_id     uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
      external_id   text,
      name          text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
      email         text,
      phone         text,
      avatar_blob_id           text,
      avatar_thumbnail_blob_id text,
      avatar_width             integer CHECK (avatar_width >= 0),
      avatar_height            integer CHECK (avatar_height >= 0),
      created_at    timestamptz NOT NULL DEFAULT now(),
      updated_at    timestamptz NOT NULL DEFAULT now(),
      UNIQUE (id, tenant_id),
      UNIQUE (tenant_id, external_id),
      -- An avatar is all four fields or none.
      CHECK ((avatar_blob_id IS NULL) = (avatar_thumbnail_blob_id IS NULL)
         AND (avatar_blob_id IS NULL) = (avatar_width IS NULL)
         AND (avatar_blob_id IS NULL) = (avatar_height IS NULL))
    );

    -- One billing address per client (the row's id is the address id the API returns).
    CREATE TABLE client_addresses (
      id            uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      tenant_id     uuid NOT NULL,
      client_id     uuid NOT NULL,
      street        text NOT NULL,
      house_number  text NOT NULL,
      postal_code   text NOT NULL,
      city          text NOT NULL,
      country       text NOT NULL,
      latitude      double precision CHECK (latitude BETWEEN -90 AND 90),
      longitude     double precision CHECK (longitude BETWEEN -180 AND 180),
      created_at    timestamptz NOT NULL DEFAULT now(),
      updated_at    timestamptz NOT NULL DEFAULT now(),
      UNIQUE (client_id),
      FOREIGN KEY (client_id, tenant_id) REFERENCES clients (id, tenant_id) ON DELETE CASCADE
    );

    CREATE TABLE portal_users (
      id            uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      tenant_id     uuid NOT NULL,
      client_id     uuid NOT NULL,
      external_id   text,
      email         text NOT NULL CHECK (email = btrim(email) AND length(email) BETWEEN 3 AND 254),
      first_name    text NOT NULL,
      last_name     text NOT NULL,
      active        boolean NOT NULL DEFAULT true,
      avatar_blob_id           text,
      avatar_thumbnail_blob_id text,
      avatar_width             integer CHECK (avatar_width >= 0),
      avatar_height            integer CHECK (avatar_height >= 0),
      created_at    timestamptz NOT NULL DEFAULT now(),
      updated_at    timestamptz NOT NULL DEFAULT now(),
      UNIQUE (id, tenant_id),
      UNIQUE (tenant_id, external_id),
      FOREIGN KEY (client_id, tenant_id) REFERENCES clients (id, tenant_id) ON DELETE CASCADE,
      CHECK ((avatar_blob_id IS NULL) = (avatar_thumbnail_blob_id IS NULL)
         AND (avatar_blob_id IS NULL) = (avatar_width IS NULL)
         AND (avatar_blob_id IS NULL) = (avatar_height IS NULL))
    );
    -- Email is unique per tenant, case-insensitively; this index also serves the sign-in lookup.
    CREATE UNIQUE INDEX portal_users_tenant_email_key ON portal_users (tenant_id, lower(email));
    CREATE INDEX portal_users_client_idx ON portal_users (client_id);

    CREATE TABLE orders (
      id            uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      tenant_id     uuid NOT NULL,
      client_id     uuid NOT NULL,
      external_id   text,
      number        text,
      status        text NOT NULL CHECK (status IN ('open', 'in_progress', 'completed', 'cancelled')),
      total_minor   bigint NOT NULL DEFAULT 0 CHECK (total_minor >= 0),
      ordered_at    timestamptz NOT NULL DEFAULT now(),
      created_at    timestamptz NOT NULL DEFAULT now(),
      updated_at    timestamptz NOT NULL DEFAULT now(),
      UNIQUE (tenant_id, external_id),
      FOREIGN KEY (client_id, tenant_id) REFERENCES clients (id, tenant_id) ON DELETE CASCADE
    );
    CREATE INDEX orders_open_idx ON orders (tenant_id, client_id)
      WHERE status IN ('open', 'in_progress');
    CREATE INDEX orders_client_idx ON orders (client_id);

    CREATE TABLE estimates (
      id            uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      tenant_id     uuid NOT NULL,
      client_id     uuid NOT NULL,
      external_id   text,
      number        text,
      status        text NOT NULL CHECK (status IN ('draft', 'sent', 'accepted', 'declined')),
      total_minor   bigint NOT NULL DEFAULT 0 CHECK (total_minor >= 0),
      valid_until   date,
      created_at    timestamptz NOT NULL DEFAULT now(),
      updated_at    timestamptz NOT NULL DEFAULT now(),
      UNIQUE (tenant_id, external_id),
      FOREIGN KEY (client_id, tenant_id) REFERENCES clients (id, tenant_id) ON DELETE CASCADE
    );
    CREATE INDEX estimates_pending_idx ON estimates (tenant_id, client_id, valid_until)
      WHERE status = 'sent';
    CREATE INDEX estimates_client_idx ON estimates (client_id);

    CREATE TABLE invoices (
      id            uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      tenant_id     uuid NOT NULL,
      client_id     uuid NOT NULL,
      external_id   text,
      number        text,
      status        text NOT NULL CHECK (status IN ('draft', 'issued', 'paid', 'void')),
      total_minor   bigint NOT NULL CHECK (total_minor >= 0),
      paid_minor    bigint NOT NULL DEFAULT 0 CHECK (paid_minor >= 0),
      issued_at     timestamptz,
      due_date      date,
      created_at    timestamptz NOT NULL DEFAULT now(),
      updated_at    timestamptz NOT NULL DEFAULT now(),
      UNIQUE (tenant_id, external_id),
      FOREIGN KEY (client_id, tenant_id) REFERENCES clients (id, tenant_id) ON DELETE CASCADE
    );
    -- Exactly the rows the dashboard's unpaid figures read, with the amounts, so the aggregate is an
    -- index-only scan however many paid or draft invoices the tenant has.
    CREATE INDEX invoices_unpaid_idx ON invoices (tenant_id, client_id) INCLUDE (total_minor, paid_minor)
      WHERE status NOT IN ('draft', 'void') AND paid_minor < total_minor;
    CREATE INDEX invoices_client_idx ON invoices (client_id);

    -- Magic-link tokens: only the SHA-256 of the token is stored; used_at makes redemption single-use.
    CREATE TABLE magic_link_tokens (
      id            uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      tenant_id     uuid NOT NULL,
      user_id       uuid NOT NULL,
      token_hash    bytea NOT NULL UNIQUE CHECK (length(token_hash) = 32),
      expires_at    timestamptz NOT NULL,
      used_at       timestamptz,
      request_ip    text,
      user_agent    text,
      created_at    timestamptz NOT NULL DEFAULT now(),
      FOREIGN KEY (user_id, tenant_id) REFERENCES portal_users (id, tenant_id) ON DELETE CASCADE
    );
    CREATE INDEX magic_link_tokens_user_idx ON magic_link_tokens (user_id);
    CREATE INDEX magic_link_tokens_expires_idx ON magic_link_tokens (expires_at);

    -- Refresh tokens: hashed, single-use, grouped in families (one family per sign-in) so that reuse of a
    -- rotated token can revoke every descendant (OAuth 2.0 Security BCP, section 4.14.2).
    CREATE TABLE refresh_tokens (
      id            uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      tenant_id     uuid NOT NULL,
      user_id       uuid NOT NULL,
      family_id     uuid NOT NULL,
      parent_id     uuid REFERENCES refresh_tokens (id) ON DELETE SET NULL,
      token_hash    bytea NOT NULL UNIQUE CHECK (length(token_hash) = 32),
      expires_at    timestamptz NOT NULL,
      rotated_at    timestamptz,
      revoked_at    timestamptz,
      created_at    timestamptz NOT NULL DEFAULT now(),
      FOREIGN KEY (user_id, tenant_id) REFERENCES portal_users (id, tenant_id) ON DELETE CASCADE
    );
    CREATE INDEX refresh_tokens_family_idx ON refresh_tokens (family_id);
    CREATE INDEX refresh_tokens_user_idx ON refresh_tokens (user_id);
    CREATE INDEX refresh_tokens_expires_idx ON refresh_tokens (expires_at);

    -- Mail is written here in the same transaction as what it announces and delivered by the outbox worker.
    CREATE TABLE mail_outbox (
      id              uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      tenant_id       uuid REFERENCES tenants (id) ON DELETE CASCADE,
      to_address      text NOT NULL,
      subject         text NOT NULL,
      text_body       text NOT NULL,
      html_body       text NOT NULL,
      status          text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'sent', 'failed')),
      attempts        integer NOT NULL DEFAULT 0,
      next_attempt_at timestamptz NOT NULL DEFAULT now(),
      last_error      text,
      sent_at         timestamptz,
      created_at      timestamptz NOT NULL DEFAULT now()
    );
    CREATE INDEX mail_outbox_due_idx ON mail_outbox (next_attempt_at) WHERE status = 'pending';
  `,
  );
}

/** @public read by knex, through the list in migrate.ts */
export async function down(knex: Knex): Promise<void> {
  await runStatements(
    knex,
    `
    DROP TABLE IF EXISTS mail_outbox, refresh_tokens, magic_link_tokens, invoices, estimates, orders,
      portal_users, client_addresses, clients, tenants CASCADE;
  `,
  );
}
