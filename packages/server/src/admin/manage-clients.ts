import type { Knex } from 'knex';
import { AdminError, EXIT } from '../errors/admin-error.js';
import {
  type ClientRecord,
  endSignInsOfInactive,
  insertClient,
  setClientActive,
} from './admin-repository.js';
import { checkOptions } from './import/validate-shape.js';
import { requireTenant } from './manage-tenants.js';

export interface ClientView {
  id: string;
  tenantCode: string;
  name: string;
  email: string | null;
  phone: string | null;
  active: boolean;
}

export async function createClient(
  db: Knex,
  input: { tenant: string; name: string; email?: string | undefined; phone?: string | undefined },
): Promise<ClientView> {
  checkOptions([
    ['name', input.name, '/$defs/name'],
    ['email', input.email, '/$defs/client/properties/email'],
    ['phone', input.phone, '/$defs/client/properties/phone'],
  ]);
  const tenant = await requireTenant(db, input.tenant);
  const row = await insertClient(db, {
    tenant_id: tenant.id,
    name: input.name,
    email: input.email ?? null,
    phone: input.phone ?? null,
  });
  return clientView(row, tenant.code);
}

/**
 * Deactivates the client: none of its users may sign in, and every sign-in of theirs ends (their access and
 * refresh tokens stop at once).
 */
export async function deactivateClient(
  db: Knex,
  input: { tenant: string; client: string },
): Promise<ClientView & { endedSignIns: number }> {
  checkClientId(input.client);
  return db.transaction(async (trx) => {
    const client = await setActive(trx, input, false);
    return { ...client, endedSignIns: await endSignInsOfInactive(trx, { clientId: client.id }) };
  });
}

/** Reactivates the client: its active users may sign in again; the sign-ins deactivation ended stay ended. */
export async function activateClient(
  db: Knex,
  input: { tenant: string; client: string },
): Promise<ClientView> {
  checkClientId(input.client);
  return db.transaction((trx) => setActive(trx, input, true));
}

async function setActive(trx: Knex.Transaction, input: { tenant: string; client: string }, active: boolean) {
  const tenant = await requireTenant(trx, input.tenant);
  const row = await setClientActive(trx, tenant.id, input.client, active);
  if (!row)
    throw new AdminError(`Tenant "${tenant.code}" has no client with id ${input.client}; check --client.`);
  return clientView(row, tenant.code);
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Refuses (exit 64) a `--client` that is no client id at all, before the database is asked. */
export function checkClientId(client: string): void {
  if (!UUID.test(client)) {
    throw new AdminError(
      `--client "${client}" is not a client id (the "id" client create printed).`,
      EXIT.usage,
    );
  }
}

const clientView = (row: ClientRecord, tenantCode: string): ClientView => ({
  id: row.id,
  tenantCode,
  name: row.name,
  email: row.email,
  phone: row.phone,
  active: row.active,
});
