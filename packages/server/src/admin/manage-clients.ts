import type { Knex } from 'knex';
import { insertClient } from './admin-repository.js';
import { checkOptions } from './import/validate-shape.js';
import { requireTenant } from './manage-tenants.js';

export interface ClientView {
  id: string;
  tenantCode: string;
  name: string;
  email: string | null;
  phone: string | null;
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
  return { id: row.id, tenantCode: tenant.code, name: row.name, email: row.email, phone: row.phone };
}
