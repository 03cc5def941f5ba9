import type { Knex } from 'knex';

/*
 * The writes of the admin commands. Plain objects in and out; `db` may be a transaction. Uniqueness and
 * tenant ownership are enforced by the schema's constraints, and reported by the use cases.
 */

export interface TenantRecord {
  id: string;
  code: string;
  name: string;
  currency: string;
  section_configurator: boolean;
  section_finance: boolean;
  section_support: boolean;
  active: boolean;
}

export interface ClientRecord {
  id: string;
  tenant_id: string;
  name: string;
  email: string | null;
  phone: string | null;
  active: boolean;
}

export interface UserRecord {
  id: string;
  tenant_id: string;
  client_id: string;
  email: string;
  first_name: string;
  last_name: string;
  active: boolean;
}

const TENANT_COLUMNS = [
  'id',
  'code',
  'name',
  'currency',
  'section_configurator',
  'section_finance',
  'section_support',
  'active',
];

export async function findTenantByCode(db: Knex, code: string): Promise<TenantRecord | undefined> {
  return db('tenants').where({ code }).first(TENANT_COLUMNS);
}

export async function insertTenant(
  db: Knex,
  tenant: Omit<TenantRecord, 'id' | 'active'>,
): Promise<TenantRecord> {
  const [row] = await db('tenants').insert(tenant).returning(TENANT_COLUMNS);
  return row;
}

export async function updateTenantSections(
  db: Knex,
  code: string,
  sections: Pick<TenantRecord, 'section_configurator' | 'section_finance' | 'section_support'>,
): Promise<TenantRecord | undefined> {
  const [row] = await db('tenants')
    .where({ code })
    .update({ ...sections, updated_at: db.fn.now() })
    .returning(TENANT_COLUMNS);
  return row;
}

const CLIENT_COLUMNS = ['id', 'tenant_id', 'name', 'email', 'phone', 'active'];

export async function insertClient(
  db: Knex,
  client: Omit<ClientRecord, 'id' | 'active'>,
): Promise<ClientRecord> {
  const [row] = await db('clients').insert(client).returning(CLIENT_COLUMNS);
  return row;
}

const USER_COLUMNS = ['id', 'tenant_id', 'client_id', 'email', 'first_name', 'last_name', 'active'];

export async function insertUser(db: Knex, user: Omit<UserRecord, 'id' | 'active'>): Promise<UserRecord> {
  const [row] = await db('portal_users').insert(user).returning(USER_COLUMNS);
  return row;
}

export async function setTenantActive(
  db: Knex,
  code: string,
  active: boolean,
): Promise<TenantRecord | undefined> {
  const [row] = await db('tenants')
    .where({ code })
    .update({ active, updated_at: db.fn.now() })
    .returning(TENANT_COLUMNS);
  return row;
}

export async function setClientActive(
  db: Knex,
  tenantId: string,
  clientId: string,
  active: boolean,
): Promise<ClientRecord | undefined> {
  const [row] = await db('clients')
    .where({ tenant_id: tenantId, id: clientId })
    .update({ active, updated_at: db.fn.now() })
    .returning(CLIENT_COLUMNS);
  return row;
}

/** The user with this email (compared case-insensitively) in the tenant, made active or inactive. */
export async function setUserActive(
  db: Knex,
  tenantId: string,
  email: string,
  active: boolean,
): Promise<UserRecord | undefined> {
  const [row] = await db('portal_users')
    .where({ tenant_id: tenantId })
    .whereRaw('lower(email) = lower(?)', [email])
    .update({ active, updated_at: db.fn.now() })
    .returning(USER_COLUMNS);
  return row;
}

/** Whose sign-ins `endSignInsOfInactive` looks at: some tenants, one client or one user. */
export type SignInScope = { tenantIds: string[] } | { clientId: string } | { userId: string };

/**
 * Ends (revokes, reason `deactivated`) every sign-in within `scope` of a user who is inactive, or whose
 * client or tenant is: their refresh tokens stop rotating and their access tokens are refused. Reactivation
 * never revives a revoked sign-in, so whoever held its tokens, the user or a thief, must sign in again.
 * Returns how many sign-ins it ended.
 */
export async function endSignInsOfInactive(db: Knex, scope: SignInScope): Promise<number> {
  const [column, ids] =
    'tenantIds' in scope
      ? ['u.tenant_id', scope.tenantIds]
      : 'clientId' in scope
        ? ['u.client_id', [scope.clientId]]
        : ['u.id', [scope.userId]];
  if (ids.length === 0) return 0;
  const { rows } = await db.raw<{ rows: unknown[] }>(
    `UPDATE sessions s SET revoked_at = now(), revoked_reason = 'deactivated'
       FROM portal_users u
       JOIN clients c ON c.id = u.client_id AND c.tenant_id = u.tenant_id
       JOIN tenants t ON t.id = u.tenant_id
      WHERE s.user_id = u.id AND s.tenant_id = u.tenant_id AND s.revoked_at IS NULL
        AND NOT (u.active AND c.active AND t.active)
        AND ${column} = ANY(?::uuid[])
      RETURNING s.id`,
    [ids],
  );
  return rows.length;
}
