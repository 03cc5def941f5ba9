import { randomBytes } from 'node:crypto';
import type { Knex } from 'knex';
import type { ClientRecord, TenantRecord, UserRecord } from '../../admin/admin-repository.js';
import { type AccessTokenSettings, signAccessToken } from '../../tokens/access-token.js';

/**
 * Builders for the rows integration tests need. Each returns the inserted row; every field can be
 * overridden, and unique fields get random defaults so tests never collide.
 */
export type TenantRow = TenantRecord;
export type ClientRow = ClientRecord;
export type UserRow = UserRecord;

const suffix = () => randomBytes(4).toString('hex');

export async function insertTenant(db: Knex, overrides: Partial<TenantRow> = {}): Promise<TenantRow> {
  const [row] = await db('tenants')
    .insert({ code: `t-${suffix()}`, name: 'Test Tenant', currency: 'EUR', ...overrides })
    .returning('*');
  return row as TenantRow;
}

export async function insertClient(
  db: Knex,
  tenant: Pick<TenantRow, 'id'>,
  overrides: Partial<ClientRow> = {},
): Promise<ClientRow> {
  const [row] = await db('clients')
    .insert({ tenant_id: tenant.id, name: `Client ${suffix()}`, ...overrides })
    .returning('*');
  return row as ClientRow;
}

export async function insertUser(
  db: Knex,
  client: Pick<ClientRow, 'id' | 'tenant_id'>,
  overrides: Partial<UserRow> = {},
): Promise<UserRow> {
  const [row] = await db('portal_users')
    .insert({
      tenant_id: client.tenant_id,
      client_id: client.id,
      email: `user-${suffix()}@example.com`,
      first_name: 'Ada',
      last_name: 'Lovelace',
      ...overrides,
    })
    .returning('*');
  return row as UserRow;
}

/** A tenant, a client and an active user of that client, in one call. */
export async function insertUserWithClient(db: Knex) {
  const tenant = await insertTenant(db);
  const client = await insertClient(db, tenant);
  const user = await insertUser(db, client);
  return { tenant, client, user };
}

/** A live session (sign-in) of `user`, as validate creates one; returns its id. */
export async function insertSession(
  db: Knex,
  user: Pick<UserRow, 'id' | 'tenant_id'>,
  expiresAt = new Date(Date.now() + 86_400_000),
): Promise<string> {
  const [row] = await db('sessions')
    .insert({ tenant_id: user.tenant_id, user_id: user.id, expires_at: expiresAt })
    .returning<{ id: string }[]>('id');
  return (row as { id: string }).id;
}

/** A valid access token for `user` in a new session, signed with the server's own settings. */
export async function accessTokenFor(
  db: Knex,
  settings: AccessTokenSettings,
  user: Pick<UserRow, 'id' | 'tenant_id' | 'client_id'>,
): Promise<string> {
  const sessionId = await insertSession(db, user);
  return signAccessToken(settings, {
    userId: user.id,
    tenantId: user.tenant_id,
    clientId: user.client_id,
    sessionId,
  }).accessToken;
}
