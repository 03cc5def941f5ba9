import type { Knex } from 'knex';
import { type UpsertCounts, upsertRows } from '../../db/upsert.js';
import { endSignInsOfInactive } from '../admin-repository.js';
import {
  type AvatarInput,
  CLIENT_RECORDS,
  type ClientInput,
  type ClientOwned,
  type EstimateInput,
  type ImportDocument,
  type InvoiceInput,
  type OrderInput,
  type TenantInput,
  type UserInput,
} from './import-document.js';

export interface ImportCounts {
  tenants: UpsertCounts;
  clients: UpsertCounts;
  billingAddresses: UpsertCounts & { removed: number };
  users: UpsertCounts;
  orders: UpsertCounts;
  estimates: UpsertCounts;
  invoices: UpsertCounts;
}

const BY_EXTERNAL_ID = ['tenant_id', 'external_id'];

/**
 * Writes a checked document: upserts by external id, parents first so children can point at their ids.
 * A record states its whole state, so a field left out becomes empty and a client without a billing
 * address loses the one it had. Every sign-in of a user whom the document leaves inactive (or whose client or
 * tenant it leaves inactive) ends, so importing the record as active again later revives none. Call it
 * inside a transaction (`importDocument` does).
 */
export async function writeImport(trx: Knex.Transaction, doc: ImportDocument): Promise<ImportCounts> {
  const tenants = await upsertRows(trx, 'tenants', ['external_id'], (doc.tenants ?? []).map(tenantRow));
  const tenantIds = await idsByCode(trx, doc);
  const tenantId = (code: string) => tenantIds.get(code) as string;

  const clientInputs = doc.clients ?? [];
  const clients = await upsertRows(
    trx,
    'clients',
    BY_EXTERNAL_ID,
    clientInputs.map((c) => ({ tenant_id: tenantId(c.tenantCode), ...clientRow(c) })),
  );
  const clientIds = await idsOfClients(trx, doc, tenantId);
  const owner = (r: ClientOwned) => {
    const tenant = tenantId(r.tenantCode);
    return { tenant_id: tenant, client_id: clientIds.get(`${tenant}\0${r.clientExternalId}`) as string };
  };

  const billingAddresses = await writeAddresses(trx, clientInputs, (c) =>
    owner({ ...c, clientExternalId: c.externalId }),
  );
  const upsertOwned = <T extends ClientOwned>(
    table: string,
    records: T[] | undefined,
    row: (r: T) => object,
  ) =>
    upsertRows(
      trx,
      table,
      BY_EXTERNAL_ID,
      (records ?? []).map((r) => ({ ...owner(r), ...row(r) })),
    );
  const counts = {
    tenants,
    clients,
    billingAddresses,
    users: await upsertOwned('portal_users', doc.users, userRow),
    orders: await upsertOwned('orders', doc.orders, orderRow),
    estimates: await upsertOwned('estimates', doc.estimates, estimateRow),
    invoices: await upsertOwned('invoices', doc.invoices, invoiceRow),
  };
  // Within the tenants the document names: whoever it deactivated, directly or through their client or tenant.
  await endSignInsOfInactive(trx, { tenantIds: [...tenantIds.values()] });
  return counts;
}

async function writeAddresses(
  trx: Knex.Transaction,
  clients: ClientInput[],
  owner: (c: ClientInput) => { tenant_id: string; client_id: string },
) {
  const withAddress = clients.filter((c) => c.billingAddress);
  const counts = await upsertRows(
    trx,
    'client_addresses',
    ['client_id'],
    withAddress.map((c) => {
      const a = c.billingAddress as NonNullable<ClientInput['billingAddress']>;
      return {
        ...owner(c),
        street: a.street,
        house_number: a.houseNumber,
        postal_code: a.postalCode,
        city: a.city,
        country: a.country,
        latitude: a.latitude ?? null,
        longitude: a.longitude ?? null,
      };
    }),
  );
  const without = clients.filter((c) => !c.billingAddress).map((c) => owner(c).client_id);
  const removed =
    without.length > 0 ? await trx('client_addresses').whereIn('client_id', without).delete('id') : [];
  return { ...counts, removed: removed.length };
}

async function idsByCode(trx: Knex.Transaction, doc: ImportDocument): Promise<Map<string, string>> {
  const codes = new Set<string>((doc.tenants ?? []).map((t) => t.code));
  for (const kind of ['clients', ...CLIENT_RECORDS] as const) {
    for (const r of doc[kind] ?? []) codes.add(r.tenantCode);
  }
  const rows = await trx('tenants')
    .whereIn('code', [...codes])
    .select('id', 'code');
  return new Map(rows.map((r) => [r.code as string, r.id as string]));
}

async function idsOfClients(
  trx: Knex.Transaction,
  doc: ImportDocument,
  tenantId: (code: string) => string,
): Promise<Map<string, string>> {
  const keys = new Map<string, [string, string]>();
  const add = (code: string, externalId: string) => {
    const pair: [string, string] = [tenantId(code), externalId];
    keys.set(pair.join('\0'), pair);
  };
  for (const c of doc.clients ?? []) add(c.tenantCode, c.externalId);
  for (const kind of CLIENT_RECORDS) {
    for (const r of doc[kind] ?? []) add(r.tenantCode, r.clientExternalId);
  }
  if (keys.size === 0) return new Map();
  const rows = await trx('clients')
    .whereIn(['tenant_id', 'external_id'], [...keys.values()])
    .select('id', 'tenant_id', 'external_id');
  return new Map(rows.map((r) => [`${r.tenant_id}\0${r.external_id}`, r.id as string]));
}

const tenantRow = (t: TenantInput) => ({
  external_id: t.externalId,
  code: t.code,
  name: t.name,
  currency: t.currency,
  section_configurator: t.sections?.includes('configurator') ?? false,
  section_finance: t.sections?.includes('finance') ?? false,
  section_support: t.sections?.includes('support') ?? false,
  active: t.active ?? true,
});

// Pictures named as files were replaced by their stored blobs before writing (import-pictures.ts).
const avatarColumns = (avatar: ClientInput['avatar']) => {
  const a = avatar as AvatarInput | null | undefined;
  return {
    avatar_blob_id: a?.blobId ?? null,
    avatar_thumbnail_blob_id: a?.thumbnailBlobId ?? null,
    avatar_width: a?.width ?? null,
    avatar_height: a?.height ?? null,
  };
};

const clientRow = (c: ClientInput) => ({
  external_id: c.externalId,
  name: c.name,
  email: c.email ?? null,
  phone: c.phone ?? null,
  active: c.active ?? true,
  ...avatarColumns(c.avatar),
});

const userRow = (u: UserInput) => ({
  external_id: u.externalId,
  email: u.email,
  first_name: u.firstName,
  last_name: u.lastName,
  active: u.active ?? true,
  ...avatarColumns(u.avatar),
});

const orderRow = (o: OrderInput) => ({
  external_id: o.externalId,
  number: o.number ?? null,
  status: o.status,
  total_minor: o.totalMinor ?? 0,
  ordered_at: o.orderedAt,
});

const estimateRow = (e: EstimateInput) => ({
  external_id: e.externalId,
  number: e.number ?? null,
  status: e.status,
  total_minor: e.totalMinor ?? 0,
  valid_until: e.validUntil ?? null,
});

const invoiceRow = (i: InvoiceInput) => ({
  external_id: i.externalId,
  number: i.number ?? null,
  status: i.status,
  total_minor: i.totalMinor,
  paid_minor: i.paidMinor ?? 0,
  issued_at: i.issuedAt ?? null,
  due_date: i.dueDate ?? null,
});
