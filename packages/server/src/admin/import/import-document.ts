/**
 * The import document, as `schemas/portal-import.schema.json` defines it (the schema is the reference;
 * these types follow it). Optional fields left out are stored as empty.
 */
export type Section = 'configurator' | 'finance' | 'support';

export interface AvatarInput {
  blobId: string;
  thumbnailBlobId: string;
  width: number;
  height: number;
}

/** A picture file next to the import file, read through the image pipeline as the import runs. */
interface AvatarFileInput {
  file: string;
}

export interface TenantInput {
  externalId: string;
  code: string;
  name: string;
  currency: string;
  sections?: Section[];
  active?: boolean;
}

/** What every record below a tenant carries: its tenant's code and its own external id. */
interface TenantOwned {
  tenantCode: string;
  externalId: string;
}

export interface ClientInput extends TenantOwned {
  name: string;
  email?: string | null;
  phone?: string | null;
  billingAddress?: {
    street: string;
    houseNumber: string;
    postalCode: string;
    city: string;
    country: string;
    latitude?: number | null;
    longitude?: number | null;
  } | null;
  avatar?: AvatarInput | AvatarFileInput | null;
  active?: boolean;
}

/** A record that belongs to a client of its tenant. */
export interface ClientOwned extends TenantOwned {
  clientExternalId: string;
}

export interface UserInput extends ClientOwned {
  email: string;
  firstName: string;
  lastName: string;
  active?: boolean;
  avatar?: AvatarInput | AvatarFileInput | null;
}

export interface OrderInput extends ClientOwned {
  number?: string | null;
  status: 'open' | 'in_progress' | 'completed' | 'cancelled';
  totalMinor?: number;
  orderedAt: string;
}

export interface EstimateInput extends ClientOwned {
  number?: string | null;
  status: 'draft' | 'sent' | 'accepted' | 'declined';
  totalMinor?: number;
  validUntil?: string | null;
}

export interface InvoiceInput extends ClientOwned {
  number?: string | null;
  status: 'draft' | 'issued' | 'paid' | 'void';
  totalMinor: number;
  paidMinor?: number;
  issuedAt?: string | null;
  dueDate?: string | null;
}

export interface ImportDocument {
  tenants?: TenantInput[];
  clients?: ClientInput[];
  users?: UserInput[];
  orders?: OrderInput[];
  estimates?: EstimateInput[];
  invoices?: InvoiceInput[];
}

/** The record kinds that belong to a client, by their key in the document. */
export const CLIENT_RECORDS = ['users', 'orders', 'estimates', 'invoices'] as const;

/** A record of the document with the JSON Pointer where it stands (`/users/3`). */
export interface Located<T> {
  record: T;
  at: string;
}

/** The records of each list that have the schema's shape, wherever they stand in the file. */
export type SoundRecords = {
  [Kind in keyof ImportDocument]-?: Located<NonNullable<ImportDocument[Kind]>[number]>[];
};

/** Every list of the document, by its key. */
export const RECORD_LISTS = ['tenants', 'clients', ...CLIENT_RECORDS] as const;
