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

export async function insertClient(db: Knex, client: Omit<ClientRecord, 'id'>): Promise<ClientRecord> {
  const [row] = await db('clients').insert(client).returning(['id', 'tenant_id', 'name', 'email', 'phone']);
  return row;
}

const USER_COLUMNS = ['id', 'tenant_id', 'client_id', 'email', 'first_name', 'last_name', 'active'];

export async function insertUser(db: Knex, user: Omit<UserRecord, 'id' | 'active'>): Promise<UserRecord> {
  const [row] = await db('portal_users').insert(user).returning(USER_COLUMNS);
  return row;
}

/** Deactivates the user and revokes their refresh tokens, so no session of theirs can be renewed. */
export async function deactivateUser(
  db: Knex.Transaction,
  tenantId: string,
  email: string,
): Promise<UserRecord | undefined> {
  const [row] = await db('portal_users')
    .where({ tenant_id: tenantId })
    .whereRaw('lower(email) = lower(?)', [email])
    .update({ active: false, updated_at: db.fn.now() })
    .returning(USER_COLUMNS);
  if (row) {
    // Their sign-ins end too: refresh tokens stop rotating, and a reactivated user must sign in again.
    await db('sessions')
      .where({ tenant_id: tenantId, user_id: row.id })
      .whereNull('revoked_at')
      .update({ revoked_at: db.fn.now(), revoked_reason: 'deactivated' });
  }
  return row;
}
