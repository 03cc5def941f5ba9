import type { Schemas } from '@portal/contract';
import { faker } from './faker.js';

export type PortalMe = Schemas['PortalMe'];
export type ClientProfile = Schemas['PortalClient'];
export type PortalScopes = Schemas['PortalScopes'];
export type DashboardStats = Schemas['DashboardStats'];
export type Address = Schemas['Address'];
export type Avatar = Schemas['Avatar'];
export type AuthTokens = Schemas['AuthTokens'];

/**
 * An avatar image reference; any field can be overridden. The mocks serve a small PNG made from the id
 * for it (128×128, the size it says), so every scenario's pictures show.
 */
export function createAvatar(overrides: Partial<Avatar> = {}): Avatar {
  const blobId = `blob-${faker.string.alphanumeric({ length: 12, casing: 'lower' })}`;
  return { blobId, thumbnailBlobId: `${blobId}-thumb`, width: 128, height: 128, ...overrides };
}

/** A geocoded street address; pass `latitude: null, longitude: null` for one never geocoded. */
export function createAddress(overrides: Partial<Address> = {}): Address {
  return {
    id: faker.string.uuid(),
    street: faker.location.street(),
    houseNumber: faker.location.buildingNumber(),
    postalCode: faker.location.zipCode(),
    city: faker.location.city(),
    country: faker.location.countryCode('alpha-2'),
    latitude: faker.location.latitude({ precision: 4 }),
    longitude: faker.location.longitude({ precision: 4 }),
    ...overrides,
  };
}

/**
 * A client company with contact details, a billing address and a logo. Override any field, e.g.
 * `createClientProfile({ billingAddress: null, avatar: null })` for a client that has neither.
 */
export function createClientProfile(overrides: Partial<ClientProfile> = {}): ClientProfile {
  const name = faker.company.name();
  const domain = `${slug(name)}.example`;
  return {
    id: faker.string.uuid(),
    name,
    email: `office@${domain}`,
    phone: faker.phone.number({ style: 'international' }),
    billingAddress: createAddress(),
    avatar: createAvatar(),
    ...overrides,
  };
}

/**
 * A portal user of `client` (a new one when omitted): `createMe({ firstName: 'Ada' })`. The email follows
 * the names unless given.
 */
export function createMe(
  overrides: Partial<PortalMe> = {},
  client: Pick<ClientProfile, 'id' | 'name'> = createClientProfile(),
): PortalMe {
  const firstName = overrides.firstName ?? faker.person.firstName();
  const lastName = overrides.lastName ?? faker.person.lastName();
  return {
    id: faker.string.uuid(),
    email: `${slug(firstName)}.${slug(lastName)}@${slug(client.name)}.example`,
    firstName,
    lastName,
    clientId: client.id,
    clientName: client.name,
    avatar: null,
    ...overrides,
  };
}

/** The portal sections a tenant enabled; all of them unless overridden. */
export function createScopes(overrides: Partial<PortalScopes> = {}): PortalScopes {
  return { configurator: true, finance: true, support: true, ...overrides };
}

/**
 * Dashboard figures, consistent with each other: no unpaid invoice means nothing outstanding. The amount is
 * exact to the cent, as the server computes it.
 */
export function createDashboardStats(overrides: Partial<DashboardStats> = {}): DashboardStats {
  const unpaidInvoices = overrides.unpaidInvoices ?? faker.number.int({ min: 1, max: 6 });
  const totalOutstanding =
    unpaidInvoices === 0 ? 0 : Number(faker.finance.amount({ min: 50, max: 25_000, dec: 2 }));
  return {
    currency: 'EUR',
    openOrders: faker.number.int({ min: 0, max: 12 }),
    pendingEstimates: faker.number.int({ min: 0, max: 5 }),
    unpaidInvoices,
    totalOutstanding,
    ...overrides,
  };
}

/** A dashboard with zero figures: a new client with nothing ordered, estimated or invoiced yet. */
export function createEmptyDashboardStats(currency = 'EUR'): DashboardStats {
  return { currency, openOrders: 0, pendingEstimates: 0, unpaidInvoices: 0, totalOutstanding: 0 };
}

function slug(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/[^A-Za-z0-9]+/g, '-')
    .replace(/^-|-$/g, '')
    .toLowerCase();
}
