import type { Knex } from 'knex';
import { runStatements } from './run-statements.js';

/*
 * The indexes behind the portal's lists of orders, estimates and invoices (features/documents): each page is
 * one range scan in the list's order (date, then id, scanned backwards for newest first), starting after
 * the cursor's position. A list filtered like a dashboard figure has its own partial index with the
 * figure's predicate (records/record-states.ts), so a page of a client's unpaid invoices never
 * reads its paid ones. Drafts are never listed, so the invoice and estimate indexes leave them out.
 */
/** @public read by knex, through the list in migrate.ts */
export async function up(knex: Knex): Promise<void> {
  await runStatements(
    knex,
    `
    CREATE INDEX orders_list_idx ON orders (tenant_id, client_id, ordered_at, id);
    -- Serves the dashboard's count of open orders as well, so it replaces orders_open_idx.
    CREATE INDEX orders_open_list_idx ON orders (tenant_id, client_id, ordered_at, id)
      WHERE status IN ('open', 'in_progress');
    DROP INDEX orders_open_idx;

    CREATE INDEX estimates_list_idx ON estimates (tenant_id, client_id, created_at, id)
      WHERE status <> 'draft';
    -- With valid_until it also serves the dashboard's count of pending estimates (index-only), so it
    -- replaces estimates_pending_idx.
    CREATE INDEX estimates_sent_list_idx ON estimates (tenant_id, client_id, created_at, id)
      INCLUDE (valid_until) WHERE status = 'sent';
    DROP INDEX estimates_pending_idx;

    CREATE INDEX invoices_list_idx ON invoices (tenant_id, client_id, (coalesce(issued_at, created_at)), id)
      WHERE status <> 'draft';
    -- With the amounts it also serves the dashboard's count and sum of unpaid invoices (index-only), so
    -- it replaces invoices_unpaid_idx.
    CREATE INDEX invoices_unpaid_list_idx
      ON invoices (tenant_id, client_id, (coalesce(issued_at, created_at)), id) INCLUDE (total_minor, paid_minor)
      WHERE status NOT IN ('draft', 'void') AND paid_minor < total_minor;
    DROP INDEX invoices_unpaid_idx;
  `,
  );
}

/** @public read by knex, through the list in migrate.ts */
export async function down(knex: Knex): Promise<void> {
  await runStatements(
    knex,
    `
    CREATE INDEX orders_open_idx ON orders (tenant_id, client_id) WHERE status IN ('open', 'in_progress');
    CREATE INDEX estimates_pending_idx ON estimates (tenant_id, client_id, valid_until) WHERE status = 'sent';
    CREATE INDEX invoices_unpaid_idx ON invoices (tenant_id, client_id) INCLUDE (total_minor, paid_minor)
      WHERE status NOT IN ('draft', 'void') AND paid_minor < total_minor;
    DROP INDEX IF EXISTS orders_list_idx, orders_open_list_idx, estimates_list_idx, estimates_sent_list_idx,
      invoices_list_idx, invoices_unpaid_list_idx;
  `,
  );
}
