/**
 * The scale dataset, as numbers the other modules (scenarios, report) refer to. Ids are derived from names
 * with md5(...)::uuid, so every statement of the loader can compute the id of any row without a join.
 */
export const DATASET = {
  tenants: 50,
  largeTenantCode: 'large',
  largeClients: 10_000,
  invoices: 1_000_000,
  orders: 200_000,
  estimates: 200_000,
  /** Client 1 of the large tenant: the bench user's client, with this many invoices of its own. */
  bigClientInvoices: 5_000,
  /** Each of the 49 small tenants. */
  smallTenantClients: 20,
  smallTenantRecordsPerKind: 200,
} as const;

/** The bench user (client 1 of the large tenant, whose dashboard reads 5,000 invoices). */
export const BENCH_USER_EMAIL = largeUserEmail(1);

/** The email of the one user of client `n` (1-based) of the large tenant. */
export function largeUserEmail(n: number): string {
  return `user-${n}@large.example`;
}
