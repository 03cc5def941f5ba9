import type { Knex } from 'knex';
import { isKnownCurrency } from '../../money/money.js';
import {
  CLIENT_RECORDS,
  type ClientInput,
  type ClientOwned,
  type Located,
  type SoundRecords,
  type TenantInput,
  type UserInput,
} from './import-document.js';

/**
 * What the schema cannot say: that every reference resolves (in the file or in the database), that no
 * external id, tenant code or user email is given twice, and that none is already taken by another record
 * in the database. Returns every problem, each with the JSON Pointer of the field at fault. It reads the
 * records that have the schema's shape (a file with schema problems still gets these checked, so that one
 * run lists everything to fix). Run inside the import's transaction, so what it checks is what the import
 * then writes.
 */
export async function checkReferences(db: Knex, doc: SoundRecords): Promise<string[]> {
  const problems: string[] = [];
  const tenants: Located<TenantInput>[] = doc.tenants;
  const clients: Located<ClientInput>[] = doc.clients;
  const owned = CLIENT_RECORDS.flatMap((kind) =>
    (doc[kind] as Located<ClientOwned>[]).map(({ record, at }) => ({ record, at, kind })),
  );

  // Tenants: unique in the file, a known currency, and a code not held by another tenant.
  const codes = [...new Set([...tenants, ...clients, ...owned].map(({ record }) => codeOf(record)))];
  const stored = await db('tenants').whereIn('code', codes).select('code', 'external_id');
  const storedTenants = new Map(stored.map((t) => [t.code as string, t.external_id as string | null]));
  const seenTenant = new FirstSeen();
  tenants.forEach(({ record: t, at }) => {
    seenTenant.check(problems, `${at}/externalId`, `externalId:${t.externalId}`);
    seenTenant.check(problems, `${at}/code`, `code:${t.code}`);
    if (!isKnownCurrency(t.currency))
      problems.push(`${at}/currency: "${t.currency}" is not an ISO 4217 currency`);
    const holder = storedTenants.get(t.code);
    if (holder !== undefined && holder !== t.externalId) {
      problems.push(
        `${at}/code: tenant code "${t.code}" already belongs to another tenant (${describeExternalId(holder)})`,
      );
    }
  });
  const knownTenants = new Set([...tenants.map(({ record }) => record.code), ...storedTenants.keys()]);
  const tenantKnown = (code: string, at: string) => {
    if (knownTenants.has(code)) return true;
    problems.push(`${at}/tenantCode: no tenant "${code}" in the file or the database`);
    return false;
  };

  // Clients: their tenant exists; one per external id and tenant.
  const seenClient = new FirstSeen();
  clients.forEach(({ record: c, at }) => {
    if (tenantKnown(c.tenantCode, at)) {
      seenClient.check(problems, `${at}/externalId`, `${c.tenantCode}\0${c.externalId}`);
    }
  });
  const fileClients = new Set(clients.map(({ record: c }) => `${c.tenantCode}\0${c.externalId}`));
  const storedClients = await storedClientKeys(
    db,
    owned.map((o) => o.record),
  );

  // Users, orders, estimates, invoices: their tenant and client exist; one per external id and tenant.
  const seen = new FirstSeen();
  for (const { record, at, kind } of owned) {
    if (!tenantKnown(record.tenantCode, at)) continue;
    const client = `${record.tenantCode}\0${record.clientExternalId}`;
    if (!fileClients.has(client) && !storedClients.has(client)) {
      problems.push(
        `${at}/clientExternalId: no client "${record.clientExternalId}" in tenant "${record.tenantCode}", in the file or the database`,
      );
    }
    seen.check(problems, `${at}/externalId`, `${kind}\0${record.tenantCode}\0${record.externalId}`);
  }
  problems.push(...(await checkUserEmails(db, doc)));
  return problems;
}

/** Emails are unique per tenant, case-insensitively (the sign-in looks users up by them). */
async function checkUserEmails(db: Knex, doc: SoundRecords): Promise<string[]> {
  const problems: string[] = [];
  const located: Located<UserInput>[] = doc.users;
  const users = located.map(({ record }) => record);
  if (users.length === 0) return problems;
  const stored = await db('portal_users as u')
    .join('tenants as t', 't.id', 'u.tenant_id')
    .whereIn('t.code', [...new Set(users.map(codeOf))])
    .whereRaw('lower(u.email) = ANY(?)', [[...new Set(users.map((u) => u.email.toLowerCase()))]])
    .select('t.code', db.raw('lower(u.email) AS email'), 'u.external_id');
  const holders = new Map(stored.map((u) => [`${u.code}\0${u.email}`, u.external_id as string | null]));
  const seen = new FirstSeen();
  located.forEach(({ record: u, at }) => {
    const key = `${u.tenantCode}\0${u.email.toLowerCase()}`;
    seen.check(problems, `${at}/email`, key);
    const holder = holders.get(key);
    if (holder !== undefined && holder !== u.externalId) {
      problems.push(
        `${at}/email: "${u.email}" already belongs to another user of tenant "${u.tenantCode}" (${describeExternalId(holder)})`,
      );
    }
  });
  return problems;
}

async function storedClientKeys(db: Knex, records: ClientOwned[]): Promise<Set<string>> {
  if (records.length === 0) return new Set();
  const rows = await db('clients as c')
    .join('tenants as t', 't.id', 'c.tenant_id')
    .whereIn('t.code', [...new Set(records.map(codeOf))])
    .whereIn('c.external_id', [...new Set(records.map((r) => r.clientExternalId))])
    .select('t.code', 'c.external_id');
  return new Set(rows.map((r) => `${r.code}\0${r.external_id}`));
}

const codeOf = (record: { tenantCode: string } | { code: string }) =>
  'code' in record ? record.code : record.tenantCode;

const describeExternalId = (externalId: string | null) =>
  externalId === null ? 'created without an external id' : `external id "${externalId}"`;

/** Remembers where a key was first seen, and reports any later occurrence as a duplicate of it. */
class FirstSeen {
  private readonly first = new Map<string, string>();

  check(problems: string[], at: string, key: string): void {
    const earlier = this.first.get(key);
    if (earlier === undefined) this.first.set(key, at);
    else problems.push(`${at}: the same value is already given at ${earlier}`);
  }
}
