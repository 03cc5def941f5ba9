import type { Knex } from 'knex';
import { STATE_PREDICATES, sectionOpens } from '../../records/record-states.js';
import type { Principal } from '../../tokens/access-token.js';
import { liveStatement, PRINCIPAL_IS_LIVE, principalBindings } from '../../tokens/live-principal.js';

export interface AvatarColumns {
  avatar_blob_id: string | null;
  avatar_thumbnail_blob_id: string | null;
  avatar_width: number | null;
  avatar_height: number | null;
}

export interface UserProfileRow extends AvatarColumns {
  id: string;
  email: string;
  first_name: string;
  last_name: string;
  client_id: string;
  client_name: string;
}

export interface ClientProfileRow extends AvatarColumns {
  id: string;
  name: string;
  email: string | null;
  phone: string | null;
  address_id: string | null;
  street: string | null;
  house_number: string | null;
  postal_code: string | null;
  city: string | null;
  country: string | null;
  latitude: number | null;
  longitude: number | null;
}

export interface TenantSectionsRow {
  section_configurator: boolean;
  section_finance: boolean;
  section_support: boolean;
}

export interface DashboardFiguresRow {
  currency: string;
  open_orders: number;
  pending_estimates: number;
  unpaid_invoices: number;
  /** Sum of (total - paid) in minor units, as text: exact however large. */
  outstanding_minor: string;
}

/*
 * Every read below is one statement that also carries the liveness condition of the token
 * (PRINCIPAL_IS_LIVE): no row means the token no longer stands for anyone, and the caller answers 401,
 * as the bearer check would have, without a round trip of its own.
 */

const avatarColumns = (alias: string) =>
  ['avatar_blob_id', 'avatar_thumbnail_blob_id', 'avatar_width', 'avatar_height']
    .map((c) => `${alias}.${c}`)
    .join(', ');

async function firstRow<Row>(db: Knex, sql: string, who: Principal): Promise<Row | undefined> {
  const { rows } = await liveStatement<Row>(db, sql, principalBindings(who));
  return rows[0];
}

const USER_PROFILE = `SELECT u.id, u.email, u.first_name, u.last_name, u.client_id, c.name AS client_name,
       ${avatarColumns('u')}
  FROM portal_users u
  JOIN clients c ON c.id = u.client_id AND c.tenant_id = u.tenant_id
 WHERE u.id = :userId AND u.tenant_id = :tenantId AND u.client_id = :clientId
   AND ${PRINCIPAL_IS_LIVE}`;

/** The signed-in user with their client's name. */
export function findUserProfile(db: Knex, who: Principal): Promise<UserProfileRow | undefined> {
  return firstRow(db, USER_PROFILE, who);
}

const CLIENT_PROFILE = `SELECT c.id, c.name, c.email, c.phone, ${avatarColumns('c')},
       a.id AS address_id, a.street, a.house_number, a.postal_code, a.city, a.country, a.latitude, a.longitude
  FROM clients c
  LEFT JOIN client_addresses a ON a.client_id = c.id AND a.tenant_id = c.tenant_id
 WHERE c.id = :clientId AND c.tenant_id = :tenantId
   AND ${PRINCIPAL_IS_LIVE}`;

/** The requester's client with its billing address (the address columns are null when it has none). */
export function findClientProfile(db: Knex, who: Principal): Promise<ClientProfileRow | undefined> {
  return firstRow(db, CLIENT_PROFILE, who);
}

const TENANT_SECTIONS = `SELECT t.section_configurator, t.section_finance, t.section_support
  FROM tenants t
 WHERE t.id = :tenantId
   AND ${PRINCIPAL_IS_LIVE}`;

export function findTenantSections(db: Knex, who: Principal): Promise<TenantSectionsRow | undefined> {
  return firstRow(db, TENANT_SECTIONS, who);
}

/**
 * Every dashboard figure of the requester's client in one statement. Each subquery uses the figure's
 * predicate from record-states.ts, the predicate of a partial index of 0005-document-lists that the
 * filtered lists read too (orders_open_list_idx, estimates_sent_list_idx, invoices_unpaid_list_idx), so
 * PostgreSQL reads only the rows that count, index-only: the invoices' count and sum come from one pass
 * over the index. Counts are cast to int (well below 2^31 per client);
 * the money sum stays exact as text. A figure whose list the tenant's sections close is 0: the section
 * check is a one-time filter on the tenant row, so PostgreSQL then reads no document at all.
 */
export async function dashboardFigures(db: Knex, who: Principal): Promise<DashboardFiguresRow | undefined> {
  const { rows } = await dashboardFiguresQuery(db, who);
  return rows[0];
}

/** The statement behind `dashboardFigures`, for EXPLAIN in tests. */
export function dashboardFiguresQuery(db: Knex, who: Principal) {
  return liveStatement<DashboardFiguresRow>(
    db,
    `SELECT t.currency,
       (SELECT count(*)::int FROM orders o
          WHERE o.tenant_id = t.id AND o.client_id = :clientId
            AND ${STATE_PREDICATES.orders.open('o')} AND ${sectionOpens('orders', 't')}) AS open_orders,
       (SELECT count(*)::int FROM estimates e
          WHERE e.tenant_id = t.id AND e.client_id = :clientId
            AND ${STATE_PREDICATES.estimates.pending('e')}
            AND ${sectionOpens('estimates', 't')}) AS pending_estimates,
       unpaid.unpaid_invoices, unpaid.outstanding_minor
     FROM tenants t
     CROSS JOIN LATERAL (
       SELECT count(*)::int AS unpaid_invoices,
              coalesce(sum(i.total_minor - i.paid_minor), 0)::text AS outstanding_minor
         FROM invoices i
        WHERE i.tenant_id = t.id AND i.client_id = :clientId
          AND ${STATE_PREDICATES.invoices.unpaid('i')} AND ${sectionOpens('invoices', 't')}) unpaid
     WHERE t.id = :tenantId
       AND ${PRINCIPAL_IS_LIVE}`,
    principalBindings(who),
  );
}
