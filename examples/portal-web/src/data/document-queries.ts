import type { Estimate, Invoice, Order, Page } from '@portal/client';
import { useInfiniteQuery, useQuery } from '@tanstack/react-query';
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
  return useInfiniteQuery({
    queryKey: ['documents', kind, state ?? 'all'],
    initialPageParam: undefined as string | undefined,
    queryFn: ({ pageParam, signal }) =>
      (portal[kind].list as (q: object, o: object) => Promise<Page<DocumentKinds[K]['record']>>)(
        { limit: PAGE_SIZE, ...(state ? { state } : {}), ...(pageParam ? { cursor: pageParam } : {}) },
        { signal },
      ),
    getNextPageParam: (page) => page.nextCursor ?? undefined,
  });
}

/** One record by id. */
export function useDocument<K extends DocumentKind>(kind: K, id: string) {
  return useQuery({
    queryKey: ['document', kind, id],
    queryFn: ({ signal }) =>
      (portal[kind].get as (id: string, o: object) => Promise<DocumentKinds[K]['record']>)(id, { signal }),
  });
}
