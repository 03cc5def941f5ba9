// The server's demo data, inlined by the build: the published mocks load nothing of the server at run time.
import demo from '../../../server/demo/demo.json' with { type: 'json' };
import type { AccountOverrides, MockAccount } from './accounts.js';
import {
  createDocuments,
  dashboardOf,
  type Estimate,
  type Invoice,
  type MockDocuments,
  type Order,
} from './documents.js';
import {
  type ClientProfile,
  createAvatar,
  createScopes,
  type PortalMe,
  type PortalScopes,
} from './factories.js';

/*
 * The mocks' default accounts: the people, clients, sections and records of the server's demo data
 * (packages/server/demo/demo.json), so one demo runs against either. Ids are fixed UUIDs made from the
 * records' external ids: the same on every reset. Drafts are left out, as the server never lists them.
 */

type DemoRecord = { clientExternalId: string; externalId: string; number: string; totalMinor: number };

const tenant = demo.tenants[0] as (typeof demo.tenants)[number];
const currency = tenant.currency;
const scale =
  10 **
  (new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 2);
const major = (minor: number) => minor / scale;

/** A fixed UUID for an external id (FNV-1a, widened to 128 bits): stable across resets and builds. */
function uuidOf(externalId: string): string {
  let hex = '';
  for (let round = 0; hex.length < 32; round++) {
    let hash = 0x811c9dc5 ^ round;
    for (const char of externalId) hash = Math.imul(hash ^ char.charCodeAt(0), 0x01000193);
    hex += (hash >>> 0).toString(16).padStart(8, '0');
  }
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

/** The picture of a demo avatar: a fixed id for its file. */
const avatarOf = (picture: { file: string } | undefined) =>
  picture
    ? createAvatar({
        blobId: `demo-${picture.file.replace(/\.\w+$/, '')}`,
        thumbnailBlobId: `demo-${picture.file.replace(/\.\w+$/, '')}-thumb`,
      })
    : null;

// When the demo's estimates were made, as the server's import time: the start of today (UTC), so a
// reset on the same day gives the same data.
const startOfDay = (now: Date) => new Date(Math.floor(now.getTime() / 86_400_000) * 86_400_000);

const ofClient = <T extends { clientExternalId: string }>(records: T[], client: string) =>
  records.filter((r) => r.clientExternalId === client);

function documentsOf(client: string, createdAt: Date): MockDocuments {
  const common = (r: DemoRecord) => ({
    id: uuidOf(r.externalId),
    number: r.number,
    total: major(r.totalMinor),
    currency,
  });
  const invoices = ofClient(demo.invoices, client)
    .filter((r): r is typeof r & { status: Invoice['status'] } => r.status !== 'draft')
    .map((r): Invoice => {
      const paidMinor = 'paidMinor' in r ? (r.paidMinor as number) : 0;
      const owed = r.status === 'void' ? 0 : Math.max(0, r.totalMinor - paidMinor);
      return {
        ...common(r),
        status: r.status,
        issuedAt: 'issuedAt' in r ? (r.issuedAt as string) : null,
        dueDate: 'dueDate' in r ? (r.dueDate as string) : null,
        paid: major(paidMinor),
        outstanding: major(owed),
      };
    });
  const orders = ofClient(demo.orders, client).map(
    (r): Order => ({ ...common(r), status: r.status as Order['status'], orderedAt: r.orderedAt }),
  );
  const estimates = ofClient(demo.estimates, client)
    .filter((r) => r.status !== 'draft')
    .map(
      (r): Estimate => ({
        ...common(r),
        status: r.status as Estimate['status'],
        createdAt: createdAt.toISOString(),
        validUntil: 'validUntil' in r ? (r.validUntil as string) : null,
      }),
    );
  return { invoices, orders, estimates };
}

const inCurrency = (documents: MockDocuments, to: string): MockDocuments =>
  to === currency
    ? documents
    : {
        invoices: documents.invoices.map((d) => ({ ...d, currency: to })),
        orders: documents.orders.map((d) => ({ ...d, currency: to })),
        estimates: documents.estimates.map((d) => ({ ...d, currency: to })),
      };

const sectionsOfTenant = (): PortalScopes =>
  createScopes(
    Object.fromEntries(
      (['configurator', 'finance', 'support'] as const).map((s) => [s, tenant.sections.includes(s)]),
    ),
  );

/**
 * The demo's users as mock accounts, Ada first (the account session scenarios sign in), then Grace of the
 * same client and Charles of another. `overrides` apply to Ada's account as `createAccount` applies them:
 * given figures get records made to add up to them.
 */
export function demoAccounts(now: Date, overrides: AccountOverrides = {}): MockAccount[] {
  const clients = new Map(
    demo.clients.map((c) => {
      const address = c.billingAddress
        ? { id: uuidOf(`${c.externalId}-address`), ...c.billingAddress }
        : null;
      const client: ClientProfile = {
        id: uuidOf(c.externalId),
        name: c.name,
        email: c.email,
        phone: c.phone,
        billingAddress: address,
        avatar: avatarOf(c.avatar),
      };
      return [c.externalId, { client, documents: documentsOf(c.externalId, startOfDay(now)) }];
    }),
  );
  const scopes = sectionsOfTenant();
  const today = now.toISOString().slice(0, 10);
  return demo.users.map((u, index) => {
    const own = clients.get(u.clientExternalId);
    if (!own) throw new Error(`demo user ${u.externalId} has no client`);
    const mine = index === 0 ? overrides : {};
    const client = { ...own.client, ...mine.client };
    const me: PortalMe = {
      id: uuidOf(u.externalId),
      email: u.email,
      firstName: u.firstName,
      lastName: u.lastName,
      clientId: client.id,
      clientName: client.name,
      avatar: avatarOf('avatar' in u ? u.avatar : undefined),
      ...mine.me,
    };
    const accountScopes = { ...scopes, ...mine.scopes };
    const figures = { ...dashboardOf(own.documents, currency, today, createScopes()), ...mine.dashboard };
    // Other figures get records made to add up to them; another currency alone keeps the demo's records.
    const refigured = Object.keys(mine.dashboard ?? {}).some((key) => key !== 'currency');
    const documents =
      mine.documents ??
      (refigured ? createDocuments(figures, now) : inCurrency(own.documents, figures.currency));
    return {
      tenantCode: mine.tenantCode ?? tenant.code,
      active: mine.active ?? true,
      me,
      client,
      scopes: accountScopes,
      dashboard: figures,
      documents,
    };
  });
}
