import type { Knex } from 'knex';
import { AdminError } from '../errors/admin-error.js';
import { endSignInsOfInactive, insertUser, setUserActive, type UserRecord } from './admin-repository.js';
import { isForeignKeyViolation, isUniqueViolation } from './constraint-errors.js';
import { checkOptions } from './import/validate-shape.js';
import { checkClientId } from './manage-clients.js';
import { requireTenant } from './manage-tenants.js';

export interface UserView {
  id: string;
  tenantCode: string;
  clientId: string;
  email: string;
  firstName: string;
  lastName: string;
  active: boolean;
}

export async function createUser(
  db: Knex,
  input: { tenant: string; client: string; email: string; firstName: string; lastName: string },
): Promise<UserView> {
  const email = input.email.trim();
  checkOptions([
    ['email', email, '/$defs/user/properties/email'],
    ['first-name', input.firstName, '/$defs/name'],
    ['last-name', input.lastName, '/$defs/name'],
  ]);
  checkClientId(input.client);
  const tenant = await requireTenant(db, input.tenant);
  try {
    const row = await insertUser(db, {
      tenant_id: tenant.id,
      client_id: input.client,
      email,
      first_name: input.firstName,
      last_name: input.lastName,
    });
    return userView(row, tenant.code);
  } catch (err) {
    if (isUniqueViolation(err)) {
      throw new AdminError(`Tenant "${tenant.code}" already has a user with email ${email}.`);
    }
    // The foreign key is (client_id, tenant_id): a client of another tenant is refused like an unknown one.
    if (isForeignKeyViolation(err)) {
      throw new AdminError(`Tenant "${tenant.code}" has no client with id ${input.client}; check --client.`);
    }
    throw err;
  }
}

/** Deactivates the user and ends every sign-in of theirs: their access and refresh tokens stop at once. */
export async function deactivateUser(
  db: Knex,
  input: { tenant: string; email: string },
): Promise<UserView & { endedSignIns: number }> {
  return db.transaction(async (trx) => {
    const row = await setActive(trx, input, false);
    return { ...row, endedSignIns: await endSignInsOfInactive(trx, { userId: row.id }) };
  });
}

/** Reactivates the user: they may sign in again; the sign-ins deactivation ended stay ended. */
export async function activateUser(db: Knex, input: { tenant: string; email: string }): Promise<UserView> {
  return db.transaction((trx) => setActive(trx, input, true));
}

async function setActive(trx: Knex.Transaction, input: { tenant: string; email: string }, active: boolean) {
  const tenant = await requireTenant(trx, input.tenant);
  const row = await setUserActive(trx, tenant.id, input.email.trim(), active);
  if (!row)
    throw new AdminError(`Tenant "${tenant.code}" has no user with email ${input.email}; check --email.`);
  return userView(row, tenant.code);
}

const userView = (row: UserRecord, tenantCode: string): UserView => ({
  id: row.id,
  tenantCode,
  clientId: row.client_id,
  email: row.email,
  firstName: row.first_name,
  lastName: row.last_name,
  active: row.active,
});
