import type { Estimate, Invoice, Order, Page } from '@portal/client';
import { useEstimates, useInvoices, useOrders } from '@portal/react';
import { useQuery } from '@tanstack/react-query';
import { portal } from '../portal';

/** The three lists of the API, and the `state` filter each has: the dashboard figure it matches. */
export interface DocumentKinds {
  invoices: { record: Invoice; state: 'unpaid' };
  orders: { record: Order; state: 'open' };
  estimates: { record: Estimate; state: 'pending' };
}
export type DocumentKind = keyof DocumentKinds;
export type AnyDocument = Invoice | Order | Estimate;

const PAGE_SIZE = 20;

/** A list page by page, for "Load more": `fetchNextPage()` asks for the page after the last one loaded. */
export function useDocumentPages<K extends DocumentKind>(kind: K, state?: DocumentKinds[K]['state']) {
  const query = { limit: PAGE_SIZE, ...(state ? { state } : {}) };
  // The three hooks run the same hooks inside, so picking one by kind keeps React's order of hooks.
  const pages = { invoices: useInvoices, orders: useOrders, estimates: useEstimates }[kind];
  return pages(query as never) as ReturnType<typeof useInvoices> & {
    data?: { pages: Page<DocumentKinds[K]['record']>[] };
  };
}

/** One record by id. */
export function useDocument<K extends DocumentKind>(kind: K, id: string) {
  return useQuery({
    queryKey: ['document', kind, id],
    queryFn: ({ signal }) =>
      (portal[kind].get as (id: string, o: object) => Promise<DocumentKinds[K]['record']>)(id, { signal }),
  });
}
