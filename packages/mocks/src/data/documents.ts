import type { Schemas } from '@portal/contract';
import type { DashboardStats, PortalScopes } from './factories.js';
import { faker } from './faker.js';

export type Invoice = Schemas['Invoice'];
export type Order = Schemas['Order'];
export type Estimate = Schemas['Estimate'];

/** The orders, estimates and invoices of one client: what the lists page through and the figures count. */
export interface MockDocuments {
  invoices: Invoice[];
  orders: Order[];
  estimates: Estimate[];
}

/*
 * The dashboard's definitions (openapi/portal.yaml, getDashboardStats; the server's record-states.ts),
 * on the contract's records. The mocks keep no drafts: the server never lists them.
 */
/** Minor units per major unit of `currency` (ISO 4217's minor unit, as the server reads it from ICU). */
const scaleOf = (currency: string) =>
  10 **
  (new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 2);
const minorOf = (amount: number, currency: string) => Math.round(amount * scaleOf(currency));

/** `unpaidInvoices`: issued (not void) and paid below the total. */
export const isUnpaid = (invoice: Invoice) =>
  invoice.status !== 'void' &&
  minorOf(invoice.paid, invoice.currency) < minorOf(invoice.total, invoice.currency);
/** `openOrders`: open or in progress. */
export const isOpen = (order: Order) => order.status === 'open' || order.status === 'in_progress';
/** `pendingEstimates`: sent, and valid through `today` (YYYY-MM-DD) or without a limit. */
export const isPending = (estimate: Estimate, today: string) =>
  estimate.status === 'sent' && (estimate.validUntil === null || estimate.validUntil >= today);

/** The tenant sections that open each list (any of them), as the server's (features/documents). */
const LIST_SECTIONS = {
  invoices: ['finance'],
  // An order is what an accepted estimate (configurator) becomes and what invoices (finance) bill.
  orders: ['finance', 'configurator'],
  estimates: ['configurator'],
} as const satisfies Record<keyof MockDocuments, readonly (keyof PortalScopes)[]>;

/** Whether the account's sections open the list of `kind`; if not, the list answers 403. */
export const opens = (scopes: PortalScopes, kind: keyof MockDocuments) =>
  LIST_SECTIONS[kind].some((section) => scopes[section]);

/**
 * The dashboard figures of `documents`, in `currency`, as the server computes them; `today` is YYYY-MM-DD.
 * A figure whose list the `scopes` close counts nothing (the contract: 0, an amount of 0).
 */
export function dashboardOf(
  documents: MockDocuments,
  currency: string,
  today: string,
  scopes: PortalScopes,
): DashboardStats {
  const shown = <T>(kind: keyof MockDocuments, records: T[]) => (opens(scopes, kind) ? records : []);
  const unpaid = shown('invoices', documents.invoices.filter(isUnpaid));
  return {
    currency,
    openOrders: shown('orders', documents.orders.filter(isOpen)).length,
    pendingEstimates: shown(
      'estimates',
      documents.estimates.filter((e) => isPending(e, today)),
    ).length,
    unpaidInvoices: unpaid.length,
    // Summed in minor units, then converted once: exact, as the server's sum.
    totalOutstanding:
      unpaid.reduce((sum, i) => sum + minorOf(i.outstanding, currency), 0) / scaleOf(currency),
  };
}

/** How many settled records (paid, completed, accepted...) come beside those the figures count. */
export interface DocumentVolume {
  settledInvoices: number;
  closedOrders: number;
  decidedEstimates: number;
}

const DEFAULT_VOLUME: DocumentVolume = { settledInvoices: 24, closedOrders: 5, decidedEstimates: 4 };

/**
 * Records that add up to `figures` exactly: as many unpaid invoices, open orders and pending estimates as
 * the figures count, the unpaid invoices owing `totalOutstanding` between them, and settled records beside
 * them (enough invoices for a second page). Dates go back from `now`, a few days apart.
 */
export function createDocuments(
  figures: DashboardStats,
  now: Date,
  volume: DocumentVolume = DEFAULT_VOLUME,
): MockDocuments {
  const currency = figures.currency;
  const scale = scaleOf(currency);
  const day = (n: number) => new Date(now.getTime() - n * 86_400_000 - faker.number.int(3_600_000));
  const dateOnly = (date: Date) => date.toISOString().slice(0, 10);
  const amount = () => faker.number.int({ min: 50, max: 5_000 }) * scale;
  const number = (prefix: string) => `${prefix}-${faker.number.int({ min: 1000, max: 99_999 })}`;

  const owed = splitMinor(minorOf(figures.totalOutstanding, currency), figures.unpaidInvoices);
  const invoice = (n: number, status: Invoice['status'], totalMinor: number, paidMinor: number): Invoice => {
    const issued = day(3 * n + 1);
    return {
      id: faker.string.uuid(),
      number: number('I'),
      status,
      issuedAt: issued.toISOString(),
      dueDate: dateOnly(new Date(issued.getTime() + 30 * 86_400_000)),
      total: totalMinor / scale,
      paid: paidMinor / scale,
      outstanding: status !== 'void' && paidMinor < totalMinor ? (totalMinor - paidMinor) / scale : 0,
      currency,
    };
  };
  const invoices = [
    ...owed.map((due, n) => {
      const paid = n % 2 === 1 ? faker.number.int({ min: 1, max: 100 }) * scale : 0;
      return invoice(n, 'issued', due + paid, paid);
    }),
    ...Array.from({ length: volume.settledInvoices }, (_, n) => {
      const total = amount();
      return n % 8 === 7
        ? invoice(owed.length + n, 'void', total, 0)
        : invoice(owed.length + n, 'paid', total, total);
    }),
  ];

  const order = (n: number, status: Order['status']): Order => ({
    id: faker.string.uuid(),
    number: number('O'),
    status,
    orderedAt: day(4 * n + 2).toISOString(),
    total: amount() / scale,
    currency,
  });
  const orders = [
    ...Array.from({ length: figures.openOrders }, (_, n) => order(n, n % 2 ? 'in_progress' : 'open')),
    ...Array.from({ length: volume.closedOrders }, (_, n) =>
      order(figures.openOrders + n, n % 3 === 2 ? 'cancelled' : 'completed'),
    ),
  ];

  const estimate = (n: number, status: Estimate['status'], validUntil: string | null): Estimate => ({
    id: faker.string.uuid(),
    number: number('E'),
    status,
    createdAt: day(5 * n + 3).toISOString(),
    validUntil,
    total: amount() / scale,
    currency,
  });
  const estimates = [
    ...Array.from({ length: figures.pendingEstimates }, (_, n) =>
      estimate(n, 'sent', n % 2 ? null : dateOnly(day(-60))),
    ),
    ...Array.from({ length: volume.decidedEstimates }, (_, n) => {
      const at = figures.pendingEstimates + n;
      // An expired offer is sent but no longer pending: the figure skips it, and so does `state=pending`.
      if (n % 3 === 2) return estimate(at, 'sent', dateOnly(day(1)));
      return estimate(at, n % 3 === 1 ? 'declined' : 'accepted', dateOnly(day(-30)));
    }),
  ];
  return { invoices, orders, estimates };
}

/** `total` minor units in `parts` positive integers (at least 1 each), shuffled by the seeded faker. */
function splitMinor(total: number, parts: number): number[] {
  if (parts === 0) return [];
  const cuts = Array.from({ length: parts - 1 }, () =>
    faker.number.int({ min: 1, max: Math.max(1, total - 1) }),
  );
  const sorted = [0, ...cuts.sort((a, b) => a - b), total];
  const shares = sorted.slice(1).map((cut, n) => cut - (sorted[n] as number));
  // Every unpaid invoice owes something: a zero share borrows a cent from the largest.
  for (let n = 0; n < shares.length; n += 1) {
    if ((shares[n] as number) > 0) continue;
    const largest = shares.indexOf(Math.max(...shares));
    shares[largest] = (shares[largest] as number) - 1;
    shares[n] = 1;
  }
  return shares;
}
