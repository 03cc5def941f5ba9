import { DATASET as D } from './dataset.js';

/*
 * The scale dataset as set-based SQL: one INSERT ... SELECT FROM generate_series per table, so PostgreSQL
 * builds a million rows without a round trip per row. Row ids are md5(name)::uuid, computable anywhere.
 * Statuses cycle so that every figure of the dashboard counts something: 40% of invoices are unpaid
 * (issued, unpaid or partly paid), half the orders are open or in progress, a quarter of the estimates
 * are sent (some of those expired).
 */
const largeTenant = `md5('tenant-large')::uuid`;
const smallTenant = (t: string) => `md5('tenant-small-' || ${t})::uuid`;
const largeClient = (n: string) => `md5('large-client-' || ${n})::uuid`;
const smallClient = (t: string, c: string) => `md5('small-' || ${t} || '-client-' || ${c})::uuid`;
const smallTenants = D.tenants - 1;

/**
 * Records of one kind spread over the large tenant's clients; the big client gets its own first. Orders
 * and estimates go to clients in runs of four, so each client has every status.
 */
const largeClientOf = (i: string, bigFirst: number) =>
  bigFirst > 0
    ? `CASE WHEN ${i} <= ${bigFirst} THEN 1 ELSE 2 + (${i} % ${D.largeClients - 1}) END`
    : `1 + (${i} / 4) % ${D.largeClients}`;

function invoiceColumns(i: string) {
  return `'i-' || ${i}, 'INV-' || ${i},
    (ARRAY['draft','void','paid','paid','paid','paid','issued','issued','issued','issued'])[1 + ${i} % 10],
    1000 + (${i} * 7919::bigint) % 100000,
    CASE WHEN ${i} % 10 BETWEEN 2 AND 5 THEN 1000 + (${i} * 7919::bigint) % 100000
         WHEN ${i} % 10 = 9 THEN 500 ELSE 0 END,
    now() - (${i} % 700) * interval '1 day', current_date - (${i} % 700) + 30`;
}

function orderColumns(i: string) {
  return `'o-' || ${i}, 'ORD-' || ${i},
    (ARRAY['open','in_progress','completed','cancelled'])[1 + ${i} % 4],
    (${i} * 104729::bigint) % 500000, now() - (${i} % 900) * interval '1 day'`;
}

function estimateColumns(i: string) {
  return `'e-' || ${i}, 'EST-' || ${i},
    (ARRAY['draft','sent','accepted','declined'])[1 + ${i} % 4],
    (${i} * 15485863::bigint) % 800000,
    CASE WHEN ${i} % 3 = 0 THEN NULL ELSE current_date + (${i} % 120) - 40 END`;
}

export const DATASET_STATEMENTS: { label: string; sql: string }[] = [
  {
    label: 'tenants',
    sql: `INSERT INTO tenants (id, external_id, code, name, currency,
            section_configurator, section_finance, section_support)
          SELECT ${largeTenant}, 't-large', '${D.largeTenantCode}', 'Large Tenant', 'EUR', true, true, true
          UNION ALL
          SELECT ${smallTenant('t::text')}, 't-small-' || t, 'small-' || lpad(t::text, 2, '0'),
                 'Small Tenant ' || t, (ARRAY['EUR','JPY','BHD','USD'])[1 + t % 4], t % 2 = 0, true, t % 3 = 0
            FROM generate_series(1, ${smallTenants}) t`,
  },
  {
    label: 'clients',
    sql: `INSERT INTO clients (id, tenant_id, external_id, name, email, phone,
            avatar_blob_id, avatar_thumbnail_blob_id, avatar_width, avatar_height)
          SELECT ${largeClient('n::text')}, ${largeTenant}, 'c-' || n, 'Client ' || n,
                 'billing-' || n || '@large.example', '+44 20 7946 ' || lpad((n % 10000)::text, 4, '0'),
                 CASE WHEN n % 2 = 1 THEN 'blob-' || n END, CASE WHEN n % 2 = 1 THEN 'thumb-' || n END,
                 CASE WHEN n % 2 = 1 THEN 512 END, CASE WHEN n % 2 = 1 THEN 512 END
            FROM generate_series(1, ${D.largeClients}) n
          UNION ALL
          SELECT ${smallClient('t::text', 'c::text')}, ${smallTenant('t::text')}, 'c-' || c, 'Client ' || c,
                 NULL, NULL, NULL, NULL, NULL, NULL
            FROM generate_series(1, ${smallTenants}) t, generate_series(1, ${D.smallTenantClients}) c`,
  },
  {
    label: 'client addresses',
    sql: `INSERT INTO client_addresses (tenant_id, client_id, street, house_number, postal_code, city, country,
            latitude, longitude)
          SELECT tenant_id, id, 'High Street', (1 + abs(hashtext(id::text)) % 200)::text, 'EC1A 1BB', 'London',
                 'GB', 51.5072, -0.1276
            FROM clients`,
  },
  {
    label: 'portal users',
    sql: `INSERT INTO portal_users (id, tenant_id, client_id, external_id, email, first_name, last_name)
          SELECT md5('large-user-' || n)::uuid, ${largeTenant}, ${largeClient('n::text')}, 'u-' || n,
                 'user-' || n || '@large.example', 'First' || n, 'Last' || n
            FROM generate_series(1, ${D.largeClients}) n
          UNION ALL
          SELECT md5('small-' || t || '-user-' || c)::uuid, ${smallTenant('t::text')},
                 ${smallClient('t::text', 'c::text')}, 'u-' || c, 'user-' || c || '@small-' || t || '.example',
                 'First' || c, 'Last' || c
            FROM generate_series(1, ${smallTenants}) t, generate_series(1, ${D.smallTenantClients}) c`,
  },
  ...(
    [
      [
        'invoices',
        'external_id, number, status, total_minor, paid_minor, issued_at, due_date',
        invoiceColumns,
      ],
      ['orders', 'external_id, number, status, total_minor, ordered_at', orderColumns],
      ['estimates', 'external_id, number, status, total_minor, valid_until', estimateColumns],
    ] as const
  ).map(([table, columns, values]) => ({
    label: table,
    sql: `INSERT INTO ${table} (tenant_id, client_id, ${columns})
          SELECT ${largeTenant}, ${largeClient(`(${largeClientOf('i', table === 'invoices' ? D.bigClientInvoices : 0)})::text`)},
                 ${values('i')}
            FROM generate_series(1, ${D[table]}) i
          UNION ALL
          SELECT ${smallTenant('t::text')},
                 ${smallClient('t::text', `(1 + i % ${D.smallTenantClients})::text`)}, ${values('i')}
            FROM generate_series(1, ${smallTenants}) t, generate_series(1, ${D.smallTenantRecordsPerKind}) i`,
  })),
];
