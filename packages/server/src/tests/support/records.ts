import type { Knex } from 'knex';
import type { ClientRow } from './fixtures.js';

type Owner = Pick<ClientRow, 'id' | 'tenant_id'>;
type Values = Record<string, unknown>;

/** Inserts a row of `table` (orders, estimates, invoices, client_addresses) for `client`; returns it. */
export async function insertFor(
  db: Knex,
  table: 'orders' | 'estimates' | 'invoices' | 'client_addresses',
  client: Owner,
  values: Values,
): Promise<Values & { id: string }> {
  const [row] = await db(table)
    .insert({ tenant_id: client.tenant_id, client_id: client.id, ...values })
    .returning('*');
  return row;
}

/** A date relative to the database's own `current_date`, so "today" means what the query means by it. */
const daysFromToday = (db: Knex, days: number) =>
  db.raw('current_date + ?::int', [days]) as unknown as string;

/**
 * Orders, estimates and invoices of one client that each rule of the dashboard must count or skip.
 * Counted: 3 open orders, 3 pending estimates, 3 unpaid invoices owing 100.00 + 100.00 + 0.01 (in minor
 * units 20001). Every other row is there to be skipped.
 */
export async function insertDashboardDataset(db: Knex, client: Owner): Promise<void> {
  for (const status of ['open', 'in_progress', 'in_progress', 'completed', 'cancelled']) {
    await insertFor(db, 'orders', client, { status });
  }
  const estimates: Values[] = [
    { status: 'sent', valid_until: null }, // no validity date: pending
    { status: 'sent', valid_until: daysFromToday(db, 0) }, // valid through today: pending
    { status: 'sent', valid_until: daysFromToday(db, 30) },
    { status: 'sent', valid_until: daysFromToday(db, -1) }, // expired yesterday
    { status: 'draft', valid_until: null },
    { status: 'accepted', valid_until: daysFromToday(db, 30) },
    { status: 'declined', valid_until: null },
  ];
  for (const estimate of estimates) await insertFor(db, 'estimates', client, estimate);
  const invoices: Values[] = [
    { status: 'issued', total_minor: 10000, paid_minor: 0 },
    { status: 'issued', total_minor: 12345, paid_minor: 2345 }, // partly paid: 100.00 open
    { status: 'issued', total_minor: 1, paid_minor: 0 },
    { status: 'draft', total_minor: 99900, paid_minor: 0 },
    { status: 'void', total_minor: 50000, paid_minor: 0 },
    { status: 'paid', total_minor: 5000, paid_minor: 5000 },
    { status: 'issued', total_minor: 7000, paid_minor: 7000 }, // fully paid, status not yet updated
    { status: 'issued', total_minor: 100, paid_minor: 150 }, // overpaid
  ];
  for (const invoice of invoices) await insertFor(db, 'invoices', client, invoice);
}
